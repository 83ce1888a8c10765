package eval

import (
	"fmt"
	"math"
	"slices"

	"github.com/stance-project/stance/corpus"
)

// Folds splits items into k folds for cross-validation, grouped by article
// and stratified by label. groups[i] is item i's article and labels[i] its
// label (for stance, the gold label; Unrelated counts as a class). No
// article is ever split across folds, every item is in exactly one fold,
// and each fold's share of every label is kept as close as the articles
// allow to the share in all items. It returns the item indexes of each
// fold, ascending.
//
// Articles are shuffled with seed, then placed one by one, those with
// the most items first, in the fold that keeps the per-label shares most
// even (as scikit-learn's StratifiedGroupKFold does), ties going to the
// smaller fold: the same input and seed give the same folds. With fewer
// articles than k some folds are empty. It panics if k < 2 or the slices
// differ in length.
func Folds(groups []string, labels []corpus.Label, k int, seed uint64) [][]int {
	if k < 2 {
		panic(fmt.Sprintf("eval: %d folds; need at least 2", k))
	}
	if len(groups) != len(labels) {
		panic(fmt.Sprintf("eval: %d groups for %d labels", len(groups), len(labels)))
	}
	type article struct {
		items  []int
		counts [4]float64
	}
	pos := map[string]int{}
	var arts []*article
	var total [4]float64
	for i, g := range groups {
		j, ok := pos[g]
		if !ok {
			j = len(arts)
			pos[g] = j
			arts = append(arts, &article{})
		}
		c := classIndex(labels[i])
		arts[j].items = append(arts[j].items, i)
		arts[j].counts[c]++
		total[c]++
	}
	rng := newRand(seed)
	rng.Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
	slices.SortStableFunc(arts, func(a, b *article) int { return len(b.items) - len(a.items) })

	foldCounts := make([][4]float64, k)
	foldSize := make([]int, k)
	folds := make([][]int, k)
	for _, a := range arts {
		best, bestCost := -1, math.Inf(1)
		for f := range k {
			foldCounts[f] = addCounts(foldCounts[f], a.counts, 1)
			cost := spreadCost(foldCounts, total)
			foldCounts[f] = addCounts(foldCounts[f], a.counts, -1)
			if cost < bestCost-1e-12 || (math.Abs(cost-bestCost) <= 1e-12 && foldSize[f] < foldSize[best]) {
				best, bestCost = f, cost
			}
		}
		foldCounts[best] = addCounts(foldCounts[best], a.counts, 1)
		foldSize[best] += len(a.items)
		folds[best] = append(folds[best], a.items...)
	}
	for f := range folds {
		slices.Sort(folds[f])
		if folds[f] == nil {
			folds[f] = []int{}
		}
	}
	return folds
}

func addCounts(a, b [4]float64, sign float64) [4]float64 {
	for i := range a {
		a[i] += sign * b[i]
	}
	return a
}

// spreadCost is the mean over labels of the standard deviation across folds
// of the fold's share of that label.
func spreadCost(folds [][4]float64, total [4]float64) float64 {
	cost, labels := 0.0, 0
	for c := range total {
		if total[c] == 0 {
			continue
		}
		labels++
		mean := 0.0
		for _, f := range folds {
			mean += f[c] / total[c]
		}
		mean /= float64(len(folds))
		v := 0.0
		for _, f := range folds {
			d := f[c]/total[c] - mean
			v += d * d
		}
		cost += math.Sqrt(v / float64(len(folds)))
	}
	if labels == 0 {
		return 0
	}
	return cost / float64(labels)
}

// TrainTest returns the training indexes (all other folds, ascending) and
// the test indexes (fold i) of a split made by Folds.
func TrainTest(folds [][]int, i int) (train, test []int) {
	for f, idx := range folds {
		if f != i {
			train = append(train, idx...)
		}
	}
	slices.Sort(train)
	return train, folds[i]
}

// A Spread summarizes one figure across folds or runs.
type Spread struct {
	N    int     `json:"n"`    // values summarized
	Mean float64 `json:"mean"` // arithmetic mean
	SD   float64 `json:"sd"`   // sample standard deviation (n-1); 0 when n < 2
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// Summarize returns the mean and spread of values; all zero when empty.
func Summarize(values []float64) Spread {
	s := Spread{N: len(values)}
	if len(values) == 0 {
		return s
	}
	s.Min, s.Max = values[0], values[0]
	for _, v := range values {
		s.Mean += v
		s.Min, s.Max = min(s.Min, v), max(s.Max, v)
	}
	s.Mean /= float64(len(values))
	if len(values) > 1 {
		for _, v := range values {
			s.SD += (v - s.Mean) * (v - s.Mean)
		}
		s.SD = math.Sqrt(s.SD / float64(len(values)-1))
	}
	return s
}

// A CVSummary gives the headline figures of a cross-validation, each as
// its mean and spread over folds.
type CVSummary struct {
	K       int            `json:"k"`
	N       int            `json:"n"` // items over all folds
	Figures []SpreadFigure `json:"figures"`
}

// A SpreadFigure is one named figure summarized over folds.
type SpreadFigure struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Spread
}

// SummarizeFolds summarizes the metrics of each fold's test items (one
// ComputeStance per fold): mean and spread of each headline figure.
func SummarizeFolds(folds []StanceMetrics) *CVSummary {
	s := &CVSummary{K: len(folds)}
	names := headline()
	vals := make([][]float64, len(names))
	for _, m := range folds {
		s.N += m.N
		for j, v := range figureValues(m, nil) {
			vals[j] = append(vals[j], v)
		}
	}
	for j, h := range names {
		s.Figures = append(s.Figures, SpreadFigure{Name: h.name, Label: h.label, Spread: Summarize(vals[j])})
	}
	return s
}
