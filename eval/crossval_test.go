package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stance-project/stance/corpus"
)

func foldData(seed uint64, articles int) (groups []string, labels []corpus.Label) {
	rng := rand.New(rand.NewPCG(seed, 2))
	for a := range articles {
		for range 1 + rng.IntN(6) {
			groups = append(groups, fmt.Sprintf("a%d", a))
			labels = append(labels, Classes[rng.IntN(4)])
		}
	}
	// Shuffle the rows: articles need not be contiguous.
	rng.Shuffle(len(groups), func(i, j int) {
		groups[i], groups[j] = groups[j], groups[i]
		labels[i], labels[j] = labels[j], labels[i]
	})
	return groups, labels
}

func TestFolds(t *testing.T) {
	groups, labels := foldData(1, 300)
	const k = 5
	folds := Folds(groups, labels, k, 17)
	if len(folds) != k {
		t.Fatalf("%d folds, want %d", len(folds), k)
	}
	seen := make([]int, len(groups))
	foldOf := map[string]int{}
	var total [4]float64
	for _, l := range labels {
		total[classIndex(l)]++
	}
	for f, idx := range folds {
		if !slices.IsSorted(idx) {
			t.Errorf("fold %d not sorted", f)
		}
		var counts [4]float64
		for _, i := range idx {
			seen[i]++
			counts[classIndex(labels[i])]++
			if g, ok := foldOf[groups[i]]; ok && g != f {
				t.Errorf("article %s split across folds %d and %d", groups[i], g, f)
			}
			foldOf[groups[i]] = f
		}
		// Stratified: each fold holds about 1/k of every label.
		for c := range counts {
			if share := counts[c] / total[c]; math.Abs(share-1.0/k) > 0.03 {
				t.Errorf("fold %d holds %.3f of %s, want about %.2f", f, share, Classes[c], 1.0/k)
			}
		}
		if n := len(idx); math.Abs(float64(n)/float64(len(groups))-1.0/k) > 0.03 {
			t.Errorf("fold %d has %d of %d items", f, n, len(groups))
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("item %d is in %d folds", i, n)
		}
	}
	if again := Folds(groups, labels, k, 17); !slices.EqualFunc(folds, again, slices.Equal) {
		t.Error("same seed, different folds")
	}
	if other := Folds(groups, labels, k, 18); slices.EqualFunc(folds, other, slices.Equal) {
		t.Error("different seeds, same folds")
	}
	train, test := TrainTest(folds, 2)
	if len(train)+len(test) != len(groups) || !slices.IsSorted(train) {
		t.Errorf("TrainTest: %d + %d items, want %d", len(train), len(test), len(groups))
	}
}

func TestFoldsFewArticles(t *testing.T) {
	folds := Folds([]string{"a", "a", "b"}, []corpus.Label{corpus.Favor, corpus.Against, corpus.Favor}, 3, 1)
	n := 0
	for _, f := range folds {
		if f == nil {
			t.Error("nil fold; want empty")
		}
		n += len(f)
	}
	if n != 3 || len(folds) != 3 {
		t.Errorf("folds %v", folds)
	}
}

func TestFoldsPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"k=1":      func() { Folds([]string{"a"}, []corpus.Label{corpus.Favor}, 1, 0) },
		"mismatch": func() { Folds([]string{"a"}, nil, 2, 0) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		})
	}
}

func TestSummarizeFolds(t *testing.T) {
	items := synthItems(4, 60, 0.7)
	var groups []string
	var labels []corpus.Label
	for _, it := range items {
		groups, labels = append(groups, it.ArticleID), append(labels, it.Gold)
	}
	var ms []StanceMetrics
	for _, idx := range Folds(groups, labels, 4, 1) {
		var sub []StanceItem
		for _, i := range idx {
			sub = append(sub, items[i])
		}
		ms = append(ms, ComputeStance(sub))
	}
	cv := SummarizeFolds(ms)
	if cv.K != 4 || cv.N != len(items) || len(cv.Figures) != len(headline()) {
		t.Fatalf("summary %+v", cv)
	}
	if f := cv.Figures[0]; f.Name != "f_avg" || f.N != 4 || f.Mean <= 0 || f.SD <= 0 || f.Min > f.Mean || f.Max < f.Mean {
		t.Errorf("F_avg over folds %+v", f)
	}
}
