package eval

import (
	"cmp"
	"slices"

	"github.com/stance-project/stance/corpus"
)

// ReportVersion names the schema of a Report's JSON form. Within
// stance-eval/v1 only fields may be added.
const ReportVersion = "stance-eval/v1"

// DefaultWorstErrors is the number of errors a report lists unless told.
const DefaultWorstErrors = 20

// Scoring modes of a StanceSection.
const (
	ModeGivenQuotes = "given_gold_quotes" // stance of the gold quotes
	ModeEndToEnd    = "end_to_end"        // quotes found by the system; misses count
)

// ReportConfig says how to build a Report. Its zero value works.
type ReportConfig struct {
	Title string // default "stance evaluation"
	Model string // what was scored: a model name and version, a prediction file
	Data  string // what it was scored on: "gold.jsonl, test split"
	// Reps is the number of bootstrap replicates: 0 means DefaultReps, a
	// negative number no intervals.
	Reps int
	Seed uint64 // bootstrap seed
	// Bins is the number of reliability bins: 0 means DefaultBins.
	Bins int
	// WorstErrors is the number of errors listed per section: 0 means
	// DefaultWorstErrors, a negative number none.
	WorstErrors int
}

// A Report holds every figure of an evaluation, ready to be written as a
// terminal table, JSON or HTML.
type Report struct {
	Version   string        `json:"version"` // ReportVersion
	Title     string        `json:"title"`
	Model     string        `json:"model,omitempty"`
	Data      string        `json:"data,omitempty"`
	Bootstrap BootstrapInfo `json:"bootstrap"`
	// Stance scores the stance of the gold quotes; EndToEnd scores the
	// quotes the system found, misses included. Either may be nil.
	Stance   *StanceSection `json:"stance,omitempty"`
	EndToEnd *StanceSection `json:"end_to_end,omitempty"`
	// Comparisons, when set (Compare), compare two prediction sets.
	Comparisons []Comparison `json:"comparisons,omitempty"`
	// CrossValidation, when set (SummarizeFolds), gives the mean and spread
	// of the headline figures over folds.
	CrossValidation *CVSummary `json:"cross_validation,omitempty"`
	// Quotes holds the quote and speaker metrics, computed elsewhere and
	// set by the caller; it is written as JSON. In text and HTML reports a
	// value with a WriteText(io.Writer) error method is written with it,
	// any other value as indented JSON.
	Quotes any `json:"quotes,omitempty"`
}

// BootstrapInfo describes how the intervals of a report were drawn.
type BootstrapInfo struct {
	Reps  int     `json:"reps"` // 0 when the report has no intervals
	Seed  uint64  `json:"seed"`
	Level float64 `json:"level"`
	Unit  string  `json:"unit"` // what was resampled: "article"
}

// A StanceSection holds the stance figures of one scoring mode.
type StanceSection struct {
	Mode    string        `json:"mode"` // ModeGivenQuotes or ModeEndToEnd
	Figures []Figure      `json:"figures"`
	Metrics StanceMetrics `json:"metrics"`
	// Calibration is nil when no item has probabilities.
	Calibration *CalibrationResult `json:"calibration,omitempty"`
	// Errors are the worst errors, worst first (see ErrorRow).
	Errors []ErrorRow `json:"errors"`
}

// A Figure is one headline number with its support, its majority-class
// baseline and its bootstrap interval.
type Figure struct {
	Name     string    `json:"name"`             // "f_avg", "f1_favor", "ece", "f_avg/peace", ...
	Label    string    `json:"label"`            // for people: "F_avg (pooled)"
	Target   string    `json:"target,omitempty"` // set for per-target figures
	Value    float64   `json:"value"`
	N        int       `json:"n"`                 // items the figure rests on
	Articles int       `json:"articles"`          // articles they come from
	Support  int       `json:"support,omitempty"` // for a class's F1: items of that gold class
	Baseline *float64  `json:"baseline"`          // the majority-class baseline's value (for Brier, the class-frequency forecast's); null when none
	CI       *Interval `json:"ci,omitempty"`      // nil when the report has no intervals
}

// An ErrorRow is one wrongly scored item. Errors rank by kind, then by
// the probability the model gave its wrong answer.
type ErrorRow struct {
	StanceItem
	// Kind is, worst first: "opposite" (favor for against or the reverse),
	// "stance" (a stance for neutral or the reverse), "missed" (a gold
	// quote not found), "spurious" (a quote that is not one), "target"
	// (a target wrongly found or missed).
	Kind string `json:"kind"`
	// Confidence is the probability of the predicted label; 0 when the
	// prediction is Unrelated or has no probabilities.
	Confidence float64 `json:"confidence"`
}

type figureName struct{ name, label string }

// headline lists the figures figureValues returns first, in its order.
func headline() []figureName {
	return []figureName{
		{"f_avg", "F_avg (pooled)"},
		{"f_avg_target_mean", "F_avg (mean of targets)"},
		{"macro_f1", "macro-F1 (favor, against, neutral)"},
		{"accuracy", "accuracy"},
		{"f1_favor", "F1 favor"},
		{"f1_against", "F1 against"},
		{"f1_neutral", "F1 neutral"},
	}
}

