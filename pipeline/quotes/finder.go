package quotes

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// bq is a quotation in byte offsets, with what Quotes learned about its
// attribution for Speakers.
type bq struct {
	parts  []seg
	kind   string
	open   int // opening mark (or content start)
	close  int // just past the closing mark (or content end)
	para   int // paragraph of the first part
	lastP  int
	marked bool

	turn      seg    // transcript turn label ("Ana Ruiz")
	turnRole  string // role of a generic label (Q: journalist)
	intro     int    // block: paragraph index of the colon line, -1
	follow    bool   // block that continues the previous block's speaker
	gap       seg    // split: the attribution between the parts
	cue       seg    // indirect: the cue phrase
	subj      seg    // indirect: the subject mention, if found
	according bool   // indirect via "according to"
	follows   bool   // indirect after a direct quote in the same sentence ("…,” he said, adding that …")
}

// hint carries a bq from Quotes to Speakers inside a Quote.
type hint struct {
	q     bq
	start int // the code-point offsets it was made for
	end   int
}

func (q bq) span() seg {
	if len(q.parts) == 0 {
		return seg{q.open, q.close}
	}
	return seg{q.parts[0].s, q.parts[len(q.parts)-1].e}
}

// Quotes finds every quotation in d.Text: marked (direct), block, split,
// multi-paragraph, transcript turns and indirect speech, and stores them in
// d.Quotes in document order, non-overlapping, with Speaker unset.
func (e *Extractor) Quotes(ctx context.Context, d *Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := d.work()
	t := d.Text
	marks := scanMarks(t, w.paras)
	var qs []bq
	for _, m := range marks {
		if w.head[m.para] {
			continue
		}
		q := bq{open: m.open, close: m.close, para: m.para, lastP: m.lastP, marked: true, kind: corpus.KindDirect, intro: -1}
		for _, p := range m.parts {
			if g := trimSeg(t, p); !g.empty() {
				q.parts = append(q.parts, g)
			}
		}
		if len(q.parts) == 0 {
			continue
		}
		qs = append(qs, q)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	qs = w.addTurns(t, qs)
	qs = w.mergeSplits(t, qs)
	real := qs[:0]
	for _, q := range qs {
		if q.turn.e > 0 || isRealQuote(t, q) {
			real = append(real, q)
		}
	}
	qs = real
	qs = w.addBlocks(t, qs)
	if err := ctx.Err(); err != nil {
		return err
	}
	qs = w.addIndirect(t, qs)
	kept := qs[:0]
	for _, q := range qs {
		if q.kind != "" {
			kept = append(kept, q)
		}
	}
	qs = kept
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].parts[0].s < qs[j].parts[0].s })
	// enforce non-overlap
	out := qs[:0]
	last := -1
	for _, q := range qs {
		if q.parts[0].s < last {
			continue
		}
		out = append(out, q)
		last = q.span().e
	}
	w.quotes = out
	d.Quotes = make([]Quote, 0, len(out))
	for _, q := range out {
		d.Quotes = append(d.Quotes, w.toQuote(q))
	}
	return nil
}

func (w *work) toQuote(q bq) Quote {
	t := w.text
	var r Quote
	r.Kind = q.kind
	if len(q.parts) == 1 {
		r.Start, r.End = w.runeSpan(q.parts[0])
		r.Text = t[q.parts[0].s:q.parts[0].e]
	} else {
		var b strings.Builder
		for i, p := range q.parts {
			s, e := w.runeSpan(p)
			r.Parts = append(r.Parts, [2]int{s, e})
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(t[p.s:p.e])
		}
		r.Start, r.End = r.Parts[0][0], r.Parts[len(r.Parts)-1][1]
		r.Text = b.String()
	}
	r.h = &hint{q: q, start: r.Start, end: r.End}
	return r
}

// isRealQuote drops titles, names and scare quotes in marks.
func isRealQuote(t string, q bq) bool {
	if len(q.parts) > 1 {
		return true
	}
	c := q.parts[0]
	n := wordCountMax(t, c, 8) // only up to 8 words matter below
	if n == 0 {
		return false
	}
	last := runeBefore(t, c.e)
	endPunct := last == '.' || last == ',' || last == '?' || last == '!' || last == '…' || last == '—'
	if n <= 3 {
		// scare quotes and names: "the so-called “truce”", "Channel Five’s “Morning Brief”"
		if !endPunct || last == '—' {
			return false
		}
		if pw := prevWords(t, q.open, 1); len(pw) == 1 {
			switch lower(pw[0]) {
			case "so", "called", "the", "a", "an", "its", "his", "her", "their", "this", "our", "my", "s", "as", "dubbed":
				return false
			}
		}
		return n >= 2 || attachedToCue(t, q)
	}
	// Title Case without sentence punctuation: a title or a name.
	if n <= 8 && !endPunct && isTitleCase(t, c) {
		return false
	}
	return true
}

