package pipeline

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline/quotes"
)

// flatTestRecords returns records covering every shape the flat form
// knows: quotes with several targets, a condition, a split quote with parts,
// a quote with no target and no speaker, a document without quotes, error
// records, and text chosen to trip CSV and UTF-8 handling (commas, quotes,
// CR and LF, curly quotes, «», NBSP, emoji, RTL script, invalid UTF-8 in an
// id).
func flatTestRecords() []*Record {
	cond := "peace"
	date := "2025-03-01"
	text := "He explained: \"Security guarantees are contingent on peace, and a ceasefire alone won't do.\""
	return []*Record{
		{
			Schema: Schema, DocID: "seed", Source: "corpus.jsonl:1", Date: &date,
			Quotes: []Quote{{
				ID: "seed#q1",
				Quote: quotes.Quote{Start: 15, End: 91, Text: text[15:91], Kind: corpus.KindBlock, Cue: "explained",
					Speaker: &quotes.Speaker{Name: "Grace Okafor", Mention: "He", Start: 0, End: 2, Via: quotes.ViaPronoun, Confidence: 0.9}},
				Targets: []TargetStance{
					{Target: "security_guarantees", Stance: corpus.Neutral, Condition: &cond,
						Probs:    Probs{Favor: 0.21, Against: 0.08, Neutral: 0.71},
						Evidence: []models.Evidence{{Text: "contingent on", Start: 40, End: 53, Weight: 0.42}}},
					{Target: "ceasefire", Stance: corpus.Against,
						Probs:    Probs{Favor: 0.1, Against: 0.8500000000000001, Neutral: 0.05},
						Evidence: []models.Evidence{}},
				},
			}},
		},
		{
			Schema: Schema, DocID: "split, \"quoted\"", Source: "dir/a.txt:0",
			Quotes: []Quote{
				{
					ID: "split#q1",
					Quote: quotes.Quote{Start: 1, End: 40, Parts: [][2]int{{1, 10}, {25, 40}}, Text: "«Мир» — ok,\r\nline two 🕊", Kind: corpus.KindSplit,
						Speaker: &quotes.Speaker{Name: "אבי כהן", Mention: "he", Start: 12, End: 14, Via: quotes.ViaCue, Confidence: 1e-7}},
					Targets: []TargetStance{{Target: "peace", Stance: corpus.Favor,
						Probs:    Probs{Favor: 1, Against: 0, Neutral: 0},
						Evidence: []models.Evidence{{Text: "„Frieden“\u00a0now", Start: 2, End: 9, Weight: -0.5}}}},
				},
				{
					ID:      "split#q2",
					Quote:   quotes.Quote{Start: 50, End: 60, Text: " leading space", Kind: corpus.KindIndirect},
					Targets: []TargetStance{},
				},
			},
		},
		{Schema: Schema, DocID: "no-quotes", Source: "x.csv:3", Quotes: []Quote{}},
		{Schema: Schema, DocID: "bad\xffid", Source: "x.jsonl:4", Quotes: []Quote{},
			Err: &RecordError{Code: corpus.Code(corpus.ErrMalformedJSON), Stage: "read", Message: "unexpected end"}},
		{Schema: Schema, DocID: "empty", Source: "x.jsonl:5", Quotes: []Quote{},
			Err: &RecordError{Code: CodeEmpty, Stage: "normalize", Message: "no text"}},
	}
}

func ptr[T any](v T) *T { return &v }

