package models

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/internal/cputime"
)

// seedQuotes returns the seed article beside the repository
// (../shared/seeds) and its quotes in curly marks as inputs.
func seedQuotes(tb testing.TB) (string, []Input) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "seeds", "000_*.txt"))
	if len(files) == 0 {
		tb.Skip("seed article not beside the repository")
	}
	b, err := os.ReadFile(files[0])
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
	defer cputime.Bench(b, int64(len(text))).Done(b)
	for range b.N {
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
	defer cputime.Bench(b, int64(len(corpus.QuoteText(in.Text, in.Parts)))).Done(b)
	for range b.N {
		m.Predict(in, "security_guarantees")
	}
}

// BenchmarkTargets finds the targets of one quote, per quote byte.
func BenchmarkTargets(b *testing.B) {
	m := benchModel(b)
	_, ins := seedQuotes(b)
	in := ins[0]
	defer cputime.Bench(b, int64(len(corpus.QuoteText(in.Text, in.Parts)))).Done(b)
	for range b.N {
		m.Targets(in)
	}
}

// goldInputs returns every quote of the labeled articles with the targets
// the default model finds in it, and the quotes' total size in bytes.
func goldInputs(b testing.TB, m *Model) ([]Input, [][]string, int64) {
	arts, err := corpus.LoadGold(filepath.Join("..", "corpus", "data", "gold.jsonl"))
	if err != nil {
		b.Skip("no labeled set:", err)
	}
	var ins []Input
	var tss [][]string
	var size int64
	for _, a := range arts {
		for _, q := range a.Quotes {
			in := Input{Text: a.Text, Parts: q.Spans(), Cue: q.Cue, Speaker: q.Speaker}
			var ts []string
			for _, mt := range m.Targets(in) {
				ts = append(ts, mt.Target)
			}
			ins = append(ins, in)
			tss = append(tss, ts)
			size += int64(len(corpus.QuoteText(in.Text, in.Parts)))
		}
	}
	return ins, tss, size
}

// BenchmarkGoldTargets runs Targets over every labeled quote, per quote
// byte.
func BenchmarkGoldTargets(b *testing.B) {
	m := benchModel(b)
	ins, _, size := goldInputs(b, m)
	defer cputime.Bench(b, size).Done(b)
	for range b.N {
		for _, in := range ins {
			m.Targets(in)
		}
	}
}

// BenchmarkGoldStanceFeatures extracts the stance features of every
// labeled quote toward each of its targets (no scoring), per quote byte.
func BenchmarkGoldStanceFeatures(b *testing.B) {
	m := benchModel(b)
	ins, tss, size := goldInputs(b, m)
	defer cputime.Bench(b, size).Done(b)
	for range b.N {
		for i := range ins {
			v := m.getView()
			m.ext.load(v, &ins[i])
			matchQuote(v, m.targets)
			for _, t := range tss[i] {
				m.ext.stance(v, m.targets, m.byName[t], &ins[i])
			}
			m.putView(v)
		}
	}
}

// BenchmarkGoldScoring scores the precomputed stance features of every
// labeled quote × target (the linear model and the token contributions
// for the evidence), per quote byte.
func BenchmarkGoldScoring(b *testing.B) {
	m := benchModel(b)
	ins, tss, size := goldInputs(b, m)
	var feats [][]feat
	var ntoks []int
	for i := range ins {
		v := m.getView()
		m.ext.load(v, &ins[i])
		matchQuote(v, m.targets)
		for _, t := range tss[i] {
			m.ext.stance(v, m.targets, m.byName[t], &ins[i])
			feats = append(feats, append([]feat(nil), v.feats...))
			ntoks = append(ntoks, len(v.toks))
		}
		m.putView(v)
	}
	var contr []float64
	var z [3]float64
	defer cputime.Bench(b, size).Done(b)
	for range b.N {
		for i, fs := range feats {
			contr = append(contr[:0], make([]float64, 3*ntoks[i])...)
			m.stance.scoresTokens(fs, z[:], contr)
		}
	}
}

// BenchmarkGoldPredict runs PredictTargets (features, scoring, condition
// and evidence) over every labeled quote and its targets, per quote byte.
func BenchmarkGoldPredict(b *testing.B) {
	m := benchModel(b)
	ins, tss, size := goldInputs(b, m)
	var dst []Prediction
	defer cputime.Bench(b, size).Done(b)
	for range b.N {
		for i := range ins {
			dst = m.PredictTargets(ins[i], tss[i], dst[:0])
		}
	}
}
