package models

import "cmp"

// explain returns the phrases of the loaded quote that contributed most to
// class c, from the per-token contributions v.contr that scoresTokens
// recorded: each feature's contribution, val·(w[c] − mean of the other
// classes' weights), is spread over the tokens it came from; runs of tokens
// with a positive total, cut at punctuation and at most 6 tokens long, are
// the candidate phrases.
func (m *Model) explain(v *view, in *Input, c int) []Evidence {
	n := len(v.toks)
	if n == 0 {
		return nil
	}
	// Per-token contribution to c: its weight minus the mean of the others.
	contr := v.contr3[:0]
	for t := range n {
		w := v.contr[3*t : 3*t+3]
		var others float64
		for j := range 3 {
			if j != c {
				others += w[j]
			}
		}
		contr = append(contr, w[c]-others/2)
	}
	v.contr3 = contr
	// The strongest maxEvidence candidates in the order of byWeight, kept
	// by insertion as the candidates come: the first ones of a stable sort
	// of all of them (no two start at the same token, so ties are rare).
	var top [maxEvidence]cand
	nTop := 0
	const maxLen = 6
	for i := 0; i < n; {
		if !v.toks[i].word || contr[i] <= 0 {
			i++
			continue
		}
		j := i
		for j < n && v.toks[j].word && contr[j] > 0 && v.toks[j].part == v.toks[i].part {
			j++
		}
		// The best window of at most maxLen tokens in [i, j).
		bi, bw := i, 0.0
		for s := i; s < j; s++ {
			var sum float64
			for e := s; e < min(s+maxLen, j); e++ {
				sum += contr[e]
			}
			if sum > bw {
				bi, bw = s, sum
			}
		}
		be := min(bi+maxLen, j)
		// Trim weak edges (less than a tenth of the phrase's weight).
		for be-bi > 1 && contr[bi] < bw/10 {
			bw -= contr[bi]
			bi++
		}
		for be-bi > 1 && contr[be-1] < bw/10 {
			bw -= contr[be-1]
			be--
		}
		c := cand{bi, be, bw}
		i = j
		k := nTop
		for k > 0 && byWeight(c, top[k-1]) < 0 {
			k--
		}
		if k == maxEvidence {
			continue
		}
		if nTop < maxEvidence {
			nTop++
		}
		copy(top[k+1:nTop], top[k:nTop-1])
		top[k] = c
	}
	if nTop == 0 {
		return []Evidence{}
	}
	out := make([]Evidence, 0, nTop)
	for _, cd := range top[:nTop] {
		s, e := v.toks[cd.i].start, v.toks[cd.j-1].end
		out = append(out, Evidence{Text: in.Text[v.byteAt(in.Text, s):v.byteAt(in.Text, e)], Start: s, End: e, Weight: round4(cd.w)})
	}
	return out
}

// A cand is a candidate evidence phrase: tokens [i, j) with weight w.
type cand struct {
	i, j int
	w    float64
}

// byWeight orders candidates by decreasing weight, then by position.
func byWeight(a, b cand) int {
	if a.w != b.w {
		return cmp.Compare(b.w, a.w)
	}
	return cmp.Compare(a.i, b.i)
}

var invSpan = [...]float64{0, 1, 1. / 2, 1. / 3, 1. / 4, 1. / 5, 1. / 6, 1. / 7, 1. / 8, 1. / 9, 1. / 10, 1. / 11, 1. / 12}

func round4(x float64) float64 {
	if x >= 0 {
		return float64(int64(x*1e4+0.5)) / 1e4
	}
	return -float64(int64(-x*1e4+0.5)) / 1e4
}
