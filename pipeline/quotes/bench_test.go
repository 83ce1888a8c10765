package quotes

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stance-project/stance/internal/cputime"
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
	clk := cputime.Bench(b, n)
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			d := &Doc{Text: t}
			_ = ex.Entities(ctx, d)
		}
	}
	clk.Done(b)
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
	clk := cputime.Bench(b, n)
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			_ = stage(ex, ctx, d)
		}
	}
	clk.Done(b)
}

// BenchmarkAll runs the three stages on fresh documents, end to end.
func BenchmarkAll(b *testing.B) {
	texts, n := pressTexts(b)
	ex, _ := NewExtractor(Config{})
	ctx := context.Background()
	clk := cputime.Bench(b, n)
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			d := &Doc{Text: t}
			_ = ex.Entities(ctx, d)
			_ = ex.Quotes(ctx, d)
			_ = ex.Speakers(ctx, d)
		}
	}
	clk.Done(b)
}

// badInputs generate pathological documents of about n bytes: thousands
// of quote marks, no white space, mixed scripts, colon cues, one endless
// paragraph, many unclosed paragraphs, thousands of transcript roles.
var badInputs = map[string]func(n int) string{
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
	// every turn and role mention a resolver looks up or back from
	"transcript roles": func(n int) string {
		unit := "HOST: Is it over?\n\nMs. Costa Ferreira: No.\n\nABU: Yes.\n\n- Is it?\n\n- It is.\n\n" +
			"The President said that talks with Ana Abu Chacra were useful. Abu Chacra said the President of Testland agreed.\n\n"
		return "Show\n\nHost: Ana Ruiz. Guests: Rui Tavares.\n\n" + strings.Repeat(unit, n/len(unit))
	},
}

// TestBadInput runs every pathological input of 400 KB through the three
// stages and checks the result's invariants. Time is measured by
// BenchmarkBadInput, never asserted here.
func TestBadInput(t *testing.T) {
	ex, _ := NewExtractor(Config{NER: NEROff})
	ctx := context.Background()
	for name, gen := range badInputs {
		t.Run(name, func(t *testing.T) {
			d := &Doc{Text: gen(400_000)}
			for _, st := range []func(context.Context, *Doc) error{ex.Entities, ex.Quotes, ex.Speakers} {
				if err := st(ctx, d); err != nil {
					t.Fatal(err)
				}
			}
			checkInvariants(t, d)
		})
	}
}

// BenchmarkBadInput times each pathological input at 50 KB and 400 KB:
// linear cost shows as the same MB/s at both sizes.
func BenchmarkBadInput(b *testing.B) {
	ex, _ := NewExtractor(Config{NER: NEROff})
	ctx := context.Background()
	names := make([]string, 0, len(badInputs))
	for name := range badInputs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, n := range []int{50_000, 400_000} {
			text := badInputs[name](n)
			b.Run(fmt.Sprintf("%s/%dKB", strings.ReplaceAll(name, " ", "_"), n/1000), func(b *testing.B) {
				clk := cputime.Bench(b, int64(len(text)))
				for i := 0; i < b.N; i++ {
					d := &Doc{Text: text}
					_ = ex.Entities(ctx, d)
					_ = ex.Quotes(ctx, d)
					_ = ex.Speakers(ctx, d)
				}
				clk.Done(b)
			})
		}
	}
}
