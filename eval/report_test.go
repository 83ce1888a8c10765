package eval

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// reportItems returns given-quote and end-to-end items with probabilities,
// text and evidence.
func reportItems() (given, e2e []StanceItem) {
	rng := rand.New(rand.NewPCG(21, 4))
	given = synthItems(21, 40, 0.75)
	for i := range given {
		it := &given[i]
		it.Text = fmt.Sprintf("Quote %d says something <about> \"%s\" & more.", i, it.Target)
		if k := it.Pred.Index(); k >= 0 {
			c := 0.4 + 0.6*rng.Float64()
			for j := range it.Probs {
				it.Probs[j] = (1 - c) / 2
			}
			it.Probs[k] = c
			it.Evidence = []string{"contingent on", "negotiating table"}
		}
	}
	e2e = append([]StanceItem{}, given...)
	for i := 0; i < len(e2e); i += 9 {
		e2e[i].Pred, e2e[i].Probs, e2e[i].Evidence, e2e[i].Missed = corpus.Unrelated, [3]float64{}, nil, true
	}
	e2e = append(e2e, StanceItem{ArticleID: "art001", QuoteID: "art001#q9", Target: "ceasefire", Gold: corpus.Unrelated, Pred: corpus.Against,
		Probs: [3]float64{0.1, 0.8, 0.1}, Text: "not a quote", Spurious: true})
	return given, e2e
}

type quoteMetrics struct {
	Precision float64 `json:"precision"`
	N         int     `json:"n"`
}

func testReport() *Report {
	given, e2e := reportItems()
	r := NewReport(given, e2e, ReportConfig{Model: "test model", Data: "synthetic", Reps: 200, Seed: 1, WorstErrors: 8})
	r.Quotes = quoteMetrics{Precision: 0.9, N: 10}
	r.Comparisons = Compare(e2e, given, "end to end", "given quotes", 200, 1)
	var groups []string
	var labels []corpus.Label
	for _, it := range given {
		groups, labels = append(groups, it.ArticleID), append(labels, it.Gold)
	}
	var folds []StanceMetrics
	for _, idx := range Folds(groups, labels, 3, 1) {
		var sub []StanceItem
		for _, i := range idx {
			sub = append(sub, given[i])
		}
		folds = append(folds, ComputeStance(sub))
	}
	r.CrossValidation = SummarizeFolds(folds)
	return r
}

func TestReportFigures(t *testing.T) {
	r := testReport()
	if r.Version != ReportVersion || r.Bootstrap.Reps != 200 || r.Bootstrap.Unit != "article" {
		t.Errorf("report header %+v", r.Bootstrap)
	}
	for _, s := range []*StanceSection{r.Stance, r.EndToEnd} {
		if s == nil {
			t.Fatal("missing section")
		}
		for _, name := range []string{"f_avg", "f_avg_target_mean", "macro_f1", "accuracy", "f1_favor", "f1_against", "f1_neutral", "ece", "brier", "f_avg/peace", "macro_f1/ceasefire"} {
			f, ok := s.Figure(name)
			if !ok {
				t.Errorf("%s: no figure %s", s.Mode, name)
				continue
			}
			if f.N == 0 || f.Articles == 0 || f.CI == nil {
				t.Errorf("%s %s: %+v lacks support or interval", s.Mode, name, f)
			}
			if f.Baseline == nil && name != "ece" {
				t.Errorf("%s %s: no baseline", s.Mode, name)
			}
		}
		f, _ := s.Figure("f_avg")
		if f.Value != s.Metrics.FAvg || f.CI.Point != f.Value {
			t.Errorf("%s: F_avg figure %v, interval point %v, metrics %v", s.Mode, f.Value, f.CI.Point, s.Metrics.FAvg)
		}
		if len(s.Errors) != 8 {
			t.Errorf("%s: %d errors, want 8", s.Mode, len(s.Errors))
		}
		for i := 1; i < len(s.Errors); i++ {
			a, b := s.Errors[i-1], s.Errors[i]
			if a.Kind == b.Kind && a.Confidence < b.Confidence {
				t.Errorf("%s: errors not ranked: %+v before %+v", s.Mode, a, b)
			}
		}
	}
	if r.EndToEnd.Metrics.N != r.Stance.Metrics.N+1 {
		t.Errorf("end to end has %d items, want %d", r.EndToEnd.Metrics.N, r.Stance.Metrics.N+1)
	}
}

