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
	indexHits(v, len(ts))
	indexSentences(v)
	tl := v.tHits[t]
	v.cmarks = condLex.match(0, v.low, toks, false, v.cmarks[:0])
	for _, mk := range v.cmarks {
		// The marker's sentence: [s0, s1], s1 its end (or the last token).
		s0, s1 := int(v.sentStart[mk.i]), int(v.sentEnd[mk.j])
		// The clause the marker opens.
		c1 := mk.j
		for c1 < len(toks) && c1 < mk.j+10 && toks[c1].flags&tfClause == 0 {
			c1++
		}
		// The hits of t: in that clause (inClause), elsewhere in the
		// sentence (mentioned), anywhere. tl is in start and end order.
		anywhere := len(tl) > 0
		c, d := firstHit(v, tl, mk.j), firstHit(v, tl, c1)
		inClause := d > c
		a, b := firstHit(v, tl, s0), firstHitEnding(v, tl, s1+1)
		mentioned := max(b-a, 0) > max(min(b, d)-max(a, c), 0)
		word := condLex.phrases[mk.phrase].text
		if word == "before" || word == "first" {
			// "guarantees before any ceasefire", "a ceasefire first": the
			// thing named just before the marker comes first, and the
			// stance toward the other target depends on it. The last hit
			// (in v.hits order) in the sentence ending at most 4 tokens
			// before the marker decides.
			if word == "before" && !inClause {
				continue
			}
			for u := len(v.tHits) - 1; u >= 0; u-- {
				list := v.tHits[u]
				e := firstHitEnding(v, list, mk.i+1)
				if e == 0 {
					continue
				}
				h := v.hits[list[e-1]]
				if h.i < s0 || mk.i-h.j > 4 {
					continue
				}
				if h.target != t {
					return ts[h.target].t.Name
				}
				break
			}
			continue
		}
		if anywhere && !mentioned && !strongConditions[hashString(word)] {
			continue
		}
		// The first target named in the clause decides.
		first := -1
		for _, list := range v.tHits {
			k := firstHit(v, list, mk.j)
			if k < len(list) && v.hits[list[k]].i < c1 && (first < 0 || v.hits[list[k]].i < v.hits[first].i) {
				first = int(list[k])
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