// titleCase reports whether every long word of t[g] is capitalized.
func isTitleCase(t string, g seg) bool {
	var toks []tok
	toks = tokens(t, g, toks)
	for _, x := range toks {
		if x.punct {
			continue
		}
		s := t[x.s:x.e]
		if len(s) > 3 && !isCap(s) && !unicode.IsDigit(rune(s[0])) {
			return false
		}
	}
	return true
}

// attachedToCue reports a quote directly followed or preceded by an
// attribution ("…,” she said; said: “…”).
func attachedToCue(t string, q bq) bool {
	ws := nextWordsSkip(t, q.close, 4)
	for i, x := range ws {
		if _, ok := cueForms[lower(x)]; ok {
			return true
		}
		if i == 0 && !(speakerPronoun[lower(x)] != "" || isCap(x) || x == "the" || x == "a") {
			break
		}
	}
	return cueRightBefore(t, q.open)
}

// cueRightBefore reports "said:", "said," or "asked" just before byte i.
func cueRightBefore(t string, i int) bool {
	j := i
	for j > 0 {
		r := runeBefore(t, j)
		if r == ' ' || r == ':' || r == ',' || r == '\u00a0' {
			j -= len(string(r))
			continue
		}
		break
	}
	ws := prevWords(t, j, 3)
	for k, x := range ws {
		if _, ok := cueForms[lower(x)]; ok {
			return true
		}
		if k == 0 && (x == "that" || x == "as") {
			continue
		}
	}
	return false
}

// nextWordsSkip returns up to n words after byte i within the sentence,
// skipping commas and dashes.
func nextWordsSkip(t string, i, n int) []string {
	var out []string
	for len(out) < n && i < len(t) {
		r, w := runeAt(t, i)
		if r == '\n' || r == '.' || r == '“' || r == '"' || r == '«' || r == '‘' || r == '?' || r == '!' {
			break
		}
		if !isWordRune(r) {
			i += w
			continue
		}
		j := i
		for j < len(t) {
			r2, w2 := runeAt(t, j)
			if !(isWordRune(r2) || r2 == '-' || r2 == '’' || r2 == '\'') {
				break
			}
			j += w2
		}
		out = append(out, t[i:j])
		i = j
	}
	return out
}

// mergeSplits joins two marked quotes of one paragraph that are separated
// only by a short attribution ("“We will not,” he said, “accept…”").
func (w *work) mergeSplits(t string, qs []bq) []bq {
	var out []bq
	for i := 0; i < len(qs); i++ {
		q := qs[i]
		for i+1 < len(qs) {
			n := qs[i+1]
			if !q.marked || !n.marked || q.turn.e > 0 || n.turn.e > 0 || n.para != q.lastP || len(n.parts) > 1 {
				break
			}
			gap := seg{q.close, n.open}
			if gap.e-gap.s > 400 || !isAttribution(t, gap) {
				break
			}
			// "…” He said: “…" introduces the second quote
			if g := trimSeg(t, gap); runeBefore(t, g.e) == ':' {
				break
			}
			// the first part opens its sentence
			if !opensSentence(t, q.open, w.paras[q.para].s) {
				break
			}
			// the second quote must not carry its own attribution
			if last := runeBefore(t, n.parts[0].e); last != '.' && attachedAfter(t, n.close) {
				break
			}
			q.parts = append(q.parts, n.parts...)
			q.close = n.close
			q.kind = corpus.KindSplit
			q.gap = trimSeg(t, gap)
			i++
		}
		out = append(out, q)
	}
	return out
}

