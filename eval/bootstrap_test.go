package eval

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// synthItems returns n articles of 2 to 6 items each, over three targets,
// predicted right with probability acc.
func synthItems(seed uint64, n int, acc float64) []StanceItem {
	rng := rand.New(rand.NewPCG(seed, 1))
	var items []StanceItem
	for a := range n {
		for q := range 2 + rng.IntN(5) {
			gold := Classes[rng.IntN(4)]
			pred := gold
			if rng.Float64() > acc {
				pred = Classes[rng.IntN(4)]
			}
			items = append(items, StanceItem{
				ArticleID: fmt.Sprintf("art%03d", a), QuoteID: fmt.Sprintf("art%03d#q%d", a, q+1),
				Target: corpus.DefaultTargetNames[rng.IntN(3)], Gold: gold, Pred: pred,
			})
		}
	}
	return items
}

func fAvg(items []StanceItem) float64 { return ComputeStance(items).FAvg }

func TestBootstrapDeterministicAndContainsPoint(t *testing.T) {
	items := synthItems(7, 80, 0.7)
	a := Bootstrap(items, FAvgStat, 500, 42)
	b := Bootstrap(items, FAvgStat, 500, 42)
	if a != b {
		t.Errorf("same seed, different intervals: %+v, %+v", a, b)
	}
	if c := Bootstrap(items, FAvgStat, 500, 43); c == a {
		t.Errorf("different seeds, same interval %+v", c)
	}
	if !a.Contains(a.Point) || a.Lo >= a.Hi {
		t.Errorf("interval %+v does not contain its point estimate", a)
	}
	if a.Point != fAvg(items) || a.Reps != 500 || a.Groups != 80 || a.Level != 0.95 {
		t.Errorf("interval %+v: want point %v, 500 reps, 80 groups", a, fAvg(items))
	}
	if w := a.Hi - a.Lo; w > 0.3 {
		t.Errorf("interval %+v implausibly wide", a)
	}
}

func TestBootstrapResamplesArticles(t *testing.T) {
	// One article holds every item: resampling articles can only draw it,
	// so every replicate equals the point estimate. Resampling quotes would
	// not.
	items := synthItems(3, 30, 0.6)
	for i := range items {
		items[i].ArticleID = "only"
	}
	iv := Bootstrap(items, FAvgStat, 200, 1)
	if iv.Lo != iv.Point || iv.Hi != iv.Point || iv.Groups != 1 {
		t.Errorf("one article: interval %+v, want [point, point]", iv)
	}
	// Without article ids each item is its own article, and the interval opens.
	for i := range items {
		items[i].ArticleID = ""
	}
	if iv := Bootstrap(items, FAvgStat, 200, 1); iv.Lo == iv.Hi || iv.Groups != len(items) {
		t.Errorf("items as articles: interval %+v", iv)
	}
}

func TestBootstrapPanicsWithoutReps(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for 0 replicates")
		}
	}()
	Bootstrap(nil, fAvg, 0, 1)
}

func TestPairedBootstrap(t *testing.T) {
	good := synthItems(11, 100, 0.9)
	bad := make([]StanceItem, len(good))
	copy(bad, good)
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range bad {
		if rng.Float64() < 0.5 {
			bad[i].Pred = Classes[rng.IntN(4)]
		}
	}
	d, p := PairedBootstrap(good, bad, FAvgStat, 1000, 9)
	if d.Point <= 0 || d.Lo <= 0 || p > 0.01 {
		t.Errorf("clearly better model: diff %+v, p %v; want an interval above 0 and p < 0.01", d, p)
	}
	d2, p2 := PairedBootstrap(good, bad, FAvgStat, 1000, 9)
	if d != d2 || p != p2 {
		t.Error("paired bootstrap not deterministic")
	}
	same, ps := PairedBootstrap(good, good, fAvg, 300, 9)
	if same.Point != 0 || same.Lo != 0 || same.Hi != 0 || ps != 1 {
		t.Errorf("a model against itself: diff %+v, p %v; want [0, 0] and p 1", same, ps)
	}
	// Items need not line up: end-to-end items of two systems differ.
	extra := append(append([]StanceItem{}, bad...), StanceItem{ArticleID: "art000", Target: "peace", Gold: corpus.Unrelated, Pred: corpus.Favor, Spurious: true})
	if d3, _ := PairedBootstrap(good, extra, fAvg, 200, 9); d3.Groups != 100 {
		t.Errorf("groups %d, want 100 articles", d3.Groups)
	}
}

func TestQuantile(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	for _, c := range []struct{ q, want float64 }{{0, 1}, {0.25, 2}, {0.5, 3}, {0.975, 4.9}, {1, 5}} {
		if got := quantile(x, c.q); got != c.want && (got-c.want > 1e-12 || c.want-got > 1e-12) {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
}

func TestCompare(t *testing.T) {
	good := synthItems(12, 60, 0.9)
	bad := append([]StanceItem{}, good...)
	for i := range bad {
		if i%3 == 0 {
			bad[i].Pred = Classes[(classIndex(bad[i].Gold)+1)%4]
		}
	}
	cs := Compare(good, bad, "good", "bad", 300, 2)
	if len(cs) != 3 {
		t.Fatalf("%d comparisons, want 3", len(cs))
	}
	for _, c := range cs {
		if c.A != "good" || c.NA != len(good) || c.Diff.Point != c.ValueA-c.ValueB || c.Diff.Lo <= 0 || c.P > 0.05 {
			t.Errorf("%s: %+v; want good clearly ahead", c.Figure, c)
		}
	}
}
