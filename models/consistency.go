package models

import (
	"slices"
	"strings"

	"github.com/stance-project/stance/models/internal/metrics"
)

// Speaker consistency. Within one article a speaker rarely changes stance
// toward a target from one quote to the next: in the labeled set's train
// split, the majority label of a named speaker's other quotes on the same
// target agrees with the quote's own label three times in four. The model
// uses that: the scores of a quote toward a target are raised by
// Consistency times the mean scores of the same speaker's other quotes
// toward it in the document, before calibration. Consistency is chosen by
// cross-validation on train (out of fold, like the other hyperparameters),
// 0 turns it off, and quotes with no named speaker stand alone.

// A DocQuote is one quote of a document with the targets to score it
// toward (those it addresses).
type DocQuote struct {
	In      Input
	Targets []string
}

// consistencyGrid are the weights Train chooses the consistency from.
var consistencyGrid = []float64{0, 0.25, 0.5, 0.75, 1}

// ConsistencyGrid returns the weights Train chooses the consistency from.
func ConsistencyGrid() []float64 { return slices.Clone(consistencyGrid) }

// Consistency returns the weight of a speaker's other quotes in the scores
// of each quote (0: none).
func (m *Model) Consistency() float64 { return m.hdr.Consistency }

// WithConsistency returns a copy of m that weighs a speaker's other quotes
// by beta (0: not at all), for ablations.
func (m *Model) WithConsistency(beta float64) *Model {
	c := *m
	c.hdr.Consistency = beta
	return &c
}

// namedSpeaker returns the key of a named speaker: lower case, "" for none
// and for "unknown".
func namedSpeaker(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "unknown" {
		return ""
	}
	return s
}

// groupsOf numbers the groups of items that share a key (a speaker and a
// target in one document), -1 for an item whose key is "" or that is alone
// in its group.
func groupsOf(keys []string) []int {
	first := map[string]int{}
	count := map[string]int{}
	for _, k := range keys {
		if k != "" {
			count[k]++
		}
	}
	out := make([]int, len(keys))
	for i, k := range keys {
		out[i] = -1
		if k == "" || count[k] < 2 {
			continue
		}
		g, ok := first[k]
		if !ok {
			g = len(first)
			first[k] = g
		}
		out[i] = g
	}
	return out
}

// smoothScores returns z with beta times the mean scores of the other
// members of its group added to each grouped item (group from groupsOf).
func smoothScores(z [][3]float64, group []int, beta float64) [][3]float64 {
	out := make([][3]float64, len(z))
	copy(out, z)
	if beta == 0 {
		return out
	}
	n := 0
	for _, g := range group {
		n = max(n, g+1)
	}
	sum := make([][3]float64, n)
	size := make([]int, n)
	for i, g := range group {
		if g >= 0 {
			for c := range 3 {
				sum[g][c] += z[i][c]
			}
			size[g]++
		}
	}
	for i, g := range group {
		if g < 0 {
			continue
		}
		k := float64(size[g] - 1)
		for c := range 3 {
			out[i][c] += beta * (sum[g][c] - z[i][c]) / k
		}
	}
	return out
}

// exampleGroups groups stance examples by article, named speaker and
// target, for the consistency of Train and of evaluations on gold quotes.
func exampleGroups(exs []Example) []int {
	keys := make([]string, len(exs))
	for i, ex := range exs {
		if spk := namedSpeaker(ex.Input.Speaker); spk != "" {
			keys[i] = ex.ArticleID + "\x00" + spk + "\x00" + ex.Target
		}
	}
	return groupsOf(keys)
}

// chooseConsistency returns the weight of consistencyGrid with the best
// macro-F1 of the out-of-fold scores oof of exs, the smallest on a tie,
// and the macro-F1 at each weight.
func chooseConsistency(exs []Example, oof [][3]float64, gold []int) (float64, []float64) {
	group := exampleGroups(exs)
	best, bestF := 0.0, -1.0
	var scores []float64
	for _, beta := range consistencyGrid {
		z := smoothScores(oof, group, beta)
		pred := make([]int, len(z))
		for i := range z {
			pred[i] = argmax3(z[i])
		}
		f := metrics.Compute(gold, pred, 3).MacroF1
		scores = append(scores, f)
		if f > bestF+1e-12 {
			best, bestF = beta, f
		}
	}
	return best, scores
}

// PredictDocument predicts the stance of every quote of one document toward
// each of its targets: out[i][j] is quote i toward qs[i].Targets[j]. Each
// prediction is that of PredictTargets, but for the quotes of a named
// speaker with other quotes toward the same target, whose scores also take
// the weight of those quotes (see Consistency).
func (m *Model) PredictDocument(qs []DocQuote) [][]Prediction {
	return m.predictDocument(qs, m.hdr.Consistency)
}

// predictDocument is PredictDocument with consistency weight beta (0: every
// quote × target stands alone).
func (m *Model) predictDocument(qs []DocQuote, beta float64) [][]Prediction {
	var keys []string
	for _, q := range qs {
		spk := namedSpeaker(q.In.Speaker)
		for _, t := range q.Targets {
			k := ""
			if beta > 0 && spk != "" {
				k = spk + "\x00" + t
			}
			keys = append(keys, k)
		}
	}
	group := groupsOf(keys)
	raw := make([]scored, 0, len(keys))
	v := m.getView()
	defer m.putView(v)
	for _, q := range qs {
		loaded := false
		for _, target := range q.Targets {
			all := group[len(raw)] >= 0
			k, ok := m.byName[target]
			if !ok {
				// An unknown target adds its own lexicon hits: scored alone.
				ts := append(m.targets[:len(m.targets):len(m.targets)], autoTarget(target))
				m.ext.load(v, &q.In)
				matchQuote(v, ts)
				loaded = false
				raw = append(raw, m.score(v, &q.In, ts, len(ts)-1, target, all))
				continue
			}
			if !loaded {
				m.ext.load(v, &q.In)
				matchQuote(v, m.targets)
				loaded = true
			}
			raw = append(raw, m.score(v, &q.In, m.targets, k, target, all))
		}
	}
	z := make([][3]float64, len(raw))
	for i := range raw {
		z[i] = raw[i].z
	}
	z = smoothScores(z, group, beta)
	out := make([][]Prediction, len(qs))
	i := 0
	for qi, q := range qs {
		out[qi] = make([]Prediction, len(q.Targets))
		for j := range q.Targets {
			out[qi][j] = m.finish(&raw[i], z[i])
			i++
		}
	}
	return out
}

// PredictExamples predicts every stance example (gold quotes and targets)
// with the consistency of the speakers' quotes within each article, as
// PredictDocument does for a document.
func (m *Model) PredictExamples(exs []Example) []Prediction {
	out := make([]Prediction, len(exs))
	byArt := map[string][]int{}
	var order []string
	for i, ex := range exs {
		if _, ok := byArt[ex.ArticleID]; !ok {
			order = append(order, ex.ArticleID)
		}
		byArt[ex.ArticleID] = append(byArt[ex.ArticleID], i)
	}
	for _, a := range order {
		idx := byArt[a]
		qs := make([]DocQuote, len(idx))
		for k, i := range idx {
			qs[k] = DocQuote{In: exs[i].Input, Targets: []string{exs[i].Target}}
		}
		for k, p := range m.PredictDocument(qs) {
			out[idx[k]] = p[0]
		}
	}
	return out
}
