package eval

import (
	"math"
	"slices"

	"github.com/stance-project/stance/corpus"
)

// ClassScores are the scores of one class.
type ClassScores struct {
	Label     corpus.Label `json:"label"`
	Precision float64      `json:"precision"`
	Recall    float64      `json:"recall"`
	F1        float64      `json:"f1"`
	Support   int          `json:"support"`   // items whose gold class this is
	Predicted int          `json:"predicted"` // items predicted as this class
}

// Scores are the figures of one set of items.
type Scores struct {
	N        int `json:"n"`        // items
	Articles int `json:"articles"` // distinct articles among them
	// Classes holds the scores of favor, against, neutral and unrelated,
	// in the order of Classes.
	Classes   [4]ClassScores `json:"classes"`
	MacroF1   float64        `json:"macro_f1"` // mean F1 of favor, against and neutral
	FAvg      float64        `json:"f_avg"`    // (F1 favor + F1 against) / 2
	Accuracy  float64        `json:"accuracy"` // over all items, unrelated included
	Confusion Confusion      `json:"confusion"`
}

// Class returns the scores of class l.
func (s Scores) Class(l corpus.Label) ClassScores { return s.Classes[classIndex(l)] }

// TargetScores are the figures of the items of one target.
type TargetScores struct {
	Target string `json:"target"`
	Scores
}

// StanceMetrics are the stance figures of a set of items.
type StanceMetrics struct {
	// Scores are pooled over targets: the SemEval-2016 F_avg is FAvg here.
	Scores
	// FAvgTargetMean is the mean over targets of each target's F_avg.
	FAvgTargetMean float64 `json:"f_avg_target_mean"`
	// Targets are the per-target figures, by target name.
	Targets []TargetScores `json:"targets"`
	// Majority is, for each target, the most frequent gold label among its
	// items (ties go to the earlier label in Classes): what the baseline
	// predicts.
	Majority map[string]corpus.Label `json:"majority,omitempty"`
	// Baseline holds the same figures for the majority-class baseline,
	// which predicts Majority[target] for every item; nil within a baseline.
	Baseline *StanceMetrics `json:"baseline,omitempty"`
}

// Target returns the figures of one target.
func (m StanceMetrics) Target(name string) (TargetScores, bool) {
	for _, t := range m.Targets {
		if t.Target == name {
			return t, true
		}
	}
	return TargetScores{}, false
}

// ComputeStance scores items: per-class precision, recall and F1, macro-F1,
// F_avg (pooled and mean over targets), accuracy and the confusion matrix,
// overall and per target, and the same figures for the majority-class
// baseline. It panics on a label other than favor, against, neutral,
// unrelated or "".
func ComputeStance(items []StanceItem) StanceMetrics {
	m := computeStance(items)
	m.Majority = majority(items)
	base := make([]StanceItem, len(items))
	copy(base, items)
	for i := range base {
		base[i].Pred = m.Majority[base[i].Target]
	}
	b := computeStance(base)
	m.Baseline = &b
	return m
}

// computeStance is ComputeStance without the baseline.
func computeStance(items []StanceItem) StanceMetrics {
	m := StanceMetrics{Scores: score(items)}
	byTarget := map[string][]StanceItem{}
	for _, it := range items {
		byTarget[it.Target] = append(byTarget[it.Target], it)
	}
	m.Targets = []TargetScores{}
	for _, t := range sortedKeys(byTarget) {
		s := score(byTarget[t])
		m.Targets = append(m.Targets, TargetScores{Target: t, Scores: s})
		m.FAvgTargetMean += s.FAvg
	}
	if len(m.Targets) > 0 {
		m.FAvgTargetMean /= float64(len(m.Targets))
	}
	return m
}

// score computes the figures of items pooled together.
func score(items []StanceItem) Scores {
	s := pooled(items)
	s.Articles = countArticles(items)
	return s
}

