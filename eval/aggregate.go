package eval

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stance-project/stance/corpus"
)

// AggregateSchema names the format of an Aggregation as JSON.
const AggregateSchema = "stance-aggregate/v1"

// NetStanceDefinition says what the net stance of a row is; reports print it.
const NetStanceDefinition = "net stance = mean over the row's quotes of p(favor) − p(against), " +
	"from −1 (all against) to +1 (all favor); its 95% interval is a percentile bootstrap " +
	"that resamples articles, not quotes"

// A SpeakerStance is one quote's stance toward one target, with who said it
// and when: the input of Aggregate. Offsets are code points into the
// document text, as in stance/v1.
type SpeakerStance struct {
	DocID   string
	QuoteID string
	Start   int
	End     int
	Text    string
	Speaker string // the speaker's name as written; "unknown" (or "") for an anonymous or unfound speaker
	Role    string // an anonymous speaker's role ("a senior official")
	Target  string
	Stance  corpus.Label
	Probs   [3]float64 // favor, against, neutral
	Date    string     // the record's date as given; "" when it has none
}

// Anonymous reports whether the quote has no named speaker.
func (s SpeakerStance) Anonymous() bool {
	n := strings.TrimSpace(s.Speaker)
	return n == "" || strings.EqualFold(n, "unknown")
}

// AggregateConfig sets up Aggregate. The zero value works: no time buckets,
// every row, anonymous speakers kept, DefaultReps replicates, seed 0.
type AggregateConfig struct {
	By          string // "" (no time buckets) or "month"
	MinQuotes   int    // rows with fewer quotes are left out (counted in Hidden)
	DropUnknown bool   // leave out quotes of anonymous speakers (counted in UnknownDropped)
	Reps        int    // bootstrap replicates; DefaultReps when 0
	Seed        uint64 // bootstrap seed: the same seed gives the same intervals
}

// An Aggregation is a speaker × target (× period) table built from scored
// quotes. Its JSON form is AggregateSchema.
type Aggregation struct {
	Schema         string      `json:"schema"`
	NetStance      string      `json:"net_stance"`
	By             string      `json:"by,omitempty"`
	Reps           int         `json:"reps"`
	Seed           uint64      `json:"seed"`
	MinQuotes      int         `json:"min_quotes"`
	Items          int         `json:"items"`           // quote × target pairs read
	Dated          int         `json:"dated_items"`     // of which with a usable date
	BadDates       int         `json:"unparsed_dates"`  // items whose date could not be read (treated as undated)
	UnknownDropped int         `json:"unknown_dropped"` // items left out by DropUnknown
	Hidden         int         `json:"hidden_rows"`     // rows left out by MinQuotes
	Merged         []NameMerge `json:"merged_names"`    // spellings folded into another speaker's name
	Rows           []AggRow    `json:"rows"`
}

// A NameMerge records that the speaker name From was counted under To.
type NameMerge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// An AggRow is where one speaker stands on one target (in one period).
type AggRow struct {
	Speaker   string        `json:"speaker"`
	Names     []string      `json:"names"`            // the spellings merged into Speaker
	Role      string        `json:"role,omitempty"`   // anonymous speakers: their role
	DocID     string        `json:"doc_id,omitempty"` // anonymous speakers: the one article they speak in
	Target    string        `json:"target"`
	Period    string        `json:"period,omitempty"` // "2025-03", or "undated", with By month
	Quotes    int           `json:"quotes"`
	Articles  int           `json:"articles"`
	Favor     int           `json:"favor"`
	Against   int           `json:"against"`
	Neutral   int           `json:"neutral"`
	MeanProbs MeanProbs     `json:"mean_probs"`
	Net       Interval      `json:"net"`
	FirstSeen *string       `json:"first_seen"` // earliest date, YYYY-MM-DD; null when no quote is dated
	LastSeen  *string       `json:"last_seen"`
	Evidence  []AggEvidence `json:"evidence"` // the most confident quotes, at most three
}

