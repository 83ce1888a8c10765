package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline/quotes"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sharedDir returns ../shared beside the repository, which holds the seed
// article. CI lays it there; elsewhere a test that needs it is skipped.
func sharedDir(t testing.TB) string {
	t.Helper()
	// Relative, so that sources in golden files do not depend on where the
	// repository is checked out.
	dir := filepath.Join("..", "..", "shared")
	_, err := os.Stat(dir)
	if err == nil {
		return dir
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("../shared is missing: %v", err)
	}
	t.Skip("../shared is not beside the repository")
	return ""
}

func defaultSteps(t testing.TB) []Step {
	t.Helper()
	m, err := models.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return Steps(x, m)
}

// scoreAll runs the default pipeline over the corpus at path and returns
// the JSONL output.
func scoreAll(t *testing.T, path string, workers int) []byte {
	t.Helper()
	src, err := corpus.Open(path, corpus.ReaderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var out bytes.Buffer
	sink := NewJSONLSink(&out)
	sum, err := Run(context.Background(), src, defaultSteps(t), sink, Config{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	if sum.Read != sum.Written+sum.Errored || sum.ByCode[CodePanic] != 0 {
		t.Fatalf("summary %+v: want read = written + errored and no panics", sum)
	}
	return out.Bytes()
}

func checkGolden(t *testing.T, got []byte, golden string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./pipeline -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("line %d differs from %s\n got: %.600s\nwant: %.600s\n(run go test ./pipeline -update and review the diff)", i+1, golden, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", golden, len(gl), len(wl))
	}
}

// checkRecords holds the schema's invariants on every record: quote text
// equals the slice of the document (or its parts joined by one space), and
// evidence spans slice to their text.
func checkRecords(t *testing.T, jsonl []byte, texts map[string]string) {
	t.Helper()
	for i, line := range bytes.Split(bytes.TrimSpace(jsonl), []byte("\n")) {
		var rec struct {
			DocID  string `json:"doc_id"`
			Quotes []struct {
				Start, End int
				Parts      [][2]int
				Text       string
				Targets    []struct {
					Evidence []struct {
						Text       string
						Start, End int
					}
				}
			}
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		text, ok := texts[rec.DocID]
		if !ok {
			continue
		}
		for _, q := range rec.Quotes {
			spans := []corpus.Span{{Start: q.Start, End: q.End}}
			if len(q.Parts) > 0 {
				spans = spans[:0]
				for _, p := range q.Parts {
					spans = append(spans, corpus.Span{Start: p[0], End: p[1]})
				}
			}
			if got := corpus.QuoteText(text, spans); got != q.Text {
				t.Errorf("%s: quote text %q, slice %q", rec.DocID, q.Text, got)
			}
			for _, tg := range q.Targets {
				for _, e := range tg.Evidence {
					if got := corpus.SliceRunes(text, e.Start, e.End); got != e.Text {
						t.Errorf("%s: evidence %q, slice %q", rec.DocID, e.Text, got)
					}
				}
			}
		}
	}
}

func readTexts(t *testing.T, path string) map[string]string {
	t.Helper()
	src, err := corpus.Open(path, corpus.ReaderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	texts := map[string]string{}
	for {
		doc, err := src.Read()
		if err != nil {
			if doc.Source == "" {
				break
			}
			continue
		}
		id := doc.ID
		if id == "" {
			id = doc.Source
		}
		texts[id] = doc.Text
	}
	return texts
}

func TestGoldenSeed(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "seeds")
	got := scoreAll(t, dir, 2)
	checkRecords(t, got, readTexts(t, dir))
	checkGolden(t, got, filepath.Join("testdata", "seed.golden.jsonl"))
}

func TestGoldenSample(t *testing.T) {
	dir := filepath.Join("..", "corpus", "sample")
	got := scoreAll(t, dir, 4)
	checkRecords(t, got, readTexts(t, dir))
	checkGolden(t, got, filepath.Join("testdata", "sample.golden.jsonl"))
	// Same bytes with one worker: output does not depend on the worker count.
	if one := scoreAll(t, dir, 1); !bytes.Equal(one, got) {
		t.Error("output with 1 worker differs from output with 4")
	}
}
