package eval

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/stance-project/stance/corpus"
)

// A PredQuote is one predicted quotation for scoring: its content spans
// (code points), kind, speaker name and how the speaker was found.
type PredQuote struct {
	Spans   []corpus.Span
	Kind    string
	Speaker string // "" when no speaker was found
	Via     string
}

// A QuoteDoc pairs one article's gold quotes with the predicted ones.
type QuoteDoc struct {
	ID   string
	Gold []corpus.GoldQuote
	Pred []PredQuote
}

// PRF is precision, recall and F1 with the counts they rest on.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	Pred      int     `json:"pred"` // predicted quotes considered
	Gold      int     `json:"gold"` // gold quotes considered (support)
}

// SpeakerAccuracy is a proportion with its counts.
type SpeakerAccuracy struct {
	Accuracy float64 `json:"accuracy"`
	Correct  int     `json:"correct"`
	N        int     `json:"n"`
}

// QuoteScores are the quote and speaker figures for a set of articles.
//
// Exact and Overlap hold P/R/F1 per kind, plus "all" (every kind) and
// "direct+block+split" (the marked kinds). A predicted quote matches a gold
// quote of any kind for "all"; per-kind figures count only pairs of that
// kind on both sides (precision over predictions of the kind, recall over
// gold quotes of the kind). Speaker accuracy is over gold quotes matched at
// 0.5 overlap (any kind), overall and per predicted Via.
type QuoteScores struct {
	Exact        map[string]PRF             `json:"exact"`
	Overlap      map[string]PRF             `json:"overlap"`
	Speaker      SpeakerAccuracy            `json:"speaker"`
	SpeakerByVia map[string]SpeakerAccuracy `json:"speaker_by_via"`
}

// Group names used in QuoteScores besides the kinds.
const (
	GroupAll    = "all"
	GroupMarked = "direct+block+split"
)

// MinOverlap is the overlap at which a predicted quote matches a gold one.
const MinOverlap = 0.5

// SpanOverlap returns shared code points divided by the size of the union
// of two span sets (each set's spans are assumed disjoint): corpus.Overlap.
func SpanOverlap(a, b []corpus.Span) float64 { return corpus.Overlap(a, b) }

// ExactMatch reports identical span sets.
func ExactMatch(a, b []corpus.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// NormalizeSpeaker lower-cases a name and collapses white space.
func NormalizeSpeaker(s string) string { return corpus.NormalizeName(s) }

// match pairs predicted and gold quotes one to one, greedily by best
// overlap, and returns for every gold quote the index of its prediction
// (-1 when none), with the overlap.
func match(gold []corpus.GoldQuote, pred []PredQuote, minOv float64, exact bool) []int {
	gs := make([][]corpus.Span, len(gold))
	for i, g := range gold {
		gs[i] = g.Spans()
	}
	ps := make([][]corpus.Span, len(pred))
	for j, p := range pred {
		ps[j] = p.Spans
	}
	if !exact {
		return corpus.MatchSpans(gs, ps, minOv)
	}
	out := make([]int, len(gold))
	used := make([]bool, len(pred))
	for i := range gs {
		out[i] = -1
		for j := range ps {
			if !used[j] && ExactMatch(gs[i], ps[j]) {
				out[i], used[j] = j, true
				break
			}
		}
	}
	return out
}

func isMarked(kind string) bool {
	return kind == corpus.KindDirect || kind == corpus.KindBlock || kind == corpus.KindSplit
}

// ScoreQuotes computes QuoteScores over docs.
func ScoreQuotes(docs []QuoteDoc) QuoteScores {
	sc := QuoteScores{Exact: map[string]PRF{}, Overlap: map[string]PRF{}, SpeakerByVia: map[string]SpeakerAccuracy{}}
	groups := append([]string{GroupAll, GroupMarked}, corpus.Kinds...)
	in := func(group, kind string) bool {
		switch group {
		case GroupAll:
			return true
		case GroupMarked:
			return isMarked(kind)
		}
		return group == kind
	}
	for _, exact := range []bool{true, false} {
		dst := sc.Overlap
		if exact {
			dst = sc.Exact
		}
		for _, grp := range groups {
			var r PRF
			for _, d := range docs {
				var gold []corpus.GoldQuote
				var pred []PredQuote
				for _, g := range d.Gold {
					if in(grp, g.Kind) {
						gold = append(gold, g)
					}
				}
				for _, p := range d.Pred {
					if in(grp, p.Kind) {
						pred = append(pred, p)
					}
				}
				m := match(gold, pred, MinOverlap, exact)
				for _, pi := range m {
					if pi >= 0 {
						r.TP++
					}
				}
				r.Gold += len(gold)
				r.Pred += len(pred)
			}
			dst[grp] = finishPRF(r)
		}
	}
	// speakers over quotes matched at overlap, any kind
	for _, d := range docs {
		m := match(d.Gold, d.Pred, MinOverlap, false)
		for gi, pi := range m {
			if pi < 0 {
				continue
			}
			p := d.Pred[pi]
			ok := p.Speaker != "" && NormalizeSpeaker(p.Speaker) == NormalizeSpeaker(d.Gold[gi].Speaker)
			via := p.Via
			if via == "" {
				via = "none"
			}
			a := sc.SpeakerByVia[via]
			a.N++
			sc.Speaker.N++
			if ok {
				a.Correct++
				sc.Speaker.Correct++
			}
			sc.SpeakerByVia[via] = a
		}
	}
	sc.Speaker = finishAcc(sc.Speaker)
	for k, a := range sc.SpeakerByVia {
		sc.SpeakerByVia[k] = finishAcc(a)
	}
	return sc
}

func finishPRF(r PRF) PRF {
	if r.Pred > 0 {
		r.Precision = float64(r.TP) / float64(r.Pred)
	}
	if r.Gold > 0 {
		r.Recall = float64(r.TP) / float64(r.Gold)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
	return r
}

func finishAcc(a SpeakerAccuracy) SpeakerAccuracy {
	if a.N > 0 {
		a.Accuracy = float64(a.Correct) / float64(a.N)
	}
	return a
}

// WriteText writes the quote and speaker figures as tables, each figure
// with the counts behind it.
func (s QuoteScores) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "quotes\texact P\texact R\texact F1\toverlap≥0.5 P\toverlap≥0.5 R\toverlap≥0.5 F1\tgold\tpredicted")
	groups := []string{GroupAll, GroupMarked}
	for _, k := range corpus.Kinds {
		if _, ok := s.Exact[k]; ok {
			groups = append(groups, k)
		}
	}
	for _, g := range groups {
		e, o := s.Exact[g], s.Overlap[g]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\n", g, e.Precision, e.Recall, e.F1, o.Precision, o.Recall, o.F1, o.Gold, o.Pred)
	}
	fmt.Fprintf(tw, "\nspeaker accuracy (matched quotes)\t%.3f\t%d/%d\n", s.Speaker.Accuracy, s.Speaker.Correct, s.Speaker.N)
	vias := make([]string, 0, len(s.SpeakerByVia))
	for v := range s.SpeakerByVia {
		vias = append(vias, v)
	}
	sort.Strings(vias)
	for _, v := range vias {
		a := s.SpeakerByVia[v]
		fmt.Fprintf(tw, "  via %s\t%.3f\t%d/%d\n", v, a.Accuracy, a.Correct, a.N)
	}
	return tw.Flush()
}