func TestReportNoIntervals(t *testing.T) {
	given, _ := reportItems()
	r := NewReport(given, nil, ReportConfig{Reps: -1, WorstErrors: -1})
	if r.Bootstrap.Reps != 0 || r.EndToEnd != nil || len(r.Stance.Errors) != 0 {
		t.Errorf("report %+v", r)
	}
	for _, f := range r.Stance.Figures {
		if f.CI != nil {
			t.Errorf("%s has an interval", f.Name)
		}
	}
	var buf bytes.Buffer
	for _, write := range []func(io.Writer) error{r.WriteText, r.WriteJSON, r.WriteHTML} {
		if err := write(&buf); err != nil {
			t.Error(err)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	r := testReport()
	var a, b bytes.Buffer
	if err := r.WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	if err := testReport().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two reports of the same items differ")
	}
	back, err := ReadReport(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Stance.Metrics.FAvg != r.Stance.Metrics.FAvg || len(back.Stance.Figures) != len(r.Stance.Figures) {
		t.Error("report does not round-trip")
	}
	var generic map[string]any
	if err := json.Unmarshal(a.Bytes(), &generic); err != nil {
		t.Fatal(err)
	}
	if generic["version"] != ReportVersion || generic["quotes"] == nil {
		t.Errorf("version %v, quotes %v", generic["version"], generic["quotes"])
	}
	// Every figure states its support.
	for _, f := range generic["stance"].(map[string]any)["figures"].([]any) {
		fig := f.(map[string]any)
		if _, ok := fig["n"]; !ok {
			t.Errorf("figure %v without n", fig["name"])
		}
	}
	if _, err := ReadReport(strings.NewReader(`{"version":"stance-eval/v0"}`)); err == nil {
		t.Error("ReadReport accepted another version")
	}
}

func TestWriteTextGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := testReport().WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/report.golden.txt"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./eval -update)", err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("text report differs from %s (rerun with -update and review the diff):\n%s", golden, got)
	}
	for _, s := range []string{"Stance, given gold quotes", "end to end", "F_avg (pooled)", "baseline", "confusion matrix", "calibration", "worst errors", "Quotes and speakers", `"precision": 0.9`, "Comparison", "Cross-validation: 3 folds"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("text report lacks %q", s)
		}
	}
}

func TestWriteHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := testReport().WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Error("not an HTML page")
	}
	for _, bad := range []string{"http://", "https://", "<script", "<link", "url(", "@font-face", "<?xml", "src="} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	svgs := regexp.MustCompile(`(?s)<svg\b.*?</svg>`).FindAllString(page, -1)
	// Two sections, each with a confusion matrix, a reliability diagram and
	// per-target bars.
	if len(svgs) != 6 {
		t.Errorf("%d inline SVGs, want 6", len(svgs))
	}
	for i, svg := range svgs {
		d := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("SVG %d is not well-formed: %v", i, err)
				break
			}
		}
		if !strings.Contains(svg, "font-family:'Liberation Sans',Arial") {
			t.Errorf("SVG %d lacks the fallback font list", i)
		}
	}
	// Text from items is escaped.
	if strings.Contains(page, "<about>") || !strings.Contains(page, "&lt;about&gt;") {
		t.Error("quote text not escaped")
	}
	for _, s := range []string{"Worst errors", "contingent on", "Reliability diagram", "Confusion matrix", "Quotes and speakers", "Comparison", "Cross-validation"} {
		if !strings.Contains(page, s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	if *update {
		if err := os.WriteFile("testdata/report.html", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
