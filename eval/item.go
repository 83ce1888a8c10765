package eval

import (
	"fmt"
	"slices"

	"github.com/stance-project/stance/corpus"
)

// A StanceItem is one scored (quote, target) pair.
type StanceItem struct {
	ArticleID string `json:"article_id"` // the unit of resampling and of folds
	QuoteID   string `json:"quote_id"`   // "article#qN" for gold quotes, as in stance/v1
	Target    string `json:"target"`
	// Gold and Pred are corpus.Favor, Against, Neutral, or Unrelated when the
	// quote does not address the target. An empty label counts as Unrelated.
	Gold corpus.Label `json:"gold"`
	Pred corpus.Label `json:"pred"`
	// Probs are the model's probabilities of favor, against and neutral, in
	// the order of corpus.Labels; all zero when the model gave none.
	Probs    [3]float64 `json:"probs"`
	Text     string     `json:"text,omitempty"`     // the quote, for error tables
	Evidence []string   `json:"evidence,omitempty"` // the evidence the model gave
	// Missed marks a gold quote the system did not find (end to end): Pred
	// is Unrelated. Spurious marks a predicted quote that matches no gold
	// quote: Gold is Unrelated.
	Missed   bool `json:"missed,omitempty"`
	Spurious bool `json:"spurious,omitempty"`
}

// HasProbs reports whether the item carries probabilities.
func (it StanceItem) HasProbs() bool {
	return it.Probs[0]+it.Probs[1]+it.Probs[2] > 0
}

// Classes is the order of the rows and columns of a Confusion and of
// per-class scores: the three stance labels, then Unrelated.
var Classes = [4]corpus.Label{corpus.Favor, corpus.Against, corpus.Neutral, corpus.Unrelated}

// classIndex returns the position of l in Classes; "" is Unrelated. It
// panics on any other label: items are built by code, and a bad label there
// is a programming error.
func classIndex(l corpus.Label) int {
	switch l {
	case corpus.Favor:
		return 0
	case corpus.Against:
		return 1
	case corpus.Neutral:
		return 2
	case corpus.Unrelated, "":
		return 3
	}
	panic(fmt.Sprintf("eval: unknown label %q", l))
}

// GoldItems returns one item per gold quote and target, in article, quote
// and target order, with the gold label (Unrelated when the quote does not
// address the target), QuoteID "id#qN" and the quote's text; Pred is left
// Unrelated for the caller to fill. targets nil means
// corpus.DefaultTargetNames.
func GoldItems(arts []corpus.GoldArticle, targets []string) []StanceItem {
	if targets == nil {
		targets = corpus.DefaultTargetNames
	}
	var out []StanceItem
	for _, a := range arts {
		for qi, q := range a.Quotes {
			text := quoteText(a.Text, q.Spans())
			for _, t := range targets {
				gold := corpus.Unrelated
				if st, ok := q.Stances[t]; ok {
					gold = st.Stance
				}
				out = append(out, StanceItem{
					ArticleID: a.ID, QuoteID: fmt.Sprintf("%s#q%d", a.ID, qi+1), Target: t,
					Gold: gold, Pred: corpus.Unrelated, Text: text,
				})
			}
		}
	}
	return out
}

// quoteText is corpus.QuoteText, tolerant of spans out of range (gold data
// is validated elsewhere; a report should still be written).
func quoteText(text string, spans []corpus.Span) string {
	n := len([]rune(text))
	for _, s := range spans {
		if s.Start < 0 || s.Start > s.End || s.End > n {
			return ""
		}
	}
	return corpus.QuoteText(text, spans)
}

// A StanceQuote is a quote found by a system, with its stances: the part of
// a stance/v1 quote record that end-to-end scoring needs. Its PredQuote
// (spans, kind, speaker) is what ScoreQuotes takes.
type StanceQuote struct {
	PredQuote
	ID      string                      // "doc#q1"
	Text    string                      // the quote as the system gives it
	Targets map[string]TargetPrediction // only the targets the quote addresses
}

// A TargetPrediction is a system's stance toward one target in one quote.
type TargetPrediction struct {
	Stance   corpus.Label
	Probs    [3]float64 // favor, against, neutral
	Evidence []string
}

// EndToEndItems scores one article end to end. match[i] is the index in
// preds of the quote matched to gold quote i, or -1 when the system missed
// it; match nil matches quotes by code-point overlap (MatchQuotes). It
// returns, for each gold quote and target, an item with the matched quote's
// prediction (Unrelated and Missed when missed), then, for each target of
// each unmatched predicted quote, an item with Gold Unrelated and Spurious.
// Only the targets listed count; targets nil means
// corpus.DefaultTargetNames. It panics if match has the
// wrong length or an index out of range.
func EndToEndItems(a corpus.GoldArticle, preds []StanceQuote, match []int, targets []string) []StanceItem {
	if targets == nil {
		targets = corpus.DefaultTargetNames
	}
	if match == nil {
		match = MatchQuotes(a, preds)
	}
	if len(match) != len(a.Quotes) {
		panic(fmt.Sprintf("eval: %d matches for %d gold quotes", len(match), len(a.Quotes)))
	}
	used := make([]bool, len(preds))
	var out []StanceItem
	for qi, q := range a.Quotes {
		j := match[qi]
		if j >= len(preds) || j < -1 {
			panic(fmt.Sprintf("eval: match %d out of range [-1,%d)", j, len(preds)))
		}
		gi := GoldItems([]corpus.GoldArticle{{ID: a.ID, Text: a.Text, Quotes: []corpus.GoldQuote{q}}}, targets)
		for k := range gi {
			gi[k].QuoteID = fmt.Sprintf("%s#q%d", a.ID, qi+1)
			if j < 0 {
				gi[k].Missed = true
				continue
			}
			if p, ok := preds[j].Targets[gi[k].Target]; ok {
				gi[k].Pred, gi[k].Probs, gi[k].Evidence = p.Stance, p.Probs, p.Evidence
			}
		}
		if j >= 0 {
			used[j] = true
		}
		out = append(out, gi...)
	}
	for j, p := range preds {
		if used[j] {
			continue
		}
		for _, t := range sortedKeys(p.Targets) {
			if !slices.Contains(targets, t) {
				continue
			}
			tp := p.Targets[t]
			out = append(out, StanceItem{
				ArticleID: a.ID, QuoteID: p.ID, Target: t, Gold: corpus.Unrelated,
				Pred: tp.Stance, Probs: tp.Probs, Text: p.Text, Evidence: tp.Evidence, Spurious: true,
			})
		}
	}
	return out
}

// MatchQuotes pairs gold quotes with predicted quotes one to one, greedily
// by the largest SpanOverlap, keeping pairs that overlap by at least
// MinOverlap: the criterion quote scoring (ScoreQuotes) uses. The result
// has one entry per gold quote: the index of its predicted quote, or -1.
func MatchQuotes(a corpus.GoldArticle, preds []StanceQuote) []int {
	gold := make([][]corpus.Span, len(a.Quotes))
	for i, q := range a.Quotes {
		gold[i] = q.Spans()
	}
	pred := make([][]corpus.Span, len(preds))
	for j, p := range preds {
		pred[j] = p.Spans
	}
	return corpus.MatchSpans(gold, pred, MinOverlap)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
