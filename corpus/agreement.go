package corpus

import (
	"sort"
	"strings"
)

// Agreement compares two independent labelings of the same articles.
type Agreement struct {
	Articles         int
	QuotesA, QuotesB int
	Matched          int     // quote pairs overlapping by at least half (Jaccard over code points)
	QuoteF1          float64 // 2·Matched / (QuotesA + QuotesB)
	SameKind         int     // matched pairs with the same kind
	SameSpeaker      int     // matched pairs with the same speaker (case and space folded)
	// Kappa per target over matched quotes, labels favor, against, neutral
	// and unrelated (the target not addressed); N the number of items.
	Kappa    map[string]float64
	KappaN   map[string]int
	Overall  float64 // kappa over every target × matched quote
	OverallN int
}

// Agree matches the quotes of articles present in both a and b (by id) and
// measures how far the two labelings agree. targets nil means
// DefaultTargetNames.
func Agree(a, b []GoldArticle, targets []string) Agreement {
	if targets == nil {
		targets = DefaultTargetNames
	}
	byID := map[string]GoldArticle{}
	for _, x := range b {
		byID[x.ID] = x
	}
	ag := Agreement{Kappa: map[string]float64{}, KappaN: map[string]int{}}
	pairs := map[string][][2]Label{}
	for _, x := range a {
		y, ok := byID[x.ID]
		if !ok {
			continue
		}
		ag.Articles++
		ag.QuotesA += len(x.Quotes)
		ag.QuotesB += len(y.Quotes)
		for _, m := range MatchQuotes(x.Quotes, y.Quotes, 0.5) {
			qa, qb := x.Quotes[m[0]], y.Quotes[m[1]]
			ag.Matched++
			if qa.Kind == qb.Kind {
				ag.SameKind++
			}
			if NormalizeName(qa.Speaker) == NormalizeName(qb.Speaker) {
				ag.SameSpeaker++
			}
			for _, t := range targets {
				pairs[t] = append(pairs[t], [2]Label{labelOf(qa, t), labelOf(qb, t)})
			}
		}
	}
	if n := ag.QuotesA + ag.QuotesB; n > 0 {
		ag.QuoteF1 = 2 * float64(ag.Matched) / float64(n)
	}
	var all [][2]Label
	for _, t := range targets {
		ag.Kappa[t] = CohenKappa(pairs[t])
		ag.KappaN[t] = len(pairs[t])
		all = append(all, pairs[t]...)
	}
	ag.Overall = CohenKappa(all)
	ag.OverallN = len(all)
	return ag
}

func labelOf(q GoldQuote, target string) Label {
	if s, ok := q.Stances[target]; ok {
		return s.Stance
	}
	return Unrelated
}

// NormalizeName folds case and white space, for comparing speaker names.
func NormalizeName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// MatchQuotes pairs quotes of a and b one to one (MatchSpans on their
// spans) and returns index pairs [i in a, j in b], ordered by i.
func MatchQuotes(a, b []GoldQuote, min float64) [][2]int {
	sa, sb := make([][]Span, len(a)), make([][]Span, len(b))
	for i, q := range a {
		sa[i] = q.Spans()
	}
	for j, q := range b {
		sb[j] = q.Spans()
	}
	m := MatchSpans(sa, sb, min)
	var out [][2]int
	for i, j := range m {
		if j >= 0 {
			out = append(out, [2]int{i, j})
		}
	}
	return out
}

// MatchSpans pairs span sets of a and b one to one, greedily by decreasing
// overlap (Overlap; ties in index order), keeping pairs whose overlap is at
// least min. It returns, for each element of a, the index of its match in b
// or -1.
func MatchSpans(a, b [][]Span, min float64) []int {
	type cand struct {
		i, j int
		o    float64
	}
	var cs []cand
	for i, x := range a {
		for j, y := range b {
			if o := Overlap(x, y); o >= min && o > 0 {
				cs = append(cs, cand{i, j, o})
			}
		}
	}
	sort.SliceStable(cs, func(x, y int) bool { return cs[x].o > cs[y].o })
	match := make([]int, len(a))
	for i := range match {
		match[i] = -1
	}
	usedB := make([]bool, len(b))
	for _, c := range cs {
		if match[c.i] < 0 && !usedB[c.j] {
			match[c.i], usedB[c.j] = c.j, true
		}
	}
	return match
}

// Overlap is the Jaccard overlap of two sets of spans: shared code points
// over the code points in either.
func Overlap(a, b []Span) float64 {
	inter := 0
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x.Start, y.Start), min(x.End, y.End); hi > lo {
				inter += hi - lo
			}
		}
	}
	union := -inter
	for _, x := range a {
		union += x.Len()
	}
	for _, y := range b {
		union += y.Len()
	}
	if union <= 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// CohenKappa is Cohen's kappa of paired labels: (po − pe) / (1 − pe). It is
// 1 when every pair agrees and both sides use a single label.
func CohenKappa(pairs [][2]Label) float64 {
	if len(pairs) == 0 {
		return 0
	}
	n := float64(len(pairs))
	agree := 0.0
	ca, cb := map[Label]float64{}, map[Label]float64{}
	for _, p := range pairs {
		if p[0] == p[1] {
			agree++
		}
		ca[p[0]]++
		cb[p[1]]++
	}
	po := agree / n
	pe := 0.0
	for l, x := range ca {
		pe += (x / n) * (cb[l] / n)
	}
	if pe == 1 {
		return 1
	}
	return (po - pe) / (1 - pe)
}
