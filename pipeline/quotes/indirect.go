package quotes

import (
	"sort"
	"strings"

	"github.com/stance-project/stance/corpus"
)

// finiteMarkers signal a finite clause after a speech verb without "that".
var finiteMarkers = setOf(`would will could can should must might may shall is are was were has have had
did does do won't wouldn't can't cannot couldn't isn't wasn't weren't hasn't haven't hadn't didn't doesn't
don't remains remained stands stood needs needed wants wanted lacks lacked shows showed means meant
wasn’t isn’t won’t wouldn’t can’t couldn’t hasn’t haven’t hadn’t didn’t doesn’t don’t weren’t aren’t aren't
made makes gave gives took takes came comes went goes kept keeps left leaves held holds found finds
became becomes knew knows meant means felt feels stood brought brings sought seeks ran runs paid pays
lost loses won wins led leads fell falls rose rises began begins broke breaks grew grows saw sees
got gets did put set lay lies cost costs hit hits hurt hurts shut spent spends sent sends built
needs wants remains stays seems seemed appears appeared looks looked exists existed lacks`)

var clauseSubjects = setOf(`he she they it we i there this that these those the a an his her their its our no
nobody everyone everybody nothing none any some all both russia ukraine`)

var ingCues = setOf(`saying adding arguing warning insisting noting stressing claiming explaining`)

var prepositions = setOf(`on in at during after before since with without to for from by about against of
over under between among into toward towards than like upon via amid outside inside near across through
including despite following while`)

var timeWords = setOf(`on in at during after before late earlier later yesterday today tonight tomorrow monday
tuesday wednesday thursday friday saturday sunday last this next also again repeatedly once recently`)

var nonClauseStarts = setOf(`to for of with by goodbye so yes nothing hello thanks sorry as what
how`)

// addIndirect finds reported speech in sentences that hold no other
// quotation: "X said (that) …", "…, X said.", "according to X, …".
func (w *work) addIndirect(t string, qs []bq) []bq {
	var toks []tok
	over := newQuoteCursor(qs)
	emb := struct{ i int }{}
	var out []bq
	// paragraphs that hold a transcript turn are transcript text
	turnPara := map[int]bool{}
	for _, q := range qs {
		if q.turn.e > 0 {
			turnPara[q.para] = true
		}
	}
	keep := func(pi int) bool { return !w.head[pi] && !turnPara[pi] }
	w.units(qs, keep, func(u unit) {
		s, pi := u.s, u.pi
		lastClose := over.reach(s.e)
		if lastClose > s.s && lastClose <= s.e {
			// short quotes embedded in reported speech ("said the plan was
			// “a poison pill” for talks") belong to the indirect quote
			for emb.i < len(qs) && qs[emb.i].open < s.s {
				emb.i++
			}
			var inside []int
			ok := true
			for k := emb.i; k < len(qs) && qs[k].open < s.e; k++ {
				if !embeddedShort(t, qs[k], s) {
					ok = false
					break
				}
				inside = append(inside, k)
			}
			if ok && len(inside) > 0 {
				if q, found := indirectIn(t, s, u.toks); found && !q.according && q.open < qs[inside[0]].open && q.close >= qs[inside[len(inside)-1]].span().e {
					for _, k := range inside {
						qs[k].kind = "" // dropped in favour of the indirect quote
					}
					q.para, q.lastP, q.intro = pi, pi, -1
					out = append(out, q)
					return
				}
			}
		}
		if lastClose > s.s {
			// "“…,” he wrote, adding that …": reported speech after the quote
			if lastClose < s.e {
				toks = w.tokens(seg{lastClose, s.e}, toks[:0])
				if q, ok := thatClauseIn(t, s, toks); ok {
					q.para, q.lastP, q.intro = pi, pi, -1
					q.follows = true
					out = append(out, q)
				}
			}
			return
		}
		if q, ok := indirectIn(t, s, u.toks); ok {
			q.para, q.lastP, q.intro = pi, pi, -1
			// "He writes that A but warns that B": two reported clauses
			toks = w.tokens(q.parts[0], toks[:0])
			if q2, ok := secondClause(t, q, toks); ok {
				out = append(out, q, q2)
				return
			}
			out = append(out, q)
		}
	})
	return append(qs, out...)
}

