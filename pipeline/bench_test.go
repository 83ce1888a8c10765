package pipeline

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// benchDocs loads the bench corpus: the CC BY 4.0 press releases in
// ../shared/data/press and the project's labeled articles. Real, varied
// text: repeated paragraphs would flatter caches.
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

type discardSink struct{ sink *JSONLSink }

func (d discardSink) Write(r *Record) error { return d.sink.Write(r) }
func (d discardSink) Close() error          { return d.sink.Close() }

// BenchmarkEndToEnd scores the bench corpus from memory into JSONL, with
// GOMAXPROCS workers per stage (run with -cpu 1,2 to compare).
func BenchmarkEndToEnd(b *testing.B) {
	docs, size := benchDocs(b)
	steps := defaultSteps(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		sink := discardSink{NewJSONLSink(io.Discard)}
		if _, err := Run(context.Background(), &sliceReader{docs: docs}, steps, sink, Config{}); err != nil {
			b.Fatal(err)
		}
		sink.Close()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkStage measures each stage alone, on records that went through
// the stages before it.
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
			b.SetBytes(size)
			b.ReportAllocs()
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
		})
		for _, r := range recs {
			if r.Err == nil {
				apply(ctx, step, r)
			}
		}
	}
}

// BenchmarkJSONLSink measures serialization of scored records.
func BenchmarkJSONLSink(b *testing.B) {
	docs, size := benchDocs(b)
	steps := defaultSteps(b)
	var recs []*Record
	sink := &collectSink{}
	if _, err := Run(context.Background(), &sliceReader{docs: docs}, steps, sink, Config{}); err != nil {
		b.Fatal(err)
	}
	recs = sink.recs
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s := NewJSONLSink(io.Discard)
		for _, r := range recs {
			s.Write(r)
		}
		s.Close()
	}
}
