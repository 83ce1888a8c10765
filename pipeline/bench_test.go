package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/internal/cputime"
)

// The benchmarks here run over the bench corpus: the CC BY 4.0 press
// releases in ../shared/data/press and the project's labeled articles
// (about 7.4 MB, 2,086 documents): real, varied text, as repeated
// paragraphs would flatter the caches. Each reports MB/s of document text
// (b.SetBytes) and, because the machines they run on are often shared, also
// cpu-MB/s: the same bytes over the process's CPU time (user + system),
// which other load inflates much less than wall-clock time. Run them with
// -cpu 1,2 to compare one and two workers; `make bench` runs them all.

// benchDocs loads the bench corpus.
func benchDocs(b *testing.B) ([]corpus.Document, int64) {
	b.Helper()
	var docs []corpus.Document
	var size int64
	add := func(path string) {
		src, err := corpus.Open(path, corpus.ReaderConfig{})
		if err != nil {
			b.Fatal(err)
		}
		defer src.Close()
		for {
			doc, err := src.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				continue
			}
			docs = append(docs, doc)
			size += int64(len(doc.Text))
		}
	}
	add(filepath.Join(sharedDir(b), "data", "press"))
	add(filepath.Join("..", "corpus", "data", "gold.jsonl"))
	return docs, size
}

// benchJSONL writes the bench corpus as a JSONL file ({"id","text"} per
// line) in a temporary directory and returns its path.
func benchJSONL(b *testing.B, docs []corpus.Document) string {
	b.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := enc.Encode(struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}{d.ID, d.Text}); err != nil {
			b.Fatal(err)
		}
	}
	path := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// sliceReader serves documents from memory.
type sliceReader struct {
	docs []corpus.Document
	i    int
}

func (s *sliceReader) Read() (corpus.Document, error) {
	if s.i >= len(s.docs) {
		return corpus.Document{}, io.EOF
	}
	s.i++
	return s.docs[s.i-1], nil
}