// quoteCursor answers "how far does any quote opened before x reach?" for
// nondecreasing x in amortized O(1): quotes are visited once, in order of
// their opening.
type quoteCursor struct {
	span     []seg // (open, reach) of each quote, ordered by open
	i        int
	maxReach int
}

func newQuoteCursor(qs []bq) *quoteCursor {
	c := &quoteCursor{span: make([]seg, 0, len(qs))}
	for _, q := range qs {
		c.span = append(c.span, seg{q.open, max(q.close, q.span().e)})
	}
	sort.Slice(c.span, func(i, j int) bool { return c.span[i].s < c.span[j].s })
	return c
}

// reach returns the largest end of a quote opened before x.
func (c *quoteCursor) reach(x int) int {
	for c.i < len(c.span) && c.span[c.i].s < x {
		c.maxReach = max(c.maxReach, c.span[c.i].e)
		c.i++
	}
	return c.maxReach
}

// stripDateline drops "KYIV, Feb 11 (Wire) — " or "Paris, FR [AP]: " from
// a paragraph's first sentence.
func stripDateline(t string, s seg) seg {
	if k := strings.IndexByte(t[s.s:min(s.e, s.s+60)], ':'); k > 0 {
		pre := t[s.s : s.s+k]
		if strings.ContainsAny(pre, ",[(") && !strings.ContainsAny(pre, ".?!\"“”") && wordCountMax(t, seg{s.s, s.s + k}, 6) <= 6 {
			if r, _ := runeAt(t, s.s+k+1); isSpaceRune(r) {
				return trimSeg(t, seg{s.s + k + 1, s.e})
			}
		}
	}
	lim := s.s + 100
	if lim > s.e {
		lim = s.e
	}
	for i := s.s; i < lim; {
		r, w := runeAt(t, i)
		if r == '—' || r == '–' {
			// the text before must start with an all-capitals word
			first := s.s
			j := first
			caps := 0
			for j < i {
				r2, w2 := runeAt(t, j)
				if !isLetter(r2) {
					break
				}
				if r2 >= 'a' && r2 <= 'z' {
					caps = -100
				}
				caps++
				j += w2
			}
			if caps >= 2 {
				return trimSeg(t, seg{i + w, s.e})
			}
			return s
		}
		i += w
	}
	return s
}

func tw(t string, x tok) string { return t[x.s:x.e] }

