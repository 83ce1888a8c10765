package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// WriteText writes the report as plain-text tables for a terminal: for each
// scoring mode the headline figures with their interval, baseline and
// support; per-class and per-target tables; the confusion matrix;
// calibration bins; the worst errors; then comparisons, cross-validation
// and quote metrics when set. It returns the first write error.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("%s (%s)\n", r.Title, r.Version)
	if r.Model != "" {
		p("model: %s\n", r.Model)
	}
	if r.Data != "" {
		p("data:  %s\n", r.Data)
	}
	if r.Bootstrap.Reps > 0 {
		p("intervals: %.0f%% percentile bootstrap, %d replicates resampling %ss, seed %d\n",
			100*r.Bootstrap.Level, r.Bootstrap.Reps, r.Bootstrap.Unit, r.Bootstrap.Seed)
	}
	for _, s := range []*StanceSection{r.Stance, r.EndToEnd} {
		if s != nil {
			p("\n")
			s.writeText(bw)
		}
	}
	if len(r.Comparisons) > 0 {
		c0 := r.Comparisons[0]
		p("\n== Comparison: %s (A) against %s (B), paired bootstrap over articles ==\n", c0.A, c0.B)
		tw := newLeftTab(bw)
		fmt.Fprintln(tw, "figure\tA\tB\tA - B\t95% CI\tp\tn A\tn B\tarticles")
		for _, c := range r.Comparisons {
			fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%+.3f\t%s\t%.4f\t%d\t%d\t%d\n", c.Label, c.ValueA, c.ValueB, c.Diff.Point, ciText(&c.Diff), c.P, c.NA, c.NB, c.Diff.Groups)
		}
		tw.Flush()
	}
	if cv := r.CrossValidation; cv != nil {
		p("\n== Cross-validation: %d folds, %d items ==\n", cv.K, cv.N)
		tw := newLeftTab(bw)
		fmt.Fprintln(tw, "figure\tmean\tsd\tmin\tmax\tfolds")
		for _, f := range cv.Figures {
			fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\n", f.Label, f.Mean, f.SD, f.Min, f.Max, f.N)
		}
		tw.Flush()
	}
	if r.Quotes != nil {
		p("\n== Quotes and speakers ==\n")
		if err := writeQuotesText(bw, r.Quotes); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func writeQuotesText(w io.Writer, q any) error {
	if tw, ok := q.(interface{ WriteText(io.Writer) error }); ok {
		return tw.WriteText(w)
	}
	b, err := json.MarshalIndent(q, "", "  ")
	if err != nil {
		return fmt.Errorf("eval: quote metrics: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// modeTitle describes a scoring mode for people.
func modeTitle(mode string) string {
	switch mode {
	case ModeGivenQuotes:
		return "Stance, given gold quotes"
	case ModeEndToEnd:
		return "Stance, end to end (missed quotes count as misses)"
	}
	return mode
}

func (s *StanceSection) writeText(w io.Writer) {
	m := s.Metrics
	fmt.Fprintf(w, "== %s: %d quote-target items from %d articles ==\n", modeTitle(s.Mode), m.N, m.Articles)
	tw := newLeftTab(w)
	fmt.Fprintln(tw, "figure\tvalue\t95% CI\tbaseline\tn\tarticles")
	for _, f := range s.Figures {
		if f.Target != "" {
			continue
		}
		n := fmt.Sprint(f.N)
		if f.Support > 0 || strings.HasPrefix(f.Name, "f1_") {
			n = fmt.Sprintf("%d (%d gold)", f.N, f.Support)
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\t%s\t%d\n", f.Label, f.Value, ciText(f.CI), baselineText(f.Baseline), n, f.Articles)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nper class (baseline predicts the majority label of each target: %s)\n", majorityText(m))
	tw = newLeftTab(w)
	fmt.Fprintln(tw, "class\tprecision\trecall\tF1\tsupport\tpredicted\tbaseline F1")
	for i, c := range m.Classes {
		if i == 3 && !m.Confusion.HasUnrelated() {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%.3f\n", c.Label, c.Precision, c.Recall, c.F1, c.Support, c.Predicted, m.Baseline.Classes[i].F1)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nper target\n")
	tw = newLeftTab(w)
	fmt.Fprintln(tw, "target\tF_avg\t95% CI\tmacro-F1\t95% CI\taccuracy\tbaseline F_avg\tbaseline macro-F1\tn\tfavor\tagainst\tneutral\tunrelated")
	for i, t := range m.Targets {
		fa, _ := s.Figure("f_avg/" + t.Target)
		mf, _ := s.Figure("macro_f1/" + t.Target)
		b := m.Baseline.Targets[i]
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%.3f\t%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t%d\n", t.Target, t.FAvg, ciText(fa.CI), t.MacroF1, ciText(mf.CI), t.Accuracy,
			b.FAvg, b.MacroF1, t.N, t.Classes[0].Support, t.Classes[1].Support, t.Classes[2].Support, t.Classes[3].Support)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nconfusion matrix (rows gold, columns predicted)\n")
	tw = newLeftTab(w)
	classes := stanceClasses(&m.Confusion)
	fmt.Fprint(tw, "gold \\ pred")
	for _, l := range classes {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintln(tw, "total")
	for i, l := range classes {
		fmt.Fprintf(tw, "%s\t", l)
		for j := range classes {
			fmt.Fprintf(tw, "%d\t", m.Confusion[i][j])
		}
		fmt.Fprintf(tw, "%d\n", m.Confusion.Gold(l))
	}
	tw.Flush()

	if c := s.Calibration; c != nil {
		fmt.Fprintf(w, "\ncalibration: %d items with probabilities and a gold stance (%d with gold unrelated skipped)\n", c.N, c.Skipped)
		fmt.Fprintf(w, "ECE %.3f, MCE %.3f, Brier %.3f (baseline %.3f)\n", c.ECE, c.MCE, c.Brier, c.BrierBaseline)
		tw = newLeftTab(w)
		fmt.Fprintln(tw, "confidence bin\tn\tmean confidence\taccuracy")
		for _, b := range c.Bins {
			if b.N == 0 {
				continue
			}
			fmt.Fprintf(tw, "[%.2f, %.2f)\t%d\t%.3f\t%.3f\n", b.Lo, b.Hi, b.N, b.Confidence, b.Accuracy)
		}
		tw.Flush()
	}

	if len(s.Errors) > 0 {
		fmt.Fprintf(w, "\nworst errors (%d shown)\n", len(s.Errors))
		tw = newLeftTab(w)
		fmt.Fprintln(tw, "kind\tquote\ttarget\tgold\tpred\tp\ttext\tevidence")
		for _, e := range s.Errors {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\n", e.Kind, e.QuoteID, e.Target, label(e.Gold), label(e.Pred), e.Confidence,
				clip(e.Text, 60), clip(strings.Join(e.Evidence, "; "), 40))
		}
		tw.Flush()
	}
}

func newLeftTab(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

func ciText(iv *Interval) string {
	if iv == nil {
		return "-"
	}
	return fmt.Sprintf("[%.3f, %.3f]", iv.Lo, iv.Hi)
}

func baselineText(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", *v)
}

func majorityText(m StanceMetrics) string {
	var parts []string
	for _, t := range sortedKeys(m.Majority) {
		parts = append(parts, t+"="+string(m.Majority[t]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// label writes an empty label as unrelated, as metrics count it.
func label(l corpus.Label) string {
	if l == "" {
		return string(corpus.Unrelated)
	}
	return string(l)
}

// clip shortens s to at most n code points, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
