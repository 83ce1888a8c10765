package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"testing"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline/quotes"
)

// referenceJSON encodes rec with encoding/json as the JSONL sink did before
// its hand-written encoder (escapeHTML off, one line).
func referenceJSON(rec *Record) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(rec)
	return buf.Bytes(), err
}

// checkSameJSON holds the hand-written encoder (and the sink) to
// encoding/json's bytes, or to its error.
func checkSameJSON(t *testing.T, rec *Record) {
	t.Helper()
	want, werr := referenceJSON(rec)
	got, ok := appendRecord(nil, rec)
	if werr != nil {
		if ok {
			t.Fatalf("encoder wrote %s; encoding/json fails: %v", got, werr)
		}
	} else if !ok || !bytes.Equal(got, want) {
		t.Fatalf("encoder (ok %v):\n%s\nencoding/json:\n%s", ok, got, want)
	}
	var buf bytes.Buffer
	sink := NewJSONLSink(&buf)
	serr := sink.Write(rec)
	sink.Close()
	if (serr != nil) != (werr != nil) || werr == nil && !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("sink wrote %s (%v), encoding/json %s (%v)", buf.Bytes(), serr, want, werr)
	}
}

func TestFastEncoderSchema(t *testing.T) {
	if d := fastSchemaDiff(); d != "" {
		t.Fatalf("the record types changed (%s): update appendRecord and fastSchema in sink_jsonl.go; "+
			"until then the JSONL sink uses encoding/json", d)
	}
}

func TestJSONLEncoderSame(t *testing.T) {
	cond := "if the talks fail"
	date := "2024-05-01"
	recs := []*Record{
		{Schema: Schema, DocID: "a", Source: "s:1", Quotes: []Quote{}},
		{Schema: Schema, DocID: "nil quotes", Source: "s:2", Err: &RecordError{Code: "empty", Stage: "normalize", Message: "no \"text\"\n"}},
		{Schema: Schema, DocID: "ctl \x00\x01\b\f\n\r\t\x1f\x7f <&> \u2028\u2029 \xff\xfe é 😀", Source: "\\", Date: &date, Quotes: []Quote{
			{ID: "q1", Quote: quotes.Quote{Start: 1, End: 20, Parts: [][2]int{{1, 5}, {9, 20}}, Text: "“x”", Kind: "split",
				Speaker: &quotes.Speaker{Name: "Ana", Mention: "she", Start: 0, End: 3, Via: "pronoun", Confidence: 0.85, Role: "minister"}, Cue: "said"},
				Targets: []TargetStance{
					{Target: "ceasefire", Stance: corpus.Favor, Condition: &cond, Probs: Probs{1e-7, 1e21, -0.0},
						Evidence: []models.Evidence{{Text: "peace", Start: 3, End: 8, Weight: -1.5e-300}, {Text: "", Weight: 123456789.125}}},
					{Target: "t", Probs: Probs{0.1, 0.2, 0.7000000000000001}, Evidence: []models.Evidence{}},
					{Target: "u", Probs: Probs{5e-324, math.MaxFloat64, 1e20}},
				}},
			{ID: "q2", Quote: quotes.Quote{Parts: [][2]int{}, Speaker: &quotes.Speaker{Confidence: 1}}},
			{ID: "q3"},
		}},
		{Schema: Schema, Quotes: []Quote{{Quote: quotes.Quote{Speaker: &quotes.Speaker{Confidence: math.NaN()}}}}},
		{Schema: Schema, Quotes: []Quote{{Targets: []TargetStance{{Probs: Probs{Favor: math.Inf(1)}}}}}},
		{Schema: Schema, Quotes: []Quote{{Targets: []TargetStance{{Evidence: []models.Evidence{{Weight: math.Inf(-1)}}}}}}},
	}
	for _, r := range recs {
		checkSameJSON(t, r)
	}
	// every record of the sample corpus, scored
	src, err := corpus.Open(filepath.Join("..", "corpus", "sample"), corpus.ReaderConfig{})
	if err != nil {
		t.Skip(err)
	}
	defer src.Close()
	sink := &collectSink{}
	if _, err := Run(context.Background(), src, defaultSteps(t), sink, Config{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range sink.recs {
		checkSameJSON(t, r)
	}
}

// FuzzJSONLEncoder holds the hand-written encoder to encoding/json on
// records of arbitrary strings, numbers and shapes.
func FuzzJSONLEncoder(f *testing.F) {
	f.Add("id", "text \"q\" \u2028", "cue", 0.5, 1e-7, -3, uint8(0))
	f.Add("\xff\x00", "", "", math.Inf(1), 0.0, 0, uint8(255))
	f.Add("a<b>&", "x\ty", "said", 1e21, -1e-300, 1<<40, uint8(0x5a))
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, f1, f2 float64, n int, shape uint8) {
		opt := func(bit uint8) bool { return shape&(1<<bit) != 0 }
		rec := &Record{Schema: Schema, DocID: s1, Source: s2}
		if opt(0) {
			rec.Date = &s3
		}
		if opt(1) {
			rec.Err = &RecordError{Code: s1, Stage: s2, Message: s3}
		}
		if !opt(2) {
			q := Quote{ID: s3, Quote: quotes.Quote{Start: n, End: -n, Text: s1, Kind: s2, Cue: s3}}
			if opt(3) {
				q.Parts = [][2]int{{n, n + 1}}
			}
			if opt(4) {
				q.Speaker = &quotes.Speaker{Name: s1, Mention: s2, Start: n, Via: s3, Confidence: f1}
				if opt(5) {
					q.Speaker.Role = s2
				}
			}
			if opt(6) {
				ts := TargetStance{Target: s1, Stance: corpus.Label(s2), Probs: Probs{f1, f2, f1 * f2}}
				if opt(7) {
					ts.Condition = &s3
					ts.Evidence = []models.Evidence{{Text: s3, Start: n, End: n, Weight: f2}}
				}
				q.Targets = []TargetStance{ts, {}}
			}
			rec.Quotes = []Quote{q, {}}
		}
		checkSameJSON(t, rec)
	})
}

// BenchmarkJSONLEncode compares the hand-written encoder with
// encoding/json on the scored sample corpus.
func BenchmarkJSONLEncode(b *testing.B) {
	src, err := corpus.Open(filepath.Join("..", "corpus", "sample"), corpus.ReaderConfig{})
	if err != nil {
		b.Skip(err)
	}
	defer src.Close()
	sink := &collectSink{}
	if _, err := Run(context.Background(), src, defaultSteps(b), sink, Config{}); err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, r := range sink.recs {
		w, _ := referenceJSON(r)
		n += int64(len(w))
	}
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(n)
		enc := json.NewEncoder(io.Discard)
		enc.SetEscapeHTML(false)
		for range b.N {
			for _, r := range sink.recs {
				if err := enc.Encode(r); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		b.SetBytes(n)
		var buf []byte
		for range b.N {
			for _, r := range sink.recs {
				buf, _ = appendRecord(buf[:0], r)
			}
		}
	})
}
