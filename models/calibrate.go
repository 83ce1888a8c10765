package models

import "math"

// fitTemperature returns the temperature T that minimizes the negative
// log-likelihood of gold under softmax(scores/T), by golden-section search
// over log T in [log 0.05, log 20]. With no examples it returns 1.
func fitTemperature(scores [][3]float64, gold []int) float64 {
	if len(scores) == 0 {
		return 1
	}
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		var s float64
		var p [3]float64
		for i := range scores {
			softmax(scores[i][:], t, p[:])
			s -= math.Log(max(p[gold[i]], 1e-12))
		}
		return s
	}
	a, b := math.Log(0.05), math.Log(20)
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := nll(c), nll(d)
	for range 60 {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = nll(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = nll(d)
		}
	}
	return math.Exp((a + b) / 2)
}

// probsAt returns softmax(scores/t) for every example.
func probsAt(scores [][3]float64, t float64) [][]float64 {
	out := make([][]float64, len(scores))
	for i := range scores {
		out[i] = make([]float64, 3)
		softmax(scores[i][:], t, out[i])
	}
	return out
}
