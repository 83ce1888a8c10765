package schema

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
)

// strictV1 compiles stance-v1.json in strict mode: an output field the
// schema does not list fails, so the schema cannot fall behind the code.
func strictV1(t *testing.T) *checker {
	t.Helper()
	c, err := compileSchema(V1(), true)
	if err != nil {
		t.Fatalf("stance-v1.json: %v", err)
	}
	return c
}

// checkLines validates every non-blank line of JSONL output.
func checkLines(t *testing.T, c *checker, name string, out []byte) int {
	t.Helper()
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 256<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		n++
		for _, err := range c.validate(sc.Bytes()) {
			t.Errorf("%s:%d: %v", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

func TestSchemaFile(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(V1(), &doc); err != nil {
		t.Fatalf("stance-v1.json is not JSON: %v", err)
	}
	if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v, want draft 2020-12", doc["$schema"])
	}
	props := doc["properties"].(map[string]any)
	if c := props["schema"].(map[string]any)["const"]; c != pipeline.Schema {
		t.Errorf("schema const %v, want pipeline.Schema %q", c, pipeline.Schema)
	}
	strictV1(t)
}

// TestGoldenFiles validates every golden output of the pipeline.
func TestGoldenFiles(t *testing.T) {
	c := strictV1(t)
	files, err := filepath.Glob(filepath.Join("..", "pipeline", "testdata", "*.golden.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no pipeline/testdata/*.golden.jsonl yet")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if n := checkLines(t, c, f, b); n == 0 {
				t.Errorf("%s holds no record", f)
			}
		})
	}
}

// schemaTestRecords are hand-made records using every field of the
// schema, optional ones included (parts, role), and every nullable one
// both ways.
func schemaTestRecords() []*pipeline.Record {
	cond := "peace"
	date := "2025-03-01"
	return []*pipeline.Record{
		{Schema: pipeline.Schema, DocID: "a", Source: "a.jsonl:1", Date: &date, Quotes: []pipeline.Quote{
			{ID: "a#q1",
				Quote: quotes.Quote{Start: 5, End: 40, Parts: [][2]int{{5, 12}, {30, 40}}, Text: "part one part two", Kind: corpus.KindSplit, Cue: "said",
					Speaker: &quotes.Speaker{Name: "unknown", Mention: "a senior official", Start: 14, End: 31, Via: quotes.ViaAnonymous, Confidence: 0.6, Role: "a senior official"}},
				Targets: []pipeline.TargetStance{{Target: "security_guarantees", Stance: corpus.Neutral, Condition: &cond,
					Probs:    pipeline.Probs{Favor: 0.21, Against: 0.08, Neutral: 0.71},
					Evidence: []models.Evidence{{Text: "contingent on", Start: 20, End: 33, Weight: -0.42}}}}},
			{ID: "a#q2", Quote: quotes.Quote{Start: 50, End: 60, Text: "0123456789", Kind: corpus.KindDirect},
				Targets: []pipeline.TargetStance{}},
		}},
		{Schema: pipeline.Schema, DocID: "b", Source: "b.txt:0", Quotes: []pipeline.Quote{}},
		{Schema: pipeline.Schema, DocID: "c", Source: "c.jsonl:3", Quotes: []pipeline.Quote{},
			Err: &pipeline.RecordError{Code: "malformed_json", Stage: "read", Message: "unexpected end of JSON input"}},
	}
}