// isAttribution reports a short stretch with a cue verb and a speaker and
// nothing else: " he said, ", " said Ana Ruiz. ", " Ruiz added, ".
func isAttribution(t string, g seg) bool {
	var toks []tok
	toks = tokens(t, g, toks)
	words, cue, cues := 0, false, 0
	for i, x := range toks {
		if x.punct {
			switch t[x.s:x.e] {
			case ".":
				// "said Dr. Ana Ruiz": an abbreviation, not a sentence end
				if i > 0 && toks[i-1].e == x.s && abbrevs[toks[i-1].lw] {
					continue
				}
				if i != len(toks)-1 && i+1 < len(toks) && isCap(t[toks[i+1].s:toks[i+1].e]) {
					return false // a second sentence
				}
				continue
			case ",", "—", "–", ":", ";", "-", "(", ")":
				continue
			case "’", "'":
				// "the club’s supporters’ trust": a possessive
				if i > 0 && toks[i-1].e == x.s {
					continue
				}
			}
			return false
		}
		words++
		if _, ok := cueForms[x.lw]; ok {
			cues++
			// "Ana Ruiz, commander of the Second Army, told reporters": a
			// cue right after an appositive set off by commas
			if words <= 6 || i > 0 && t[toks[i-1].s:toks[i-1].e] == "," {
				cue = true
			}
		}
	}
	if cues > 1 && words > 12 {
		return false
	}
	if !cue || words < 2 || words > 40 {
		return false
	}
	// a long attribution must end where the next part starts a clause
	last := g.e
	for last > g.s && isSpaceRune(runeBefore(t, last)) {
		last--
	}
	r := runeBefore(t, last)
	return words <= 12 || r == ',' || r == '.' || r == ':'
}

// attachedAfter reports a cue among the first words after byte i.
func attachedAfter(t string, i int) bool {
	ws := nextWordsSkip(t, i, 3)
	for k, x := range ws {
		if _, ok := cueForms[lower(x)]; ok {
			return true
		}
		if k == 0 && !(speakerPronoun[lower(x)] != "" || isCap(x) || x == "the" || x == "a" || x == "an") {
			return false
		}
	}
	return false
}

// addTurns finds transcript turns ("Ana Ruiz: …", "Q: …"), drops
// marked quotes inside them and returns the merged list.
func (w *work) addTurns(t string, qs []bq) []bq {
	var turns []bq
	qi := 0
	dashes := w.dashInterview(t)
	asked := false // the last dash turn was a question
	for pi, p := range w.paras {
		if dashes {
			if d := dashLen(t, p); d > 0 {
				// "- Eight months in, is the truce working?" / "- It is…":
				// an interview's turns without names, questions and answers
				// in turn (GUIDE §7.9)
				body := trimSeg(t, seg{p.s + d, p.e})
				if !body.empty() {
					role := ""
					if !asked || runeBefore(t, body.e) == '?' {
						role = "journalist"
					}
					asked = role == "journalist"
					turns = append(turns, bq{turn: seg{p.s, p.s + d - 1}, turnRole: role, open: p.s, close: body.e, para: pi, lastP: pi,
						kind: corpus.KindDirect, intro: -1, parts: []seg{body}})
				}
				continue
			}
		}
		if w.head[pi] {
			continue
		}
		var labs []bq
		if lab, role, c, ok := w.paraStartLabel(t, p); ok {
			labs = append(labs, bq{turn: lab, turnRole: role, open: lab.s, close: c + 1, para: pi, lastP: pi, kind: corpus.KindDirect, intro: -1})
		}
		for i := p.s; i < p.e; {
			k := strings.IndexByte(t[i:p.e], ':')
			if k < 0 {
				break
			}
			c := i + k
			i = c + 1
			r, _ := runeAt(t, c+1)
			if c+1 >= p.e || !isSpaceRune(r) {
				continue
			}
			for qi < len(qs) && qs[qi].close <= c {
				qi++
			}
			if qi < len(qs) && qs[qi].open < c && qs[qi].close > c && qs[qi].marked {
				continue // inside a quotation
			}
			if len(labs) > 0 && labs[len(labs)-1].close == c+1 {
				continue
			}
			lab, role, ok := w.turnLabel(t, p, c, w.hasTurns)
			if !ok {
				continue
			}
			w.hasTurns = true
			labs = append(labs, bq{turn: lab, turnRole: role, open: lab.s, close: c + 1, para: pi, lastP: pi, kind: corpus.KindDirect, intro: -1})
		}
		for j := range labs {
			end := p.e
			if j+1 < len(labs) {
				end = labs[j+1].turn.s
			}
			body := trimSeg(t, seg{labs[j].close, end})
			if body.empty() {
				continue
			}
			labs[j].parts = []seg{body}
			labs[j].close = body.e
			turns = append(turns, labs[j])
		}
	}
	if len(turns) == 0 {
		return qs
	}
	// drop marked quotes inside (or straddling) a turn body
	var out []bq
	ti := 0
	for _, q := range qs {
		for ti < len(turns) && turns[ti].close <= q.open {
			ti++
		}
		if ti < len(turns) && turns[ti].open < q.close && q.open < turns[ti].close {
			continue
		}
		out = append(out, q)
	}
	out = append(out, turns...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].open < out[j].open })
	return out
}

