package eval

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"regexp"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Plot colors.
var (
	colorF1       = color.RGBA{R: 0x31, G: 0x6b, B: 0xa8, A: 0xff} // F_avg bars, reliability bars
	colorMacro    = color.RGBA{R: 0xe0, G: 0x8a, B: 0x2c, A: 0xff} // macro-F1 bars
	colorInk      = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	colorBaseline = color.RGBA{R: 0xc0, G: 0x1c, B: 0x28, A: 0xff}
	colorLight    = color.RGBA{R: 0xa9, G: 0xc6, B: 0xe6, A: 0xff}
)

// box is a rectangle in data coordinates, with optional centered text.
type box struct {
	x0, y0, x1, y1 float64
	fill           color.Color
	text           string
	textColor      color.Color
	textSize       vg.Length // 11 points when 0
}

// seg is a line segment in data coordinates.
type seg struct {
	x0, y0, x1, y1 float64
	style          draw.LineStyle
}

// shapes is a plot.Plotter drawing boxes, then segments.
type shapes struct {
	boxes []box
	segs  []seg
}

func (s *shapes) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, b := range s.boxes {
		pts := []vg.Point{{X: trX(b.x0), Y: trY(b.y0)}, {X: trX(b.x0), Y: trY(b.y1)}, {X: trX(b.x1), Y: trY(b.y1)}, {X: trX(b.x1), Y: trY(b.y0)}}
		if b.fill != nil {
			c.FillPolygon(b.fill, c.ClipPolygonXY(pts))
		}
		if b.text != "" {
			sty := p.X.Tick.Label
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			sty.Color = b.textColor
			sty.Font.Size = b.textSize
			if sty.Font.Size == 0 {
				sty.Font.Size = vg.Points(11)
			}
			c.FillText(sty, vg.Point{X: trX((b.x0 + b.x1) / 2), Y: trY((b.y0 + b.y1) / 2)}, b.text)
		}
	}
	for _, l := range s.segs {
		c.StrokeLines(l.style, c.ClipLinesXY([]vg.Point{{X: trX(l.x0), Y: trY(l.y0)}, {X: trX(l.x1), Y: trY(l.y1)}})...)
	}
}

func (s *shapes) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, b := range s.boxes {
		xmin, xmax = min(xmin, b.x0, b.x1), max(xmax, b.x0, b.x1)
		ymin, ymax = min(ymin, b.y0, b.y1), max(ymax, b.y0, b.y1)
	}
	for _, l := range s.segs {
		xmin, xmax = min(xmin, l.x0, l.x1), max(xmax, l.x0, l.x1)
		ymin, ymax = min(ymin, l.y0, l.y1), max(ymax, l.y0, l.y1)
	}
	return
}

// swatch is a legend thumbnail: a filled rectangle or a line.
type swatch struct {
	fill color.Color
	line *draw.LineStyle
}

func (s swatch) Thumbnail(c *draw.Canvas) {
	if s.line != nil {
		y := c.Center().Y
		c.StrokeLine2(*s.line, c.Min.X, y, c.Max.X, y)
		return
	}
	c.FillPolygon(s.fill, []vg.Point{c.Min, {X: c.Min.X, Y: c.Max.Y}, c.Max, {X: c.Max.X, Y: c.Min.Y}})
}

// newPlot returns a plot whose text is set in the sans-serif face.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xlabel, ylabel
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans"
	}
	return p
}

var (
	svgProlog  = regexp.MustCompile(`(?s)^.*?(<svg\b)`)
	svgXMLNS   = regexp.MustCompile(`\s+xmlns(:xlink)?="[^"]*"`)
	svgFontFam = regexp.MustCompile(`font-family:Liberation (Sans|Serif|Mono);`)
)

// A chart is a plot with its size and a text alternative.
type chart struct {
	p    *plot.Plot
	w, h vg.Length
	alt  string
}

// renderSVG draws a chart as an SVG element for inlining in HTML: no XML prolog,
// no namespace declarations (an HTML parser gives inline <svg> its
// namespace) and no fonts, embedded or linked: text names the Liberation
// face the plot was laid out with and falls back to its metric-compatible
// system faces.
func renderSVG(ch chart) (string, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(ch.w, ch.h), vgsvg.EmbedFonts(false))
	ch.p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("eval: render plot: %w", err)
	}
	s := svgProlog.ReplaceAllString(buf.String(), "$1")
	s = svgXMLNS.ReplaceAllString(s, "")
	s = svgFontFam.ReplaceAllStringFunc(s, func(m string) string {
		switch {
		case strings.Contains(m, "Sans"):
			return "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"
		case strings.Contains(m, "Mono"):
			return "font-family:'Liberation Mono','Courier New',monospace;"
		}
		return "font-family:'Liberation Serif','Times New Roman',Times,serif;"
	})
	alt := strings.NewReplacer(`"`, "&quot;", "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(ch.alt)
	s = strings.Replace(s, "<svg ", `<svg role="img" aria-label="`+alt+`" `, 1)
	return s, nil
}