func encodeRecords(t *testing.T, recs []*pipeline.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	sink := pipeline.NewJSONLSink(&buf)
	for _, r := range recs {
		if err := sink.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestProducedRecords validates records made here: by hand, and by the
// runner from junk input (every read and normalize error code).
func TestProducedRecords(t *testing.T) {
	c := strictV1(t)
	checkLines(t, c, "hand-made", encodeRecords(t, schemaTestRecords()))

	junk := strings.Join([]string{
		`{"id":"ok","text":"Plain text.","date":"2024-01-02"}`,
		`{bad json`,
		`{"id":"nofield"}`,
		`{"id":"wrongtype","text":42}`,
		`{"id":"empty","text":"   "}`,
		`{"id":"nul","text":"a\u0000b"}`,
		"{\"id\":\"bad-utf8\",\"text\":\"\xff\"}",
		`{"id":"big","text":"` + strings.Repeat("x", 300) + `"}`,
		`{"text":"no id"}`,
	}, "\n")
	src := corpus.NewJSONLReader(strings.NewReader(junk), "junk.jsonl", corpus.ReaderConfig{MaxDocBytes: 200})
	quote := pipeline.StageFunc(func(ctx context.Context, rec *pipeline.Record) error {
		rec.Quotes = append(rec.Quotes, pipeline.Quote{ID: rec.DocID + "#q1",
			Quote:   quotes.Quote{Start: 0, End: 5, Text: "Plain", Kind: corpus.KindDirect},
			Targets: []pipeline.TargetStance{}})
		return nil
	})
	var buf bytes.Buffer
	sink := pipeline.NewJSONLSink(&buf)
	steps := []pipeline.Step{{Name: "normalize", Stage: pipeline.Normalize{}}, {Name: "quotes", Stage: quote}}
	sum, err := pipeline.Run(context.Background(), src, steps, sink, pipeline.Config{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	if n := checkLines(t, c, "junk", buf.Bytes()); n != 9 || sum.Errored < 6 {
		t.Errorf("%d records, summary %+v: want 9 records, at least 6 errors", n, sum)
	}
}

// TestPipelineRecords validates what the default pipeline writes for the
// sample corpus and, when ../shared lies beside the repository, the seed
// articles. It needs the embedded model.
func TestPipelineRecords(t *testing.T) {
	c := strictV1(t)
	m, err := models.LoadDefault()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("default model: %v", err)
		}
		t.Skipf("default model: %v", err)
	}
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{filepath.Join("..", "corpus", "sample", "press.jsonl")}
	if seeds := filepath.Join("..", "..", "shared", "seeds"); isDir(seeds) {
		inputs = append(inputs, seeds)
	}
	for _, in := range inputs {
		src, err := corpus.Open(in, corpus.ReaderConfig{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		sink := pipeline.NewJSONLSink(&buf)
		_, err = pipeline.Run(context.Background(), src, pipeline.Steps(x, m), sink, pipeline.Config{})
		src.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := sink.Close(); err != nil {
			t.Fatal(err)
		}
		if n := checkLines(t, c, in, buf.Bytes()); n == 0 {
			t.Errorf("%s: no records", in)
		}
	}
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// TestSchemaRejects holds that the schema constrains what matters: each
// case breaks one rule of stance/v1 in an otherwise valid record.
func TestSchemaRejects(t *testing.T) {
	c := strictV1(t)
	valid := bytes.Split(bytes.TrimSpace(encodeRecords(t, schemaTestRecords()[:1])), []byte("\n"))[0]
	if errs := c.validate(valid); len(errs) > 0 {
		t.Fatalf("base record invalid: %v", errs)
	}
	tests := []struct {
		name   string
		mutate func(r map[string]any)
	}{
		{"wrong schema", func(r map[string]any) { r["schema"] = "stance/v2" }},
		{"missing doc_id", func(r map[string]any) { delete(r, "doc_id") }},
		{"missing error", func(r map[string]any) { delete(r, "error") }},
		{"error without code", func(r map[string]any) { r["error"] = map[string]any{"stage": "read", "message": "x"} }},
		{"error code not stable form", func(r map[string]any) {
			r["error"] = map[string]any{"code": "Bad Code", "stage": "read", "message": "x"}
		}},
		{"date number", func(r map[string]any) { r["date"] = 20240101 }},
		{"negative offset", func(r map[string]any) { quote(r)["start"] = -1 }},
		{"fractional offset", func(r map[string]any) { quote(r)["end"] = 40.5 }},
		{"unknown kind", func(r map[string]any) { quote(r)["kind"] = "paraphrase" }},
		{"part of three", func(r map[string]any) { quote(r)["parts"] = []any{[]any{1, 2, 3}} }},
		{"empty parts", func(r map[string]any) { quote(r)["parts"] = []any{} }},
		{"speaker string", func(r map[string]any) { quote(r)["speaker"] = "Okafor" }},
		{"unknown via", func(r map[string]any) { quote(r)["speaker"].(map[string]any)["via"] = "guess" }},
		{"confidence above 1", func(r map[string]any) { quote(r)["speaker"].(map[string]any)["confidence"] = 1.5 }},
		{"null cue", func(r map[string]any) { quote(r)["cue"] = nil }},
		{"unknown stance", func(r map[string]any) { target(r)["stance"] = "unrelated" }},
		{"probability negative", func(r map[string]any) { target(r)["probs"].(map[string]any)["favor"] = -0.1 }},
		{"missing probability", func(r map[string]any) { delete(target(r)["probs"].(map[string]any), "neutral") }},
		{"evidence without weight", func(r map[string]any) {
			delete(target(r)["evidence"].([]any)[0].(map[string]any), "weight")
		}},
		{"undocumented field (strict)", func(r map[string]any) { target(r)["score"] = 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r map[string]any
			if err := json.Unmarshal(valid, &r); err != nil {
				t.Fatal(err)
			}
			tt.mutate(r)
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if errs := c.validate(b); len(errs) == 0 {
				t.Errorf("accepted %s", b)
			}
		})
	}
}

// TestSchemaAllowsNewOptionalFields holds the v1 promise for consumers:
// read without strict mode, the published schema accepts a record with a
// field added later within v1.
func TestSchemaAllowsNewOptionalFields(t *testing.T) {
	c, err := compileSchema(V1(), false)
	if err != nil {
		t.Fatal(err)
	}
	rec := bytes.TrimSpace(encodeRecords(t, schemaTestRecords()[:1]))
	added := append([]byte(`{"language":"en",`), rec[1:]...)
	if errs := c.validate(added); len(errs) > 0 {
		t.Errorf("record with a new optional field rejected: %v", errs)
	}
}

func quote(r map[string]any) map[string]any {
	return r["quotes"].([]any)[0].(map[string]any)
}

func target(r map[string]any) map[string]any {
	return quote(r)["targets"].([]any)[0].(map[string]any)
}
