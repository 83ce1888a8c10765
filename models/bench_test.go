package models

import (
	"os"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// seedQuotes returns the seed article and its five quotes as inputs.
func seedQuotes(tb testing.TB) (string, []Input) {
	b, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		tb.Fatal(err)
	}
	text := string(b)
	var ins []Input
	r := []rune(text)
	for i := 0; i < len(r); i++ {
		if r[i] != '“' {
			continue
		}
		j := i + 1
		for j < len(r) && r[j] != '”' {
			j++
		}
		if j-i > 20 {
			ins = append(ins, Input{Text: text, Parts: []corpus.Span{{Start: i + 1, End: j}}, Cue: "stated"})
		}
		i = j
	}
	return text, ins
}

func benchModel(b *testing.B) *Model {
	m, err := LoadDefault()
	if err != nil {
		b.Skip("no default model:", err)
	}
	return m
}

// BenchmarkScoreDocument runs the targets and stance stages over every quote
// of the seed article: the models part of the pipeline, per document byte.
func BenchmarkScoreDocument(b *testing.B) {
	m := benchModel(b)
	text, ins := seedQuotes(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range ins {
			for _, mt := range m.Targets(in) {
				m.Predict(in, mt.Target)
			}
		}
	}
}

// BenchmarkPredict scores one quote toward one target, per quote byte.
func BenchmarkPredict(b *testing.B) {
	m := benchModel(b)
	_, ins := seedQuotes(b)
	in := ins[0]
	b.SetBytes(int64(len(corpus.QuoteText(in.Text, in.Parts))))
	b.ReportAllocs()
	for b.Loop() {
		m.Predict(in, "security_guarantees")
	}
}

// BenchmarkTargets finds the targets of one quote, per quote byte.
func BenchmarkTargets(b *testing.B) {
	m := benchModel(b)
	_, ins := seedQuotes(b)
	in := ins[0]
	b.SetBytes(int64(len(corpus.QuoteText(in.Text, in.Parts))))
	b.ReportAllocs()
	for b.Loop() {
		m.Targets(in)
	}
}