// indirectIn looks for reported speech in one sentence.
func indirectIn(t string, s seg, toks []tok) (bq, bool) {
	n := len(toks)
	if n < 5 {
		return bq{}, false
	}
	end := s.e
	if r := runeBefore(t, end); r == '.' {
		end--
	}
	// according to X, clause.
	if toks[0].lw == "according" && n > 3 && toks[1].lw == "to" {
		for k := 2; k < n && k < 20; k++ {
			// (a pronoun takes no appositive: "According to him, the army …")
			if tw(t, toks[k]) == "," && k+1 < n && (toks[k+1].lw == "a" || toks[k+1].lw == "an" || toks[k+1].lw == "the") && !(k == 3 && speakerPronoun[toks[2].lw] != "") {
				// "According to Ana Ruiz, a researcher at …, clause"
				for k2 := k + 2; k2 < n && k2 < k+16; k2++ {
					if tw(t, toks[k2]) == "," {
						k = k2
						break
					}
				}
			}
			if tw(t, toks[k]) == "," {
				if k+1 < n {
					cl := trimSeg(t, seg{toks[k+1].s, end})
					// "According to X, Ruiz said that …": the clause has its own speaker
					if q, ok := indirectIn(t, cl, toks[k+1:]); ok && !q.according {
						return q, true
					}
					if wordCountMax(t, cl, 3) >= 3 {
						return bq{parts: []seg{cl}, kind: corpus.KindIndirect, open: cl.s, close: cl.e, subj: seg{toks[2].s, toks[k-1].e}, cue: seg{toks[0].s, toks[1].e}, according: true}, true
					}
				}
				break
			}
		}
	}
	// clause, according to X.
	for k := 1; k+2 < n; k++ {
		if tw(t, toks[k]) == "," && toks[k+1].lw == "according" && toks[k+2].lw == "to" {
			cl := trimSeg(t, seg{s.s, toks[k].s})
			if wordCountMax(t, cl, 4) >= 4 {
				subjEnd := end
				for j := k + 3; j < n; j++ {
					if toks[j].punct {
						subjEnd = toks[j].s
						break
					}
				}
				if k+3 < n {
					return bq{parts: []seg{cl}, kind: corpus.KindIndirect, open: cl.s, close: cl.e, subj: trimSeg(t, seg{toks[k+3].s, subjEnd}), cue: seg{toks[k+1].s, toks[k+2].e}, according: true}, true
				}
			}
		}
	}
	for k := 1; k < n; k++ {
		x := toks[k]
		if x.punct {
			continue
		}
		word := tw(t, x)
		if isCap(word) {
			continue
		}
		clauseOK, isCue := cueForms[x.lw]
		if !isCue {
			continue
		}
		// "the 14 alleged violations", "a reported attack": an adjective
		if pw := toks[k-1].lw; !toks[k-1].punct && (determiners[pw] && pw != "that" || pw[0] >= '0' && pw[0] <= '9') {
			continue
		}
		ing := len(word) > 4 && word[len(word)-3:] == "ing"
		if ing && !(k+1 < n && toks[k+1].lw == "that") && !ingCues[toks[k].lw] {
			continue
		}
		if ing && ingCues[toks[k].lw] && k > 0 && tw(t, toks[k-1]) == "," {
			if q, ok := clauseAfter(t, toks, k, end); ok {
				return q, true
			}
			continue
		}
		if !subjectBefore(t, toks, k) {
			continue
		}
		// pattern A: subject cue (that) clause
		if clauseOK {
			if q, ok := clauseAfter(t, toks, k, end); ok {
				return q, true
			}
		}
		// pattern B: clause, subject cue.
		if q, ok := clauseBefore(t, s, toks, k, end); ok {
			return q, true
		}
	}
	return bq{}, false
}

// subjectBefore reports whether the words before the cue at k end in a
// plausible speaker: a pronoun, a capitalized name, a role noun, or an
// appositive closed by a comma.
func subjectBefore(t string, toks []tok, k int) bool {
	j := k - 1
	for j >= 0 && !toks[j].punct && (endsLy(tw(t, toks[j])) || auxBefore[toks[j].lw]) {
		j--
	}
	if j < 0 {
		return false
	}
	x := toks[j]
	w := tw(t, x)
	if x.punct {
		return w == ","
	}
	lw := x.lw
	if speakerPronoun[lw] != "" || lw == "who" {
		return true
	}
	if isCap(w) && !stopCaps[lw] {
		return true
	}
	if roleNouns[lw] || orgWords[lw] || plurals[lw] {
		return true
	}
	if lw == "and" && j > 0 {
		return true // "The army rejects … and says …"
	}
	// "A Western diplomat at the forum said": a noun phrase opening the sentence
	f := toks[0].lw
	if lw == "having" || lw == "being" || strings.HasSuffix(f, "ing") || stopCaps[f] && !determiners[f] {
		return false
	}
	if (determiners[f] || isCap(tw(t, toks[0]))) && !npStops[lw] && !prepositions[lw] && !finiteMarkers[lw] && !strings.HasSuffix(lw, "ed") && k <= 10 {
		for _, x := range toks[:k] {
			if x.punct && tw(t, x) != "," {
				return false
			}
		}
		return true
	}
	return false
}

var adjunctEnds = setOf(`statement interview conference briefing message post video speech address meeting
daily weekly newspaper magazine agency channel programme program show outlet site network broadcaster
session hearing call broadcast podcast column op-ed article letter remarks appearance night morning evening
afternoon week weekend monday tuesday wednesday thursday friday saturday sunday television radio parliament`)

