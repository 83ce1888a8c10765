package eval

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/stance-project/stance/corpus"
)

func TestNormalizeName(t *testing.T) {
	cases := map[string]string{
		"Grace Okafor":           "grace okafor",
		"  GRACE   OKAFOR ":      "grace okafor",
		"Mr. Okafor":             "okafor",
		"Dr Jean-Claude Juncker": "jean claude juncker",
		"Sérgei Lávrov":          "sergei lavrov",
		"O’Brien":                "obrien",
		"the Kremlin":            "kremlin",
		"Mr":                     "mr", // a lone honorific stays
	}
	for in, want := range cases {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMergeNames(t *testing.T) {
	cases := []struct {
		name  string
		names []string
		want  map[string]string
	}{
		{"surname joins the one full name", []string{"Okafor", "Grace Okafor"},
			map[string]string{"Okafor": "Grace Okafor", "Grace Okafor": "Grace Okafor"}},
		{"honorific and case do not count", []string{"Mr. Okafor", "OKAFOR", "Grace Okafor"},
			map[string]string{"Mr. Okafor": "Grace Okafor", "OKAFOR": "Grace Okafor", "Grace Okafor": "Grace Okafor"}},
		{"ambiguous surname stays apart", []string{"Okafor", "Grace Okafor", "Daniel Okafor"},
			map[string]string{"Okafor": "Okafor", "Grace Okafor": "Grace Okafor", "Daniel Okafor": "Daniel Okafor"}},
		{"two full names never merge", []string{"Grace Okafor", "Grace Adaeze Okafor"},
			map[string]string{"Grace Okafor": "Grace Okafor", "Grace Adaeze Okafor": "Grace Adaeze Okafor"}},
		{"first name alone does not merge", []string{"Grace", "Grace Okafor"},
			map[string]string{"Grace": "Grace", "Grace Okafor": "Grace Okafor"}},
		{"spellings: the most frequent shows", []string{"Sergei Lavrov", "Sergei Lavrov", "SERGEI LAVROV", "Sérgei Lavrov", "Lavrov"},
			map[string]string{"Sergei Lavrov": "Sergei Lavrov", "SERGEI LAVROV": "Sergei Lavrov", "Sérgei Lavrov": "Sergei Lavrov", "Lavrov": "Sergei Lavrov"}},
		{"a surname with no full name stays", []string{"Putin"}, map[string]string{"Putin": "Putin"}},
		{"none", nil, map[string]string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, MergeNames(c.names)); diff != "" {
				t.Errorf("MergeNames(%q) (-want +got):\n%s", c.names, diff)
			}
		})
	}
}

func ss(doc, speaker, target string, stance corpus.Label, f, a, n float64) SpeakerStance {
	return SpeakerStance{DocID: doc, QuoteID: doc + "#q", Speaker: speaker, Target: target, Stance: stance, Probs: [3]float64{f, a, n}}
}

// rowKeys lists rows as "speaker|doc|target|period|quotes".
func rowKeys(ag Aggregation) []string {
	var out []string
	for _, r := range ag.Rows {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%d", r.Speaker, r.DocID, r.Target, r.Period, r.Quotes))
	}
	return out
}