// NewReport scores the items of each mode (given: one per gold quote and
// target; endToEnd: see EndToEndItems; either may be nil) and gathers the
// figures, intervals, calibration and worst errors in a Report.
func NewReport(given, endToEnd []StanceItem, cfg ReportConfig) *Report {
	if cfg.Title == "" {
		cfg.Title = "stance evaluation"
	}
	if cfg.Reps == 0 {
		cfg.Reps = DefaultReps
	}
	if cfg.Bins <= 0 {
		cfg.Bins = DefaultBins
	}
	if cfg.WorstErrors == 0 {
		cfg.WorstErrors = DefaultWorstErrors
	}
	r := &Report{
		Version: ReportVersion, Title: cfg.Title, Model: cfg.Model, Data: cfg.Data,
		Bootstrap: BootstrapInfo{Seed: cfg.Seed, Level: 0.95, Unit: "article"},
	}
	if cfg.Reps > 0 {
		r.Bootstrap.Reps = cfg.Reps
	}
	if given != nil {
		r.Stance = newSection(ModeGivenQuotes, given, cfg)
	}
	if endToEnd != nil {
		r.EndToEnd = newSection(ModeEndToEnd, endToEnd, cfg)
	}
	return r
}

func newSection(mode string, items []StanceItem, cfg ReportConfig) *StanceSection {
	s := &StanceSection{Mode: mode, Metrics: ComputeStance(items)}
	m := s.Metrics
	var targets []string
	for _, t := range m.Targets {
		targets = append(targets, t.Target)
	}
	withProbs := slices.ContainsFunc(items, StanceItem.HasProbs)
	if withProbs {
		c := Calibration(items, cfg.Bins)
		s.Calibration = &c
	}
	values := figureValues(m, targets)
	base := figureValues(*m.Baseline, targets)

	var ivs []Interval
	if cfg.Reps > 0 {
		ivs = bootstrapMany(items, func(sample []StanceItem) []float64 {
			v := quickFigures(sample, targets)
			if withProbs {
				c := Calibration(sample, cfg.Bins)
				v = append(v, nanIfEmpty(c.ECE, c.N), nanIfEmpty(c.Brier, c.N))
			}
			return v
		}, cfg.Reps, cfg.Seed)
	}
	ci := func(k int) *Interval {
		if ivs == nil {
			return nil
		}
		iv := ivs[k]
		return &iv
	}
	bl := func(v float64) *float64 { return &v }

	for k, h := range headline() {
		f := Figure{Name: h.name, Label: h.label, Value: values[k], N: m.N, Articles: m.Articles, Baseline: bl(base[k]), CI: ci(k)}
		if k >= 4 {
			f.Support = m.Classes[k-4].Support
		}
		s.Figures = append(s.Figures, f)
	}
	nh := len(headline())
	if withProbs {
		c := s.Calibration
		k := nh + 2*len(targets)
		s.Figures = append(s.Figures,
			Figure{Name: "ece", Label: "expected calibration error", Value: c.ECE, N: c.N, Articles: calArticles(items), CI: ci(k)},
			Figure{Name: "brier", Label: "Brier score", Value: c.Brier, N: c.N, Articles: calArticles(items), Baseline: bl(c.BrierBaseline), CI: ci(k + 1)},
		)
	}
	for i, t := range m.Targets {
		k := nh + 2*i
		s.Figures = append(s.Figures,
			Figure{Name: "f_avg/" + t.Target, Label: "F_avg " + t.Target, Target: t.Target, Value: values[k], N: t.N, Articles: t.Articles, Baseline: bl(base[k]), CI: ci(k)},
			Figure{Name: "macro_f1/" + t.Target, Label: "macro-F1 " + t.Target, Target: t.Target, Value: values[k+1], N: t.N, Articles: t.Articles, Baseline: bl(base[k+1]), CI: ci(k + 1)},
		)
	}
	s.Errors = worstErrors(items, cfg.WorstErrors)
	return s
}

func nanIfEmpty(v float64, n int) float64 {
	if n == 0 {
		return nan()
	}
	return v
}

func calArticles(items []StanceItem) int {
	var sub []StanceItem
	for _, it := range items {
		if it.HasProbs() && classIndex(it.Gold) < 3 {
			sub = append(sub, it)
		}
	}
	return countArticles(sub)
}

// Figure returns the figure with the given name.
func (s *StanceSection) Figure(name string) (Figure, bool) {
	for _, f := range s.Figures {
		if f.Name == name {
			return f, true
		}
	}
	return Figure{}, false
}

// worstErrors returns at most n wrongly scored items, worst first.
func worstErrors(items []StanceItem, n int) []ErrorRow {
	rows := []ErrorRow{}
	if n < 0 {
		return rows
	}
	for _, it := range items {
		g, p := classIndex(it.Gold), classIndex(it.Pred)
		if g == p {
			continue
		}
		row := ErrorRow{StanceItem: it}
		switch {
		case g < 2 && p < 2:
			row.Kind = "opposite"
		case g < 3 && p < 3:
			row.Kind = "stance"
		case it.Missed:
			row.Kind = "missed"
		case it.Spurious:
			row.Kind = "spurious"
		default:
			row.Kind = "target"
		}
		if p < 3 {
			row.Confidence = it.Probs[p]
		}
		rows = append(rows, row)
	}
	rank := map[string]int{"opposite": 0, "stance": 1, "missed": 2, "spurious": 3, "target": 4}
	slices.SortStableFunc(rows, func(a, b ErrorRow) int {
		return cmp.Or(
			cmp.Compare(rank[a.Kind], rank[b.Kind]),
			cmp.Compare(b.Confidence, a.Confidence),
			cmp.Compare(a.ArticleID, b.ArticleID),
			cmp.Compare(a.QuoteID, b.QuoteID),
			cmp.Compare(a.Target, b.Target),
		)
	})
	if len(rows) > n {
		rows = rows[:n]
	}
	return rows
}

// stanceClasses returns the classes a confusion matrix shows: Unrelated
// only when some item has it.
func stanceClasses(c *Confusion) []corpus.Label {
	if c.HasUnrelated() {
		return Classes[:]
	}
	return Classes[:3]
}