// skipAdjuncts skips "in a statement", "on Monday", "at a news conference",
// adverbs and quoted titles after a cue, returning the next token index.
func skipAdjuncts(t string, toks []tok, j int) int {
	for j < len(toks) {
		w := toks[j].lw
		if !toks[j].punct && (endsLy(w) || w == "again" || w == "also" || w == "earlier" || w == "later" || w == "yesterday" || w == "today" || monthsDays[w]) {
			j++
			continue
		}
		if !toks[j].punct && (w == "in" || w == "on" || w == "at" || w == "during" || w == "late" || w == "after" || w == "via" || w == "through" || w == "to") {
			end := -1
			for m := j + 1; m < len(toks) && m <= j+7; m++ {
				x := toks[m]
				xw := x.lw
				if x.punct && xw != "“" && xw != "”" && xw != "\"" && xw != "«" && xw != "»" && xw != "’" && xw != "‘" {
					break
				}
				if xw == "that" {
					break
				}
				if adjunctEnds[xw] || monthsDays[xw] {
					end = m
				}
			}
			if end > 0 {
				j = end + 1
				// a title in marks after the outlet: the daily “Al-Ahram”
				if j < len(toks) && toks[j].punct && isOpeningMark(firstRune(tw(t, toks[j]))) {
					for k := j + 1; k < len(toks) && k <= j+8; k++ {
						if x := firstRune(tw(t, toks[k])); toks[k].punct && (isClosingPunct(x) || x == '“') {
							j = k + 1
							break
						}
					}
				}
				continue
			}
		}
		return j
	}
	return j
}

var auxBefore = setOf(`has have had also then later again once would will had`)

func endsLy(w string) bool { return len(w) > 4 && w[len(w)-2:] == "ly" }

// clauseAfter builds an indirect quote from the clause after the cue at k.
func clauseAfter(t string, toks []tok, k, end int) (bq, bool) {
	n := len(toks)
	cueWord := toks[k].lw
	cue := seg{toks[k].s, toks[k].e}
	j := k + 1
	if p, ok := cueParticle[cueWord]; ok {
		if j < n && toks[j].lw == p {
			cue.e = toks[j].e
			j++
		} else {
			return bq{}, false
		}
	}
	// "that" after adverbials, adjuncts ("in a statement") or a tell-object
	start := -1
	m := j
	if m < n && tw(t, toks[m]) == "," {
		m++
	}
	if tellVerbs[cueWord] && m < n && toks[m].lw != "that" {
		m = skipObject(t, toks, m)
	}
	m = skipAdjuncts(t, toks, m)
	if m < n && toks[m].lw == "that" {
		start = m + 1
	}
	// "told the Ethiopian newspaper that", "said, however, that": a "that"
	// before any finite verb introduces the reported clause
	for k := j; start < 0 && k < n && k < j+10; k++ {
		x := toks[k]
		if x.lw == "that" {
			start = k + 1
			break
		}
		if finiteMarkers[x.lw] || x.punct && !strings.ContainsAny(x.lw, ",“”\"«»„()‘’") {
			break
		}
	}
	if start < 0 {
		start = j
		if !tellVerbs[cueWord] {
			start = skipAdjuncts(t, toks, start)
		}
		if tellVerbs[cueWord] {
			// skip the person told: reporters, him, the council, Ana Ruiz
			if start < n && (toks[start].lw == "the" || toks[start].lw == "a") {
				start++
			}
			for start < n && !toks[start].punct && isCap(tw(t, toks[start])) {
				start++
			}
			if start < n && start == j {
				start++
			}
			start = skipAdjuncts(t, toks, start)
		}
		if start < n && tw(t, toks[start]) == "," {
			return bq{}, false
		}
		if start >= n || nonClauseStarts[toks[start].lw] {
			return bq{}, false
		}
		if w := toks[start].lw; prepositions[w] && w != "about" && w != "over" && w != "under" {
			return bq{}, false
		}
		finite := false
		for m := start; m < n && m < start+9; m++ {
			lw := toks[m].lw
			if toks[m].punct {
				if m > start+1 {
					break
				}
				continue
			}
			if finiteMarkers[lw] || (m > start && len(lw) > 4 && lw[len(lw)-2:] == "ed") {
				finite = true
				break
			}
		}
		if !finite {
			return bq{}, false
		}
	}
	if start >= n {
		return bq{}, false
	}
	cl := trimSeg(t, seg{toks[start].s, end})
	// "… as a weapon and called for a ceasefire": the subject's next act
	// ends the reported clause
	for m := start + 2; m+1 < n; m++ {
		if (toks[m].lw == "and" || toks[m].lw == "but") && !toks[m+1].punct {
			if v, ok := cueForms[toks[m+1].lw]; ok && !(v && m+2 < n && toks[m+2].lw == "that") && !ingCues[toks[m+1].lw] {
				e := toks[m].s
				if r := runeBefore(t, e); r == ' ' {
					e--
				}
				if r := runeBefore(t, e); r == ',' {
					e--
				}
				cl = trimSeg(t, seg{cl.s, e})
				break
			}
		}
	}
	if wordCountMax(t, cl, 3) < 3 {
		return bq{}, false
	}
	return bq{parts: []seg{cl}, kind: corpus.KindIndirect, open: cl.s, close: cl.e, cue: cue, subj: subjectSeg(t, toks, k)}, true
}