// BenchmarkReader reads the bench corpus from a JSONL file.
func BenchmarkReader(b *testing.B) {
	docs, size := benchDocs(b)
	path := benchJSONL(b, docs)
	clk := cputime.Bench(b, size)
	for range b.N {
		src, err := corpus.Open(path, corpus.ReaderConfig{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := src.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		src.Close()
		if n != len(docs) {
			b.Fatalf("read %d documents, want %d", n, len(docs))
		}
	}
	clk.Done(b)
}

// BenchmarkEndToEnd scores the bench corpus from a JSONL file into JSONL
// (discarded), every stage with GOMAXPROCS workers: -cpu 1,2 gives the one-
// and two-worker figures.
func BenchmarkEndToEnd(b *testing.B) {
	docs, size := benchDocs(b)
	path := benchJSONL(b, docs)
	steps := defaultSteps(b)
	clk := cputime.Bench(b, size)
	for range b.N {
		src, err := corpus.Open(path, corpus.ReaderConfig{})
		if err != nil {
			b.Fatal(err)
		}
		sink := NewJSONLSink(io.Discard)
		sum, err := Run(context.Background(), src, steps, sink, Config{})
		if err != nil {
			b.Fatal(err)
		}
		sink.Close()
		src.Close()
		if sum.Written != int64(len(docs)) {
			b.Fatalf("wrote %d records, want %d", sum.Written, len(docs))
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	clk.Done(b)
}

// BenchmarkStage measures each stage alone, on records that went through
// the stages before it. "segment" includes tokenization; "targets" and
// "stance" are the model's feature extraction and scoring.
func BenchmarkStage(b *testing.B) {
	docs, size := benchDocs(b)
	steps := defaultSteps(b)
	ctx := context.Background()
	recs := make([]*Record, len(docs))
	for i, d := range docs {
		recs[i] = newRecord(int64(i), d)
	}
	for _, step := range steps {
		// Snapshot the records' state before this stage, so each iteration
		// starts from the same input.
		before := make([]Record, len(recs))
		for i, r := range recs {
			before[i] = *r
		}
		b.Run(step.Name, func(b *testing.B) {
			clk := cputime.Bench(b, size)
			for range b.N {
				for i := range recs {
					r := before[i]
					r.Quotes = append([]Quote(nil), before[i].Quotes...)
					for j := range r.Quotes {
						r.Quotes[j].Targets = append([]TargetStance(nil), before[i].Quotes[j].Targets...)
					}
					r.work.Quotes = append(r.work.Quotes[:0:0], before[i].work.Quotes...)
					if r.Err == nil {
						apply(ctx, step, &r)
					}
				}
			}
			clk.Done(b)
		})
		for _, r := range recs {
			if r.Err == nil {
				apply(ctx, step, r)
			}
		}
	}
}

// BenchmarkSink measures the serialization of the scored bench corpus in
// each output format.
func BenchmarkSink(b *testing.B) {
	docs, size := benchDocs(b)
	sink := &collectSink{}
	if _, err := Run(context.Background(), &sliceReader{docs: docs}, defaultSteps(b), sink, Config{}); err != nil {
		b.Fatal(err)
	}
	recs := sink.recs
	sinks := []struct {
		name string
		make func(io.Writer) Sink
	}{
		{"jsonl", func(w io.Writer) Sink { return NewJSONLSink(w) }},
		{"csv", func(w io.Writer) Sink { return NewCSVSink(w) }},
		{"parquet", func(w io.Writer) Sink { return NewParquetSink(w) }},
	}
	for _, s := range sinks {
		b.Run(s.name, func(b *testing.B) {
			clk := cputime.Bench(b, size)
			for range b.N {
				snk := s.make(io.Discard)
				for _, r := range recs {
					if err := snk.Write(r); err != nil {
						b.Fatal(err)
					}
				}
				if err := snk.Close(); err != nil {
					b.Fatal(err)
				}
			}
			clk.Done(b)
		})
	}
}

// The pathological inputs: each must cost time linear in its size, so the
// MB/s of a sub-benchmark and of the one four times larger must be about
// the same.

// BenchmarkLargeDocument scores one document made of the bench corpus's
// articles run together, of 2.5 and 10 MB.
func BenchmarkLargeDocument(b *testing.B) {
	docs, _ := benchDocs(b)
	var sb strings.Builder
	for sb.Len() < 10<<20 {
		for _, d := range docs {
			sb.WriteString(d.Text)
			sb.WriteString("\n\n")
		}
	}
	text := sb.String()
	for _, n := range []int{10 << 20 / 4, 10 << 20} {
		benchOneDoc(b, sizeName(n), cutRunes(text, n))
	}
}

// BenchmarkManyQuoteMarks scores documents of 25,000 and 100,000 quote
// marks: balanced quotes that name a target, and stray opening marks.
func BenchmarkManyQuoteMarks(b *testing.B) {
	unit := "“We want a ceasefire now,” he said. She added: “The talks “failed. "
	marks := strings.Count(unit, "“") + strings.Count(unit, "”")
	for _, n := range []int{25_000, 100_000} {
		benchOneDoc(b, sizeName(n)+"marks", strings.Repeat(unit, n/marks))
	}
}

// BenchmarkNoPunctuation scores documents of 0.25 and 1 MB of the bench
// corpus's text with no sentence punctuation (. ! ? ; removed).
func BenchmarkNoPunctuation(b *testing.B) {
	docs, _ := benchDocs(b)
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for _, d := range docs {
			sb.WriteString(strings.Map(func(r rune) rune {
				switch r {
				case '.', '!', '?', ';':
					return -1
				}
				return r
			}, d.Text))
			sb.WriteByte(' ')
		}
	}
	text := sb.String()
	for _, n := range []int{1 << 20 / 4, 1 << 20} {
		benchOneDoc(b, sizeName(n), cutRunes(text, n))
	}
}

// benchOneDoc runs the whole pipeline over one document of text.
func benchOneDoc(b *testing.B, name, text string) {
	steps := defaultSteps(b)
	doc := corpus.Document{ID: "big", Text: text}
	b.Run(name, func(b *testing.B) {
		clk := cputime.Bench(b, int64(len(text)))
		for range b.N {
			sink := &collectSink{}
			if _, err := Run(context.Background(), &sliceReader{docs: []corpus.Document{doc}}, steps, sink, Config{}); err != nil {
				b.Fatal(err)
			}
			if r := sink.recs[0]; r.Err != nil {
				b.Fatal(r.Err)
			}
		}
		clk.Done(b)
	})
}

// cutRunes returns s cut to at most n bytes, at a rune boundary.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(c byte) bool { return c&0xC0 != 0x80 }

func sizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa(n>>20) + "MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return itoa(n>>10) + "KB"
	}
	return itoa(n)
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(buf[i:])
		}
	}
}