// MeanProbs are mean stance probabilities.
type MeanProbs struct {
	Favor   float64 `json:"favor"`
	Against float64 `json:"against"`
	Neutral float64 `json:"neutral"`
}

// An AggEvidence is one quote behind a row.
type AggEvidence struct {
	DocID      string       `json:"doc_id"`
	QuoteID    string       `json:"quote_id"`
	Start      int          `json:"start"`
	End        int          `json:"end"`
	Stance     corpus.Label `json:"stance"`
	Confidence float64      `json:"confidence"` // the probability of Stance
	Text       string       `json:"text"`
}

// evidencePerRow is how many quotes a row cites.
const evidencePerRow = 3

// Aggregate groups items by speaker, target and (with By "month") month,
// merging speaker names across documents with MergeNames, and computes per
// row the counts, mean probabilities, net stance with its bootstrap interval
// (resampling articles; deterministic given Seed), first and last dates and
// the evidence. Anonymous speakers are never merged across documents: they
// get one row per article, role and target. Rows are ordered by target, then
// by the speaker's quotes on that target (most first), speaker and period.
// Aggregate keeps items, and indexes into them, for the whole call: memory
// grows with the quotes, not the articles' text. It starts no goroutines.
// It panics if By is neither "" nor "month".
func Aggregate(items []SpeakerStance, cfg AggregateConfig) Aggregation {
	if cfg.By != "" && cfg.By != "month" {
		panic(fmt.Sprintf("eval: aggregate by %q", cfg.By))
	}
	if cfg.Reps <= 0 {
		cfg.Reps = DefaultReps
	}
	ag := Aggregation{Schema: AggregateSchema, NetStance: NetStanceDefinition, By: cfg.By,
		Reps: cfg.Reps, Seed: cfg.Seed, MinQuotes: cfg.MinQuotes, Items: len(items), Merged: []NameMerge{}, Rows: []AggRow{}}

	var named []string
	for _, it := range items {
		if !it.Anonymous() {
			named = append(named, it.Speaker)
		}
	}
	canon := MergeNames(named)
	for _, from := range sortedKeys(canon) {
		if to := canon[from]; to != from {
			ag.Merged = append(ag.Merged, NameMerge{from, to})
		}
	}

	type group struct {
		row   AggRow
		names map[string]bool
		items []int
		dates []time.Time
	}
	groups := map[string]*group{}
	var order []string
	for i, it := range items {
		d, dated := parseDate(it.Date)
		if dated {
			ag.Dated++
		} else if strings.TrimSpace(it.Date) != "" {
			ag.BadDates++
		}
		var row AggRow
		var key string
		if it.Anonymous() {
			if cfg.DropUnknown {
				ag.UnknownDropped++
				continue
			}
			role := strings.TrimSpace(it.Role)
			if role == "" {
				role = "no speaker found"
			}
			row = AggRow{Speaker: "unknown (" + role + ")", Role: role, DocID: it.DocID}
			key = "\x01" + it.DocID + "\x00" + role
		} else {
			row = AggRow{Speaker: canon[it.Speaker]}
			key = row.Speaker
		}
		row.Target = it.Target
		if cfg.By == "month" {
			row.Period = "undated"
			if dated {
				row.Period = d.Format("2006-01")
			}
		}
		key += "\x00" + it.Target + "\x00" + row.Period
		g := groups[key]
		if g == nil {
			g = &group{row: row, names: map[string]bool{}}
			groups[key] = g
			order = append(order, key)
		}
		if !it.Anonymous() {
			g.names[it.Speaker] = true
		}
		g.items = append(g.items, i)
		if dated {
			g.dates = append(g.dates, d)
		}
	}

	perSpeaker := map[string]int{} // speaker × target → quotes over all periods
	for _, k := range order {
		g := groups[k]
		perSpeaker[g.row.Speaker+"\x00"+g.row.DocID+"\x00"+g.row.Target] += len(g.items)
	}
	for _, k := range order {
		g := groups[k]
		if len(g.items) < cfg.MinQuotes {
			ag.Hidden++
			continue
		}
		r := g.row
		r.Names = sortedKeys(g.names)
		r.Quotes = len(g.items)
		docs := map[string]int{} // article → position in arts
		var arts []netSum
		for _, i := range g.items {
			it := items[i]
			a, ok := docs[it.DocID]
			if !ok {
				a = len(arts)
				docs[it.DocID] = a
				arts = append(arts, netSum{})
			}
			arts[a].sum += it.Probs[0] - it.Probs[1]
			arts[a].n++
			switch it.Stance {
			case corpus.Favor:
				r.Favor++
			case corpus.Against:
				r.Against++
			case corpus.Neutral:
				r.Neutral++
			}
			r.MeanProbs.Favor += it.Probs[0] / float64(r.Quotes)
			r.MeanProbs.Against += it.Probs[1] / float64(r.Quotes)
			r.MeanProbs.Neutral += it.Probs[2] / float64(r.Quotes)
		}
		r.Articles = len(arts)
		r.Net = netBootstrap(arts, cfg.Reps, cfg.Seed)
		if len(g.dates) > 0 {
			lo, hi := slices.MinFunc(g.dates, time.Time.Compare), slices.MaxFunc(g.dates, time.Time.Compare)
			f, l := lo.Format("2006-01-02"), hi.Format("2006-01-02")
			r.FirstSeen, r.LastSeen = &f, &l
		}
		ev := slices.Clone(g.items)
		slices.SortStableFunc(ev, func(a, b int) int { return cmp.Compare(confidence(items[b]), confidence(items[a])) })
		r.Evidence = []AggEvidence{}
		for _, i := range ev[:min(len(ev), evidencePerRow)] {
			it := items[i]
			r.Evidence = append(r.Evidence, AggEvidence{DocID: it.DocID, QuoteID: it.QuoteID, Start: it.Start, End: it.End,
				Stance: it.Stance, Confidence: confidence(it), Text: it.Text})
		}
		ag.Rows = append(ag.Rows, r)
	}
	slices.SortStableFunc(ag.Rows, func(a, b AggRow) int {
		return cmp.Or(
			cmp.Compare(a.Target, b.Target),
			cmp.Compare(perSpeaker[b.Speaker+"\x00"+b.DocID+"\x00"+b.Target], perSpeaker[a.Speaker+"\x00"+a.DocID+"\x00"+a.Target]),
			cmp.Compare(a.Speaker, b.Speaker),
			cmp.Compare(a.DocID, b.DocID),
			cmp.Compare(a.Period, b.Period))
	})
	return ag
}

