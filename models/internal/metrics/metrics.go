// Package metrics computes the classification and calibration figures the
// models package needs while training and the trainer writes into REPORT.md:
// per-class precision, recall and F1 with supports, macro-F1, the SemEval
// F_avg (mean F1 of favor and against), expected calibration error and the
// multi-class Brier score. Labels are class indices into corpus.Labels.
package metrics

import "math"

// Class holds one class's figures and its support (gold count).
type Class struct {
	P, R, F1 float64
	Support  int
	Pred     int // times predicted
}

// Scores summarizes predictions against gold labels.
type Scores struct {
	Classes   []Class
	MacroF1   float64 // mean F1 over all classes
	FAvg      float64 // mean F1 of classes 0 and 1 (favor, against)
	Accuracy  float64
	N         int
	Confusion [][]int // [gold][pred]
}

// Compute scores pred against gold over k classes.
func Compute(gold, pred []int, k int) Scores {
	s := Scores{Classes: make([]Class, k), N: len(gold), Confusion: make([][]int, k)}
	for i := range s.Confusion {
		s.Confusion[i] = make([]int, k)
	}
	correct := 0
	for i := range gold {
		s.Confusion[gold[i]][pred[i]]++
		if gold[i] == pred[i] {
			correct++
		}
	}
	for c := range k {
		tp := s.Confusion[c][c]
		for j := range k {
			s.Classes[c].Support += s.Confusion[c][j]
			s.Classes[c].Pred += s.Confusion[j][c]
		}
		cl := &s.Classes[c]
		if cl.Pred > 0 {
			cl.P = float64(tp) / float64(cl.Pred)
		}
		if cl.Support > 0 {
			cl.R = float64(tp) / float64(cl.Support)
		}
		if cl.P+cl.R > 0 {
			cl.F1 = 2 * cl.P * cl.R / (cl.P + cl.R)
		}
		s.MacroF1 += cl.F1 / float64(k)
	}
	if k >= 2 {
		s.FAvg = (s.Classes[0].F1 + s.Classes[1].F1) / 2
	}
	if len(gold) > 0 {
		s.Accuracy = float64(correct) / float64(len(gold))
	}
	return s
}

// ECE is the expected calibration error of the top-class probability over
// 10 equal-width bins.
func ECE(probs [][]float64, gold []int) float64 {
	const bins = 10
	var conf, acc [bins]float64
	var n [bins]int
	for i, p := range probs {
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		b := min(int(p[best]*bins), bins-1)
		conf[b] += p[best]
		if best == gold[i] {
			acc[b]++
		}
		n[b]++
	}
	var e float64
	for b := range bins {
		if n[b] > 0 {
			e += math.Abs(conf[b]-acc[b]) / float64(len(probs))
		}
	}
	return e
}

// Brier is the multi-class Brier score: the mean over examples of the
// squared distance between the probability vector and the one-hot gold.
func Brier(probs [][]float64, gold []int) float64 {
	if len(probs) == 0 {
		return 0
	}
	var s float64
	for i, p := range probs {
		for c := range p {
			y := 0.0
			if c == gold[i] {
				y = 1
			}
			s += (p[c] - y) * (p[c] - y)
		}
	}
	return s / float64(len(probs))
}

// NLL is the mean negative log-likelihood of the gold classes.
func NLL(probs [][]float64, gold []int) float64 {
	if len(probs) == 0 {
		return 0
	}
	var s float64
	for i, p := range probs {
		s -= math.Log(max(p[gold[i]], 1e-12))
	}
	return s / float64(len(probs))
}
