package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// ScoreOne over every document of a corpus with junk in it writes the same
// bytes as Run.
func TestScoreOneMatchesRun(t *testing.T) {
	lines := []string{
		`{"id":"1","text":"“We want peace,” the envoy said. <b>&</b>"}`,
		`{"id":"2","text":`,
		`{"id":"3","text":""}`,
		"{\"id\":\"4\",\"text\":\"bad \xff\"}",
		`{"id":"5","body":"no text field"}`,
		`{"id":"6","text":"Officials said a ceasefire would begin at noon.","date":"2025-03-01"}`,
		`{"text":"\"Security guarantees are contingent on peace,\" Okafor said."}`,
	}
	input := strings.Join(lines, "\n") + "\n"
	steps := defaultSteps(t)

	var want bytes.Buffer
	sink := NewJSONLSink(&want)
	if _, err := Run(context.Background(), corpus.NewJSONLReader(strings.NewReader(input), "in.jsonl", corpus.ReaderConfig{}), steps, sink, Config{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	sink.Close()

	var got bytes.Buffer
	one := NewJSONLSink(&got)
	r := corpus.NewJSONLReader(strings.NewReader(input), "in.jsonl", corpus.ReaderConfig{})
	for seq := int64(0); ; seq++ {
		doc, err := r.Read()
		if err == io.EOF {
			break
		}
		rec := ScoreOne(context.Background(), steps, doc, err, seq)
		if rec.Seq != seq {
			t.Errorf("seq %d, want %d", rec.Seq, seq)
		}
		if err := one.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	one.Close()
	if got.String() != want.String() {
		t.Errorf("ScoreOne output differs from Run's:\ngot:\n%s\nwant:\n%s", got.String(), want.String())
	}
}

func TestScoreOneErrorsAndPanics(t *testing.T) {
	var later int
	count := StageFunc(func(ctx context.Context, rec *Record) error { later++; return nil })
	boom := StageFunc(func(ctx context.Context, rec *Record) error { panic("boom") })
	fail := StageFunc(func(ctx context.Context, rec *Record) error { return errors.New("no luck") })
	doc := corpus.Document{Text: "text", Source: "a.jsonl:3"}
	cases := []struct {
		name      string
		steps     []Step
		readErr   error
		code      string
		stage     string
		wantLater int
	}{
		{"ok", []Step{{"count", count}}, nil, "", "", 1},
		{"panic", []Step{{"boom", boom}, {"count", count}}, nil, CodePanic, "boom", 0},
		{"error", []Step{{"fail", fail}, {"count", count}}, nil, CodeStageFailed, "fail", 0},
		{"read error", []Step{{"count", count}}, &corpus.ReadError{Source: doc.Source, Err: corpus.ErrMalformedJSON}, "malformed_json", "read", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			later = 0
			rec := ScoreOne(context.Background(), c.steps, doc, c.readErr, 7)
			code, stage := "", ""
			if rec.Err != nil {
				code, stage = rec.Err.Code, rec.Err.Stage
			}
			if code != c.code || stage != c.stage {
				t.Errorf("error %+v, want code %q stage %q", rec.Err, c.code, c.stage)
			}
			if later != c.wantLater {
				t.Errorf("later stage ran %d times, want %d", later, c.wantLater)
			}
			if rec.DocID != "a.jsonl:3" || rec.Source != "a.jsonl:3" {
				t.Errorf("doc_id %q source %q, want the source for both", rec.DocID, rec.Source)
			}
		})
	}
}