// netSum is one article's share of a row: the sum of p(favor) − p(against)
// over its n quotes.
type netSum struct {
	sum float64
	n   int
}

// netBootstrap is Bootstrap of the mean net stance, specialized: it draws
// articles exactly as Bootstrap does (articles in order of first
// appearance, the same generator and seed) but adds up per-article sums
// instead of copying items, so a row of many quotes costs reps × articles.
func netBootstrap(arts []netSum, reps int, seed uint64) Interval {
	total, n := 0.0, 0
	for _, a := range arts {
		total += a.sum
		n += a.n
	}
	rng := newRand(seed)
	samples := make([]float64, 0, reps)
	for range reps {
		s, k := 0.0, 0
		for range arts {
			a := arts[rng.IntN(len(arts))]
			s += a.sum
			k += a.n
		}
		samples = append(samples, s/float64(k))
	}
	return percentileInterval(total/float64(n), samples, len(arts))
}

// confidence is the probability of the predicted stance, or the top
// probability when the stance is not one of the three labels.
func confidence(it SpeakerStance) float64 {
	if i := it.Stance.Index(); i >= 0 {
		return it.Probs[i]
	}
	return max(it.Probs[0], it.Probs[1], it.Probs[2])
}

var dateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "2006-01",
	time.RFC1123Z, time.RFC1123, "January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006",
}