// dashLen returns the length in bytes of a paragraph's opening dash and
// space ("- ", "— ", "– "), or 0.
func dashLen(t string, p seg) int {
	for _, d := range []string{"- ", "— ", "– "} {
		if strings.HasPrefix(t[p.s:p.e], d) {
			return len(d)
		}
	}
	return 0
}

// dashInterview reports an interview set as dash turns: at least three
// paragraphs open with a dash, and at least two of them are questions (a
// bulleted list asks none).
func (w *work) dashInterview(t string) bool {
	n, q := 0, 0
	for _, p := range w.paras {
		if dashLen(t, p) > 0 {
			n++
			if runeBefore(t, p.e) == '?' {
				q++
			}
		}
	}
	return n >= 3 && q >= 2
}

// turnLabel checks for a transcript label ending at the colon at byte c of
// paragraph p and returns its span and, for generic labels, a role.
func (w *work) turnLabel(t string, p seg, c int, lenient bool) (seg, string, bool) {
	// collect words backwards
	type wd struct{ s, e int }
	var ws []wd
	i := c
	for len(ws) < 9 {
		j := i
		for j > p.s && runeBefore(t, j) == ' ' {
			j--
		}
		if j <= p.s {
			break
		}
		e := j
		for j > p.s {
			r := runeBefore(t, j)
			if !(isWordRune(r) || r == '-' || r == '.' || r == '’' || r == '\'') {
				break
			}
			j -= len(string(r))
		}
		if j == e {
			break
		}
		word := t[j:e]
		if !isCap(word) && !nameConnectors[word] && word != "of" && word != "the" && !particleName(word) {
			break
		}
		if strings.HasSuffix(word, ".") && e < c {
			bare := strings.TrimSuffix(word, ".")
			if utf8.RuneCountInString(bare) > 1 && !abbrevs[lower(bare)] {
				break
			}
		}
		ws = append(ws, wd{j, e})
		i = j
		if j < p.s+1 {
			break
		}
	}
	// ws is reversed; drop leading connectors
	for len(ws) > 0 {
		x := t[ws[len(ws)-1].s:ws[len(ws)-1].e]
		if x == "of" || x == "the" || nameConnectors[x] {
			ws = ws[:len(ws)-1]
			continue
		}
		break
	}
	if len(ws) == 0 {
		return seg{}, "", false
	}
	lab := seg{ws[len(ws)-1].s, c}
	if i := lab.e; i > lab.s && t[i-1] == ' ' {
		lab.e--
	}
	// what precedes the label
	before := lab.s
	for before > p.s && isSpaceRune(runeBefore(t, before)) {
		before -= len(string(runeBefore(t, before)))
	}
	atStart := before <= p.s
	prev := runeBefore(t, before)
	afterSentence := prev == '.' || prev == '?' || prev == '!' || prev == '…' || prev == '"' || prev == '”' || prev == '»' || prev == ')'
	words := strings.Fields(t[lab.s:lab.e])
	// "Summit President of Testland Ana Ruiz": the label starts at its title
	if !titleWords[lower(words[0])] || weakTitle[lower(words[0])] {
		off := lab.s
		for i, x := range words {
			if i > 0 && i < len(words)-2 && titleWords[lower(x)] && !weakTitle[lower(x)] {
				lab.s = off
				words = words[i:]
				atStart, afterSentence = false, false
				break
			}
			off += len(x)
			for off < lab.e && t[off] == ' ' {
				off++
			}
		}
	}
	first := lower(words[0])
	if len(words) == 1 {
		if role, ok := turnWords[first]; ok && (atStart || afterSentence) {
			return lab, role, true
		}
		// a surname known from the document
		if atStart || afterSentence {
			if _, _, last := w.personIndex(); last[foldName(words[0])] != "" {
				return lab, "", true
			}
		}
		return seg{}, "", false
	}
	titled := titleWords[first] && first != "the" && first != "of"
	if !(atStart || afterSentence || titled || lenient) {
		return seg{}, "", false
	}
	var run []tok
	if t == w.text {
		run = w.tokens(lab, nil)
	} else {
		run = tokens(t, lab, nil)
	}
	n, ok := classifyRun(t, run, atStart || afterSentence)
	if !ok || n.Kind != NamePerson {
		return seg{}, "", false
	}
	if !titled {
		for _, x := range strings.Fields(n.Name) {
			if w.usedLower(x) {
				return seg{}, "", false
			}
		}
	}
	return lab, "", true
}

