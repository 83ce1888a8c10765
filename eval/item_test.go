package eval

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stance-project/stance/corpus"
)

// goldArticle has two quotes: «Peace first» (favor peace) and a split quote
// about a ceasefire and guarantees.
func goldArticle() corpus.GoldArticle {
	text := `He said: "Peace first." Later: "A truce," she said, "is a trap for guarantees."`
	return corpus.GoldArticle{ID: "a1", Text: text, Quotes: []corpus.GoldQuote{
		{Start: 10, End: 22, Kind: "direct", Speaker: "X", Stances: map[string]corpus.Stance{"peace": {Stance: corpus.Favor}}},
		{Start: 32, End: 78, Parts: [][2]int{{32, 40}, {53, 78}}, Kind: "split", Speaker: "Y", Stances: map[string]corpus.Stance{
			"ceasefire":           {Stance: corpus.Against},
			"security_guarantees": {Stance: corpus.Neutral},
		}},
	}}
}

func TestGoldItems(t *testing.T) {
	items := GoldItems([]corpus.GoldArticle{goldArticle()}, []string{"peace", "ceasefire"})
	want := []StanceItem{
		{ArticleID: "a1", QuoteID: "a1#q1", Target: "peace", Gold: corpus.Favor, Pred: corpus.Unrelated, Text: "Peace first."},
		{ArticleID: "a1", QuoteID: "a1#q1", Target: "ceasefire", Gold: corpus.Unrelated, Pred: corpus.Unrelated, Text: "Peace first."},
		{ArticleID: "a1", QuoteID: "a1#q2", Target: "peace", Gold: corpus.Unrelated, Pred: corpus.Unrelated, Text: "A truce, is a trap for guarantees."},
		{ArticleID: "a1", QuoteID: "a1#q2", Target: "ceasefire", Gold: corpus.Against, Pred: corpus.Unrelated, Text: "A truce, is a trap for guarantees."},
	}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("GoldItems (-want +got):\n%s", diff)
	}
	if n := len(GoldItems([]corpus.GoldArticle{goldArticle()}, nil)); n != 6 {
		t.Errorf("%d items for the default targets, want 6", n)
	}
}

func TestEndToEndItems(t *testing.T) {
	a := goldArticle()
	preds := []StanceQuote{
		{ID: "a1#q1", PredQuote: PredQuote{Spans: []corpus.Span{{Start: 33, End: 76}}}, Text: "truce...", Targets: map[string]TargetPrediction{
			"ceasefire": {Stance: corpus.Against, Probs: [3]float64{0.1, 0.8, 0.1}, Evidence: []string{"trap"}},
		}},
		{ID: "a1#q2", PredQuote: PredQuote{Spans: []corpus.Span{{Start: 0, End: 7}}}, Text: "He said", Targets: map[string]TargetPrediction{
			"peace":      {Stance: corpus.Neutral},
			"not_listed": {Stance: corpus.Favor},
		}},
	}
	if got := MatchQuotes(a, preds); !cmp.Equal(got, []int{-1, 0}) {
		t.Fatalf("MatchQuotes = %v, want [-1 0]", got)
	}
	items := EndToEndItems(a, preds, nil, []string{"peace", "ceasefire"})
	type row struct {
		Quote, Target    string
		Gold, Pred       corpus.Label
		Missed, Spurious bool
	}
	var got []row
	for _, it := range items {
		got = append(got, row{it.QuoteID, it.Target, it.Gold, it.Pred, it.Missed, it.Spurious})
	}
	want := []row{
		{"a1#q1", "peace", corpus.Favor, corpus.Unrelated, true, false},
		{"a1#q1", "ceasefire", corpus.Unrelated, corpus.Unrelated, true, false},
		{"a1#q2", "peace", corpus.Unrelated, corpus.Unrelated, false, false},
		{"a1#q2", "ceasefire", corpus.Against, corpus.Against, false, false},
		{"a1#q2", "peace", corpus.Unrelated, corpus.Neutral, false, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EndToEndItems (-want +got):\n%s", diff)
	}
	if items[3].Probs[1] != 0.8 || items[3].Evidence[0] != "trap" {
		t.Errorf("matched item lost its probabilities or evidence: %+v", items[3])
	}
	// An explicit match overrides overlap matching.
	items = EndToEndItems(a, preds, []int{-1, -1}, []string{"ceasefire"})
	if len(items) != 2+1 || !items[1].Missed || !items[2].Spurious { // peace is not listed
		t.Errorf("explicit match: %+v", items)
	}
}

func TestEndToEndItemsBadMatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a match of the wrong length")
		}
	}()
	EndToEndItems(goldArticle(), nil, []int{0}, nil)
}