// parseDate reads a record's date: ISO 8601 (a date, a month, or a date
// and time), RFC 1123, or "January 2, 2006" / "2 January 2006".
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// MergeNames maps each speaker name to the name it is counted under. Names
// are compared in a normalized form: case, diacritics, punctuation and a
// leading honorific (Mr, Mrs, Ms, Dr, Sir, Prof) or "the" do not matter, so
// "Mr. Okafor" and "Okafor" are one name. A one-word name joins the one
// longer name that ends with it ("Okafor" → "Grace Okafor") when exactly one
// such name occurs; with two ("Grace Okafor", "Daniel Okafor") or none it stays
// on its own. Two different longer names are never merged. A group of names
// is shown under its most frequent spelling among its longest forms (ties:
// the longer, then the first in byte order).
func MergeNames(names []string) map[string]string {
	count := map[string]int{}
	for _, n := range names {
		count[n]++
	}
	byKey := map[string][]string{}
	for n := range count {
		k := NormalizeName(n)
		byKey[k] = append(byKey[k], n)
	}
	// One-word keys join the only multi-word key ending in that word.
	lastWord := map[string][]string{}
	for k := range byKey {
		if f := strings.Fields(k); len(f) > 1 {
			lastWord[f[len(f)-1]] = append(lastWord[f[len(f)-1]], k)
		}
	}
	target := map[string]string{} // key → the key it merges into
	for k := range byKey {
		target[k] = k
		if f := strings.Fields(k); len(f) == 1 && len(lastWord[k]) == 1 {
			target[k] = lastWord[k][0]
		}
	}
	display := map[string]string{}
	for k, spellings := range byKey {
		if target[k] != k {
			continue
		}
		best := ""
		for _, s := range spellings {
			if best == "" || count[s] > count[best] ||
				(count[s] == count[best] && (len(s) > len(best) || (len(s) == len(best) && s < best))) {
				best = s
			}
		}
		display[k] = best
	}
	out := map[string]string{}
	for k, spellings := range byKey {
		for _, s := range spellings {
			out[s] = display[target[k]]
		}
	}
	return out
}

var honorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "sir": true, "prof": true, "the": true}