// addBlocks marks whole-paragraph quotations after a colon line as block
// quotes, adds unmarked block paragraphs, and chains follow-on blocks.
func (w *work) addBlocks(t string, qs []bq) []bq {
	// index quotes by paragraph
	byPara := make(map[int][]int, len(qs))
	for i, q := range qs {
		byPara[q.para] = append(byPara[q.para], i)
	}
	isIntro := func(pi int) bool {
		if pi < 0 || w.head[pi] {
			return false
		}
		p := w.paras[pi]
		if runeBefore(t, p.e) != ':' {
			return false
		}
		// a bare transcript label is no intro
		for _, k := range byPara[pi] {
			if qs[k].turn.e > 0 {
				return false
			}
		}
		return wordCountMax(t, p, 1) >= 2
	}
	var added []bq
	prevBlock := -2 // paragraph index of the last block paragraph
	for pi, p := range w.paras {
		if w.head[pi] {
			continue
		}
		ks := byPara[pi]
		if len(ks) == 1 {
			q := &qs[ks[0]]
			whole := q.marked && q.turn.e == 0 && len(q.parts) == 1 && q.open == p.s && (q.close >= p.e || trimSeg(t, seg{q.close, p.e}).empty())
			if whole {
				if isIntro(pi - 1) {
					q.kind = corpus.KindBlock
					q.intro = pi - 1
					prevBlock = pi
					continue
				}
				if prevBlock == pi-1 {
					q.kind = corpus.KindBlock
					q.follow = true
					prevBlock = pi
					continue
				}
			}
			continue
		}
		if len(ks) == 0 && isIntro(pi-1) && !hasCueAttribution(t, p) {
			added = append(added, bq{parts: []seg{p}, kind: corpus.KindBlock, open: p.s, close: p.e, para: pi, lastP: pi, intro: pi - 1})
			prevBlock = pi
		}
	}
	if len(added) == 0 {
		return qs
	}
	qs = append(qs, added...)
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].open < qs[j].open })
	return qs
}

// hasCueAttribution reports a paragraph that reads as narration: a third-
// person speaker with a cue verb.
func hasCueAttribution(t string, p seg) bool {
	var toks []tok
	toks = tokens(t, p, toks)
	for i := 1; i < len(toks); i++ {
		x := toks[i]
		if x.punct {
			continue
		}
		if v, ok := cueForms[t[x.s:x.e]]; ok && v {
			prev := toks[i-1].lw
			if prev == "he" || prev == "she" || prev == "they" || isCap(t[toks[i-1].s:toks[i-1].e]) {
				return true
			}
		}
	}
	return false
}

// nameLike reports whether s reads as a person's full name: two or three
// capitalized words, none of them a title, an organization word or a place.
func nameLike(s string) bool {
	fw := strings.Fields(s)
	if len(fw) < 2 || len(fw) > 3 {
		return false
	}
	for _, x := range fw {
		lw := lower(x)
		if !isCap(x) || titleWords[lw] || orgWords[lw] || knownOrgs[lw] || places[lw] || stopCaps[lw] {
			return false
		}
	}
	return true
}

// roleHolder reports a role label with the name of its holder in
// parentheses: "LEAD MEDIATOR (ANA RUIZ)".
func roleHolder(outer, inner string) bool {
	ow := strings.Fields(outer)
	if len(ow) == 0 || !nameLike(inner) {
		return false
	}
	lw := lower(ow[len(ow)-1])
	return titleWords[lw] || roleNouns[lw]
}

// paraStartLabel recognizes a transcript label that opens a paragraph,
// including capitalized and parenthesized forms: "CLAIRE DUBOIS:", "CHAIR
// (Ana Ruiz):", "MP OLEH LYSENKO:", "MOKOENA:". It returns the label span,
// a role for generic labels, and the colon position.
// upperLabel reports a label in capitals of at least three letters, the
// way transcripts set speaker names ("ANA RUIZ", "QUESTION").
func upperLabel(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 3
}

