package quotes

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pressTexts reads the article bodies of the press-release corpus, or
// skips the benchmark when it is absent.
func pressTexts(b *testing.B) ([]string, int64) {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "press", "*.csv"))
	var texts []string
	var n int64
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Skip(err)
		}
		r := csv.NewReader(fh)
		r.FieldsPerRecord = -1
		head, err := r.Read()
		if err != nil {
			fh.Close()
			continue
		}
		col := -1
		for i, h := range head {
			if h == "body" {
				col = i
			}
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil || col < 0 || col >= len(rec) {
				continue
			}
			texts = append(texts, rec[col])
			n += int64(len(rec[col]))
		}
		fh.Close()
	}
	if len(texts) == 0 {
		b.Skip("no press corpus at ../shared/data/press")
	}
	return texts, n
}

func benchDocs(b *testing.B, texts []string, stages int) []*Doc {
	ex, _ := NewExtractor(Config{})
	ctx := context.Background()
	docs := make([]*Doc, len(texts))
	for i, t := range texts {
		d := &Doc{Text: t}
		if stages >= 1 {
			_ = ex.Entities(ctx, d)
		}
		if stages >= 2 {
			_ = ex.Quotes(ctx, d)
		}
		docs[i] = d
	}
	return docs
}

func BenchmarkEntities(b *testing.B) {
	texts, n := pressTexts(b)
	ex, _ := NewExtractor(Config{})
	ctx := context.Background()
	b.SetBytes(n)
	b.ReportAllocs()
	clk := startCPU(b)
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			d := &Doc{Text: t}
			_ = ex.Entities(ctx, d)
		}
	}
	clk.report(b, n)
}

func BenchmarkQuotes(b *testing.B) { benchStage(b, 1, (*Extractor).Quotes) }

func BenchmarkSpeakers(b *testing.B) { benchStage(b, 2, (*Extractor).Speakers) }

// benchStage runs one stage over documents that went through the stages
// before it.
func benchStage(b *testing.B, before int, stage func(*Extractor, context.Context, *Doc) error) {
	texts, n := pressTexts(b)
	docs := benchDocs(b, texts, before)
	ex, _ := NewExtractor(Config{})
	ctx := context.Background()
	b.SetBytes(n)
	b.ReportAllocs()
	clk := startCPU(b)
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			_ = stage(ex, ctx, d)
		}
	}
	clk.report(b, n)
}

// BenchmarkAll runs the three stages on fresh documents, end to end.
func BenchmarkAll(b *testing.B) {
	texts, n := pressTexts(b)
	ex, _ := NewExtractor(Config{})
	ctx := context.Background()
	b.SetBytes(n)
	b.ReportAllocs()
	clk := startCPU(b)
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			d := &Doc{Text: t}
			_ = ex.Entities(ctx, d)
			_ = ex.Quotes(ctx, d)
			_ = ex.Speakers(ctx, d)
		}
	}
	clk.report(b, n)
}

// A cpuClock measures the process's CPU time over a benchmark, which a
// shared machine inflates much less than wall-clock time.
type cpuClock struct{ start time.Duration }

func startCPU(b *testing.B) *cpuClock {
	b.ResetTimer()
	return &cpuClock{start: cpuTime()}
}

// report adds cpu-MB/s and cpu-ns/op, where CPU time is available.
func (c *cpuClock) report(b *testing.B, bytesPerOp int64) {
	d := cpuTime() - c.start
	if d <= 0 || c.start < 0 {
		return
	}
	b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(bytesPerOp)*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
}

// TestBadInputLinear checks that pathological inputs (thousands of quote
// marks, no white space, mixed scripts) give a result in time that grows
// linearly: eight times the input may cost at most about eight times as
// much, with slack for noise.
func TestBadInputLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	ex, _ := NewExtractor(Config{NER: NEROff})
	ctx := context.Background()
	gens := map[string]func(n int) string{
		"straight marks": func(n int) string { return strings.Repeat(`"a `, n/3) },
		"open marks":     func(n int) string { return strings.Repeat("“‘«„", n/12) },
		"single opens":   func(n int) string { return strings.Repeat(" ‘x", n/5) },
		"no whitespace":  func(n int) string { return strings.Repeat("Abc.Def:Ghi“", n/14) },
		"mixed scripts":  func(n int) string { return strings.Repeat("Путин said: “日本 עברית” Ana Ruiz: ", n/50) },
		"colons":         func(n int) string { return strings.Repeat("Ana Ruiz: Q: ", n/13) },
		"one paragraph":  func(n int) string { return strings.Repeat(`He said "yes, we will", she said. `, n/34) },
		"many paragraphs": func(n int) string {
			return strings.Repeat("“Open\n", n/8)
		},
	}
	run := func(s string) time.Duration {
		start := time.Now()
		d := &Doc{Text: s}
		_ = ex.Entities(ctx, d)
		_ = ex.Quotes(ctx, d)
		_ = ex.Speakers(ctx, d)
		checkInvariants(t, d)
		return time.Since(start)
	}
	best := func(s string, n int) time.Duration {
		m := run(s)
		for i := 1; i < n; i++ {
			m = min(m, run(s))
		}
		return m
	}
	for name, gen := range gens {
		small, big := gen(50_000), gen(400_000)
		// the best of a few runs, so a loaded machine does not fail the test
		ts, tb := best(small, 3), best(big, 2)
		if tb > 30*ts+500*time.Millisecond {
			t.Errorf("%s: 8x input took %v vs %v: not linear", name, tb, ts)
		}
		t.Logf("%-16s 50 KB %v, 400 KB %v", name, ts, tb)
	}
}