// confusionPlot draws the confusion matrix as a heat map: rows gold, columns
// predicted, each cell shaded by its share of the gold row and labeled with
// its count. alt describes the plot for screen readers.
func confusionPlot(c Confusion, title, alt string) chart {
	classes := stanceClasses(&c)
	n := len(classes)
	p := newPlot(title, "predicted", "gold")
	s := &shapes{}
	var xt, yt []plot.Tick
	for i, g := range classes {
		y := float64(n - 1 - i) // first class at the top
		yt = append(yt, plot.Tick{Value: y, Label: string(g)})
		xt = append(xt, plot.Tick{Value: float64(i), Label: string(g)})
		row := c.Gold(g)
		for j := range classes {
			share := ratio(c[i][j], row)
			ink := color.Color(colorInk)
			if share > 0.55 {
				ink = color.White
			}
			s.boxes = append(s.boxes, box{
				x0: float64(j) - 0.5, x1: float64(j) + 0.5, y0: y - 0.5, y1: y + 0.5,
				fill: blend(color.RGBA{R: 0xf7, G: 0xfb, B: 0xff, A: 0xff}, color.RGBA{R: 0x08, G: 0x30, B: 0x6b, A: 0xff}, share),
				text: fmt.Sprintf("%d (%.0f%%)", c[i][j], 100*share), textColor: ink,
			})
		}
	}
	p.Add(s)
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5, -0.5, float64(n)-0.5
	size := vg.Points(float64(110 + 80*n))
	return chart{p, size, size, alt}
}

// blend mixes a and b, t=0 giving a and t=1 b.
func blend(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// reliabilityPlot draws a reliability diagram: each non-empty bin's accuracy
// as a bar over its confidence range, its count at the foot, the mean
// confidence and accuracy of each bin as a point, and the diagonal of
// perfect calibration.
func reliabilityPlot(c CalibrationResult, title string) (chart, error) {
	p := newPlot(title, "confidence (top probability)", "accuracy")
	s := &shapes{}
	diag := draw.LineStyle{Color: colorInk, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	s.segs = append(s.segs, seg{0, 0, 1, 1, diag})
	pts := plotter.XYs{}
	for _, b := range c.Bins {
		if b.N == 0 {
			continue
		}
		s.boxes = append(s.boxes,
			box{x0: b.Lo, x1: b.Hi, y0: 0, y1: b.Accuracy, fill: colorLight},
			box{x0: b.Lo, x1: b.Hi, y0: 0.01, y1: 0.07, text: fmt.Sprintf("n=%d", b.N), textColor: colorInk, textSize: vg.Points(8)})
		pts = append(pts, plotter.XY{X: b.Confidence, Y: b.Accuracy})
	}
	p.Add(s)
	if len(pts) > 0 {
		lp, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return chart{}, fmt.Errorf("eval: reliability plot: %w", err)
		}
		lp.Color, sc.Color = colorF1, colorF1
		sc.Shape = draw.CircleGlyph{}
		p.Add(lp, sc)
		p.Legend.Add("bin accuracy vs mean confidence", lp, sc)
	}
	p.Legend.Add("accuracy per bin", swatch{fill: colorLight})
	p.Legend.Add("perfect calibration", swatch{line: &diag})
	p.Legend.Top, p.Legend.Left = true, true
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1.35
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"}, {Value: 0.5, Label: "0.5"}, {Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"}})
	return chart{p, vg.Points(420), vg.Points(400), title + fmt.Sprintf(": ECE %.3f over %d items", c.ECE, c.N)}, nil
}

// targetPlot draws F_avg and macro-F1 of each target as bars with their
// bootstrap intervals as whiskers and the majority baseline as a red tick.
func targetPlot(s *StanceSection, title string) chart {
	p := newPlot(title, "target", "score")
	sh := &shapes{}
	whisker := draw.LineStyle{Color: colorInk, Width: vg.Points(1.2)}
	base := draw.LineStyle{Color: colorBaseline, Width: vg.Points(2)}
	var ticks []plot.Tick
	const w = 0.34
	for i, t := range s.Metrics.Targets {
		x := float64(i)
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprintf("%s (n=%d)", t.Target, t.N)})
		for k, name := range []string{"f_avg/", "macro_f1/"} {
			f, ok := s.Figure(name + t.Target)
			if !ok {
				continue
			}
			fill := colorF1
			if k == 1 {
				fill = colorMacro
			}
			x0 := x - w + float64(k)*w
			x1, xm := x0+w, x0+w/2
			sh.boxes = append(sh.boxes, box{x0: x0 + 0.02, x1: x1 - 0.02, y0: 0, y1: f.Value, fill: fill})
			if f.CI != nil {
				sh.segs = append(sh.segs,
					seg{xm, f.CI.Lo, xm, f.CI.Hi, whisker},
					seg{xm - w/6, f.CI.Lo, xm + w/6, f.CI.Lo, whisker},
					seg{xm - w/6, f.CI.Hi, xm + w/6, f.CI.Hi, whisker})
			}
			if f.Baseline != nil {
				sh.segs = append(sh.segs, seg{x0 + 0.02, *f.Baseline, x1 - 0.02, *f.Baseline, base})
			}
		}
	}
	p.Add(sh)
	p.Legend.Add("F_avg", swatch{fill: colorF1})
	p.Legend.Add("macro-F1", swatch{fill: colorMacro})
	p.Legend.Add("95% interval", swatch{line: &whisker})
	p.Legend.Add("majority baseline", swatch{line: &base})
	p.Legend.Top = true
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	n := max(len(s.Metrics.Targets), 1)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4, 0, 1.3
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"}, {Value: 0.5, Label: "0.5"}, {Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"}})
	return chart{p, vg.Points(float64(200 + 150*n)), vg.Points(360), title}
}
