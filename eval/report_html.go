package eval

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/stance-project/stance/corpus"
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS,
// inline SVG plots drawn with gonum.org/v1/plot (confusion heat map,
// reliability diagram, per-target F_avg and macro-F1 bars with their
// intervals and baselines), the tables of the text report, and the worst
// errors with their quote text and evidence. The page loads nothing: no
// scripts, stylesheets, fonts or images from anywhere. It returns an error
// if a plot cannot be drawn, the quote metrics cannot be encoded, or the
// write fails.
func (r *Report) WriteHTML(w io.Writer) error {
	v := htmlView{Report: r}
	for _, s := range []*StanceSection{r.Stance, r.EndToEnd} {
		if s == nil {
			continue
		}
		sv, err := newSectionView(s)
		if err != nil {
			return err
		}
		v.Sections = append(v.Sections, sv)
	}
	if r.Quotes != nil {
		var b bytes.Buffer
		if err := writeQuotesText(&b, r.Quotes); err != nil {
			return err
		}
		v.Quotes = b.String()
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, v); err != nil {
		return fmt.Errorf("eval: write HTML report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type htmlView struct {
	*Report
	Sections []sectionView
	Quotes   string
}

type sectionView struct {
	*StanceSection
	Title                        string
	Headline, Targets            []Figure
	ConfusionSVG, ReliabilitySVG template.HTML
	TargetSVG                    template.HTML
	Classes                      []classView
	ConfusionLabels              []corpus.Label
	ConfusionRows                []confusionRow
	MajorityLabel                string
}

type classView struct {
	ClassScores
	BaselineF1 float64
}

type confusionRow struct {
	Gold   corpus.Label
	Counts []int
	Total  int
}

func newSectionView(s *StanceSection) (sectionView, error) {
	m := s.Metrics
	v := sectionView{StanceSection: s, Title: modeTitle(s.Mode), MajorityLabel: majorityText(m)}
	for _, f := range s.Figures {
		if f.Target == "" {
			v.Headline = append(v.Headline, f)
		} else {
			v.Targets = append(v.Targets, f)
		}
	}
	for i, c := range m.Classes {
		if i == 3 && !m.Confusion.HasUnrelated() {
			continue
		}
		v.Classes = append(v.Classes, classView{c, m.Baseline.Classes[i].F1})
	}
	v.ConfusionLabels = stanceClasses(&m.Confusion)
	for i, g := range v.ConfusionLabels {
		row := confusionRow{Gold: g, Total: m.Confusion.Gold(g)}
		for j := range v.ConfusionLabels {
			row.Counts = append(row.Counts, m.Confusion[i][j])
		}
		v.ConfusionRows = append(v.ConfusionRows, row)
	}
	var err error
	if v.ConfusionSVG, err = svgHTML(confusionPlot(m.Confusion, "Confusion matrix (rows gold)", "Confusion matrix, "+strings.ToLower(v.Title)), nil); err != nil {
		return v, err
	}
	if len(m.Targets) > 0 {
		if v.TargetSVG, err = svgHTML(targetPlot(s, "F_avg and macro-F1 per target"), nil); err != nil {
			return v, err
		}
	}
	if s.Calibration != nil {
		if v.ReliabilitySVG, err = svgHTML(reliabilityPlot(*s.Calibration, "Reliability diagram")); err != nil {
			return v, err
		}
	}
	return v, nil
}

// svgHTML renders a chart for the page. The SVG is markup we generate from
// our own numbers, and vgsvg escapes the text in it, so it is trusted.
func svgHTML(ch chart, err error) (template.HTML, error) {
	if err != nil {
		return "", err
	}
	svg, err := renderSVG(ch)
	return template.HTML(svg), err
}

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"f3":     func(v float64) string { return fmt.Sprintf("%.3f", v) },
	"f2":     func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"ci":     ciText,
	"bl":     baselineText,
	"label":  func(l corpus.Label) string { return label(l) },
	"join":   strings.Join,
	"pct":    func(a, b int) string { return fmt.Sprintf("%.0f%%", 100*ratio(a, b)) },
	"mul100": func(v float64) float64 { return 100 * v },
}).Parse(reportHTML))

const reportHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="stance eval {{.Version}}">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #316ba8; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccd; padding: .25rem .5rem; text-align: right; vertical-align: top; }
th { background: #eef2f8; }
td.l, th.l { text-align: left; }
td.quote { text-align: left; max-width: 32rem; }
td.ev { text-align: left; max-width: 16rem; color: #444; }
.meta { color: #555; font-size: .9rem; }
.note { color: #555; font-size: .85rem; }
.plots { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.plots svg { max-width: 100%; height: auto; }
pre { background: #f6f6f6; padding: .5rem; overflow-x: auto; }
.k-opposite { color: #c01c28; font-weight: bold; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">Report {{.Version}}{{with .Model}} · model: {{.}}{{end}}{{with .Data}} · data: {{.}}{{end}}<br>
{{if .Bootstrap.Reps}}Intervals: {{printf "%.0f" (mul100 .Bootstrap.Level)}}% percentile bootstrap, {{.Bootstrap.Reps}} replicates resampling {{.Bootstrap.Unit}}s (not quotes), seed {{.Bootstrap.Seed}}.{{else}}No bootstrap intervals.{{end}}
Baselines predict the majority gold label of each target.</p>
{{range .Sections}}
<section>
<h2>{{.Title}}</h2>
<p class="meta">{{.Metrics.N}} quote–target items from {{.Metrics.Articles}} articles. Majority labels: {{.MajorityLabel}}.</p>
<table>
<tr><th class="l">figure</th><th>value</th><th>95% interval</th><th>baseline</th><th>n items</th><th>gold support</th><th>articles</th></tr>
{{range .Headline}}<tr><td class="l">{{.Label}}</td><td>{{f3 .Value}}</td><td>{{ci .CI}}</td><td>{{bl .Baseline}}</td><td>{{.N}}</td><td>{{if .Support}}{{.Support}}{{end}}</td><td>{{.Articles}}</td></tr>
{{end}}</table>

<div class="plots">
{{with .TargetSVG}}<figure>{{.}}</figure>{{end}}
<figure>{{.ConfusionSVG}}</figure>
{{with .ReliabilitySVG}}<figure>{{.}}</figure>{{end}}
</div>

<h3>Per class</h3>
<table>
<tr><th class="l">class</th><th>precision</th><th>recall</th><th>F1</th><th>support (gold)</th><th>predicted</th><th>baseline F1</th></tr>
{{range .Classes}}<tr><td class="l">{{.Label}}</td><td>{{f3 .Precision}}</td><td>{{f3 .Recall}}</td><td>{{f3 .F1}}</td><td>{{.Support}}</td><td>{{.Predicted}}</td><td>{{f3 .BaselineF1}}</td></tr>
{{end}}</table>

<h3>Per target</h3>
<table>
<tr><th class="l">figure</th><th>value</th><th>95% interval</th><th>baseline</th><th>n items</th><th>articles</th></tr>
{{range .Targets}}<tr><td class="l">{{.Label}}</td><td>{{f3 .Value}}</td><td>{{ci .CI}}</td><td>{{bl .Baseline}}</td><td>{{.N}}</td><td>{{.Articles}}</td></tr>
{{end}}</table>

<h3>Confusion matrix</h3>
<table>
<tr><th class="l">gold \ predicted</th>{{range .ConfusionLabels}}<th>{{.}}</th>{{end}}<th>total</th></tr>
{{range .ConfusionRows}}{{$t := .Total}}<tr><th class="l">{{.Gold}}</th>{{range .Counts}}<td>{{.}} <span class="note">({{pct . $t}})</span></td>{{end}}<td>{{.Total}}</td></tr>
{{end}}</table>

{{with .Calibration}}
<h3>Calibration</h3>
<p>{{.N}} items with probabilities and a gold stance{{if .Skipped}} ({{.Skipped}} with gold unrelated not scored){{end}}.
ECE {{f3 .ECE}}, MCE {{f3 .MCE}}, Brier {{f3 .Brier}} (baseline {{f3 .BrierBaseline}}).</p>
<table>
<tr><th class="l">confidence bin</th><th>n</th><th>mean confidence</th><th>accuracy</th></tr>
{{range .Bins}}{{if .N}}<tr><td class="l">[{{f2 .Lo}}, {{f2 .Hi}})</td><td>{{.N}}</td><td>{{f3 .Confidence}}</td><td>{{f3 .Accuracy}}</td></tr>
{{end}}{{end}}</table>
{{end}}

<h3>Worst errors</h3>
{{if .Errors}}<table>
<tr><th class="l">kind</th><th class="l">quote</th><th class="l">target</th><th class="l">gold</th><th class="l">predicted</th><th>p</th><th class="l">text</th><th class="l">evidence</th></tr>
{{range .Errors}}<tr><td class="l k-{{.Kind}}">{{.Kind}}</td><td class="l">{{.QuoteID}}</td><td class="l">{{.Target}}</td><td class="l">{{label .Gold}}</td><td class="l">{{label .Pred}}</td><td>{{f2 .Confidence}}</td><td class="quote">{{.Text}}</td><td class="ev">{{join .Evidence "; "}}</td></tr>
{{end}}</table>{{else}}<p>No errors.</p>{{end}}
</section>
{{end}}
{{with .Comparisons}}
<section>
<h2>Comparison</h2>
<p class="meta">Paired bootstrap over articles: A = {{(index . 0).A}}, B = {{(index . 0).B}}.</p>
<table>
<tr><th class="l">figure</th><th>A</th><th>B</th><th>A − B</th><th>95% interval</th><th>p</th><th>n A</th><th>n B</th><th>articles</th></tr>
{{range .}}<tr><td class="l">{{.Label}}</td><td>{{f3 .ValueA}}</td><td>{{f3 .ValueB}}</td><td>{{printf "%+.3f" .Diff.Point}}</td><td>{{ci .Diff}}</td><td>{{printf "%.4f" .P}}</td><td>{{.NA}}</td><td>{{.NB}}</td><td>{{.Diff.Groups}}</td></tr>
{{end}}</table>
</section>
{{end}}
{{with .CrossValidation}}
<section>
<h2>Cross-validation</h2>
<p class="meta">{{.K}} folds grouped by article, {{.N}} items in all.</p>
<table>
<tr><th class="l">figure</th><th>mean</th><th>sd</th><th>min</th><th>max</th><th>folds</th></tr>
{{range .Figures}}<tr><td class="l">{{.Label}}</td><td>{{f3 .Mean}}</td><td>{{f3 .SD}}</td><td>{{f3 .Min}}</td><td>{{f3 .Max}}</td><td>{{.N}}</td></tr>
{{end}}</table>
</section>
{{end}}
{{with .Quotes}}
<section>
<h2>Quotes and speakers</h2>
<pre>{{.}}</pre>
</section>
{{end}}
</body>
</html>
`