func (w *work) paraStartLabel(t string, p seg) (seg, string, int, bool) {
	lim := p.s + 80
	if lim > p.e {
		lim = p.e
	}
	k := strings.IndexByte(t[p.s:lim], ':')
	if k <= 0 {
		return seg{}, "", 0, false
	}
	c := p.s + k
	if r, _ := runeAt(t, c+1); c+1 >= p.e || !isSpaceRune(r) {
		return seg{}, "", 0, false
	}
	lab := trimSeg(t, seg{p.s, c})
	txt := t[lab.s:lab.e]
	// a parenthetical affiliation is not part of the name:
	// "Ana Ruiz (on behalf of a liberal group):", "ANA RUIZ (MILF panel
	// chair):", "QUESTION (DXCM radio):"; but "CHAIR (Ana Ruiz):" names
	// inside
	bare := txt
	if i := strings.IndexByte(txt, '('); i > 0 && strings.HasSuffix(txt, ")") {
		inner, outer := txt[i+1:len(txt)-1], strings.TrimSpace(txt[:i])
		journalist := turnWords[lower(outer)] == "journalist"
		if fw := strings.Fields(inner); len(fw) > 0 && (!isCap(fw[0]) || journalist || upperLabel(outer) && strings.Contains(outer, " ")) {
			bare = outer
			// "QUESTION (Ana Ruiz, Porto Daily):" keeps the questioner's
			// name in the label, "THE PRESIDENT (Ana Ruiz, Testland):" the
			// chair's
			k := strings.IndexByte(inner, ',')
			if !(journalist && k > 0) && !(k > 0 && nameLike(inner[:k])) && !roleHolder(outer, inner) {
				lab.e = lab.s + len(bare)
			}
		}
	}
	if strings.ContainsAny(bare, ",;!?\"“”«»—") {
		return seg{}, "", 0, false
	}
	words := strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(bare))
	if len(words) == 0 || len(words) > 8 {
		return seg{}, "", 0, false
	}
	upper := true
	for _, x := range words {
		if !isCap(x) && !nameConnectors[x] && x != "of" && !particleName(x) {
			return seg{}, "", 0, false
		}
		if strings.ToUpper(x) != x {
			upper = false
		}
	}
	if role, ok := turnWords[lower(bare)]; ok {
		return lab, role, c, true
	}
	if len(words) == 1 && titleWords[lower(words[0])] && !weakTitle[lower(words[0])] {
		return lab, lower(words[0]), c, true // "President:" chairing a debate
	}
	paren := strings.Contains(txt, "(")
	if upper && (len(words) >= 2 || utf8.RuneCountInString(words[0]) >= 3) {
		return lab, "", c, true
	}
	if paren {
		return lab, "", c, true
	}
	if len(words) == 1 {
		// a name known from the document, in any position of a full name
		if _, tok, _ := w.personIndex(); tok[foldName(words[0])] != "" {
			return lab, "", c, true
		}
	}
	return seg{}, "", 0, false
}

// usedLower reports whether the document also writes word w in lower case
// as a whole word ("Security" is common if "security" occurs). Answers are
// cached; after maxLowerChecks distinct words the answer is false, so a
// document with many candidate names stays linear.
func (w *work) usedLower(word string) bool {
	l := strings.ToLower(word)
	if v, ok := w.lcw[l]; ok {
		return v
	}
	if w.lcw == nil {
		w.lcw = map[string]bool{}
	}
	if len(w.lcw) >= maxLowerChecks || l == "" || l == word && !isLowerStart(firstRune(l)) {
		return false
	}
	found := false
	t := w.text
	for from := 0; from < len(t); {
		k := strings.Index(t[from:], l)
		if k < 0 {
			break
		}
		i := from + k
		j := i + len(l)
		if !isWordRune(runeBefore(t, i)) && (j >= len(t) || !isWordRune(runeAt1(t, j))) {
			found = true
			break
		}
		from = i + 1
	}
	w.lcw[l] = found
	return found
}

const maxLowerChecks = 256

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// opensSentence reports whether only white space or a sentence end precedes
// byte i since the paragraph start ps.
func opensSentence(t string, i, ps int) bool {
	j := i
	for j > ps {
		r := runeBefore(t, j)
		if !isSpaceRune(r) {
			return r == '.' || r == '?' || r == '!' || r == '…' || r == '"' || r == '”' || r == '“' || r == '»' || r == ':' || r == '’'
		}
		j -= utf8.RuneLen(r)
	}
	return true
}