// clauseBefore builds an indirect quote from "clause, subject cue[ adjuncts]."
func clauseBefore(t string, s seg, toks []tok, k, end int) (bq, bool) {
	if _, particle := cueParticle[toks[k].lw]; particle || notPatternB[toks[k].lw] {
		return bq{}, false
	}
	if k > 0 && (finiteMarkers[toks[k-1].lw] || toks[k-1].lw == "more" || toks[k-1].lw == "less") {
		return bq{}, false // "was more pointed"
	}
	// the comma that opens the attribution
	c := -1
	for m := k - 1; m >= 0 && m >= k-9; m-- {
		if toks[m].punct {
			if tw(t, toks[m]) == "," {
				c = m
			}
			break
		}
	}
	inverted := false
	if c < 0 && k > 0 && tw(t, toks[k-1]) == "," {
		c, inverted = k-1, true // "…, said Ana Ruiz."
	}
	if c < 1 {
		return bq{}, false
	}
	// after the cue: end, a comma, or adjuncts
	m := k + 1
	if inverted {
		for m < len(toks) && !toks[m].punct {
			m++
		}
	}
	if m < len(toks) {
		x := tw(t, toks[m])
		if lx := lowTok(t, toks[m]); !(x == "," || x == "." || timeWords[lx] || prepositions[lx]) {
			return bq{}, false
		}
	}
	cl := trimSeg(t, seg{s.s, toks[c].s})
	if wordCountMax(t, cl, 4) < 4 {
		return bq{}, false
	}
	subj := seg{toks[c+1].s, toks[k-1].e}
	if inverted {
		subj = seg{toks[k+1].s, toks[m-1].e}
		if k+1 >= len(toks) || m-1 < k+1 {
			return bq{}, false
		}
	}
	return bq{parts: []seg{cl}, kind: corpus.KindIndirect, open: cl.s, close: cl.e, cue: seg{toks[k].s, toks[k].e}, subj: trimSeg(t, subj)}, true
}

// subjectSeg returns the span of the subject words right before the cue at
// k (after adverbs), or an empty seg.
func subjectSeg(t string, toks []tok, k int) seg {
	j := k - 1
	for j >= 0 && !toks[j].punct && (endsLy(tw(t, toks[j])) || auxBefore[toks[j].lw]) {
		j--
	}
	if j < 0 || toks[j].punct {
		return seg{}
	}
	e := toks[j].e
	s := toks[j].s
	for j-1 >= 0 && !toks[j-1].punct && (isCap(tw(t, toks[j-1])) || nameConnectors[tw(t, toks[j-1])]) {
		j--
		s = toks[j].s
	}
	return seg{s, e}
}

