package eval

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// reference is testdata/reference.json, made by testdata/reference.py.
type reference struct {
	Cases []struct {
		Name        string          `json:"name"`
		Items       []StanceItem    `json:"items"`
		Metrics     json.RawMessage `json:"metrics"`
		Calibration json.RawMessage `json:"calibration"`
	} `json:"cases"`
	Summarize struct {
		Values []float64 `json:"values"`
		Mean   float64   `json:"mean"`
		SD     float64   `json:"sd"`
	} `json:"summarize"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) == 0 {
		t.Fatal("no reference cases")
	}
	return ref
}

// sameJSON compares got, encoded as JSON, with want: the same keys
// everywhere, numbers within 1e-9.
func sameJSON(t *testing.T, got any, want json.RawMessage) {
	t.Helper()
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	var diffs []string
	compareJSON("", g, w, &diffs)
	for i, d := range diffs {
		if i == 10 {
			t.Errorf("... and %d more differences", len(diffs)-10)
			break
		}
		t.Error(d)
	}
}

func compareJSON(path string, got, want any, diffs *[]string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %T, want object", path, got))
			return
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			gv, gok := g[k]
			wv, wok := w[k]
			switch {
			case !gok:
				*diffs = append(*diffs, fmt.Sprintf("%s.%s: missing, want %v", path, k, wv))
			case !wok:
				*diffs = append(*diffs, fmt.Sprintf("%s.%s: unexpected %v", path, k, gv))
			default:
				compareJSON(path+"."+k, gv, wv, diffs)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %v, want %v", path, got, want))
			return
		}
		for i := range w {
			compareJSON(fmt.Sprintf("%s[%d]", path, i), g[i], w[i], diffs)
		}
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-9 {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %v, want %v", path, got, w))
		}
	default:
		if got != want {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %v, want %v", path, got, want))
		}
	}
}

func TestComputeStanceReference(t *testing.T) {
	for _, c := range loadReference(t).Cases {
		t.Run(c.Name, func(t *testing.T) {
			sameJSON(t, ComputeStance(c.Items), c.Metrics)
		})
	}
}

func TestCalibrationReference(t *testing.T) {
	for _, c := range loadReference(t).Cases {
		t.Run(c.Name, func(t *testing.T) {
			sameJSON(t, Calibration(c.Items, 10), c.Calibration)
		})
	}
}

func TestComputeStanceByHand(t *testing.T) {
	// favor: TP 2, predicted 3, gold 3 -> P = R = F1 = 2/3
	// against: TP 1, predicted 1, gold 2 -> P 1, R 1/2, F1 2/3
	// neutral: TP 0, predicted 1, gold 0 -> 0
	items := []StanceItem{
		{ArticleID: "a", Target: "peace", Gold: corpus.Favor, Pred: corpus.Favor},
		{ArticleID: "a", Target: "peace", Gold: corpus.Favor, Pred: corpus.Favor},
		{ArticleID: "b", Target: "peace", Gold: corpus.Favor, Pred: corpus.Neutral},
		{ArticleID: "b", Target: "peace", Gold: corpus.Against, Pred: corpus.Against},
		{ArticleID: "c", Target: "peace", Gold: corpus.Against, Pred: corpus.Favor},
	}
	m := ComputeStance(items)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("F1 favor", m.Class(corpus.Favor).F1, 2.0/3)
	near("F1 against", m.Class(corpus.Against).F1, 2.0/3)
	near("F1 neutral", m.Class(corpus.Neutral).F1, 0)
	near("F_avg", m.FAvg, 2.0/3)
	near("macro-F1", m.MacroF1, 4.0/9)
	near("accuracy", m.Accuracy, 3.0/5)
	near("FAvgStat", FAvgStat(items), m.FAvg)
	near("MacroF1Stat", MacroF1Stat(items), m.MacroF1)
	near("AccuracyStat", AccuracyStat(items), m.Accuracy)
	if m.N != 5 || m.Articles != 3 || m.Class(corpus.Favor).Support != 3 {
		t.Errorf("N %d, articles %d, favor support %d; want 5, 3, 3", m.N, m.Articles, m.Class(corpus.Favor).Support)
	}
	// The baseline predicts favor (3 of 5): favor P 3/5, R 1 -> F1 3/4.
	if m.Majority["peace"] != corpus.Favor {
		t.Errorf("majority %q, want favor", m.Majority["peace"])
	}
	near("baseline F_avg", m.Baseline.FAvg, 3.0/8)
	near("baseline accuracy", m.Baseline.Accuracy, 3.0/5)
	if m.Baseline.Baseline != nil {
		t.Error("the baseline has a baseline")
	}
}

func TestEmptyLabelIsUnrelated(t *testing.T) {
	m := ComputeStance([]StanceItem{{Target: "peace", Gold: corpus.Favor}, {Target: "peace"}})
	if got := m.Confusion[0][3] + m.Confusion[3][3]; got != 2 {
		t.Errorf("confusion %v: want the empty predictions in the unrelated column", m.Confusion)
	}
}

func TestUnknownLabelPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on an unknown label")
		}
	}()
	ComputeStance([]StanceItem{{Gold: "maybe"}})
}

func TestComputeStanceEmpty(t *testing.T) {
	m := ComputeStance(nil)
	if m.N != 0 || m.FAvg != 0 || len(m.Targets) != 0 {
		t.Errorf("empty metrics %+v", m)
	}
	if _, err := json.Marshal(m); err != nil {
		t.Errorf("empty metrics do not encode: %v", err)
	}
}

func TestSummarizeReference(t *testing.T) {
	ref := loadReference(t).Summarize
	s := Summarize(ref.Values)
	if math.Abs(s.Mean-ref.Mean) > 1e-12 || math.Abs(s.SD-ref.SD) > 1e-12 || s.N != 5 || s.Min != 1 || s.Max != 10 {
		t.Errorf("Summarize = %+v, want mean %v sd %v", s, ref.Mean, ref.SD)
	}
	if s := Summarize(nil); s != (Spread{}) {
		t.Errorf("Summarize(nil) = %+v", s)
	}
	if s := Summarize([]float64{3}); s.SD != 0 || s.Mean != 3 {
		t.Errorf("Summarize of one value = %+v", s)
	}
}

func TestQuickFiguresMatchComputeStance(t *testing.T) {
	items := synthItems(9, 50, 0.6)
	targets := []string{"ceasefire", "peace", "security_guarantees"}
	for name, sub := range map[string][]StanceItem{"all": items, "first ten": items[:10], "none": nil} {
		got := quickFigures(sub, targets)
		want := figureValues(computeStance(sub), targets)
		for i := range want {
			if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) && math.Abs(got[i]-want[i]) > 1e-12 {
				t.Errorf("%s: figure %d = %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	// Targets not asked for still count in the mean over targets.
	got := quickFigures(items, targets[:1])
	if want := computeStance(items).FAvgTargetMean; math.Abs(got[1]-want) > 1e-12 {
		t.Errorf("F_avg target mean %v, want %v", got[1], want)
	}
}
