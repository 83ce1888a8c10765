package eval

import "math"

// DefaultBins is the number of reliability bins reports use unless told.
const DefaultBins = 10

// A CalibrationBin is one bar of a reliability diagram: the items whose
// confidence lies in [Lo, Hi) ([Lo, Hi] for the last bin).
type CalibrationBin struct {
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	N          int     `json:"n"`
	Confidence float64 `json:"confidence"` // mean top probability; 0 when N is 0
	Accuracy   float64 `json:"accuracy"`   // share whose top class is the gold one; 0 when N is 0
}

// A CalibrationResult measures how well the probabilities of a model match
// how often it is right.
type CalibrationResult struct {
	// N is the number of items scored: those with probabilities and a gold
	// stance label. Skipped counts items with probabilities but gold
	// Unrelated, which have no true class among favor, against, neutral.
	N       int `json:"n"`
	Skipped int `json:"skipped"`
	// ECE is the expected calibration error of the top class: the
	// N-weighted mean over bins of |accuracy - confidence|. MCE is the
	// largest such gap over non-empty bins.
	ECE float64 `json:"ece"`
	MCE float64 `json:"mce"`
	// Brier is the multiclass Brier score: the mean over items of the sum
	// over favor, against, neutral of (p - y)², from 0 (best) to 2.
	// BrierBaseline is the Brier score of always predicting the gold class
	// frequencies of these items, the uninformed forecast to beat.
	Brier         float64          `json:"brier"`
	BrierBaseline float64          `json:"brier_baseline"`
	Bins          []CalibrationBin `json:"bins"`
}

// Calibration measures the calibration of the items' probabilities in bins
// equal-width confidence bins. An item counts when it has probabilities
// (HasProbs) and its gold label is a stance; its confidence is its largest
// probability and it is right when that class (the first in corpus.Labels
// on ties) is the gold label, whatever Pred says. It panics if bins < 1.
func Calibration(items []StanceItem, bins int) CalibrationResult {
	if bins < 1 {
		panic("eval: calibration needs at least one bin")
	}
	r := CalibrationResult{Bins: make([]CalibrationBin, bins)}
	for b := range r.Bins {
		r.Bins[b].Lo, r.Bins[b].Hi = float64(b)/float64(bins), float64(b+1)/float64(bins)
	}
	var freq [3]float64
	for _, it := range items {
		if !it.HasProbs() {
			continue
		}
		g := classIndex(it.Gold)
		if g == 3 {
			r.Skipped++
			continue
		}
		r.N++
		freq[g]++
		top := 0
		for k := 1; k < 3; k++ {
			if it.Probs[k] > it.Probs[top] {
				top = k
			}
		}
		conf := it.Probs[top]
		b := min(max(int(conf*float64(bins)), 0), bins-1)
		bin := &r.Bins[b]
		bin.N++
		bin.Confidence += conf
		if top == g {
			bin.Accuracy++
		}
		r.Brier += brier(it.Probs, g)
	}
	if r.N == 0 {
		return r
	}
	for b := range r.Bins {
		bin := &r.Bins[b]
		if bin.N == 0 {
			continue
		}
		bin.Confidence /= float64(bin.N)
		bin.Accuracy /= float64(bin.N)
		gap := math.Abs(bin.Accuracy - bin.Confidence)
		r.ECE += float64(bin.N) / float64(r.N) * gap
		r.MCE = max(r.MCE, gap)
	}
	r.Brier /= float64(r.N)
	for k := range freq {
		freq[k] /= float64(r.N)
	}
	for _, it := range items {
		if it.HasProbs() && classIndex(it.Gold) < 3 {
			r.BrierBaseline += brier(freq, classIndex(it.Gold))
		}
	}
	r.BrierBaseline /= float64(r.N)
	return r
}

func brier(p [3]float64, gold int) float64 {
	s := 0.0
	for k, v := range p {
		y := 0.0
		if k == gold {
			y = 1
		}
		s += (v - y) * (v - y)
	}
	return s
}