func TestAggregateSpeakerRows(t *testing.T) {
	anon := func(doc, role string) SpeakerStance {
		s := ss(doc, "unknown", "peace", corpus.Neutral, 0.2, 0.2, 0.6)
		s.Role = role
		return s
	}
	cases := []struct {
		name  string
		items []SpeakerStance
		cfg   AggregateConfig
		want  []string
	}{
		{"merged across documents",
			[]SpeakerStance{ss("a", "Grace Okafor", "peace", corpus.Favor, .8, .1, .1), ss("b", "Okafor", "peace", corpus.Favor, .7, .1, .2)},
			AggregateConfig{}, []string{"Grace Okafor||peace||2"}},
		{"ambiguous surname not merged",
			[]SpeakerStance{ss("a", "Grace Okafor", "peace", corpus.Favor, .8, .1, .1), ss("b", "Okafor", "peace", corpus.Favor, .7, .1, .2), ss("c", "Daniel Okafor", "peace", corpus.Against, .1, .8, .1)},
			AggregateConfig{}, []string{"Daniel Okafor||peace||1", "Grace Okafor||peace||1", "Okafor||peace||1"}},
		{"full names kept apart",
			[]SpeakerStance{ss("a", "Grace Okafor", "peace", corpus.Favor, .8, .1, .1), ss("b", "Grace Adaeze Okafor", "peace", corpus.Favor, .7, .1, .2)},
			AggregateConfig{}, []string{"Grace Adaeze Okafor||peace||1", "Grace Okafor||peace||1"}},
		{"unknown never merged across documents, one row per role",
			[]SpeakerStance{anon("a", "a senior official"), anon("a", "a senior official"), anon("a", "a diplomat"), anon("b", "a senior official"), ss("c", "", "peace", corpus.Neutral, .3, .3, .4)},
			AggregateConfig{}, []string{"unknown (a senior official)|a|peace||2", "unknown (a diplomat)|a|peace||1", "unknown (a senior official)|b|peace||1", "unknown (no speaker found)|c|peace||1"}},
		{"unknown left out",
			[]SpeakerStance{anon("a", "a senior official"), ss("b", "Lavrov", "peace", corpus.Against, .1, .8, .1)},
			AggregateConfig{DropUnknown: true}, []string{"Lavrov||peace||1"}},
		{"min quotes hides thin rows",
			[]SpeakerStance{ss("a", "Lavrov", "peace", corpus.Against, .1, .8, .1), ss("b", "Lavrov", "peace", corpus.Against, .1, .8, .1), ss("b", "Lavrov", "ceasefire", corpus.Against, .1, .8, .1)},
			AggregateConfig{MinQuotes: 2}, []string{"Lavrov||peace||2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Reps = 50
			got := rowKeys(Aggregate(c.items, c.cfg))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAggregateFigures(t *testing.T) {
	items := []SpeakerStance{
		ss("a", "Lavrov", "peace", corpus.Against, 0.1, 0.8, 0.1),
		ss("a", "Lavrov", "peace", corpus.Neutral, 0.3, 0.2, 0.5),
		ss("b", "Lavrov", "peace", corpus.Favor, 0.6, 0.3, 0.1),
		ss("c", "Lavrov", "peace", corpus.Against, 0.05, 0.9, 0.05),
	}
	items[0].Date, items[1].Date, items[2].Date, items[3].Date = "2025-03-10", "2025-03-10", "2025-01-31T22:00:00Z", "not a date"
	ag := Aggregate(items, AggregateConfig{Reps: 200, Seed: 3})
	if len(ag.Rows) != 1 {
		t.Fatalf("%d rows, want 1", len(ag.Rows))
	}
	r := ag.Rows[0]
	if r.Quotes != 4 || r.Articles != 3 || r.Favor != 1 || r.Against != 2 || r.Neutral != 1 {
		t.Errorf("counts: %+v", r)
	}
	want := ((0.1 - 0.8) + (0.3 - 0.2) + (0.6 - 0.3) + (0.05 - 0.9)) / 4
	if d := r.Net.Point - want; d > 1e-12 || d < -1e-12 {
		t.Errorf("net %v, want %v", r.Net.Point, want)
	}
	if !r.Net.Contains(r.Net.Point) || r.Net.Groups != 3 || r.Net.Reps != 200 {
		t.Errorf("interval %+v", r.Net)
	}
	if d := r.MeanProbs.Against - (0.8+0.2+0.3+0.9)/4; d > 1e-12 || d < -1e-12 {
		t.Errorf("mean p(against) %v", r.MeanProbs.Against)
	}
	if r.FirstSeen == nil || *r.FirstSeen != "2025-01-31" || r.LastSeen == nil || *r.LastSeen != "2025-03-10" {
		t.Errorf("first/last seen %v %v", dateCell(r.FirstSeen), dateCell(r.LastSeen))
	}
	if ag.Dated != 3 || ag.BadDates != 1 {
		t.Errorf("dated %d, bad dates %d; want 3, 1", ag.Dated, ag.BadDates)
	}
	// Evidence: the three most confident, by the probability of the stance.
	var ev []float64
	for _, e := range r.Evidence {
		ev = append(ev, e.Confidence)
	}
	if diff := cmp.Diff([]float64{0.9, 0.8, 0.6}, ev); diff != "" {
		t.Errorf("evidence confidences (-want +got):\n%s", diff)
	}
}

func TestAggregateUndated(t *testing.T) {
	ag := Aggregate([]SpeakerStance{ss("a", "Lavrov", "peace", corpus.Against, .1, .8, .1)}, AggregateConfig{Reps: 10})
	r := ag.Rows[0]
	if r.FirstSeen != nil || r.LastSeen != nil {
		t.Errorf("first/last seen without dates: %v %v", dateCell(r.FirstSeen), dateCell(r.LastSeen))
	}
	var b bytes.Buffer
	ag.WriteTable(&b)
	if !strings.Contains(b.String(), "no input record carries a usable date") {
		t.Errorf("table does not say dates are missing:\n%s", b.String())
	}
	b.Reset()
	ag.WriteJSON(&b)
	if !strings.Contains(b.String(), `"first_seen": null`) {
		t.Errorf("JSON first_seen not null:\n%s", b.String())
	}
}

func TestAggregateByMonth(t *testing.T) {
	items := []SpeakerStance{
		ss("a", "Lavrov", "peace", corpus.Against, .1, .8, .1),
		ss("b", "Lavrov", "peace", corpus.Against, .1, .8, .1),
		ss("c", "Lavrov", "peace", corpus.Favor, .7, .2, .1),
		ss("d", "Lavrov", "peace", corpus.Favor, .7, .2, .1),
	}
	items[0].Date, items[1].Date, items[2].Date = "2025-03-01", "2025-03-30", "2025-04-02"
	got := rowKeys(Aggregate(items, AggregateConfig{By: "month", Reps: 10}))
	want := []string{"Lavrov||peace|2025-03|2", "Lavrov||peace|2025-04|1", "Lavrov||peace|undated|1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// The interval depends on the seed only: the same seed gives the same
// interval whatever the row order, and it resamples articles, not quotes.
func TestAggregateBootstrapDeterministic(t *testing.T) {
	var items []SpeakerStance
	for i := range 12 {
		f := float64(i%5) / 5
		items = append(items, ss(fmt.Sprintf("d%d", i/2), "Lavrov", "peace", corpus.Favor, f, 0.9-f, 0.1))
	}
	a := Aggregate(items, AggregateConfig{Seed: 42})
	b := Aggregate(items, AggregateConfig{Seed: 42})
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different results:\n%s", diff)
	}
	c := Aggregate(items, AggregateConfig{Seed: 43})
	if a.Rows[0].Net.Point != c.Rows[0].Net.Point {
		t.Error("the point estimate depends on the seed")
	}
	if a.Rows[0].Net == c.Rows[0].Net {
		t.Error("another seed gave the very same interval")
	}
	if g := a.Rows[0].Net.Groups; g != 6 {
		t.Errorf("resampled %d groups, want 6 articles", g)
	}
	if a.Reps != DefaultReps || a.Rows[0].Net.Reps != DefaultReps {
		t.Errorf("reps %d, want the default %d", a.Reps, DefaultReps)
	}
}

// netBootstrap draws exactly what Bootstrap draws for the same items.
func TestNetBootstrapMatchesBootstrap(t *testing.T) {
	var items []StanceItem
	var arts []netSum
	for d := range 9 {
		var a netSum
		for q := range 1 + d%4 {
			f := float64((d*5+q*3)%10) / 10
			items = append(items, StanceItem{ArticleID: fmt.Sprint("d", d), Probs: [3]float64{f, (1 - f) / 3, 2 * (1 - f) / 3}})
			a.sum += f - (1-f)/3
			a.n++
		}
		arts = append(arts, a)
	}
	mean := func(s []StanceItem) float64 {
		t := 0.0
		for _, it := range s {
			t += it.Probs[0] - it.Probs[1]
		}
		return t / float64(len(s))
	}
	want := Bootstrap(items, mean, 500, 11)
	got := netBootstrap(arts, 500, 11)
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("netBootstrap differs from Bootstrap (-want +got):\n%s", d)
	}
}

func TestAggregateBadBy(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for By \"week\"")
		}
	}()
	Aggregate(nil, AggregateConfig{By: "week"})
}

func TestAggregateHTMLSelfContained(t *testing.T) {
	var items []SpeakerStance
	for i := range 45 { // more speakers than one plot draws
		items = append(items, ss("a", fmt.Sprintf("Speaker%02d <b>", i), "peace", corpus.Favor, .6, .2, .2))
	}
	ag := Aggregate(items, AggregateConfig{Reps: 10})
	var b bytes.Buffer
	if err := ag.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Count(page, "<svg") != 1 || !strings.Contains(page, "The first 40 rows are drawn") {
		t.Error("want one plot, capped at 40 rows, saying so")
	}
	if strings.Contains(page, "http") || strings.Contains(page, "<b>") {
		t.Error("page references something or leaves a name unescaped")
	}
}

// BenchmarkAggregate aggregates 10,000 articles of 10 quote × target pairs
// each, 200 speakers.
func BenchmarkAggregate(b *testing.B) {
	targets := []string{"peace", "ceasefire", "security_guarantees"}
	var items []SpeakerStance
	for d := range 10000 {
		for q := range 10 {
			f := float64((d*7+q*3)%10) / 10
			items = append(items, ss(fmt.Sprintf("doc-%d", d), fmt.Sprintf("Speaker %d", (d+q)%200), targets[q%3], corpus.Favor, f, (1-f)/2, (1-f)/2))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		Aggregate(items, AggregateConfig{Seed: 1})
	}
}