// NormalizeName returns the form of a speaker name that MergeNames
// compares: lower case, no diacritics, apostrophes dropped, other
// punctuation and hyphens as spaces, single spaces, no leading honorific.
func NormalizeName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’' || r == 'ʼ':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	f := strings.Fields(b.String())
	for len(f) > 1 && honorifics[f[0]] {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// speakerCell is how a row names its speaker in plots and the HTML page.
func (r AggRow) speakerCell() string {
	if r.DocID != "" {
		return r.Speaker + " in " + r.DocID
	}
	return r.Speaker
}

// shortSpeakerCell is speakerCell for a terminal: an anonymous speaker's
// role is cut to 24 code points and the doc_id to its last 24.
func (r AggRow) shortSpeakerCell() string {
	if r.DocID == "" {
		return r.Speaker
	}
	role, doc := []rune(r.Role), []rune(r.DocID)
	if len(role) > 24 {
		role = append(role[:23], '…')
	}
	if len(doc) > 24 {
		doc = append([]rune{'…'}, doc[len(doc)-23:]...)
	}
	return "unknown (" + string(role) + ") in " + string(doc)
}

func (r AggRow) evidenceCell() string {
	parts := make([]string, len(r.Evidence))
	for i, e := range r.Evidence {
		parts[i] = fmt.Sprintf("%s:%d-%d", e.DocID, e.Start, e.End)
	}
	return strings.Join(parts, " ")
}

func dateCell(d *string) string {
	if d == nil {
		return "-"
	}
	return *d
}

// notes are the lines printed under a table.
func (ag *Aggregation) notes() []string {
	n := []string{NetStanceDefinition + fmt.Sprintf(" (%d replicates, seed %d)", ag.Reps, ag.Seed) + "."}
	switch {
	case ag.Items > 0 && ag.Dated == 0:
		n = append(n, "First and last seen: no input record carries a usable date, so they are empty.")
	case ag.Dated < ag.Items:
		n = append(n, fmt.Sprintf("First and last seen: %d of %d quote × target pairs carry a usable date; the rest are left out of them.", ag.Dated, ag.Items))
	}
	for _, r := range ag.Rows {
		if r.Articles == 1 {
			n = append(n, "A row whose quotes all come from one article has an interval of one point: there is nothing to resample.")
			break
		}
	}
	if ag.BadDates > 0 {
		n = append(n, fmt.Sprintf("Quote × target pairs whose date could not be read (want ISO 8601, e.g. 2025-03-14), counted as undated: %d.", ag.BadDates))
	}
	if ag.Hidden > 0 {
		n = append(n, fmt.Sprintf("Rows hidden for having fewer than %d quotes (--min-quotes): %d.", ag.MinQuotes, ag.Hidden))
	}
	if ag.UnknownDropped > 0 {
		n = append(n, fmt.Sprintf("Quote × target pairs by anonymous speakers left out: %d.", ag.UnknownDropped))
	}
	if len(ag.Merged) > 0 {
		parts := make([]string, len(ag.Merged))
		for i, m := range ag.Merged {
			parts[i] = m.From + " → " + m.To
		}
		n = append(n, "Names merged: "+strings.Join(parts, "; ")+".")
	}
	return n
}

// WriteTable writes the aggregation as an aligned text table for a
// terminal, followed by notes: what net stance means, dates, hidden rows,
// merged names. It returns the first write error.
func (ag *Aggregation) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := []string{"SPEAKER", "TARGET"}
	if ag.By != "" {
		head = append(head, "PERIOD")
	}
	head = append(head, "QUOTES", "ARTICLES", "FAV", "AGA", "NEU", "P(FAV)", "P(AGA)", "P(NEU)", "NET", "95% CI", "FIRST", "LAST", "EVIDENCE (doc:start-end)")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range ag.Rows {
		cells := []string{r.shortSpeakerCell(), r.Target}
		if ag.By != "" {
			cells = append(cells, r.Period)
		}
		cells = append(cells, strconv.Itoa(r.Quotes), strconv.Itoa(r.Articles),
			strconv.Itoa(r.Favor), strconv.Itoa(r.Against), strconv.Itoa(r.Neutral),
			f2(r.MeanProbs.Favor), f2(r.MeanProbs.Against), f2(r.MeanProbs.Neutral),
			signed(r.Net.Point), "["+signed(r.Net.Lo)+", "+signed(r.Net.Hi)+"]",
			dateCell(r.FirstSeen), dateCell(r.LastSeen), r.evidenceCell())
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(ag.Rows) == 0 {
		if _, err := fmt.Fprintln(w, "(no rows)"); err != nil {
			return err
		}
	}
	for _, n := range ag.notes() {
		if _, err := fmt.Fprintln(w, n); err != nil {
			return err
		}
	}
	return nil
}

func f2(v float64) string     { return strconv.FormatFloat(v, 'f', 2, 64) }
func signed(v float64) string { return fmt.Sprintf("%+.2f", v) }
func f4(v float64) string     { return strconv.FormatFloat(v, 'f', 4, 64) }

// WriteCSV writes one CSV row per aggregation row, with a header. Dates are
// empty when unknown; evidence is "doc_id:start-end" separated by spaces.
func (ag *Aggregation) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"speaker", "role", "doc_id", "target", "period", "quotes", "articles", "favor", "against", "neutral",
		"p_favor", "p_against", "p_neutral", "net", "net_lo", "net_hi", "first_seen", "last_seen", "evidence", "names"}
	if err := cw.Write(head); err != nil {
		return err
	}
	opt := func(d *string) string {
		if d == nil {
			return ""
		}
		return *d
	}
	for _, r := range ag.Rows {
		rec := []string{r.Speaker, r.Role, r.DocID, r.Target, r.Period, strconv.Itoa(r.Quotes), strconv.Itoa(r.Articles),
			strconv.Itoa(r.Favor), strconv.Itoa(r.Against), strconv.Itoa(r.Neutral),
			f4(r.MeanProbs.Favor), f4(r.MeanProbs.Against), f4(r.MeanProbs.Neutral),
			f4(r.Net.Point), f4(r.Net.Lo), f4(r.Net.Hi), opt(r.FirstSeen), opt(r.LastSeen), r.evidenceCell(), strings.Join(r.Names, "; ")}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the aggregation as one indented JSON object
// (AggregateSchema), probabilities and net stances rounded to six decimals.
func (ag *Aggregation) WriteJSON(w io.Writer) error {
	out := *ag
	out.Rows = slices.Clone(ag.Rows)
	for i := range out.Rows {
		r := &out.Rows[i]
		r.MeanProbs = MeanProbs{round6(r.MeanProbs.Favor), round6(r.MeanProbs.Against), round6(r.MeanProbs.Neutral)}
		r.Net.Point, r.Net.Lo, r.Net.Hi = round6(r.Net.Point), round6(r.Net.Lo), round6(r.Net.Hi)
		r.Evidence = slices.Clone(r.Evidence)
		for j := range r.Evidence {
			r.Evidence[j].Confidence = round6(r.Evidence[j].Confidence)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// maxPlotRows caps the speakers drawn in one target's plot; the table below
// it lists every row.
const maxPlotRows = 40

// netStancePlot draws one target's rows as a forest plot: one line per
// speaker (and period), the net stance as a dot and its 95% interval as a
// whisker, on an axis from −1 (against) to +1 (favor), with zero dashed.
func netStancePlot(target string, rows []AggRow) (chart, error) {
	if len(rows) > maxPlotRows {
		rows = rows[:maxPlotRows]
	}
	p := newPlot("net stance toward "+target, "net stance, −1 against to +1 favor: mean p(favor) − p(against), 95% interval", "")
	sh := &shapes{}
	whisker := draw.LineStyle{Color: colorInk, Width: vg.Points(1.2)}
	zero := draw.LineStyle{Color: colorBaseline, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	n := len(rows)
	sh.segs = append(sh.segs, seg{0, -0.5, 0, float64(n) - 0.5, zero})
	var ticks []plot.Tick
	pts := make(plotter.XYs, 0, n)
	for i, r := range rows {
		y := float64(n - 1 - i) // first row at the top
		label := fmt.Sprintf("%s (n=%d)", r.speakerCell(), r.Quotes)
		if r.Period != "" {
			label = fmt.Sprintf("%s, %s (n=%d)", r.speakerCell(), r.Period, r.Quotes)
		}
		ticks = append(ticks, plot.Tick{Value: y, Label: label})
		sh.segs = append(sh.segs,
			seg{r.Net.Lo, y, r.Net.Hi, y, whisker},
			seg{r.Net.Lo, y - 0.15, r.Net.Lo, y + 0.15, whisker},
			seg{r.Net.Hi, y - 0.15, r.Net.Hi, y + 0.15, whisker})
		pts = append(pts, plotter.XY{X: r.Net.Point, Y: y})
	}
	p.Add(sh)
	if n > 0 {
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return chart{}, fmt.Errorf("eval: net stance plot: %w", err)
		}
		sc.Color = colorF1
		sc.Shape = draw.CircleGlyph{}
		sc.Radius = vg.Points(3.5)
		p.Add(sc)
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: -1, Label: "−1"}, {Value: -0.5, Label: "−0.5"}, {Value: 0, Label: "0"}, {Value: 0.5, Label: "+0.5"}, {Value: 1, Label: "+1"}})
	p.X.Min, p.X.Max = -1.05, 1.05
	p.Y.Min, p.Y.Max = -0.6, math.Max(float64(n)-0.4, 0.6)
	alt := fmt.Sprintf("Net stance toward %s of %d speakers, with 95%% intervals", target, n)
	return chart{p, vg.Points(720), vg.Points(float64(110 + 24*max(n, 1))), alt}, nil
}

type aggTargetView struct {
	Target string
	SVG    template.HTML
	Rows   []AggRow
	Capped bool
}

// WriteHTML writes the aggregation as one self-contained HTML page: per
// target a forest plot of net stance with intervals (inline SVG drawn with
// gonum.org/v1/plot; the first 40 rows) and the table of its rows with
// their evidence quotes. The page loads nothing from anywhere. It returns
// an error if a plot cannot be drawn or the write fails.
func (ag *Aggregation) WriteHTML(w io.Writer) error {
	var views []aggTargetView
	for _, r := range ag.Rows {
		if len(views) == 0 || views[len(views)-1].Target != r.Target {
			views = append(views, aggTargetView{Target: r.Target})
		}
		v := &views[len(views)-1]
		v.Rows = append(v.Rows, r)
	}
	for i := range views {
		ch, err := netStancePlot(views[i].Target, views[i].Rows)
		if err != nil {
			return err
		}
		svg, err := renderSVG(ch)
		if err != nil {
			return err
		}
		views[i].SVG = template.HTML(svg) // rendered by gonum/plot from our own data; text is escaped by vgsvg
		views[i].Capped = len(views[i].Rows) > maxPlotRows
	}
	var buf bytes.Buffer
	err := aggTemplate.Execute(&buf, struct {
		*Aggregation
		Targets []aggTargetView
		Notes   []string
		Max     int
	}{ag, views, ag.notes(), maxPlotRows})
	if err != nil {
		return fmt.Errorf("eval: write HTML aggregation: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

var aggTemplate = template.Must(template.New("agg").Funcs(template.FuncMap{
	"f2": f2, "signed": signed, "date": dateCell,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Where speakers stand</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;margin:2em auto;max-width:72em;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
q{color:#444}
.ev{font-size:.85em;color:#555}
svg{max-width:100%;height:auto}
</style>
</head>
<body>
<h1>Where speakers stand</h1>
<p>{{len .Rows}} rows from {{.Items}} quote × target pairs{{if .By}}, by {{.By}}{{end}}.</p>
<ul>{{range .Notes}}<li>{{.}}</li>{{end}}</ul>
{{range .Targets}}
<section>
<h2>{{.Target}}</h2>
<figure>{{.SVG}}{{if .Capped}}<figcaption>The first {{$.Max}} rows are drawn; the table lists all.</figcaption>{{end}}</figure>
<table>
<thead><tr><th>speaker</th>{{if $.By}}<th>period</th>{{end}}<th>quotes</th><th>articles</th><th>favor</th><th>against</th><th>neutral</th><th>p(favor)</th><th>p(against)</th><th>p(neutral)</th><th>net</th><th>95% interval</th><th>first seen</th><th>last seen</th><th>evidence</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Speaker}}{{if .DocID}} in {{.DocID}}{{end}}</td>{{if $.By}}<td>{{.Period}}</td>{{end}}<td class="n">{{.Quotes}}</td><td class="n">{{.Articles}}</td><td class="n">{{.Favor}}</td><td class="n">{{.Against}}</td><td class="n">{{.Neutral}}</td><td class="n">{{f2 .MeanProbs.Favor}}</td><td class="n">{{f2 .MeanProbs.Against}}</td><td class="n">{{f2 .MeanProbs.Neutral}}</td><td class="n">{{signed .Net.Point}}</td><td class="n">[{{signed .Net.Lo}}, {{signed .Net.Hi}}]</td><td>{{date .FirstSeen}}</td><td>{{date .LastSeen}}</td><td class="ev">{{range .Evidence}}<div>{{.DocID}} [{{.Start}}, {{.End}}) {{.Stance}} {{f2 .Confidence}}: <q>{{.Text}}</q></div>{{end}}</td></tr>
{{end}}</tbody>
</table>
</section>
{{else}}<p>No rows.</p>
{{end}}
</body>
</html>
`))
