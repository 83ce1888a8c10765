package models

import "sort"

// Helpers that keep feature extraction linear in the quote's length: a
// quote may be a whole document (a stray opening mark runs to its end),
// with thousands of target mentions, polarity words and markers, so no
// loop may pair every marker with every hit or rescan a sentence per word.
// Each helper gives exactly the answer of the plain scan it replaces.

// indexHits fills v.tHits: for every target of ts, the indices into v.hits
// of its hits in the quote (not the context), in v.hits order. v.hits
// holds the hits target by target, each target's in token order, so each
// list is in increasing token order (and, hits of one target never
// overlapping, in increasing end order too).
func indexHits(v *view, nTargets int) {
	for len(v.tHits) < nTargets {
		v.tHits = append(v.tHits, nil)
	}
	v.tHits = v.tHits[:nTargets]
	for u := range v.tHits {
		v.tHits[u] = v.tHits[u][:0]
	}
	for k, h := range v.hits {
		if k > 0 && (h.target < v.hits[k-1].target ||
			h.target == v.hits[k-1].target && !h.ctx && !v.hits[k-1].ctx && h.i < v.hits[k-1].j) {
			panic("models: lexicon hits not in target and token order")
		}
		if !h.ctx && h.target < nTargets {
			v.tHits[h.target] = append(v.tHits[h.target], int32(k))
		}
	}
}

// firstHit returns the position in list (indices into v.hits) of the first
// hit whose token start is at least i, or len(list).
func firstHit(v *view, list []int32, i int) int {
	return sort.Search(len(list), func(k int) bool { return v.hits[list[k]].i >= i })
}

// firstHitEnding returns the position in list of the first hit whose end
// is at least j, or len(list).
func firstHitEnding(v *view, list []int32, j int) int {
	return sort.Search(len(list), func(k int) bool { return v.hits[list[k]].j >= j })
}

// indexSentences fills v.sentID (sentence ends among toks[:k], for k in
// [0, n]), v.sentStart (the start of the sentence of token k: one past the
// last sentence end before k) and v.sentEnd (the first sentence end at or
// after k, or n).
func indexSentences(v *view) {
	n := len(v.toks)
	id := v.sentID[:0]
	start := v.sentStart[:0]
	c, s := int32(0), int32(0)
	for k := 0; k <= n; k++ {
		id = append(id, c)
		start = append(start, s)
		if k < n && v.toks[k].flags&tfSentence != 0 {
			c++
			s = int32(k + 1)
		}
	}
	end := append(v.sentEnd[:0], make([]int32, n+1)...)
	e := int32(n)
	for k := n; k >= 0; k-- {
		if k < n && v.toks[k].flags&tfSentence != 0 {
			e = int32(k)
		}
		end[k] = e
	}
	v.sentID, v.sentStart, v.sentEnd = id, start, end
}
