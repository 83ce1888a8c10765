package eval

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// calibrated returns n items whose top probability c is right with
// probability c: a perfectly calibrated model.
func calibrated(seed uint64, n int) []StanceItem {
	rng := rand.New(rand.NewPCG(seed, 3))
	items := make([]StanceItem, n)
	for i := range items {
		c := 1.0/3 + rng.Float64()*2/3
		top := rng.IntN(3)
		var p [3]float64
		for k := range p {
			p[k] = (1 - c) / 2
		}
		p[top] = c
		gold := top
		if rng.Float64() >= c {
			gold = (top + 1 + rng.IntN(2)) % 3
		}
		items[i] = StanceItem{Target: "peace", Gold: corpus.Labels[gold], Pred: corpus.Labels[top], Probs: p}
	}
	return items
}

func TestCalibrationPerfect(t *testing.T) {
	r := Calibration(calibrated(1, 20000), 10)
	if r.N != 20000 || r.ECE > 0.02 {
		t.Errorf("calibrated data: N %d, ECE %.4f; want ECE near 0", r.N, r.ECE)
	}
	if r.Brier >= r.BrierBaseline {
		t.Errorf("Brier %.3f not better than the uninformed %.3f", r.Brier, r.BrierBaseline)
	}
	total := 0
	for _, b := range r.Bins {
		total += b.N
	}
	if total != r.N {
		t.Errorf("bins hold %d items, want %d", total, r.N)
	}
}

func TestCalibrationOverconfident(t *testing.T) {
	items := calibrated(2, 5000)
	for i := range items {
		items[i].Gold = corpus.Labels[(items[i].Pred.Index()+1)%3] // always wrong
	}
	r := Calibration(items, 10)
	if r.ECE < 0.3 {
		t.Errorf("always wrong: ECE %.3f, want large", r.ECE)
	}
}

func TestCalibrationSkipsAndEdges(t *testing.T) {
	items := []StanceItem{
		{Gold: corpus.Favor, Probs: [3]float64{1, 0, 0}},         // confidence 1 goes in the last bin
		{Gold: corpus.Unrelated, Probs: [3]float64{0.5, 0.5, 0}}, // skipped
		{Gold: corpus.Against},                                   // no probabilities
		{Gold: corpus.Neutral, Probs: [3]float64{0.4, 0.4, 0.2}}, // tie: favor is the top class
	}
	r := Calibration(items, 5)
	if r.N != 2 || r.Skipped != 1 || r.Bins[4].N != 1 || r.Bins[2].N != 1 || r.Bins[2].Accuracy != 0 {
		t.Errorf("got %+v", r)
	}
	wantBrier := (0 + (0.16 + 0.16 + 0.64)) / 2
	if math.Abs(r.Brier-wantBrier) > 1e-12 {
		t.Errorf("Brier %v, want %v", r.Brier, wantBrier)
	}
	if e := Calibration(nil, 3); e.N != 0 || e.ECE != 0 || len(e.Bins) != 3 {
		t.Errorf("empty: %+v", e)
	}
}