func TestFlatten(t *testing.T) {
	recs := flatTestRecords()
	tests := []struct {
		name string
		rec  *Record
		want []FlatRow
	}{
		{"two targets, condition, evidence", recs[0], []FlatRow{
			{DocID: "seed", Source: "corpus.jsonl:1", QuoteID: ptr("seed#q1"), QuoteStart: ptr[int64](15), QuoteEnd: ptr[int64](91),
				QuoteText: ptr(recs[0].Quotes[0].Text), Kind: ptr("block"), Speaker: ptr("Grace Okafor"), SpeakerVia: ptr("pronoun"),
				SpeakerConfidence: ptr(0.9), Cue: ptr("explained"), Target: ptr("security_guarantees"), Stance: ptr("neutral"),
				Condition: ptr("peace"), PFavor: ptr(0.21), PAgainst: ptr(0.08), PNeutral: ptr(0.71),
				Evidence: ptr(`[{"text":"contingent on","start":40,"end":53,"weight":0.42}]`)},
			{DocID: "seed", Source: "corpus.jsonl:1", QuoteID: ptr("seed#q1"), QuoteStart: ptr[int64](15), QuoteEnd: ptr[int64](91),
				QuoteText: ptr(recs[0].Quotes[0].Text), Kind: ptr("block"), Speaker: ptr("Grace Okafor"), SpeakerVia: ptr("pronoun"),
				SpeakerConfidence: ptr(0.9), Cue: ptr("explained"), Target: ptr("ceasefire"), Stance: ptr("against"),
				PFavor: ptr(0.1), PAgainst: ptr(0.8500000000000001), PNeutral: ptr(0.05), Evidence: ptr(`[]`)},
		}},
		{"quote without target or speaker", &Record{DocID: "d", Source: "s", Quotes: recs[1].Quotes[1:]}, []FlatRow{
			{DocID: "d", Source: "s", QuoteID: ptr("split#q2"), QuoteStart: ptr[int64](50), QuoteEnd: ptr[int64](60),
				QuoteText: ptr(" leading space"), Kind: ptr("indirect")},
		}},
		{"no quotes", recs[2], []FlatRow{{DocID: "no-quotes", Source: "x.csv:3"}}},
		{"error record", recs[3], []FlatRow{{DocID: "bad\uFFFDid", Source: "x.jsonl:4", ErrorCode: ptr("malformed_json")}}},
		{"error record keeps no quote", &Record{DocID: "e", Source: "s", Quotes: recs[0].Quotes, Err: &RecordError{Code: CodePanic}},
			[]FlatRow{{DocID: "e", Source: "s", ErrorCode: ptr("panic")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Flatten(nil, tt.rec)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Flatten (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFlattenRowCount(t *testing.T) {
	want := []int{2, 2, 1, 1, 1}
	for i, rec := range flatTestRecords() {
		if got := len(Flatten(nil, rec)); got != want[i] {
			t.Errorf("record %s: %d rows, want %d", rec.DocID, got, want[i])
		}
	}
}

func TestFlatRowStrings(t *testing.T) {
	rows := Flatten(nil, flatTestRecords()[1])
	got := rows[0].Strings(nil)
	if len(got) != len(FlatColumns()) {
		t.Fatalf("%d fields, want %d", len(got), len(FlatColumns()))
	}
	want := []string{"split, \"quoted\"", "dir/a.txt:0", "split#q1", "1", "40", "«Мир» — ok,\r\nline two 🕊",
		"split", "אבי כהן", "cue", "1e-07", "", "peace", "favor", "", "1", "0", "0",
		`[{"text":"„Frieden“` + "\u00a0" + `now","start":2,"end":9,"weight":-0.5}]`, ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Strings (-want +got):\n%s", diff)
	}
}

// TestValidUTF8 holds that flat strings equal what encoding/json writes
// for the same invalid input.
func TestValidUTF8(t *testing.T) {
	for _, s := range []string{"ok", "a\xffb", "\xff\xfe", "\xe2\x82", "é\xc3", ""} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var want string
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if got := validUTF8(s); got != want {
			t.Errorf("validUTF8(%q) = %q, want %q (encoding/json)", s, got, want)
		}
	}
}

func TestNewSink(t *testing.T) {
	for _, f := range Formats() {
		s, err := NewSink(f, io.Discard)
		if err != nil {
			t.Fatalf("NewSink(%q): %v", f, err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("%s: Close: %v", f, err)
		}
	}
	for _, f := range []string{"", "table", "JSONL", "xlsx"} {
		_, err := NewSink(f, io.Discard)
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "jsonl, csv, parquet") {
			t.Errorf("NewSink(%q) error = %v, want ErrFormat naming the formats", f, err)
		}
	}
}
