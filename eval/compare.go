package eval

// A Comparison is the paired-bootstrap difference of one figure between two
// sets of predictions on the same articles.
type Comparison struct {
	Figure string   `json:"figure"` // "f_avg", "macro_f1" or "accuracy"
	Label  string   `json:"label"`
	A      string   `json:"a"` // names of the two prediction sets
	B      string   `json:"b"`
	ValueA float64  `json:"value_a"`
	ValueB float64  `json:"value_b"`
	NA     int      `json:"n_a"` // items behind each value
	NB     int      `json:"n_b"`
	Diff   Interval `json:"diff"` // A - B, with its 95% interval
	P      float64  `json:"p"`    // two-sided p-value of no difference (see PairedBootstrap)
}

// Compare compares predictions a (named nameA) with b (nameB) on F_avg,
// macro-F1 and accuracy, each with PairedBootstrap(reps, seed). Set the
// result as Report.Comparisons to have it written. It panics if reps < 1.
func Compare(a, b []StanceItem, nameA, nameB string, reps int, seed uint64) []Comparison {
	stats := []struct {
		name, label string
		f           func([]StanceItem) float64
	}{
		{"f_avg", "F_avg (pooled)", FAvgStat},
		{"macro_f1", "macro-F1 (favor, against, neutral)", MacroF1Stat},
		{"accuracy", "accuracy", AccuracyStat},
	}
	var out []Comparison
	for _, s := range stats {
		d, p := PairedBootstrap(a, b, s.f, reps, seed)
		out = append(out, Comparison{
			Figure: s.name, Label: s.label, A: nameA, B: nameB,
			ValueA: s.f(a), ValueB: s.f(b), NA: len(a), NB: len(b), Diff: d, P: p,
		})
	}
	return out
}
