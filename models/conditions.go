package models

import "strings"

// Condition markers. Strong markers yield a phrase condition when the
// clause they open names no other target; weak ones only a target condition.
var (
	strongConditions = hashSet("only if", "only when", "only after", "contingent on", "contingent upon", "conditional on",
		"as long as", "provided that", "provided", "on condition that", "unless", "until", "depends on", "depend on",
		"dependent on", "depending on", "in exchange for")
	condLex = compileTarget(targetOf("conditions", "only if", "only when", "only after", "contingent on", "contingent upon",
		"conditional on", "as long as", "provided that", "provided", "on condition that", "unless", "until", "depends on",
		"depend on", "dependent on", "depending on", "in exchange for", "once", "after", "first", "if", "without",
		"before")).lex
	condStop = hashSet("the", "a", "an", "its", "their", "our", "his", "her", "is", "are", "be", "being", "been",
		"there", "that", "this", "we", "they", "it", "all", "of", "on", "to", "is", "was", "has", "have", "every")
)

// condition returns the condition the stance toward target t depends on in
// the loaded quote: the name of another target named in a clause opened by
// a condition marker in the same sentence as a mention of t, or anywhere in
// a quote that does not name t ("guarantees are contingent on a settlement"
// → "peace"; "guarantees before any ceasefire" gives the ceasefire the
// condition security_guarantees), or, after a strong marker, a
// short lower-case phrase of at most five words from that clause; "" when
// there is none. v.hits must hold the quote's hits of every target.
func condition(v *view, ts []compiledTarget, t int) string {
	toks := v.toks
	var marks []hit
	marks = condLex.match(0, v.low, toks, false, marks)
	for _, mk := range marks {
		// Is target t mentioned in the marker's sentence?
		s0, s1 := mk.i, mk.j
		for s0 > 0 && toks[s0-1].flags&tfSentence == 0 {
			s0--
		}
		for s1 < len(toks) && toks[s1].flags&tfSentence == 0 {
			s1++
		}
		// The clause the marker opens.
		c1 := mk.j
		for c1 < len(toks) && c1 < mk.j+10 && toks[c1].flags&tfClause == 0 {
			c1++
		}
		mentioned, inClause, anywhere := false, false, false
		for _, h := range v.hits {
			if h.target != t || h.ctx {
				continue
			}
			anywhere = true
			if h.i >= mk.j && h.i < c1 {
				inClause = true
			} else if h.i >= s0 && h.j <= s1 {
				mentioned = true
			}
		}
		word := condLex.phrases[mk.phrase].text
		if word == "before" || word == "first" {
			// "guarantees before any ceasefire", "a ceasefire first": the
			// thing named just before the marker comes first, and the
			// stance toward the other target depends on it.
			if word == "before" && !inClause {
				continue
			}
			for k := len(v.hits) - 1; k >= 0; k-- {
				h := v.hits[k]
				if !h.ctx && h.j <= mk.i && h.i >= s0 && mk.i-h.j <= 4 {
					if h.target != t {
						return ts[h.target].t.Name
					}
					break
				}
			}
			continue
		}
		if anywhere && !mentioned && !strongConditions[hashString(word)] {
			continue
		}
		// The first target named in the clause decides.
		first := -1
		for _, h := range v.hits {
			if !h.ctx && h.i >= mk.j && h.i < c1 && (first < 0 || h.i < v.hits[first].i) {
				first = slicesIndex(v.hits, h)
			}
		}
		if first >= 0 {
			if v.hits[first].target != t {
				return ts[v.hits[first].target].t.Name
			}
			continue
		}
		if inClause {
			continue
		}
		if !strongConditions[hashString(condLex.phrases[mk.phrase].text)] {
			continue
		}
		var words []string
		for k := mk.j; k < c1 && len(words) < 5; k++ {
			if !toks[k].word || (len(words) == 0 && condStop[toks[k].h]) {
				continue
			}
			words = append(words, string(v.low[toks[k].lo:toks[k].hi]))
		}
		if len(words) > 0 {
			return strings.Join(words, " ")
		}
	}
	return ""
}

func slicesIndex(hs []hit, h hit) int {
	for i := range hs {
		if hs[i] == h {
			return i
		}
	}
	return -1
}
