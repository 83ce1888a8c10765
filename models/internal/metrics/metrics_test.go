package metrics

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCompute(t *testing.T) {
	s := Compute([]int{0, 0, 1, 1, 2, 2}, []int{0, 1, 1, 1, 2, 0}, 3)
	want := []Class{{P: 0.5, R: 0.5, F1: 0.5, Support: 2, Pred: 2}, {P: 2.0 / 3, R: 1, F1: 0.8, Support: 2, Pred: 3}, {P: 1, R: 0.5, F1: 2.0 / 3, Support: 2, Pred: 1}}
	for c, w := range want {
		g := s.Classes[c]
		if !near(g.P, w.P) || !near(g.R, w.R) || !near(g.F1, w.F1) || g.Support != w.Support || g.Pred != w.Pred {
			t.Errorf("class %d: got %+v, want %+v", c, g, w)
		}
	}
	if !near(s.MacroF1, (0.5+0.8+2.0/3)/3) || !near(s.FAvg, 0.65) || !near(s.Accuracy, 4.0/6) {
		t.Errorf("macro %v favg %v acc %v", s.MacroF1, s.FAvg, s.Accuracy)
	}
}

func TestCalibrationScores(t *testing.T) {
	p := [][]float64{{1, 0, 0}, {0, 1, 0}}
	if e, b := ECE(p, []int{0, 1}), Brier(p, []int{0, 1}); e != 0 || b != 0 {
		t.Errorf("perfect: ECE %v Brier %v", e, b)
	}
	u := [][]float64{{1.0 / 3, 1.0 / 3, 1.0 / 3}}
	if b := Brier(u, []int{0}); !near(b, 4.0/9+1.0/9+1.0/9) {
		t.Errorf("uniform Brier %v", b)
	}
	if e := ECE([][]float64{{0.9, 0.1, 0}, {0.9, 0.1, 0}}, []int{0, 1}); !near(e, 0.4) {
		t.Errorf("ECE %v, want 0.4", e)
	}
}
