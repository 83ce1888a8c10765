package corpus

import (
	"math"
	"testing"
)

func TestCohenKappa(t *testing.T) {
	// A textbook table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
	// po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4.
	var pairs [][2]Label
	add := func(a, b Label, n int) {
		for range n {
			pairs = append(pairs, [2]Label{a, b})
		}
	}
	add(Favor, Favor, 20)
	add(Favor, Against, 5)
	add(Against, Favor, 10)
	add(Against, Against, 15)
	if k := CohenKappa(pairs); math.Abs(k-0.4) > 1e-12 {
		t.Errorf("kappa %v, want 0.4", k)
	}
	if k := CohenKappa([][2]Label{{Favor, Favor}, {Neutral, Neutral}}); k != 1 {
		t.Errorf("perfect agreement: kappa %v, want 1", k)
	}
}

func TestOverlapAndMatch(t *testing.T) {
	if o := Overlap([]Span{{0, 10}}, []Span{{5, 15}}); math.Abs(o-5.0/15) > 1e-12 {
		t.Errorf("overlap %v, want 1/3", o)
	}
	if o := Overlap([]Span{{0, 4}, {10, 14}}, []Span{{0, 14}}); math.Abs(o-8.0/14) > 1e-12 {
		t.Errorf("parts overlap %v, want 8/14", o)
	}
	a := []GoldQuote{{Start: 0, End: 10}, {Start: 20, End: 30}}
	b := []GoldQuote{{Start: 21, End: 30}, {Start: 0, End: 3}}
	got := MatchQuotes(a, b, 0.5)
	if len(got) != 1 || got[0] != [2]int{1, 0} {
		t.Errorf("matches %v, want [[1 0]]", got)
	}
}

func TestAgree(t *testing.T) {
	a := []GoldArticle{{ID: "x", Quotes: []GoldQuote{
		{Start: 0, End: 10, Kind: KindDirect, Speaker: "Ana Ruiz", Stances: map[string]Stance{"peace": {Stance: Favor}}},
		{Start: 20, End: 30, Kind: KindIndirect, Speaker: "unknown", Stances: map[string]Stance{}},
	}}}
	b := []GoldArticle{{ID: "x", Quotes: []GoldQuote{
		{Start: 0, End: 10, Kind: KindDirect, Speaker: "ana  ruiz", Stances: map[string]Stance{"peace": {Stance: Against}}},
	}}}
	ag := Agree(a, b, nil)
	if ag.Matched != 1 || ag.SameSpeaker != 1 || math.Abs(ag.QuoteF1-2.0/3) > 1e-12 {
		t.Errorf("agreement %+v", ag)
	}
	if ag.KappaN["peace"] != 1 {
		t.Errorf("peace items %d, want 1", ag.KappaN["peace"])
	}
}