// thatClauseIn finds "adding that …", "saying that …", "and said that …" in
// the tokens after a quotation.
func thatClauseIn(t string, s seg, toks []tok) (bq, bool) {
	end := s.e
	if runeBefore(t, end) == '.' {
		end--
	}
	for k := 0; k+2 < len(toks); k++ {
		w := toks[k].lw
		if v, ok := cueForms[w]; !ok || !v {
			continue
		}
		if toks[k+1].lw != "that" {
			continue
		}
		cl := trimSeg(t, seg{toks[k+2].s, end})
		if cl.e <= cl.s || wordCountMax(t, cl, 3) < 3 {
			return bq{}, false
		}
		return bq{parts: []seg{cl}, kind: corpus.KindIndirect, open: cl.s, close: cl.e, cue: seg{toks[k].s, toks[k].e}}, true
	}
	return bq{}, false
}

// secondClause splits "… that A but warns that B" into two reported clauses,
// shortening q to A and returning B; toks are the tokens of q.parts[0].
func secondClause(t string, q bq, toks []tok) (bq, bool) {
	c := q.parts[0]
	for k := 1; k+2 < len(toks); k++ {
		w := toks[k].lw
		if w == "," && ingCues[toks[k+1].lw] && toks[k+2].lw == "that" && k+3 < len(toks) {
			w = "and" // ", adding that B"
		} else if w != "but" && w != "and" {
			continue
		}
		cw := toks[k+1].lw
		if v, ok := cueForms[cw]; !ok || !v || toks[k+2].lw != "that" || k+3 >= len(toks) {
			continue
		}
		first := trimSeg(t, seg{c.s, toks[k].s})
		if r := runeBefore(t, first.e); r == ',' {
			first.e--
		}
		second := seg{toks[k+3].s, c.e}
		if wordCountMax(t, first, 3) < 3 || wordCountMax(t, second, 3) < 3 {
			return bq{}, false
		}
		q2 := q
		q2.parts = []seg{second}
		q2.open, q2.close = second.s, second.e
		q2.cue = seg{toks[k+1].s, toks[k+1].e}
		q.parts[0] = first
		return q2, true
	}
	return bq{}, false
}

// skipObject skips the person or outlet told: "reporters", "him", "the
// council", "Ana Ruiz", "the state news agency RIA".
func skipObject(t string, toks []tok, m int) int {
	n := len(toks)
	st := m
	if m < n && (toks[m].lw == "the" || toks[m].lw == "a" || toks[m].lw == "an") {
		m++
		for m < n && m < st+6 && !toks[m].punct && toks[m].lw != "that" && !finiteMarkers[toks[m].lw] && !isCap(tw(t, toks[m])) {
			m++
		}
	}
	for m < n && !toks[m].punct && isCap(tw(t, toks[m])) {
		m++
	}
	if m == st && m < n && !toks[m].punct {
		m++ // reporters, him, us
	}
	return m
}

// notPatternB are cue forms that do not close a reported clause
// ("…, Ana Ruiz called …").
var notPatternB = setOf(`call calls called calling put puts go goes went begin begins began continue
continues continued urge urges urged urging accuse accuses accused describe describes described
describing dismiss dismisses dismissed address addresses addressed demand demands demanded post posts
posted brief briefs briefed inform informs informed signal signals`)

// embeddedShort reports a marked quote of at most six words without final
// punctuation inside sentence s, not opening it: a phrase quoted within
// reported speech.
func embeddedShort(t string, q bq, s seg) bool {
	if !q.marked || q.turn.e > 0 || len(q.parts) != 1 || q.kind != corpus.KindDirect || q.open <= s.s || q.close > s.e {
		return false
	}
	c := q.parts[0]
	switch runeBefore(t, c.e) {
	case '.', ',', '?', '!', '…', ';', ':':
		return false
	}
	return wordCountMax(t, c, 6) <= 6
}
