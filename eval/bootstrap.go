package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// DefaultReps is the number of bootstrap replicates reports use unless told.
const DefaultReps = 1000

// An Interval is a bootstrap confidence interval around a point estimate.
type Interval struct {
	Point  float64 `json:"point"`  // the statistic on all items
	Lo     float64 `json:"lo"`     // lower bound
	Hi     float64 `json:"hi"`     // upper bound
	Level  float64 `json:"level"`  // 0.95
	Reps   int     `json:"reps"`   // replicates drawn (those where the statistic was defined)
	Groups int     `json:"groups"` // articles resampled
}

// Contains reports whether v lies in [Lo, Hi].
func (iv Interval) Contains(v float64) bool { return iv.Lo <= v && v <= iv.Hi }

// Bootstrap returns a 95% percentile bootstrap interval for stat(items).
// Each of reps replicates draws as many articles as items has, with
// replacement, and takes all the items of each article drawn: quotes of
// one article are not independent, so articles, not quotes, are resampled.
// An item without an ArticleID is an article of its own. The interval is
// deterministic given seed. stat must not keep its argument, which is
// reused; a NaN result drops that replicate. It panics if reps < 1.
func Bootstrap(items []StanceItem, stat func([]StanceItem) float64, reps int, seed uint64) Interval {
	iv := bootstrapMany(items, func(s []StanceItem) []float64 { return []float64{stat(s)} }, reps, seed)
	return iv[0]
}

// bootstrapMany is Bootstrap for a vector of statistics computed together.
func bootstrapMany(items []StanceItem, stat func([]StanceItem) []float64, reps int, seed uint64) []Interval {
	if reps < 1 {
		panic("eval: bootstrap needs at least one replicate")
	}
	point := stat(items)
	groups := groupArticles(items)
	rng := newRand(seed)
	samples := make([][]float64, len(point))
	var buf []StanceItem
	for range reps {
		buf = buf[:0]
		for range groups {
			for _, i := range groups[rng.IntN(len(groups))] {
				buf = append(buf, items[i])
			}
		}
		for k, v := range stat(buf) {
			if !math.IsNaN(v) {
				samples[k] = append(samples[k], v)
			}
		}
	}
	out := make([]Interval, len(point))
	for k := range point {
		out[k] = percentileInterval(point[k], samples[k], len(groups))
	}
	return out
}

// PairedBootstrap compares two sets of predictions scored on the same
// articles, a and b (two models, or two prediction files: their items need
// not line up one to one, as end-to-end items do not). Each replicate draws
// articles from those of a and b together and computes stat on a's and on
// b's items of the drawn articles. It returns the 95% percentile interval
// of stat(a) - stat(b) and a two-sided p-value for "no difference" read off
// the same replicates: twice the share of replicate differences on the far
// side of zero (<= 0 when the observed difference is positive, >= 0 when
// negative), as 2(1 + count)/(1 + replicates), capped at 1. So p < 0.05
// goes with an interval that excludes zero. Items without an ArticleID pair
// by position. It panics if reps < 1.
func PairedBootstrap(a, b []StanceItem, stat func([]StanceItem) float64, reps int, seed uint64) (diff Interval, p float64) {
	if reps < 1 {
		panic("eval: bootstrap needs at least one replicate")
	}
	d := stat(a) - stat(b)
	ga, gb := groupMap(a), groupMap(b)
	var keys []string
	seen := map[string]bool{}
	for _, k := range append(groupKeys(a), groupKeys(b)...) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	rng := newRand(seed)
	var samples []float64
	var bufA, bufB []StanceItem
	le, ge := 0, 0
	for range reps {
		bufA, bufB = bufA[:0], bufB[:0]
		for range keys {
			k := keys[rng.IntN(len(keys))]
			for _, i := range ga[k] {
				bufA = append(bufA, a[i])
			}
			for _, i := range gb[k] {
				bufB = append(bufB, b[i])
			}
		}
		v := stat(bufA) - stat(bufB)
		if math.IsNaN(v) {
			continue
		}
		samples = append(samples, v)
		if v <= 0 {
			le++
		}
		if v >= 0 {
			ge++
		}
	}
	diff = percentileInterval(d, samples, len(keys))
	p = min(1, 2*float64(1+min(le, ge))/float64(1+len(samples)))
	return diff, p
}

func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// groupKeys returns the article key of each item: its ArticleID, or its
// position when it has none.
func groupKeys(items []StanceItem) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		if it.ArticleID == "" {
			keys[i] = "\x00" + strconv.Itoa(i)
		} else {
			keys[i] = it.ArticleID
		}
	}
	return keys
}

// groupArticles returns the item indexes of each article, articles in order
// of first appearance.
func groupArticles(items []StanceItem) [][]int {
	pos := map[string]int{}
	var groups [][]int
	for i, k := range groupKeys(items) {
		g, ok := pos[k]
		if !ok {
			g = len(groups)
			pos[k] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

func groupMap(items []StanceItem) map[string][]int {
	m := map[string][]int{}
	for i, k := range groupKeys(items) {
		m[k] = append(m[k], i)
	}
	return m
}

// percentileInterval returns the 2.5% and 97.5% percentiles of samples
// (sorted in place) around point.
func percentileInterval(point float64, samples []float64, groups int) Interval {
	iv := Interval{Point: point, Level: 0.95, Reps: len(samples), Groups: groups, Lo: point, Hi: point}
	if len(samples) == 0 {
		return iv
	}
	slices.Sort(samples)
	iv.Lo = quantile(samples, 0.025)
	iv.Hi = quantile(samples, 0.975)
	return iv
}

// quantile returns the q-quantile of sorted x by linear interpolation
// between order statistics (NumPy's default, Hyndman and Fan type 7).
func quantile(x []float64, q float64) float64 {
	h := q * float64(len(x)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}