// scoreConfusion computes the figures of a confusion matrix (all but
// Articles).
func scoreConfusion(c Confusion) Scores {
	s := Scores{Confusion: c, N: c.Total()}
	for i, l := range Classes {
		tp := c[i][i]
		cs := ClassScores{Label: l, Support: c.Gold(l), Predicted: c.Predicted(l)}
		cs.Precision = ratio(tp, cs.Predicted)
		cs.Recall = ratio(tp, cs.Support)
		if cs.Precision+cs.Recall > 0 {
			cs.F1 = 2 * cs.Precision * cs.Recall / (cs.Precision + cs.Recall)
		}
		s.Classes[i] = cs
	}
	s.MacroF1 = (s.Classes[0].F1 + s.Classes[1].F1 + s.Classes[2].F1) / 3
	s.FAvg = (s.Classes[0].F1 + s.Classes[1].F1) / 2
	s.Accuracy = ratio(c.Correct(), s.N)
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// countArticles counts distinct article ids; an item without one is an
// article of its own.
func countArticles(items []StanceItem) int {
	seen := map[string]bool{}
	n := 0
	for _, it := range items {
		if it.ArticleID == "" {
			n++
			continue
		}
		if !seen[it.ArticleID] {
			seen[it.ArticleID] = true
			n++
		}
	}
	return n
}

// majority returns each target's most frequent gold label.
func majority(items []StanceItem) map[string]corpus.Label {
	counts := map[string]*[4]int{}
	for _, it := range items {
		c := counts[it.Target]
		if c == nil {
			c = new([4]int)
			counts[it.Target] = c
		}
		c[classIndex(it.Gold)]++
	}
	out := make(map[string]corpus.Label, len(counts))
	for t, c := range counts {
		best := 0
		for i := range c {
			if c[i] > c[best] {
				best = i
			}
		}
		out[t] = Classes[best]
	}
	return out
}

// figureValues returns the headline figures of m (see headline), then
// F_avg and macro-F1 of each target in targets: NaN for a target absent from
// m.
func figureValues(m StanceMetrics, targets []string) []float64 {
	v := []float64{m.FAvg, m.FAvgTargetMean, m.MacroF1, m.Accuracy, m.Classes[0].F1, m.Classes[1].F1, m.Classes[2].F1}
	for _, t := range targets {
		i := slices.IndexFunc(m.Targets, func(ts TargetScores) bool { return ts.Target == t })
		if i < 0 {
			v = append(v, math.NaN(), math.NaN())
			continue
		}
		v = append(v, m.Targets[i].FAvg, m.Targets[i].MacroF1)
	}
	return v
}

// quickFigures returns figureValues(computeStance(items), targets) without
// building the metrics, for bootstrap replicates; items of other targets
// count in the pooled figures only.
func quickFigures(items []StanceItem, targets []string) []float64 {
	var pooled Confusion
	per := make([]Confusion, len(targets))
	present := make([]bool, len(targets))
	others := map[string]*Confusion{}
	for _, it := range items {
		g, p := classIndex(it.Gold), classIndex(it.Pred)
		pooled[g][p]++
		if k := slices.Index(targets, it.Target); k >= 0 {
			per[k][g][p]++
			present[k] = true
			continue
		}
		c := others[it.Target]
		if c == nil {
			c = new(Confusion)
			others[it.Target] = c
		}
		c[g][p]++
	}
	all := scoreConfusion(pooled)
	v := []float64{all.FAvg, 0, all.MacroF1, all.Accuracy, all.Classes[0].F1, all.Classes[1].F1, all.Classes[2].F1}
	nt, sum := 0, 0.0
	for k := range targets {
		if !present[k] {
			v = append(v, math.NaN(), math.NaN())
			continue
		}
		s := scoreConfusion(per[k])
		v = append(v, s.FAvg, s.MacroF1)
		nt++
		sum += s.FAvg
	}
	for _, t := range sortedKeys(others) { // sorted: float sums depend on order
		nt++
		sum += scoreConfusion(*others[t]).FAvg
	}
	if nt > 0 {
		v[1] = sum / float64(nt)
	}
	return v
}

func nan() float64 { return math.NaN() }

// FAvgStat returns the pooled F_avg of items, as ComputeStance does but
// without the rest: a statistic for Bootstrap and PairedBootstrap.
func FAvgStat(items []StanceItem) float64 { return pooled(items).FAvg }

// MacroF1Stat returns the macro-F1 (favor, against, neutral) of items: a
// statistic for Bootstrap and PairedBootstrap.
func MacroF1Stat(items []StanceItem) float64 { return pooled(items).MacroF1 }

// AccuracyStat returns the accuracy of items: a statistic for Bootstrap
// and PairedBootstrap.
func AccuracyStat(items []StanceItem) float64 { return pooled(items).Accuracy }

func pooled(items []StanceItem) Scores {
	var c Confusion
	for _, it := range items {
		c.Add(it.Gold, it.Pred)
	}
	return scoreConfusion(c)
}
