package models

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// randomDataset makes n examples over nf features, k classes.
func randomDataset(rng *rand.Rand, n, nf, k int) *dataset {
	var r rawSet
	for range n {
		var fs []feat
		for range 1 + rng.IntN(6) {
			fs = append(fs, feat{idx: uint32(rng.IntN(nf)), val: float32(rng.NormFloat64())})
		}
		r.add(fs, rng.IntN(k))
	}
	d, _ := r.compact(1)
	return d
}

func TestGradientMatchesFiniteDifferences(t *testing.T) {
	for _, k := range []int{2, 3, 4} {
		for _, cw := range []string{"none", "balanced"} {
			rng := rand.New(rand.NewPCG(1, uint64(k)))
			d := randomDataset(rng, 40, 12, k)
			rows := make([]int, d.len())
			for i := range rows {
				rows[i] = i
			}
			lr := newLogreg(d, rows, k, 0.05, classWeights(d, rows, k, cw))
			x := make([]float64, lr.dim())
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			got := make([]float64, len(x))
			lr.eval(x, got)
			want := fd.Gradient(nil, func(x []float64) float64 { return lr.eval(x, nil) }, x, &fd.Settings{Formula: fd.Central})
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-6*math.Max(1, math.Abs(want[i])) {
					t.Fatalf("k=%d %s: grad[%d] = %g, finite differences give %g", k, cw, i, got[i], want[i])
				}
			}
			// Loss without gradient equals loss with it.
			if a, b := lr.eval(x, nil), lr.eval(x, got); a != b {
				t.Errorf("k=%d: loss %g without gradient, %g with", k, a, b)
			}
		}
	}
}

func TestSeparableDataConverges(t *testing.T) {
	// Feature c marks class c.
	var r rawSet
	for i := range 60 {
		c := i % 3
		r.add([]feat{{idx: uint32(c), val: 1}, {idx: 10, val: 1}}, c)
	}
	d, names := r.compact(1)
	rows := make([]int, d.len())
	for i := range rows {
		rows[i] = i
	}
	x, err := newLogreg(d, rows, 3, 1e-4, nil).fit(nil, fitConfig{})
	if err != nil {
		t.Fatal(err)
	}
	m := toLinear(x, names, 3, 8)
	for c := range 3 {
		var z [3]float64
		var p [3]float64
		m.scores([]feat{{idx: uint32(c), val: 1}, {idx: 10, val: 1}}, z[:])
		softmax(z[:], 1, p[:])
		if p[c] < 0.95 {
			t.Errorf("class %d: p = %v, want > 0.95 for the true class", c, p)
		}
	}
}

func TestUniformDataGivesUniformProbabilities(t *testing.T) {
	// The same features with every label equally often.
	var r rawSet
	for i := range 30 {
		r.add([]feat{{idx: 1, val: 1}, {idx: 2, val: 0.5}}, i%3)
	}
	d, names := r.compact(1)
	rows := make([]int, d.len())
	for i := range rows {
		rows[i] = i
	}
	x, err := newLogreg(d, rows, 3, 1e-3, nil).fit(nil, fitConfig{})
	if err != nil {
		t.Fatal(err)
	}
	m := toLinear(x, names, 3, 8)
	var z, p [3]float64
	m.scores([]feat{{idx: 1, val: 1}, {idx: 2, val: 0.5}}, z[:])
	softmax(z[:], 1, p[:])
	for c := range 3 {
		if math.Abs(p[c]-1.0/3) > 1e-4 {
			t.Errorf("p = %v, want uniform", p)
		}
	}
}
