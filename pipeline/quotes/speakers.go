package quotes

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// mention is a resolved reference to a speaker.
type mention struct {
	g      seg
	name   string
	via    string
	role   string
	conf   float64
	person bool
	plural bool
	gender byte
	ok     bool
}

// event is a speaker-like entity mentioned as a sentence subject or
// resolved as a quote's speaker, for pronoun and carry-over resolution.
type event struct {
	pos     int
	m       mention
	speaker bool

	roleHead    string // npHead of an anonymous source's role, once computed
	roleHeadSet bool
}

// anonHead returns npHead(strings.Fields(ev.m.role)), computed once.
func (ev *event) anonHead() string {
	if !ev.roleHeadSet {
		var wb [16]string
		ev.roleHead, ev.roleHeadSet = npHead(appendFields(wb[:0], ev.m.role)), true
	}
	return ev.roleHead
}

var subjectPronoun = setOf(`he she they it`)

var determiners = setOf(`the a an one another two three several some many most other both each any this that these those`)

var npStops = setOf(`was is were are has had have will would also then who whose which that did does do
can could should may might must not never said says and but or while when because as after before
told added`)

var plurals = setOf(`officials diplomats sources analysts negotiators residents witnesses experts observers
critics readers participants journalists reporters aides activists students workers volunteers people
monitors officers soldiers insiders colleagues allies partners mediators lawmakers legislators members
delegates representatives authorities leaders ministers commanders`)

var orgHeads = setOf(`military army government ministry mission office council committee kremlin pentagon
administration agency service forces force police command presidency cabinet parliament delegation group
line company coalition alliance authority authorities movement party union embassy bureau center centre
institute court bank fund organization organisation network channel broadcaster newspaper daily radio
station side directorate commission association department regulator club board programme program
secretariat federation league inspectorate watchdog tribunal observatory vatican militia team forum
society synod diocese archdiocese chamber`)

// genericOrgHeads refer back to the last organization named: "the group".
// trailingAdverbs end a subject noun phrase before its verb without being
// part of it: "the ministry later said".
var trailingAdverbs = setOf(`later earlier also again then too meanwhile separately subsequently previously
now today yesterday tonight initially finally nonetheless nevertheless however instead though
merely simply only repeatedly publicly privately`)

// timeDeictic and timeNouns make the time adjuncts a subject may end with
// ("last month", "this week", "on Monday").
var timeDeictic = setOf(`last this next on earlier`)
var timeNouns = setOf(`week month year weekend night morning evening afternoon spring summer autumn winter`)

var genericOrgHeads = setOf(`group movement agency mission organisation organization alliance coalition
militia union body bloc force`)

// Speakers sets Speaker and Cue on every quote in d.Quotes. It uses the
// working state Quotes left when present and otherwise recomputes what it
// needs from the spans, so it also accepts quotes made elsewhere.
func (e *Extractor) Speakers(ctx context.Context, d *Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := d.work()
	t := d.Text
	if w.names == nil {
		w.names = findNames(w)
	}
	n := -1 // code points in t, counted when a quote is rebuilt
	bqs := make([]bq, len(d.Quotes))
	valid := make([]bool, len(d.Quotes))
	for i, q := range d.Quotes {
		if q.h != nil && q.h.start == q.Start && q.h.end == q.End && len(q.h.q.parts) > 0 {
			bqs[i], valid[i] = q.h.q, true
			continue
		}
		if n < 0 {
			n = utf8.RuneCountInString(t)
		}
		b, ok := w.rebuild(q, n)
		bqs[i], valid[i] = b, ok
	}
	r := newResolver(w, bqs)
	for i := range d.Quotes {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !valid[i] {
			d.Quotes[i].Speaker, d.Quotes[i].Cue = nil, ""
			continue
		}
		m, cue := r.attribute(i)
		r.cueOf[i] = cue
		d.Quotes[i].Cue = cue
		if !m.ok {
			d.Quotes[i].Speaker = nil
			continue
		}
		sp := &Speaker{Name: m.name, Via: m.via, Confidence: m.conf, Role: m.role}
		if !m.g.empty() && m.g.e <= len(t) {
			sp.Mention = t[m.g.s:m.g.e]
			sp.Start, sp.End = w.runeSpan(m.g)
		}
		d.Quotes[i].Speaker = sp
		r.done(i, m)
	}
	r.ledeCataphora(d, valid)
	return nil
}

// ledeCataphora names the unnamed source of a wire story's lede when the
// next paragraph names them: "Hamas will not agree …, a senior official of
// the group said on Wednesday.\n\n“We have kept every commitment,” Ziad
// Khalil, a member of the group’s political bureau, told reporters." The
// lede's source is indefinite and singular, with a person's role; the next
// paragraph's first quote is attributed by its cue to a person whom the
// document has not named before that paragraph.
func (r *resolver) ledeCataphora(d *Doc, valid []bool) {
	w := r.w
	lede := -1
	for pi := range w.paras {
		if !w.head[pi] && strings.TrimSpace(r.t[w.paras[pi].s:w.paras[pi].e]) != "" {
			lede = pi
			break
		}
	}
	if lede < 0 {
		return
	}
	var name string
	for j, q := range r.qs {
		if !valid[j] || q.para <= lede {
			continue
		}
		if q.para > lede+1 {
			break
		}
		m := r.spk[j]
		if m.ok && m.person && m.via == ViaCue && m.name != "" && m.name != "unknown" && r.firstNamedIn(m.name) >= w.paras[lede+1].s {
			name = m.name
		}
		break
	}
	if name == "" {
		return
	}
	for i, q := range r.qs {
		if q.para > lede {
			break
		}
		sp := d.Quotes[i].Speaker
		if q.para != lede || !valid[i] || sp == nil || sp.Via != ViaAnonymous || r.spk[i].plural {
			continue
		}
		role := lower(sp.Role)
		if !strings.HasPrefix(role, "a ") && !strings.HasPrefix(role, "an ") || !roleNouns[npHead(strings.Fields(role))] {
			continue
		}
		sp.Name, sp.Via, sp.Confidence, sp.Role = name, ViaAlias, 0.6, ""
	}
}

// firstNamedIn returns the byte offset of the first mention of a person's
// name in the document, or -1.
func (r *resolver) firstNamedIn(name string) int {
	for _, n := range r.w.names {
		if n.Name == name && n.Kind == NamePerson {
			return n.startByte
		}
	}
	return -1
}

// rebuild makes a bq from a Quote's code-point spans.
func (w *work) rebuild(q Quote, n int) (bq, bool) {
	spans := [][2]int{{q.Start, q.End}}
	if len(q.Parts) > 0 {
		spans = q.Parts
	}
	var b bq
	for _, p := range spans {
		if p[0] < 0 || p[1] > n || p[0] > p[1] {
			return bq{}, false
		}
		b.parts = append(b.parts, seg{w.ix.byteOf(p[0]), w.ix.byteOf(p[1])})
	}
	b.kind = q.Kind
	b.intro = -1
	b.open, b.close = b.parts[0].s, b.parts[len(b.parts)-1].e
	if r := runeBefore(w.text, b.open); isOpeningMark(r) || r == '”' || r == '»' {
		b.marked = true
		b.open -= utf8.RuneLen(r)
	}
	if r, rw := runeAt(w.text, b.close); isClosingPunct(r) && r != ')' {
		b.close += rw
	}
	b.para = w.paraOf(b.open)
	b.lastP = w.paraOf(b.close - 1)
	if q.Kind == corpus.KindBlock && b.para > 0 && runeBefore(w.text, w.paras[b.para-1].e) == ':' {
		b.intro = b.para - 1
	}
	if q.Kind == corpus.KindSplit && len(b.parts) > 1 {
		b.gap = seg{b.parts[0].e, b.parts[1].s}
	}
	return b, true
}

func (w *work) paraOf(pos int) int {
	k := sort.Search(len(w.paras), func(i int) bool { return w.paras[i].e > pos })
	if k >= len(w.paras) {
		k = len(w.paras) - 1
	}
	if k < 0 {
		k = 0
	}
	return k
}

// resolver holds the per-document state of speaker resolution.
type resolver struct {
	w      *work
	t      string
	qs     []bq
	sents  []seg     // quote-aware sentences of non-headline paragraphs
	events []event   // sentence-subject events, ordered by position
	spkEv  []event   // quote-speaker events, ordered by position
	spk    []mention // resolved speaker per quote
	gender map[string]byte
	qmask  []seg // quote content spans, sorted
	imask  []seg // indirect quote spans, sorted
	toks   []tok
	low    string // the text in lower case with the same byte offsets, or "" (see lowerAligned)

	// token buffers reused from quote to quote, one per function that
	// tokenizes a span (cuePhraseAt, colonCue and relativeSubject share
	// tokCue): a function holding a buffer calls none that refills it
	tokAfter, tokBefore, tokSent, tokCue []tok
	pinfo                                []personInfo // per person, built on first use

	princ        mention // interviewee, cached by principal
	princDone    bool
	firstSubj    mention // the first person who is a sentence subject
	firstSubjPos int
	count        map[string]int
	persons      []int // indexes of person names
	evBuf        []*event
	cueOf        []string             // cue found for each quote so far
	acr          map[uint64]acrFull   // full organization names by packed initials, built on first use
	sur2         map[string]string    // see twoWordSurnames
	intro        map[string]introName // see introRole
}

// acrFull is the first capitalized run in a document whose initials spell
// an acronym: "Rapid Support Forces" for RSF.
type acrFull struct {
	name string
	pos  int
}

func newResolver(w *work, qs []bq) *resolver {
	r := &resolver{w: w, t: w.text, low: w.lowText(), qs: qs, spk: make([]mention, len(qs)), cueOf: make([]string, len(qs)), gender: map[string]byte{}}
	for _, q := range qs {
		if q.kind != corpus.KindIndirect {
			r.qmask = append(r.qmask, seg{q.open, q.close})
		} else {
			r.imask = append(r.imask, seg{q.open, q.close})
		}
	}
	sort.Slice(r.qmask, func(i, j int) bool { return r.qmask[i].s < r.qmask[j].s })
	sort.Slice(r.imask, func(i, j int) bool { return r.imask[i].s < r.imask[j].s })
	for i := range w.names {
		n := &w.names[i]
		if n.gender != 0 {
			r.gender[n.Name] = n.gender
		}
		if n.Kind == NamePerson {
			r.persons = append(r.persons, i)
		}
	}
	// sentences and subject events; units are at most the sentences of the
	// paragraphs kept, and about two in five name a subject
	w.segment()
	nu := 0
	for pi := range w.paras {
		if !w.head[pi] {
			nu += w.paraSent[pi+1] - w.paraSent[pi]
		}
	}
	r.sents = make([]seg, 0, nu)
	r.events = make([]event, 0, nu/2+1)
	r.spkEv = make([]event, 0, len(qs))
	w.units(qs, func(pi int) bool { return !w.head[pi] }, func(u unit) {
		r.sents = append(r.sents, u.s)
		if r.inQuote(u.s.s) {
			return
		}
		m := r.subjectOf(u.toks, len(u.toks))
		if m.ok && (m.person || m.via == ViaOrganization || m.via == ViaAnonymous) {
			r.events = append(r.events, event{pos: m.g.s, m: m})
			if m.person {
				r.learnGender(m, u.toks)
				if !r.firstSubj.ok && m.name != "" {
					r.firstSubj, r.firstSubjPos = m, m.g.s
				}
			}
		}
	})
	return r
}

// lowText returns the text in lower case with the same byte offsets, or ""
// when offsets would not align (see lowerAligned), computed once per
// document, as work.tokens uses it.
func (w *work) lowText() string {
	if !w.lowDone {
		w.low, _ = lowerAligned(w.text)
		w.lowDone = true
	}
	return w.low
}

// lowSeg returns lower(t[g.s:g.e]) for a span on rune boundaries: a slice
// of the lower-case text when there is one, so nothing is allocated.
func (r *resolver) lowSeg(g seg) string {
	if r.low != "" {
		return r.low[g.s:g.e]
	}
	return lower(r.t[g.s:g.e])
}

// lowWord returns lower(trimPossessive(strings.Trim(w, ","))) for the word
// w = t[f.s:f.e].
func (r *resolver) lowWord(w string, f seg) string {
	l := strings.TrimLeft(w, ",")
	a := f.s + len(w) - len(l)
	return r.lowSeg(seg{a, a + len(trimPossessive(strings.TrimRight(l, ",")))})
}

// fieldSegs appends the spans of the words of t[g] to out, split at white
// space as strings.Fields(t[g.s:g.e]) splits.
func fieldSegs(t string, g seg, out []seg) []seg {
	start := -1
	for i := g.s; i < g.e; {
		space, w := spaceAt(t[:g.e], i)
		switch {
		case space && start >= 0:
			out = append(out, seg{start, i})
			start = -1
		case !space && start < 0:
			start = i
		}
		i += w
	}
	if start >= 0 {
		out = append(out, seg{start, g.e})
	}
	return out
}

// spaceAt reports whether the rune at byte i of s is white space, as
// strings.Fields decides, and its width in bytes.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiClass[c]&asciiSpace != 0, 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), w
}

// trimSpaceSeg is strings.TrimSpace on spans: t[trimSpaceSeg(t, g)] ==
// strings.TrimSpace(t[g.s:g.e]).
func trimSpaceSeg(t string, g seg) seg {
	s := t[g.s:g.e]
	l := strings.TrimLeftFunc(s, unicode.IsSpace)
	a := g.s + len(s) - len(l)
	return seg{a, a + len(strings.TrimRightFunc(l, unicode.IsSpace))}
}

// person returns what roleAlias reads of the person r.persons[p], built
// once per document.
func (r *resolver) person(p int) *personInfo {
	if r.pinfo == nil {
		r.pinfo = make([]personInfo, len(r.persons))
	}
	c := &r.pinfo[p]
	if !c.done {
		c.done = true
		n := &r.w.names[r.persons[p]]
		c.role = lower(n.Role)
		c.roleOf = strings.Contains(c.role, " of ")
	}
	return c
}

// appositiveHas reports a role noun right around person r.persons[p]:
// "Hassan Fakih, the head of…", "the Kremlin spokesman Dmitry Peskov".
func (r *resolver) appositiveHas(p int, head string) bool {
	c := r.person(p)
	if !c.apDone {
		c.apDone = true
		c.apBefore, c.apAfter = r.appositive(&r.w.names[r.persons[p]])
	}
	return containsWordAfterSpace(c.apAfter, head) || strings.HasSuffix(c.apBefore, head)
}

// personInfo is what roleAlias reads of a person's name, in lower case.
type personInfo struct {
	role              string // lower(Role)
	roleOf            bool   // role holds " of "
	apBefore, apAfter string // see appositive
	done, apDone      bool
}

// appendFields appends the words of s to out, split at white space as
// strings.Fields splits; with a buffer on the caller's stack nothing is
// allocated for short phrases.
func appendFields(out []string, s string) []string {
	start := -1
	for i := 0; i < len(s); {
		space, w := spaceAt(s, i)
		switch {
		case space && start >= 0:
			out = append(out, s[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
		i += w
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// inIndirect reports whether byte pos lies inside an indirect quote's span.
func (r *resolver) inIndirect(pos int) bool {
	k := sort.Search(len(r.imask), func(i int) bool { return r.imask[i].e > pos })
	return k < len(r.imask) && r.imask[k].s <= pos
}

// inQuote reports whether byte pos lies inside a quotation's marks.
func (r *resolver) inQuote(pos int) bool {
	k := sort.Search(len(r.qmask), func(i int) bool { return r.qmask[i].e > pos })
	return k < len(r.qmask) && r.qmask[k].s <= pos
}

// sentenceOf returns the sentence holding byte pos (or an empty seg).
func (r *resolver) sentenceOf(pos int) seg {
	k := sort.Search(len(r.sents), func(i int) bool { return r.sents[i].e > pos })
	if k < len(r.sents) && r.sents[k].s <= pos {
		return r.sents[k]
	}
	return seg{}
}

func (r *resolver) done(i int, m mention) {
	r.spk[i] = m
	if m.person {
		if !m.g.empty() && (m.via == ViaPronoun) {
			// learn the pronoun's gender for the antecedent
			switch r.lowSeg(m.g) {
			case "he":
				if _, ok := r.gender[m.name]; !ok {
					r.gender[m.name] = 'm'
				}
			case "she":
				if _, ok := r.gender[m.name]; !ok {
					r.gender[m.name] = 'f'
				}
			}
		}
	}
	pos := r.qs[i].open
	if !m.g.empty() && !r.inQuote(m.g.s) {
		pos = m.g.s
	}
	r.spkEv = append(r.spkEv, event{pos: pos, m: m, speaker: true})
	// keep speaker events ordered by position (quotes come in order; a
	// mention after its quote may land after a later quote's)
	for k := len(r.spkEv) - 1; k > 0 && r.spkEv[k].pos < r.spkEv[k-1].pos; k-- {
		r.spkEv[k], r.spkEv[k-1] = r.spkEv[k-1], r.spkEv[k]
	}
}

// attribute finds the speaker of quote i and its cue.
func (r *resolver) attribute(i int) (mention, string) {
	q := r.qs[i]
	t := r.t
	switch {
	case q.turn.e > 0:
		return r.turnSpeaker(i), ""
	case q.kind == corpus.KindIndirect:
		cue := ""
		if !q.cue.empty() {
			cue = t[q.cue.s:q.cue.e]
		}
		if q.follows && i > 0 && r.spk[i-1].ok {
			return r.spk[i-1], cue // the speaker of the quote it follows
		}
		if m, ok := r.relativeSubject(q.cue); ok {
			return m, cue
		}
		if !q.according && !q.cue.empty() && q.cue.s > q.close {
			// "clause, subject cue": the subject sits after the clause
			if q.subj.empty() {
				return mention{}, cue
			}
			return r.resolve(q.subj, q.open), cue
		}
		if !q.according && !q.cue.empty() {
			s := r.sentenceOf(q.cue.s)
			if !s.empty() {
				r.toks = r.w.tokens(seg{s.s, q.cue.s}, r.toks[:0])
				if m := r.subjectOf(r.toks, len(r.toks)); m.ok {
					return m, r.cuePhraseAt(s, q.cue)
				}
			}
		}
		if q.subj.empty() {
			return mention{}, cue
		}
		m := r.resolve(q.subj, q.open)
		if q.according {
			cue = t[q.cue.s:q.cue.e]
			// "According to the Delta Network, a monitoring group, …": the
			// appositive told what the name is; it is no part of it
			if i := strings.Index(m.name, ", "); i > 0 && !m.person {
				m.name = m.name[:i]
			}
		}
		return m, cue
	}
	// split: the attribution between the parts
	if q.kind == corpus.KindSplit && !q.gap.empty() {
		if m, cue, ok := r.attribAfter(q.gap.s, q.gap.e); ok {
			return m, cue
		}
	}
	// block after a colon line
	if q.kind == corpus.KindBlock {
		if q.follow || q.intro < 0 {
			if i > 0 && r.spk[i-1].ok {
				m := r.spk[i-1]
				m.via = ViaCarryover
				m.conf = 0.75
				return m, r.cueOf[i-1]
			}
		}
		if q.intro >= 0 {
			p := r.w.paras[q.intro]
			s := r.sentenceOf(p.e - 1)
			if s.empty() {
				s = p
			}
			if m, cue, ok := r.attribBefore(s, p.e); ok {
				return m, cue
			}
			r.toks = r.w.tokens(s, r.toks[:0])
			if m := r.subjectOf(r.toks, len(r.toks)); m.ok {
				return m, r.colonCue(s)
			}
		}
	}
	// after the closing mark, in the same sentence
	sentEnd := r.sentenceOf(q.close - 1).e
	if se := r.sentenceOf(q.close); !se.empty() && se.e > sentEnd {
		sentEnd = se.e
	}
	if sentEnd < q.close {
		sentEnd = q.close
	}
	lim := q.close + 240
	if lim > sentEnd {
		lim = sentEnd
	}
	if lim > q.close {
		if m, cue, ok := r.attribAfter(q.close, lim); ok {
			return m, cue
		}
	}
	// before the opening mark, in the same sentence
	s := r.sentenceOf(q.open)
	if !s.empty() && s.s < q.open {
		if m, cue, ok := r.attribBefore(seg{s.s, q.open}, q.open); ok {
			return m, cue
		}
		r.toks = r.w.tokens(seg{s.s, q.open}, r.toks[:0])
		if m := r.subjectOf(r.toks, len(r.toks)); m.ok && len(r.toks) > 1 {
			return m, ""
		}
	}
	// “… ceasefire.” Rebel spokesman Ana Ruiz wrote on X. — a short
	// sentence right after the quote that only attributes it
	if m, cue, ok := r.attribSentenceAfter(q.close); ok {
		return m, cue
	}
	// a whole paragraph with no attribution: the previous speaker or subject
	if m, ok := r.carry(q.open); ok {
		return m, ""
	}
	return mention{}, ""
}

// attribSentenceAfter reads a sentence that starts right after a quote's
// closing mark, in the same paragraph, and does nothing but attribute it:
// a subject, a cue and at most a short tail ("wrote on X", "told
// reporters on Monday"), no reported clause.
func (r *resolver) attribSentenceAfter(close int) (mention, string, bool) {
	t := r.t
	j := close
	for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
		j++
	}
	if j >= len(t) || j == close || t[j] == '\n' || r.inQuote(j) {
		return mention{}, "", false
	}
	s := r.sentenceOf(j)
	if s.empty() || s.s < close || s.e-j > 160 || r.w.paraOf(j) != r.w.paraOf(close-1) {
		return mention{}, "", false
	}
	r.tokSent = r.w.tokens(seg{j, s.e}, r.tokSent[:0])
	toks := r.tokSent
	if len(toks) == 0 || len(toks) > 14 || toks[0].punct {
		return mention{}, "", false
	}
	for _, x := range toks {
		if x.lw == "that" || isOpeningMark(firstRune(tw(t, x))) {
			return mention{}, "", false
		}
	}
	m, cue, ok := r.attribAfter(j, s.e)
	if !ok || !m.ok {
		return mention{}, "", false
	}
	// the cue and what follows it: at most five words
	k := len(toks) - 1
	for k >= 0 && toks[k].punct {
		k--
	}
	n := 0
	for x := k; x >= 0; x-- {
		if _, isCue := cueForms[toks[x].lw]; isCue {
			break
		}
		n++
	}
	if n > 5 {
		return mention{}, "", false
	}
	m.conf = min(m.conf, 0.7)
	return m, cue, true
}

// colonCue returns the words before the colon of an intro line after the
// subject: "put the same point more sharply".
func (r *resolver) colonCue(s seg) string {
	t := r.t
	r.tokCue = r.w.tokens(s, r.tokCue[:0])
	toks := r.tokCue
	for k, x := range toks {
		if x.punct {
			continue
		}
		if _, ok := cueForms[x.lw]; ok {
			e := s.e
			if runeBefore(t, e) == ':' {
				e--
			}
			_ = k
			return strings.TrimSpace(t[x.s:e])
		}
	}
	return ""
}

// attribAfter reads an attribution that follows a quote in t[from:to):
// "…,” he said", "…,” said Ana Ruiz, the minister", "…,” Ruiz told reporters".
func (r *resolver) attribAfter(from, to int) (mention, string, bool) {
	t := r.t
	r.tokAfter = r.w.tokens(seg{from, to}, r.tokAfter[:0])
	toks := r.tokAfter
	// skip leading punctuation
	i := 0
	for i < len(toks) && toks[i].punct {
		switch t[toks[i].s:toks[i].e] {
		case ",", "—", "–", "-", "?", "!", ".":
			i++
			continue
		}
		break
	}
	if i >= len(toks) {
		return mention{}, "", false
	}
	// a new sentence after the quote is not its attribution unless it is
	// short and starts with the speaker ("“…” The minister said.")
	// inverted: cue first
	if _, ok := cueForms[toks[i].lw]; ok {
		np := r.npAt(toks, i+1)
		if np.empty() {
			return mention{}, "", false
		}
		// "said the Kremlin spokesman, Dmitry Peskov"
		m := r.resolve(np, from)
		if j := tokAfter(toks, np.e); j+1 < len(toks) && tw(t, toks[j]) == "," && (!m.person || m.via == ViaAlias) {
			if np2 := r.npAt(toks, j+1); !np2.empty() {
				if m2 := r.resolve(np2, from); m2.ok && m2.person && m2.via == ViaCue || acronymAppositive(m, m2) {
					m = m2
				}
			}
		}
		return m, cuePhrase(t, toks, i), m.ok
	}
	np := r.npAt(toks, i)
	if np.empty() {
		return mention{}, "", false
	}
	// the cue after the subject (allowing an appositive and adverbs)
	j := tokAfter(toks, np.e)
	for k := j; k < len(toks) && k < j+25; k++ {
		x := toks[k]
		if x.punct {
			if p := tw(t, x); p == "." || p == "?" || p == "!" || p == "“" || p == "\"" || p == "«" {
				break
			}
			continue
		}
		if _, ok := cueForms[x.lw]; ok && !isCap(tw(t, x)) {
			// the words between must be an appositive or adverbs
			if k > j && tw(t, toks[j]) != "," && !adverbs(t, toks[j:k]) {
				break
			}
			m := r.resolve(np, from)
			// "Estonia’s foreign minister, Ana Ruiz, said": the name wins
			if (!m.person || m.via == ViaAlias) && j < k && tw(t, toks[j]) == "," {
				if np2 := r.npAt(toks, j+1); !np2.empty() {
					if m2 := r.resolve(np2, from); m2.ok && m2.person && m2.via == ViaCue || acronymAppositive(m, m2) {
						m = m2
					}
				}
			}
			return m, cuePhrase(t, toks, k), m.ok
		}
	}
	return mention{}, "", false
}

func adverbs(t string, toks []tok) bool {
	for _, x := range toks {
		w := x.lw
		if x.punct || !(endsLy(w) || auxBefore[w] || timeWords[w]) {
			return false
		}
	}
	return true
}

func tokAfter(toks []tok, pos int) int {
	for k, x := range toks {
		if x.s >= pos {
			return k
		}
	}
	return len(toks)
}

// cuePhrase returns the cue at toks[k] with its object for "told"
// ("told reporters", "told the council") or "said in a statement".
func cuePhrase(t string, toks []tok, k int) string {
	c := seg{toks[k].s, toks[k].e}
	w := toks[k].lw
	if tellVerbs[w] && k+1 < len(toks) && !toks[k+1].punct {
		j := k + 1
		if x := toks[j].lw; x == "the" || x == "a" {
			j++
		}
		if j < len(toks) && !toks[j].punct {
			if isCap(tw(t, toks[j])) {
				for j < len(toks) && !toks[j].punct && isCap(tw(t, toks[j])) {
					c.e = toks[j].e
					j++
				}
			} else if x := toks[j].lw; !npStops[x] && x != "that" && !prepositions[x] {
				c.e = toks[j].e
			}
		}
	}
	if (w == "said" || w == "says") && k+3 < len(toks) && toks[k+1].lw == "in" && toks[k+2].lw == "a" {
		c.e = toks[k+3].e
	}
	if p, ok := cueParticle[w]; ok && k+1 < len(toks) && toks[k+1].lw == p {
		c.e = toks[k+1].e
	}
	return t[c.s:c.e]
}

// attribBefore reads an attribution before a quote in sentence prefix s:
// "Ana Ruiz said:", "He told reporters:", "According to the ministry,".
func (r *resolver) attribBefore(s seg, pos int) (mention, string, bool) {
	t := r.t
	r.tokBefore = r.w.tokens(s, r.tokBefore[:0])
	toks := r.tokBefore
	// drop trailing punctuation and marks
	n := len(toks)
	for n > 0 && toks[n-1].punct {
		n--
	}
	if n == 0 {
		return mention{}, "", false
	}
	if toks[0].lw == "according" && n > 2 && toks[1].lw == "to" {
		np := r.npAt(toks, 2)
		if !np.empty() {
			m := r.resolve(np, pos)
			return m, t[toks[0].s:toks[1].e], m.ok
		}
	}
	// the last cue in the prefix
	for k := n - 1; k >= 1; k-- {
		x := toks[k]
		if x.punct {
			continue
		}
		if _, ok := cueForms[x.lw]; !ok {
			continue
		}
		if m, ok := r.whoSubject(toks, k); ok {
			return m, cuePhrase(t, toks, k), true
		}
		m := r.subjectOf(toks, k)
		if m.ok {
			return m, cuePhrase(t, toks, k), true
		}
	}
	return mention{}, "", false
}

// whoSubject resolves the subject of "…, who told …" before the cue at
// toks[k]: the name before the comma, past an appositive ("A harder line
// came from Col. Ana Ruiz, a field commander, who told fighters: “…”").
func (r *resolver) whoSubject(toks []tok, k int) (mention, bool) {
	t := r.t
	j := k - 1
	for j >= 0 && !toks[j].punct && (endsLy(toks[j].lw) || auxBefore[toks[j].lw]) {
		j--
	}
	if j < 2 || toks[j].lw != "who" || tw(t, toks[j-1]) != "," {
		return mention{}, false
	}
	e := j - 2
	// an appositive between commas: ", a field commander,"
	for c := e; c > 0 && c > e-12; c-- {
		if tw(t, toks[c]) == "," {
			if determiners[toks[c+1].lw] && c+1 <= e {
				e = c - 1
			}
			break
		}
	}
	if e < 0 || toks[e].punct || !isCap(tw(t, toks[e])) {
		return mention{}, false
	}
	b := e
	for b-1 >= 0 && (!toks[b-1].punct && (isCap(tw(t, toks[b-1])) || nameConnectors[toks[b-1].lw]) || tw(t, toks[b-1]) == "." && b-2 >= 0 && abbrevs[toks[b-2].lw]) {
		b--
	}
	m := r.resolve(seg{toks[b].s, toks[e].e}, toks[b].s)
	return m, m.ok && m.person
}

// subjectOf finds the subject of the clause before token k: the first noun
// phrase that is not an introductory phrase, or a person's name in the
// appositive right after a role ("The EU envoy, Ana Ruiz, said").
func (r *resolver) subjectOf(toks []tok, k int) mention {
	t := r.t
	// "In a post on X she wrote that …": a pronoun right before the cue
	// is its subject, whatever adjunct comes first
	if j := k - 1; j > 0 && j < len(toks) && !toks[j].punct && lexOf(toks[j].lw)&lexSubjectPronoun != 0 && !toks[j-1].punct && lexOf(toks[0].lw)&lexPrep != 0 {
		if !possessiveHer(t, toks, j) {
			return r.resolve(seg{toks[j].s, toks[j].e}, toks[j].s)
		}
	}
	i := 0
	for i < k {
		j := i
		for j < k && !(toks[j].punct && clauseBreak(t, toks[j])) {
			j++
		}
		if j == i {
			i = j + 1
			continue
		}
		st := i
		w0 := toks[st].lw
		lc := lexOf(w0)
		// "After the programme, the ministry said": a short phrase set off
		// by a comma after a word that is also a preposition is an adjunct
		if lc&lexSubordinator != 0 && lc&lexPrep != 0 && j-st <= 5 && j < k && tw(t, toks[j]) == "," {
			i = j + 1
			continue
		}
		if lc&lexSubordinator != 0 && st+1 < j {
			st++
			w0 = toks[st].lw
			lc = lexOf(w0)
		}
		// "On Monday Ana Ruiz told …": a time adjunct before the subject
		if (w0 == "on" || w0 == "in" || w0 == "late" || w0 == "earlier" || w0 == "last" || w0 == "this") && st+2 < j && (lexOf(toks[st+1].lw)&(lexMonthDay|lexTimeWord) != 0 || toks[st+1].lw == "tuesday") && isCap(tw(t, toks[st+2])) {
			st += 2
			w0 = toks[st].lw
			lc = lexOf(w0)
		}
		intro := lc&lexPrep != 0 || (strings.HasSuffix(w0, "ing") && len(w0) > 5) || w0 == "asked" || lc&lexTimeWord != 0 || toks[st].punct
		if intro && toks[st].lw != "according" {
			i = j + 1
			continue
		}
		np := r.npAt(toks[:k], st)
		if np.empty() || r.inQuote(np.s) {
			// never a subject inside a quotation: its words are the speaker's
			i = j + 1
			continue
		}
		m := r.resolve(np, np.s)
		if !m.ok {
			i = j + 1
			continue
		}
		if m.person && (m.via == ViaCue || m.via == ViaPronoun) {
			return m
		}
		// a role or organization: prefer a name in the next segment
		if j < k {
			n2 := j + 1
			if np2 := r.npAt(toks[:k], n2); !np2.empty() {
				if m2 := r.resolve(np2, np2.s); m2.ok && m2.person && (m2.via == ViaCue || m2.via == ViaAlias) || acronymAppositive(m, m2) {
					nx := tokAfter(toks, np2.e)
					if nx >= k || tw(t, toks[nx]) == "," {
						return m2
					}
				}
			}
			// "a spokeswoman for the Office of Peace, Reconciliation and
			// Unity, Carmela Dizon, replied": the name set off just before
			// the cue, after a role with commas of its own
			if !m.person {
				if m2, ok := r.nameBeforeCue(toks, j+1, k); ok {
					return m2
				}
			}
		}
		return m
	}
	return mention{}
}

// nameBeforeCue returns the person named by the last comma-set segment of
// toks[from:k], right before the cue at k: ", Carmela Dizon," or ", Carmela
// Dizon".
func (r *resolver) nameBeforeCue(toks []tok, from, k int) (mention, bool) {
	e := k
	if e > from && tw(r.t, toks[e-1]) == "," {
		e--
	}
	s := e
	for s > from && !toks[s-1].punct {
		s--
	}
	if s <= from || s == e || tw(r.t, toks[s-1]) != "," || e-s > 4 {
		return mention{}, false
	}
	np := r.npAt(toks[:e], s)
	if np.empty() || np.s != toks[s].s || np.e != toks[e-1].e {
		return mention{}, false
	}
	m := r.resolve(np, np.s)
	return m, m.ok && m.person && (m.via == ViaCue || m.via == ViaAlias)
}

// clauseBreak reports a punctuation token that ends a clause for
// subjectOf: a comma, a semicolon or an em dash.
func clauseBreak(t string, x tok) bool {
	switch x.e - x.s {
	case 1:
		return t[x.s] == ',' || t[x.s] == ';'
	case len("—"):
		return t[x.s:x.e] == "—"
	}
	return false
}

var subordinators = setOf(`but and although though while when as because if since after before once unless until whereas so yet`)

// npAt reads a noun phrase that starts at toks[i]: a pronoun, a name with
// its titles, or a determiner phrase up to a verb, a relative pronoun or
// punctuation.
func (r *resolver) npAt(toks []tok, i int) seg {
	t := r.t
	if i >= len(toks) || toks[i].punct {
		return seg{}
	}
	lw := toks[i].lw
	lc0 := lexOf(lw)
	if lc0&lexSpeakerPronoun != 0 && !possessiveHer(t, toks, i) {
		return seg{toks[i].s, toks[i].e}
	}
	if lw == "i" || lw == "we" || lw == "you" || lw == "who" || lw == "this" || lw == "that" || lw == "there" {
		return seg{}
	}
	if lc0&lexPrep != 0 && lw != "according" {
		return seg{}
	}
	j := i
	if lc0&lexDeterminer != 0 || lw == "her" {
		j++
	}
	lim := i + 10
	for j < len(toks) && j < lim {
		x := toks[j]
		xw := tw(t, x)
		lx := lowTok(t, x)
		// "the European Centre for Disease Prevention and Control", "the
		// Office of the UN Special Envoy": an organization name runs on
		// through for/and/of the when capitalized words follow
		onName := lx == "on" && j+1 < len(toks) && !monthsDays[toks[j+1].lw] && !timeWords[toks[j+1].lw] // "Authority on Development", not "on Monday"
		if (lx == "for" || lx == "and" || lx == "of" || onName) && j > i && isCap(tw(t, toks[j-1])) && !toks[j-1].punct {
			if nx := orgContinues(t, toks, i, j); nx > j {
				j, lim = nx, max(lim, min(nx+4, i+16))
				continue
			}
		}
		if x.punct {
			if xw == "(" || xw == ")" || xw == "-" || xw == "." && j > i && abbrevs[toks[j-1].lw] && x.s == toks[j-1].e {
				j++
				continue
			}
			// "the Ministry of Lands, Housing and Urban Development": a list
			// of capitalized remits after an organization name
			if xw == "," && j > i && isCap(tw(t, toks[j-1])) {
				if e := remitList(t, toks, i, j); e > j {
					j, lim = e, max(lim, min(e+4, i+20))
					continue
				}
			}
			// a plural possessive inside a name: "Veterans' Union", "the
			// nurses' union"
			if (xw == "'" || xw == "’") && j > i && x.s == toks[j-1].e && strings.HasSuffix(toks[j-1].lw, "s") && j+1 < len(toks) && orgHeads[toks[j+1].lw] && isCap(tw(t, toks[j-1])) == isCap(tw(t, toks[j+1])) {
				j++
				continue
			}
			break
		}
		lc, capX := lexOf(lx), isCap(xw)
		if lc&lexCue != 0 && j > i && !capX {
			break
		}
		if lc&lexNPStop != 0 && !capX {
			break
		}
		// "Testland's central bank left its rate": after a head noun, a
		// lower-case word followed by a determiner is a verb
		if j > i && !capX && lc&(lexPrep|lexConnector) == 0 && j+1 < len(toks) && lexOf(toks[j+1].lw)&lexObjectDet != 0 {
			if pl := lowBare(t, toks[j-1]); lexOf(pl)&(lexOrgHead|lexRoleNoun) != 0 {
				break
			}
		}
		if lc&lexPrep != 0 && lx != "of" {
			// "the Russian embassy in London": a place says which office
			if lx == "in" && j > i && orgHeads[lowBare(t, toks[j-1])] && j+1 < len(toks) && !toks[j+1].punct && isCap(tw(t, toks[j+1])) && !monthsDays[toks[j+1].lw] {
				j += 2
				for j < len(toks) && !toks[j].punct && isCap(tw(t, toks[j])) {
					j++
				}
				if j < len(toks) && tw(t, toks[j]) == "(" {
					continue // "… in Libya (UNSMIL)"
				}
				break
			}
			// "a diplomat in Beirut": keep a prepositional tail after a role noun
			if j > i && roleNouns[toks[j-1].lw] && j+1 < len(toks) && !toks[j+1].punct {
				nx := toks[j+1].lw
				if !timeWords[nx] && !monthsDays[nx] && (isCap(tw(t, toks[j+1])) || determiners[nx] || nx == "charge") {
					j++
					continue
				}
			}
			break
		}
		if j > i+1 && !capX && strings.HasSuffix(lx, "ed") && lc&lexRoleNoun == 0 {
			break
		}
		j++
	}
	for j > i && !toks[j-1].punct && (toks[j-1].lw == "of" || prepositions[toks[j-1].lw]) {
		j--
	}
	if j <= i || (j == i+1 && lc0&lexDeterminer != 0) {
		return seg{}
	}
	return seg{toks[i].s, toks[j-1].e}
}

// possessiveHer reports "her" used as a determiner ("Her Testland
// counterpart, Marco Pires, said"): a noun follows it, not a verb or
// punctuation.
func possessiveHer(t string, toks []tok, i int) bool {
	if toks[i].lw != "her" || i+1 >= len(toks) || toks[i+1].punct {
		return false
	}
	nx := toks[i+1].lw
	if _, cue := cueForms[nx]; cue || npStops[nx] || prepositions[nx] || determiners[nx] || speakerPronoun[nx] != "" {
		return false
	}
	return true
}

// orgContinues reports where an organization name that runs through the
// connector at toks[j] ("for", "and", "of") goes on: the index after the
// capitalized word that follows (an optional "the" between), or j when
// toks[i:j] holds no organization word or no capitalized word follows.
func orgContinues(t string, toks []tok, i, j int) int {
	// the organization word must head the phrase: before any "of"
	// ("Office of the UN Special Envoy for …", not "Ana Ruiz of the
	// Centre for …", where the Centre is hers)
	org := false
	for _, x := range toks[i:j] {
		if x.lw == "of" {
			break
		}
		if orgWords[x.lw] || orgHeads[x.lw] {
			org = true
			break
		}
	}
	if !org && toks[j].lw == "and" {
		// "the Hostages and Missing Families Forum": the organization word
		// closes the capitalized run after "and"
		for k := j + 1; k < len(toks) && k <= j+4 && !toks[k].punct && isCap(tw(t, toks[k])); k++ {
			if orgWords[toks[k].lw] {
				org = true
				break
			}
		}
	}
	if !org {
		return j
	}
	nx := j + 1
	if nx < len(toks) && toks[nx].lw == "the" && toks[j].lw != "and" {
		nx++
	}
	if nx >= len(toks) || toks[nx].punct || !isCap(tw(t, toks[nx])) || isAcronymTok(t, toks[nx]) && toks[j].lw == "and" {
		return j
	}
	return nx + 1
}

// remitList returns the end of "X, Y and Z" after the comma at toks[j]
// when toks[i:j] is an organization name with "of" or "for" ("Ministry of
// Lands, Housing and Urban Development"), or j.
func remitList(t string, toks []tok, i, j int) int {
	org, of := false, false
	for _, x := range toks[i:j] {
		org = org || orgWords[x.lw] || orgHeads[x.lw]
		of = of || (org && (x.lw == "of" || x.lw == "for"))
	}
	if !of {
		return j
	}
	k := j + 1
	for n := 0; k < len(toks) && n < 8; n++ {
		x := toks[k]
		switch {
		case x.lw == "and" && k+1 < len(toks) && !toks[k+1].punct && isCap(tw(t, toks[k+1])):
			k++
			for k < len(toks) && !toks[k].punct && isCap(tw(t, toks[k])) {
				k++
			}
			return k
		case !x.punct && isCap(tw(t, x)), tw(t, x) == ",":
			k++
		default:
			return j
		}
	}
	return j
}

func isAcronymTok(t string, x tok) bool { return isAcronym(tw(t, x)) }

// resolve turns a mention span into a speaker.
func (r *resolver) resolve(g seg, pos int) mention {
	t := r.t
	text := t[g.s:g.e]
	// the words of the mention and their spans, on the stack for short
	// mentions
	var fb [16]seg
	var wb [16]string
	fs := fieldSegs(t, g, fb[:0])
	// "The Syrian Foreign Ministry later (added)": an adverb is not part of
	// the mention
	for len(fs) > 1 && trailingAdverbs[r.lowSeg(fs[len(fs)-1])] {
		fs = fs[:len(fs)-1]
		g.e = fs[len(fs)-1].e
		text = t[g.s:g.e]
	}
	// "The news agency last month (said)": a time adjunct is no part of it
	if n := len(fs); n > 2 && timeDeictic[r.lowSeg(fs[n-2])] && (timeNouns[r.lowSeg(fs[n-1])] || monthsDays[r.lowSeg(fs[n-1])]) {
		fs = fs[:n-2]
		g.e = fs[len(fs)-1].e
		text = t[g.s:g.e]
	}
	if len(fs) == 0 {
		return mention{}
	}
	words := wb[:0]
	for _, f := range fs {
		words = append(words, t[f.s:f.e])
	}
	lw := r.lowSeg(fs[0])
	switch speakerPronoun[lw] {
	case "he", "she":
		if len(words) == 1 {
			return r.antecedent(g, pos, speakerPronoun[lw][0])
		}
	case "they", "it":
		if len(words) == 1 {
			return r.groupAntecedent(g, pos)
		}
	}
	if m, ok := r.statementSource(g, words, fs, pos); ok {
		return m
	}
	// a name run inside the mention
	best := -1
	lo, hi := r.namesIn(g)
	for k := lo; k < hi; k++ {
		n := &r.w.names[k]
		if _, poss := stripPossessive(n.Text); poss && n.endByte < g.e-1 && n.Kind == NamePerson {
			continue // "Ruiz's campaign manager": the owner, not the speaker
		}
		if best >= 0 && n.Kind == NamePerson && r.w.names[best].Kind == NamePerson && strings.Contains(t[r.w.names[best].endByte:n.startByte], " of ") {
			continue // "Ana Ruiz of the Centre for Regional Studies": the first person
		}
		if best >= 0 && n.Kind == NamePerson && r.w.names[best].Kind == NameOrganization && connects(t[r.w.names[best].endByte:n.startByte]) {
			continue // "the Centre for Maritime Safety": part of the organization's name
		}
		if best >= 0 && n.Kind != NameOrganization && r.w.names[best].Kind == NameOrganization {
			// "the Ministry of Lands, Housing and Urban Development": its remit
			if b := &r.w.names[best]; (strings.Contains(b.Text, " of ") || strings.Contains(b.Text, " for ")) && remitBetween(t[b.endByte:n.startByte]) {
				continue
			}
		}
		if best < 0 || rank(*n) >= rank(r.w.names[best]) {
			best = k
		}
	}
	head := r.npHeadAt(words, fs)
	if best >= 0 && r.w.names[best].Kind == NamePerson {
		n := r.w.names[best]
		via := ViaCue
		if n.alias || !strings.Contains(t[n.nameByte.s:n.nameByte.e], " ") {
			via = ViaAlias
		}
		conf := 0.95
		if via == ViaAlias {
			conf = 0.88
		}
		return mention{g: g, name: n.Name, via: via, conf: conf, person: true, gender: r.gender[n.Name], ok: true}
	}
	if best >= 0 && r.w.names[best].Kind == NameOther && r.w.names[best].Role != "" {
		rn := r.w.names[best]
		var wb [16]string
		if m, ok := r.roleAlias(seg{rn.startByte, rn.endByte}, npHead(appendFields(wb[:0], rn.Role)), pos); ok {
			m.g = g
			return m
		}
	}
	if len(words) == 1 && allCapsName(words[0]) {
		// "UNFICYP said": a long acronym is an organization
		return mention{g: g, name: words[0], via: ViaOrganization, conf: 0.7, ok: true}
	}
	indefinite := lw == "a" || lw == "an" || lw == "one" || lw == "another" || lw == "two" || lw == "three" || lw == "several" || lw == "some" || lw == "many" || lw == "most"
	// "Traders say …", "Cooperatives in the province say …": a plural noun
	// capitalized only because it opens the sentence
	opensSentence := lw == head && !possessiveAfter(t, g.e) && (best < 0 || r.w.names[best].Kind == NameOther && r.w.names[best].initial)
	lowerPlural := len(head) > 3 && head[len(head)-1] == 's' && (!isCap(lastHeadWord(words)) || opensSentence) && !orgHeads[head] && !strings.HasSuffix(head, "ss") && !strings.HasSuffix(head, "ics") && !strings.HasSuffix(head, "us")
	if indefinite || plurals[head] || lowerPlural && (best < 0 || lw != "the" || r.w.names[best].Kind != NameOrganization) {
		return r.anonymous(g)
	}
	if (lw == "his" || lw == "her" || lw == "their" || lw == "its") && len(words) > 1 {
		return r.anonymous(g)
	}
	if roleNouns[head] && !orgHeads[head] {
		if m, ok := r.roleAlias(g, head, pos); ok {
			return m
		}
		if lw == "the" && len(words) == 2 && head == "official" {
			// "according to the official": the person who spoke last
			for _, ev := range r.before(pos) {
				if ev.speaker && ev.m.person && ev.m.name != "" && ev.m.name != "unknown" {
					return mention{g: g, name: ev.m.name, via: ViaAlias, conf: 0.6, person: true, gender: ev.m.gender, ok: true}
				}
			}
		}
		if lw == "the" && !plurals[head] {
			if m, ok := r.mainPerson(g, pos); ok {
				return m
			}
		}
		return r.anonymous(g)
	}
	if best >= 0 && (r.w.names[best].Kind == NameOrganization || r.w.names[best].Kind == NamePlace) || orgHeads[head] {
		if lw == "the" && len(words) <= 3 && orgHeads[head] {
			if m, ok := r.orgAlias(g, head, pos); ok {
				return m
			}
		}
		name := orgName(orgHeadEnd(text, words))
		if best >= 0 && r.w.names[best].Kind == NamePlace && len(words) == 1 {
			name = r.w.names[best].Name
		}
		if full, ok := r.acronymFull(name, g.s); ok {
			name = full
		}
		return mention{g: g, name: name, via: ViaOrganization, conf: 0.85, ok: true}
	}
	if lw == "the" && len(words) >= 2 && isCap(words[1]) && best >= 0 {
		// "the Vatican": a definite capitalized name is an institution
		return mention{g: g, name: orgName(text), via: ViaOrganization, conf: 0.7, ok: true}
	}
	if best >= 0 && len(words) == 1 && isCap(words[0]) && !titleWords[lw] && !nationalities[r.lowSeg(seg{fs[0].s, fs[0].s + len(trimPossessive(words[0]))})] && (!r.w.names[best].initial || r.w.names[best].Kind == NameOther && r.roleAppositive(g.e)) {
		// an unknown single capitalized word as a speaker: a surname
		return mention{g: g, name: trimPossessive(words[0]), via: ViaCue, conf: 0.6, person: true, ok: true}
	}
	return mention{}
}

var statementWords = setOf(`statement communique communiqué release`)

// statementSource resolves a statement named as the speaker to whoever
// issued it: "a statement from the navy's information team" and "the
// presidency's statement" to the issuer, a bare "the statement" to the most
// recent speaker that is not anonymous.
func (r *resolver) statementSource(g seg, words []string, fs []seg, pos int) (mention, bool) {
	if len(words) < 2 {
		return mention{}, false
	}
	lw := r.lowSeg(fs[0])
	text := r.t[g.s:g.e]
	if (lw == "a" || lw == "the") && statementWords[r.lowSeg(fs[1])] {
		if len(words) == 2 {
			if lw == "a" {
				return mention{}, false
			}
			for _, ev := range r.before(pos) {
				if ev.speaker && ev.m.ok && ev.m.name != "unknown" && ev.m.name != "" {
					m := ev.m
					m.g, m.conf, m.via = g, 0.6, ViaOrganization
					if m.person {
						m.via = ViaAlias
					}
					return m, true
				}
			}
			return mention{}, false
		}
		// "a statement from/by/of X": X is the speaker
		if len(words) >= 4 {
			if p := r.lowSeg(fs[2]); p == "from" || p == "by" || p == "of" {
				k := strings.Index(text, " "+words[2]+" ")
				if k > 0 {
					sub := seg{g.s + k + len(words[2]) + 2, g.e}
					if m := r.resolve(sub, pos); m.ok {
						m.g = g
						return m, true
					}
				}
			}
		}
		return mention{}, false
	}
	// "the presidency's statement": the owner
	last := r.lowSeg(fs[len(fs)-1])
	if statementWords[last] && len(words) >= 2 {
		if _, poss := stripPossessive(words[len(words)-2]); poss {
			k := strings.LastIndex(text, " ")
			sub := seg{g.s, g.s + k}
			ow := r.t[sub.s:sub.e]
			if b, ok := stripPossessive(ow); ok {
				sub.e = sub.s + len(b)
				if m := r.resolve(sub, pos); m.ok {
					m.g = g
					return m, true
				}
			}
		}
	}
	return mention{}, false
}

// orgHeadEnd cuts an organization mention after its head word when
// lower-case words that are not part of a name follow ("Testland's central
// bank left its rate" -> "Testland's central bank"); "the ministry of the
// Interior" and "the Centre for Disease Control" keep their tails.
func orgHeadEnd(text string, words []string) string {
	for k := 0; k+2 < len(words); k++ {
		if !orgHeads[lower(trimPossessive(words[k]))] {
			continue
		}
		nx := words[k+1]
		if isCap(nx) || connectorWords[lower(nx)] || strings.HasPrefix(nx, "(") {
			continue
		}
		// a verb and its object follow: "left its rate", "kept the"
		for _, w := range words[k+2 : min(len(words), k+4)] {
			if lw := lower(w); lw == "its" || lw == "the" || lw == "a" || lw == "an" || lw == "their" || lw == "his" || lw == "her" {
				return strings.Join(words[:k+1], " ")
			}
		}
	}
	return text
}

var connectorWords = setOf(`of for and in on de del`)

var objectDets = setOf(`its the a an their his her`)

// connects reports text between two names that joins them into one
// organization name: " for ", " and ", " of the ".
func connects(between string) bool {
	f := strings.Fields(between)
	return len(f) >= 1 && len(f) <= 2 && (f[0] == "for" || f[0] == "and" || f[0] == "of") && (len(f) == 1 || f[1] == "the")
}

// remitBetween reports the text between two capitalized runs of one
// organization's list of remits: ", ", " and ", ", Housing and ".
func remitBetween(between string) bool {
	f := strings.Fields(strings.ReplaceAll(between, ",", " , "))
	if len(f) == 0 || len(f) > 5 || f[0] != "," && f[0] != "and" {
		return false
	}
	for _, w := range f {
		if w != "," && w != "and" && !isCap(w) {
			return false
		}
	}
	return true
}

// possessiveAfter reports an apostrophe right after byte pos: "Farmers’
// union leader" names the owner, not the speaker.
func possessiveAfter(t string, pos int) bool {
	return strings.HasPrefix(t[pos:], "’") || strings.HasPrefix(t[pos:], "'")
}

// acronymAppositive reports an organization named again by its acronym in
// an appositive: "the UN mission in the territory, MINURSO, said".
func acronymAppositive(m, m2 mention) bool {
	return !m.person && m.ok && m2.ok && m2.via == ViaOrganization && allCapsName(m2.name) && !properName(strings.Fields(m.name))
}

// properName reports words that make a proper name: every word
// capitalized but the connectors ("Intergovernmental Authority on
// Development"), not a description ("UN mission in the territory").
func properName(words []string) bool {
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if !isCap(w) && !connectorWords[w] && w != "the" {
			return false
		}
	}
	return true
}

// allCapsName reports an all-capitals word of two to ten letters
// (UNFICYP, MINURSO); isAcronym stops at six.
func allCapsName(w string) bool {
	n := 0
	for _, c := range w {
		if !unicode.IsUpper(c) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 10
}

// roleAppositive reports an appositive with a role noun right after byte
// pos: ", a drone operator,", ", the head of the union,". It lets a lone
// first name open a sentence as a person ("Oleg, a drone operator, said").
func (r *resolver) roleAppositive(pos int) bool {
	t := r.t
	if pos+4 > len(t) || t[pos] != ',' {
		return false
	}
	hi := min(len(t), pos+80)
	for hi < len(t) && t[hi]&0xC0 == 0x80 {
		hi++
	}
	rest := t[pos+1 : hi]
	if k := strings.IndexAny(rest, ",.;:\n"); k >= 0 {
		rest = rest[:k]
	}
	words := strings.Fields(rest)
	if len(words) < 2 || !(words[0] == "a" || words[0] == "an" || words[0] == "the") {
		return false
	}
	for _, w := range words[1:] {
		if lw := lower(w); roleNouns[lw] && !orgHeads[lw] && !plurals[lw] {
			return true
		}
	}
	// an agent noun: "a drone operator", "a retired teacher", "a pharmacist"
	last := lower(words[len(words)-1])
	for _, suf := range []string{"er", "or", "ist", "ian", "ant", "ent"} {
		if len(last) > len(suf)+2 && strings.HasSuffix(last, suf) {
			return true
		}
	}
	return false
}

// orgName cleans an organization mention: no article, no possessive owner
// that is a place ("Egypt's Foreign Ministry" -> "Foreign Ministry").
func orgName(text string) string {
	words := strings.Fields(text)
	if len(words) > 0 && lower(words[0]) == "the" {
		words = words[1:]
	}
	// "the Myanmar Democratic Front (MDF)", "the Caribbean Community
	// (CARICOM)": the full name, not the acronym the article gives in
	// parentheses (GUIDE §7.19); a description with an acronym ("the UN
	// mission (UNTM)") goes by the acronym
	if n := len(words); n >= 2 {
		if a := strings.Trim(words[n-1], "()"); len(a)+2 == len(words[n-1]) && (isAcronym(a) || allCapsName(a)) {
			if !properName(words[:n-1]) {
				return a
			}
			words = words[:n-1]
		}
	}
	// "NATO-led KFOR": the leader is not part of the name
	if len(words) == 2 && strings.HasSuffix(lower(words[0]), "-led") {
		words = words[1:]
	}
	words = orgOwnerCut(words)
	// "the oil workers' union USO", "the EU's naval mission Aspides": a
	// description whose lower-case head names what the proper name after
	// it is
	if n := len(words); n >= 3 {
		k := n
		for k > 0 && isCap(words[k-1]) && !orgWords[lower(words[k-1])] {
			k--
		}
		if k < n && k >= 2 && !isCap(words[k-1]) && orgWords[lower(words[k-1])] {
			words = words[k:]
		}
	}
	out := strings.Join(words, " ")
	// "the ministry of the interior" -> "ministry"; a capitalized tail is
	// part of the name ("Office of the UN Special Envoy")
	if k := strings.Index(out, " of the "); k > 0 && !isCap(out[k+len(" of the "):]) {
		out = out[:k]
	}
	return trimPossessive(out)
}

// orgOwnerCut drops the owner and the regional modifier in
// front of an organization's own name when the owner is a common noun:
// "the army's Northern Command" -> "Northern Command", "the federal
// government's Communications Service" -> "Communications Service"; a
// lower-case name keeps its owner ("the ruling party’s international
// department"). "the eastern-based
// House of Representatives" -> "House of Representatives". A named owner
// ("Oman’s Foreign Ministry"), a title ("Minister's Office") or a plural
// owner ("Veterans' Union") stays. One pass.
func orgOwnerCut(words []string) []string {
	n := len(words)
	if n < 2 {
		return words
	}
	cut := 0
	for k := 0; k+1 < n; k++ {
		w := words[k]
		base, poss := stripPossessive(w)
		if !poss || base == "" {
			continue
		}
		lb := lower(base)
		if anaphoricOwners[lb] && k+1 < n && !isCap(words[k+1]) {
			cut = k + 1 // "the city’s civil protection service": not a name
			continue
		}
		if isCap(base) && !titleWords[lb] && properNameIn(words[k+1:]) && (!isCap(words[n-1]) || nationalIn(words[k+1:])) {
			// "Yemen’s Houthi movement", "the North’s Korean Central News
			// Agency": a name of its own before a common head, or one that
			// names its country, needs no owner; a formal name keeps it
			// ("Tripoli’s Emergency Medicine Centre")
			cut = k + 1
			continue
		}
		if isCap(base) || titleWords[lb] || pluralOwners[lb] || strings.HasSuffix(w, "s’") || strings.HasSuffix(w, "s'") {
			continue // a named owner stays: "Oman’s Foreign Ministry"
		}
		if !isCap(words[k+1]) {
			continue // "the ruling party’s international department": no name of its own
		}
		cut = k + 1
	}
	words = words[cut:]
	// leading regional and lower-case compound modifiers: "eastern-based",
	// "Tripoli-based", "the state-owned National Development Bank"
	for len(words) >= 2 && (strings.HasSuffix(lower(words[0]), "-based") || !isCap(words[0]) && strings.Contains(words[0], "-") && isCap(words[1])) {
		words = words[1:]
	}
	return words
}

var pluralOwners = setOf(`women men children people workers veterans farmers`)

// anaphoricOwners are common nouns that point back to a place named
// elsewhere: "the city’s", "the country’s".
var anaphoricOwners = setOf(`city town village country region province capital state district`)

// properNameIn reports a capitalized word in an organization name that is
// not a generic institution word: "Houthi" in "Houthi movement", not
// "Foreign" or "Ministry" in "Foreign Ministry".
// nationalIn reports a nationality among words: "Korean Central News
// Agency".
func nationalIn(words []string) bool {
	for _, w := range words {
		if isCap(w) && nationality(trimPossessive(w)) {
			return true
		}
	}
	return false
}

func properNameIn(words []string) bool {
	for _, w := range words {
		if w == "in" {
			break // "embassy in Warsaw": a place, not the name
		}
		if !isCap(w) {
			continue
		}
		lw := lower(trimPossessive(strings.Trim(w, "(),")))
		if !orgHeads[lw] && !genericOrgWords[lw] && !titleWords[lw] && !roleNouns[lw] {
			return true
		}
	}
	return false
}

var genericOrgWords = setOf(`foreign defence defense interior health information finance economy economic justice
education energy prime general staff central national state security emergency emergencies situations
communications press media armed border guard guards intelligence federal supreme high chief presidential
external affairs home trade commerce culture agriculture transport infrastructure labour labor social public
civil protection unification reintegration development environment military naval navy air ground joint
special operations operational strategic territorial integration relations policy investigation investigative
prosecutor's prosecutor general's attorney statistics statistical audit customs tax revenue migration
veterans youth sports digital science research technology industry industrial mining water resources human
rights humanitarian reconstruction coordination headquarters office ministry of and for the`)

// acronymFull returns the full name that an acronym of three or more
// letters stands for when the document spells it out before pos ("the
// Rapid Support Forces … the RSF said" -> "Rapid Support Forces"): the
// speaker is named as first given. The index of capitalized runs is built
// once per document, in one pass over its tokens.
func (r *resolver) acronymFull(a string, pos int) (string, bool) {
	if len(a) < 3 || !isAcronym(a) || strings.ContainsRune(a, '.') {
		return "", false
	}
	if r.acr == nil {
		r.acr = map[uint64]acrFull{}
		toks := r.w.toks
		t := r.t
		capWord := func(k int) bool {
			return k < len(toks) && !toks[k].punct && isCap(tw(t, toks[k])) && !isAcronym(tw(t, toks[k])) && !stopCaps[toks[k].lw]
		}
		for k := range toks {
			if !capWord(k) {
				continue
			}
			// initials of the run starting at k, up to 8 letters, packed
			// into one word so the index allocates no keys
			var key uint64
			n := 0
			for e := k; e < len(toks) && n < 8; e++ {
				switch {
				case capWord(e):
					key = key<<8 | uint64(t[toks[e].s])
					n++
					if n >= 3 {
						if _, seen := r.acr[key]; !seen {
							r.acr[key] = acrFull{t[toks[k].s:toks[e].e], toks[k].s}
						}
					}
					continue
				case (toks[e].lw == "of" || toks[e].lw == "the" || toks[e].lw == "for" || toks[e].lw == "and") && capWord(e-1) || toks[e].lw == "the" && e > k && toks[e-1].lw == "of":
					continue
				}
				break
			}
		}
	}
	if len(a) > 8 {
		return "", false
	}
	var key uint64
	for i := 0; i < len(a); i++ {
		key = key<<8 | uint64(a[i])
	}
	f, ok := r.acr[key]
	if !ok || f.pos >= pos {
		return "", false
	}
	return trimPossessive(f.name), true
}

// orgAlias resolves "the group", "the ministry" to the most recent
// organization with that head word (or any, for "group").
//
// A modifier narrows the match: "the transport ministry" refers back only
// to an organization whose name holds "transport ministry".
// namesHead reports an organization name that holds want other than as a
// possessive owner: "the military" is not "the military’s information
// team".
func namesHead(name, want string) bool {
	ln := lower(name)
	return strings.Contains(ln, want) && !strings.Contains(ln, want+"’s") && !strings.Contains(ln, want+"'s")
}

func (r *resolver) orgAlias(g seg, head string, pos int) (mention, bool) {
	want := head
	var fb [4]seg
	// "the national movement", and "the Houthi movement": a modifier narrows
	// the head, and a capitalized one names the organization, which is not
	// just any earlier movement
	if fs := fieldSegs(r.t, g, fb[:0]); len(fs) == 3 && r.lowSeg(fs[2]) == head {
		want = trimPossessive(r.lowSeg(fs[1])) + " " + head
	}
	for _, ev := range r.before(pos) {
		if ev.pos >= pos || ev.m.via != ViaOrganization {
			continue
		}
		if namesHead(ev.m.name, want) || want == head && genericOrgHeads[head] {
			m := ev.m
			m.g = g
			m.conf = 0.7
			return m, true
		}
	}
	top := sort.Search(len(r.w.names), func(i int) bool { return r.w.names[i].startByte >= pos })
	for k := top - 1; k >= 0 && k >= top-maxLookback; k-- {
		n := r.w.names[k]
		if n.startByte >= pos || n.Kind != NameOrganization {
			continue
		}
		if namesHead(n.Name, want) || want == head && genericOrgHeads[head] && len(n.Name) > 3 {
			return mention{g: g, name: orgName(n.Name), via: ViaOrganization, conf: 0.65, ok: true}, true
		}
	}
	return mention{}, false
}

func rank(n Name) int {
	switch n.Kind {
	case NamePerson:
		return 3
	case NameOrganization:
		return 2
	case NamePlace:
		return 1
	}
	return 0
}

func isAnonHead(h string) bool { return roleNouns[h] && !orgHeads[h] || plurals[h] }

// anonymous makes an unknown speaker with the mention as its role.
func (r *resolver) anonymous(g seg) mention {
	role := r.t[g.s:g.e]
	var fb [16]seg
	fs := fieldSegs(r.t, g, fb[:0])
	last, lowLast := "", ""
	if len(fs) > 0 {
		f := fs[len(fs)-1]
		last, lowLast = r.t[f.s:f.e], r.lowSeg(f)
	}
	if rr, w := utf8.DecodeRuneInString(role); unicode.IsUpper(rr) && w > 0 {
		// "A municipal official" -> "a municipal official", "Traders" ->
		// "traders"; keep names
		first := r.lowSeg(fs[0])
		if determiners[first] || plurals[first] || roleNouns[first] || strings.HasSuffix(first, "s") && (len(fs) == 1 || !isCap(last)) {
			role = string(unicode.ToLower(rr)) + role[w:]
		}
	}
	return mention{g: g, name: "unknown", via: ViaAnonymous, role: role, conf: 0.8, plural: plurals[lowLast], ok: true}
}

// anonymousSubject reports an unnamed person who opens a sentence as its
// subject: a determiner, then a role ("A commander of a resistance unit,
// who asked not to be named, was dismissive."). An appositive after a
// name ("According to Ana Ruiz, a researcher at …") is not one.
func (r *resolver) anonymousSubject(ev *event) bool {
	if !roleNouns[ev.anonHead()] || !determiners[lower(firstWord(ev.m.role))] {
		return false
	}
	s := r.sentenceOf(ev.pos)
	if s.empty() {
		return false
	}
	pre := strings.TrimSpace(strings.TrimLeft(r.t[s.s:ev.pos], " \t\n\"“‘«„'"))
	if pre == "" {
		return true
	}
	// after an introductory phrase: "In Moscow, a Kremlin spokesman …",
	// "On the other side of the line, a field commander …"
	return strings.HasSuffix(pre, ",") && strings.Count(pre, ",") == 1 && introWords[lower(firstWord(pre))]
}

var introWords = setOf(`in on at from across for after during near outside inside meanwhile separately elsewhere later earlier back
along behind beyond`)

func firstWord(s string) string {
	f, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return f
}

func lastWord(s string) string {
	var wb [16]string
	f := appendFields(wb[:0], s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// roleAlias resolves "the minister", "the President of Ukraine", "the
// diplomat" to a person or anonymous source named earlier with that role.
// An exact role phrase wins; otherwise the most mentioned person with the
// role noun, then the most recent.
func (r *resolver) roleAlias(g seg, head string, pos int) (mention, bool) {
	m0 := r.t[g.s:g.e]
	m1 := strings.TrimPrefix(strings.TrimPrefix(m0, "the "), "The ")
	phrase := r.lowSeg(trimSpaceSeg(r.t, seg{g.s + len(m0) - len(m1), g.e}))
	if phrase == "head of state" || head == "state" && strings.Contains(phrase, "head of") {
		head, phrase = "president", "president"
	}
	// an anonymous source named earlier with the same role noun
	for _, ev := range r.before(pos) {
		if ev.pos >= pos {
			continue
		}
		if ev.m.via == ViaAnonymous && !ev.m.plural && ev.anonHead() == head {
			m := ev.m
			m.g = g
			return m, true
		}
	}
	best, bestScore := -1, 0
	var cands []string
	count := r.counts()
	// persons near pos: up to maxLookback before and a few after
	lo := sort.Search(len(r.persons), func(i int) bool { return r.w.names[r.persons[i]].startByte >= pos })
	hi := min(lo+20, len(r.persons))
	lo = max(0, lo-maxLookback)
	ofTail, ofLast := "", ""
	if k := strings.Index(phrase, " of "); k >= 0 {
		ofTail = phrase[k:]
		ofLast = lastWord(ofTail)
	}
	// "the Russian President": the country of the title
	country := ""
	if f := strings.Fields(phrase); ofTail == "" && len(f) >= 2 && nationalityLow(f[0]) {
		country = f[0]
	}
	for p := lo; p < hi; p++ {
		k := r.persons[p]
		n := &r.w.names[k]
		pi := r.person(p)
		role := pi.role
		if ofTail != "" && pi.roleOf && !strings.Contains(role, ofTail) && !placeStem(role, ofLast) {
			continue // "the President of Russia" is not the President of France
		}
		if country != "" && pi.roleOf && !countryMatch(role, country) {
			continue // "the Russian President" is not the President of Syria
		}
		score := 0
		switch {
		case phrase != "" && role != "" && strings.Contains(role, phrase):
			score = 3000
		case strings.Contains(role, head) || r.appositiveHas(p, head):
			score = 1000
		default:
			continue
		}
		score += 10 * count[n.Name]
		if n.startByte < pos {
			score += 5
		}
		if score > bestScore || score == bestScore && n.startByte < pos {
			best, bestScore = k, score
		}
		if score >= 1000 {
			cands = append(cands, n.Name)
		}
	}
	// a bare definite title ("the Head of State", "the President") goes to
	// the most recent speaker who holds it, before a more often named one
	if best >= 0 && !strings.Contains(phrase, " of ") && len(cands) > 1 {
		if name, ok := r.recentSpeakerIn(cands, pos); ok && name != r.w.names[best].Name {
			return mention{g: g, name: name, via: ViaAlias, conf: 0.75, person: true, gender: r.gender[name], ok: true}, true
		}
	}
	if best < 0 {
		if strings.Contains(phrase, " of ") && titleWords[head] {
			return r.mainPerson(g, pos)
		}
		return mention{}, false
	}
	n := r.w.names[best]
	// "the President" in a press office's release is its principal, the
	// person it quotes most, not a leader who only appears written to or
	// talked about ("a message to President Ana Ruiz")
	if ofTail == "" && country == "" && (head == "president" || head == "leader") {
		if p, c := r.principalSpeaker(pos); c >= 2 && p != n.Name && strings.Contains(p, " ") && r.subjectCount(n.Name, pos) == 0 {
			return mention{g: g, name: p, via: ViaAlias, conf: 0.6, person: true, gender: r.gender[p], ok: true}, true
		}
	}
	return mention{g: g, name: n.Name, via: ViaAlias, conf: 0.75, person: true, gender: r.gender[n.Name], ok: true}, true
}

// principalSpeaker returns the person quoted most often before pos, with
// the number of quotes.
func (r *resolver) principalSpeaker(pos int) (string, int) {
	best, bestN := "", 0
	counts := map[string]int{}
	hi := sort.Search(len(r.spkEv), func(i int) bool { return r.spkEv[i].pos >= pos })
	for i := max(0, hi-maxLookback); i < hi; i++ {
		ev := &r.spkEv[i]
		if !ev.m.ok || !ev.m.person || ev.m.name == "" || ev.m.name == "unknown" {
			continue
		}
		counts[ev.m.name]++
		if c := counts[ev.m.name]; c > bestN {
			best, bestN = ev.m.name, c
		}
	}
	return best, bestN
}

// subjectCount counts the sentences before pos (at most maxLookback back)
// whose subject is name.
func (r *resolver) subjectCount(name string, pos int) int {
	n := 0
	hi := sort.Search(len(r.events), func(i int) bool { return r.events[i].pos >= pos })
	for i := max(0, hi-maxLookback); i < hi; i++ {
		if ev := &r.events[i]; ev.m.ok && ev.m.name == name {
			n++
		}
	}
	return n
}

// countryMatch reports a role whose "of" phrase may name the country of the
// adjective adj: some word after "of" shares its first two letters
// ("prime minister of spain" for "spanish", "of france" for "french"; not
// "president of the syrian arab republic" for "russian").
func countryMatch(role, adj string) bool {
	k := strings.Index(role, " of ")
	if k < 0 || len(adj) < 2 {
		return true
	}
	for _, w := range strings.Fields(role[k+4:]) {
		if w != "the" && len(w) >= 2 && w[:2] == adj[:2] {
			return true
		}
	}
	return false
}

// placeStem reports a word of role that shares a stem of five letters or
// more with the place word w: "slovak" in "president of the slovak
// republic" for "slovakia".
func placeStem(role, w string) bool {
	if len(w) < 5 {
		return false
	}
	var wb [16]string
	for _, x := range appendFields(wb[:0], role) {
		n := 0
		for n < len(x) && n < len(w) && x[n] == w[n] {
			n++
		}
		if n >= 5 && n >= len(x)-1 {
			return true
		}
	}
	return false
}

// recentSpeakerIn returns the most recent person speaker before pos whose
// name is in names (at most maxLookback events back).
func (r *resolver) recentSpeakerIn(names []string, pos int) (string, bool) {
	for _, ev := range r.before(pos) {
		if !ev.speaker || !ev.m.person || !ev.m.ok {
			continue
		}
		for _, nm := range names {
			if nm == ev.m.name {
				return nm, true
			}
		}
	}
	return "", false
}

// appositive returns, in lower case, the words right before name n since
// the last punctuation (at most 40 bytes back) and the appositive after it
// up to the next comma when a comma follows the name (at most 60 bytes
// on), or "".
func (r *resolver) appositive(n *Name) (before, after string) {
	t := r.t
	lo := n.startByte - 40
	if lo < 0 {
		lo = 0
	}
	hi := n.endByte + 60
	if hi > len(t) {
		hi = len(t)
	}
	for lo > 0 && t[lo]&0xC0 == 0x80 {
		lo--
	}
	for hi < len(t) && t[hi]&0xC0 == 0x80 {
		hi++
	}
	before = r.lowSeg(seg{lo, n.startByte})
	a := t[n.endByte:hi]
	if k := strings.IndexAny(a, ".;\n"); k >= 0 {
		a = a[:k]
	}
	if strings.HasPrefix(a, ",") {
		if k := strings.IndexByte(a[1:], ','); k >= 0 {
			a = a[:k+1]
		}
		after = r.lowSeg(seg{n.endByte, n.endByte + len(a)})
		// "to Pope Francis, the President noted that …": a clause with a
		// speech verb, not an appositive
		var wb [16]string
		for _, w := range appendFields(wb[:0], after) {
			if lexOf(w)&lexCue != 0 {
				after = ""
				break
			}
		}
	}
	if k := strings.LastIndexAny(before, ".,;\n"); k >= 0 {
		before = before[k+1:]
	}
	return strings.TrimSpace(before), after
}

// containsWordAfterSpace is strings.Contains(s, " "+w) without building
// the string.
func containsWordAfterSpace(s, w string) bool {
	for {
		k := strings.IndexByte(s, ' ')
		if k < 0 {
			return false
		}
		s = s[k+1:]
		if strings.HasPrefix(s, w) {
			return true
		}
	}
}

// namesIn returns the range [lo, hi) of indexes of names overlapping g.
func (r *resolver) namesIn(g seg) (lo, hi int) {
	ns := r.w.names
	lo = sort.Search(len(ns), func(i int) bool { return ns[i].endByte > g.s })
	hi = lo
	for hi < len(ns) && ns[hi].startByte < g.e {
		hi++
	}
	return lo, hi
}

// antecedent resolves he/she at g to the most recent compatible person
// outside quotations: a sentence subject or an earlier quote's speaker.
func (r *resolver) antecedent(g seg, pos int, gch byte) mention {
	want := byte('m')
	if gch == 's' {
		want = 'f'
	}
	for _, ev := range r.before(max(g.s, pos)) {
		if ev.pos >= g.s && ev.pos >= pos {
			continue
		}
		if ev.pos == g.s {
			continue
		}
		if !ev.m.person {
			// an unnamed source, as a quote's speaker or as a sentence
			// subject with a person's role ("A Western analyst … was
			// pessimistic. “…,” he said.")
			if ev.m.via == ViaAnonymous && !ev.m.plural && (ev.speaker || r.anonymousSubject(ev)) {
				m := ev.m
				m.g, m.conf = g, 0.7
				return m
			}
			continue
		}
		if gg, ok := r.gender[ev.m.name]; ok && gg != want {
			continue
		}
		m := ev.m
		m.g, m.via, m.conf = g, ViaPronoun, 0.85
		return m
	}
	// any earlier person name outside quotations
	top := sort.Search(len(r.w.names), func(i int) bool { return r.w.names[i].startByte >= g.s })
	for k := top - 1; k >= 0 && k >= top-maxLookback; k-- {
		n := r.w.names[k]
		if n.startByte >= g.s || n.Kind != NamePerson || r.inQuote(n.startByte) {
			continue
		}
		if gg, ok := r.gender[n.Name]; ok && gg != want {
			continue
		}
		return mention{g: g, name: n.Name, via: ViaPronoun, conf: 0.6, person: true, ok: true}
	}
	return mention{}
}

// groupAntecedent resolves they/it to the most recent organization or group.
func (r *resolver) groupAntecedent(g seg, pos int) mention {
	for _, ev := range r.before(g.s) {
		if ev.pos >= g.s {
			continue
		}
		if !ev.m.person {
			m := ev.m
			m.g, m.conf = g, 0.7
			if m.via != ViaAnonymous {
				m.via = ViaPronoun
			}
			return m
		}
	}
	// the most recent organization named outside quotations
	top := sort.Search(len(r.w.names), func(i int) bool { return r.w.names[i].startByte >= g.s })
	for k := top - 1; k >= 0 && k >= top-maxLookback; k-- {
		if n := r.w.names[k]; n.Kind == NameOrganization && !r.inQuote(n.startByte) && len(n.Name) > 2 {
			return mention{g: g, name: orgName(n.Name), via: ViaPronoun, conf: 0.5, ok: true}
		}
	}
	return mention{}
}

// carry gives a quote with no attribution of its own the speaker of the
// nearest preceding sentence subject or quote.
func (r *resolver) carry(pos int) (mention, bool) {
	for _, ev := range r.before(pos) {
		if ev.pos >= pos {
			continue
		}
		if !ev.speaker && r.inIndirect(ev.pos) {
			continue // a subject inside reported speech is not the narrator's
		}
		m := ev.m
		if ev.speaker {
			m.via, m.conf = ViaCarryover, 0.7
		} else {
			m.conf = 0.7
			if m.via == ViaCue {
				m.via = ViaCarryover
			}
		}
		return m, true
	}
	return mention{}, false
}

// turnSpeaker resolves the transcript label of quote i.
func (r *resolver) turnSpeaker(i int) mention {
	q := r.qs[i]
	t := r.t
	lab := t[q.turn.s:q.turn.e]
	l := lower(lab)
	if l == "-" || l == "—" || l == "–" {
		// a dash turn: the journalist asks, the interviewee answers
		if q.turnRole == "journalist" {
			return mention{g: q.turn, name: "unknown", via: ViaTranscript, role: "journalist", conf: 0.8, ok: true}
		}
		if m, ok := r.principal(); ok {
			m.g, m.via, m.conf = q.turn, ViaTranscript, 0.8
			return m
		}
		return mention{}
	}
	if titleWords[l] && !weakTitle[l] && !strings.Contains(l, " ") {
		// "MINISTER:" after "Foreign Minister Ana Ruiz opened the briefing"
		if m, ok := r.roleTurn(q.turn, l); ok {
			return m
		}
		return mention{g: q.turn, name: "unknown", via: ViaTranscript, role: l, conf: 0.8, ok: true}
	}
	if role, ok := turnWords[l]; ok {
		if role == "host" || role == "moderator" || role == "interviewer" {
			// "HOST:" after "Host Ana Ruiz spoke to …"
			if m, ok := r.roleTurn(q.turn, l); ok {
				return m
			}
		}
		if l == "a" || l == "answer" {
			if m, ok := r.principal(); ok {
				m.g, m.via, m.conf = q.turn, ViaTranscript, 0.8
				return m
			}
			return mention{}
		}
		if role == "journalist" {
			// "Question: Maria Glebova, RIA Novosti. I would like to ask…"
			if name, ok := selfIntroduction(t[q.span().s:q.span().e]); ok {
				return mention{g: q.turn, name: name, via: ViaTranscript, role: role, conf: 0.9, person: true, ok: true}
			}
		}
		return mention{g: q.turn, name: "unknown", via: ViaTranscript, role: role, conf: 0.9, ok: true}
	}
	name, role := r.labelName(lab)
	if name != "unknown" && !strings.ContainsAny(name, " ") {
		// "BAUTISTA-REYES:" after "ATTY. LORNA BAUTISTA-REYES (chair):"
		for j := i - 1; j >= 0 && j >= i-maxLookback; j-- {
			if p := r.spk[j]; p.ok && p.via == ViaTranscript && p.person && strings.EqualFold(lastWord(p.name), name) {
				name = p.name
				break
			}
		}
	} else if f := strings.Fields(name); len(f) == 2 {
		// "Ms. Costa Ferreira:" after "Mariana Costa Ferreira": a label
		// that ends a longer name is its surname, here of two words
		if full, ok := r.twoWordSurnames()[strings.ToLower(name)]; ok {
			name = full
		}
	}
	return mention{g: q.turn, name: name, via: ViaTranscript, role: role, conf: 0.95, person: name != "unknown", ok: true}
}

// selfIntroduction reads the name a questioner opens with: "Maria Glebova,
// RIA Novosti. I would like…" gives "Maria Glebova". The name is two or
// three capitalized words (no title: "Mr President, …" is an address) and
// a short capitalized affiliation follows it up to a full stop.
func selfIntroduction(s string) (string, bool) {
	comma := strings.IndexByte(s, ',')
	if comma < 0 || comma > 60 {
		return "", false
	}
	words := strings.Fields(s[:comma])
	if len(words) < 2 || len(words) > 3 {
		return "", false
	}
	for _, w := range words {
		if !isCap(w) || titleWords[lower(w)] || honorifics[lower(strings.TrimSuffix(w, "."))] || strings.ContainsAny(w, ".:;!?") {
			return "", false
		}
	}
	rest := strings.TrimLeft(s[comma+1:], " ")
	stop := strings.IndexByte(rest, '.')
	if stop <= 0 || !isCap(rest) || len(strings.Fields(rest[:stop])) > 6 || strings.ContainsAny(rest[:stop], "?!,") {
		return "", false
	}
	return strings.Join(words, " "), true
}

// roleTurn resolves a transcript label that is a role ("HOST",
// "MINISTER") to the person the document introduced with it.
func (r *resolver) roleTurn(g seg, role string) (mention, bool) {
	if name, ok := r.introRole(role, g.s); ok {
		return mention{g: g, name: name, via: ViaTranscript, conf: 0.8, person: true, gender: r.gender[name], ok: true}, true
	}
	m, ok := r.roleAlias(g, role, g.s)
	if !ok || !m.person || m.name == "" || m.name == "unknown" {
		return mention{}, false
	}
	m.g, m.via, m.conf = g, ViaTranscript, 0.8
	return m, true
}

// introRole finds the name a programme's introduction gives a role before
// pos: "Host: Dana Whitfield.", "Presented by Claire Whitfield", "hosted by
// …".
func (r *resolver) introRole(role string, pos int) (string, bool) {
	if r.intro == nil {
		r.intro = map[string]introName{}
	}
	in, ok := r.intro[role]
	if !ok {
		in.name, in.pos = r.findIntroRole(role)
		r.intro[role] = in
	}
	return in.name, in.name != "" && in.pos < pos
}

// An introName is the name an introduction gives a role, and where.
type introName struct {
	name string
	pos  int
}

// findIntroRole searches the whole text once for introRole.
func (r *resolver) findIntroRole(role string) (string, int) {
	low := r.lowSeg(seg{0, len(r.t)})
	var keys []string
	switch role {
	case "host":
		keys = []string{"host: ", "hosted by ", "presenter: ", "presented by "}
	case "presenter", "anchor":
		keys = []string{role + ": ", "presented by ", "host: ", "hosted by "}
	case "moderator":
		keys = []string{"moderator: ", "moderated by ", "chaired by "}
	default:
		return "", 0
	}
	for _, k := range keys {
		i := strings.Index(low, k)
		if i < 0 {
			continue
		}
		if name := nameAt(r.t, i+len(k)); name != "" {
			return name, i
		}
	}
	return "", 0
}

// nameAt returns the two or three capitalized words at byte i of t, ended
// by punctuation or a lower-case word, or "".
func nameAt(t string, i int) string {
	var words []string
	for len(words) < 4 && i < len(t) {
		j := i
		for j < len(t) && !isSpaceRune(firstRune(t[j:])) && !strings.ContainsRune(".,;:()", rune(t[j])) {
			j += len(string(firstRune(t[j:])))
		}
		w := t[i:j]
		if w == "" || !isCap(w) || titleWords[lower(w)] {
			break
		}
		words = append(words, w)
		if j >= len(t) || t[j] != ' ' {
			break
		}
		i = j + 1
	}
	if len(words) < 2 || len(words) > 3 {
		return ""
	}
	return strings.Join(words, " ")
}

// twoWordSurnames maps the last two words of each three-word person name of
// the document, in lower case, to the first such name; built once.
func (r *resolver) twoWordSurnames() map[string]string {
	if r.sur2 == nil {
		r.sur2 = map[string]string{}
		for _, n := range r.w.names {
			if n.Kind != NamePerson || strings.Count(n.Name, " ") != 2 {
				continue
			}
			l := strings.ToLower(n.Name)
			k := l[strings.IndexByte(l, ' ')+1:]
			if _, ok := r.sur2[k]; !ok {
				r.sur2[k] = n.Name
			}
		}
	}
	return r.sur2
}

// principal is the interviewee: the first person named outside
// quotations, else the first transcript speaker with a name.
func (r *resolver) principal() (mention, bool) {
	if r.princDone {
		return r.princ, r.princ.ok
	}
	r.princDone = true
	r.princ, _ = r.findPrincipal()
	return r.princ, r.princ.ok
}

func (r *resolver) findPrincipal() (mention, bool) {
	// the first person who is the subject of a sentence, not the first
	// name, which may sit in a dateline ("TIBÚ, Norte de Santander — …")
	// the introduction ends where the first turn begins: a subject after
	// it ("The federation's president, Ana Ruiz, said …" below the
	// interview) introduces no interviewee
	firstTurn := len(r.t)
	for _, q := range r.qs {
		if q.turn.e > 0 {
			firstTurn = q.turn.s
			break
		}
	}
	subjOK := r.firstSubj.ok && r.firstSubj.person && r.firstSubj.name != "" && r.firstSubj.name != "unknown"
	if subjOK && r.firstSubjPos < firstTurn {
		return mention{name: r.firstSubj.name, person: true, gender: r.firstSubj.gender, ok: true}, true
	}
	for _, n := range r.w.names {
		if n.startByte >= firstTurn {
			break
		}
		if n.Kind == NamePerson && !r.inQuote(n.startByte) {
			return mention{name: n.Name, person: true, ok: true}, true
		}
	}
	if subjOK {
		return mention{name: r.firstSubj.name, person: true, gender: r.firstSubj.gender, ok: true}, true
	}
	for _, n := range r.w.names {
		if n.Kind == NamePerson && !r.inQuote(n.startByte) {
			return mention{name: n.Name, person: true, ok: true}, true
		}
	}
	for _, q := range r.qs {
		if q.turn.e > 0 {
			if _, generic := turnWords[lower(r.t[q.turn.s:q.turn.e])]; !generic {
				name, _ := r.labelName(r.t[q.turn.s:q.turn.e])
				return mention{name: name, person: true, ok: true}, true
			}
		}
	}
	return mention{}, false
}

// labelName turns a transcript label into a speaker name: titles dropped,
// "CHAIR (Ana Ruiz)" read inside the parentheses, capitals matched to the
// document's names or title-cased.
func (r *resolver) labelName(lab string) (string, string) {
	role := ""
	if i := strings.IndexByte(lab, '('); i >= 0 {
		j := strings.IndexByte(lab[i:], ')')
		inner := lab[i+1:]
		if j >= 0 {
			inner = lab[i+1 : i+j]
		}
		outer := strings.TrimSpace(lab[:i])
		// "QUESTION (Ana Ruiz, Porto Daily)": the questioner, then the outlet
		if turnWords[lower(outer)] == "journalist" {
			if k := strings.IndexByte(inner, ','); k > 0 {
				if w := strings.Fields(inner[:k]); len(w) >= 2 && len(w) <= 3 && isCap(w[0]) && isCap(w[len(w)-1]) && !orgWords[lower(w[len(w)-1])] {
					return strings.Join(w, " "), "journalist"
				}
				// "QUESTION (Reuters, Ana Ruiz)": the outlet, then the questioner
				if k := strings.LastIndexByte(inner, ','); nameLike(inner[k+1:]) {
					return strings.Join(strings.Fields(inner[k+1:]), " "), "journalist"
				}
			}
			return "unknown", "journalist"
		}
		// "THE PRESIDENT (Ana Ruiz, Testland)": a role held by the person named
		// inside, then the country
		if k := strings.IndexByte(inner, ','); k > 0 && nameLike(inner[:k]) {
			return strings.Join(strings.Fields(inner[:k]), " "), lower(outer)
		}
		// "LEAD MEDIATOR (ANA RUIZ)": a role, and the person who holds it
		if roleHolder(outer, inner) {
			name, _ := r.labelName(strings.Join(strings.Fields(inner), " "))
			return name, lower(outer)
		}
		// "Reporter (Porto Daily)": a reporter of an outlet, unless the
		// parentheses hold a person the document names
		if tr := turnWords[lower(outer)]; tr == "reporter" || tr == "correspondent" {
			full, _, _ := r.w.personIndex()
			if n := full[foldName(strings.TrimSpace(inner))]; n != "" {
				return n, tr
			}
			if k := strings.IndexByte(inner, ','); k < 0 {
				return "unknown", tr
			}
		}
		// "Sir Ana Ruiz (North Dorset) (Con)": a member, her seat and party
		if strings.Count(lab, "(") >= 2 {
			role, lab = lower(strings.TrimSpace(lab[i:])), outer
		} else if labelScore(outer) > labelScore(inner) {
			role, lab = lower(strings.TrimSpace(inner)), outer
		} else {
			role, lab = lower(outer), strings.TrimSpace(inner)
		}
	}
	words := strings.Fields(lab)
	last := -1
	for i := 0; i < len(words)-1; i++ {
		if lw := lower(words[i]); titleWords[lw] && !weakTitle[lw] || tanSri(lower(words[max(i-1, 0)]), lw, i) {
			last = i
		}
	}
	if last >= 0 {
		role = strings.TrimSpace(role + " " + lower(strings.Join(words[:last+1], " ")))
		words = words[last+1:]
		if len(words) > 2 && lower(words[0]) == "of" {
			words = words[2:]
		}
	}
	for len(words) > 1 && (titleWords[lower(words[0])] || places[lower(words[0])]) && !nameConnectors[words[0]] {
		role = strings.TrimSpace(role + " " + lower(words[0]))
		words = words[1:]
	}
	cand := strings.Join(words, " ")
	allTitles := true
	for _, x := range words {
		if !titleWords[lower(x)] && lower(x) != "madam" {
			allTitles = false
		}
	}
	if allTitles {
		return "unknown", lower(cand)
	}
	full, tok, _ := r.w.personIndex()
	// the whole label, or a name it ends with after a title's remit
	// ("President of the Republic of Belarus Ana Ruiz")
	for k := 0; k < len(words)-1; k++ {
		// (a name in capitals is the label itself: a longer name written in
		// the text, below, is better)
		if n := full[foldName(strings.Join(words[k:], " "))]; n != "" && (k > 0 || strings.ToUpper(n) != n) {
			return n, ""
		}
	}
	// "FUAD AL-ABSI:" after "Fuad Saleh al-Absi", "ANA RUIZ:" after "Ana
	// Ruiz Ortega": a full name without its middle name or second surname
	if len(words) >= 2 {
		if n := tok[foldName(words[0])]; n != "" {
			nw := strings.Fields(foldName(n))
			if len(nw) > len(words) && nw[0] == foldName(words[0]) && (nw[len(nw)-1] == foldName(words[len(words)-1]) || nw[len(words)-1] == foldName(words[len(words)-1])) {
				return n, ""
			}
		}
	}
	if len(words) == 1 {
		if n := tok[foldName(cand)]; n != "" {
			return n, ""
		}
	}
	if strings.ToUpper(cand) == cand {
		return titleCase(cand), role
	}
	return cand, role
}

// titleCase writes "AL-DIN SHARAF" as "Al-Din Sharaf".
func titleCase(s string) string {
	var b strings.Builder
	up := true
	for _, c := range s {
		if up {
			b.WriteRune(unicode.ToUpper(c))
		} else {
			b.WriteRune(unicode.ToLower(c))
		}
		up = c == ' ' || c == '-'
	}
	return b.String()
}

// cuePhraseAt returns the cue phrase that starts with the cue word at c in
// sentence s.
func (r *resolver) cuePhraseAt(s seg, c seg) string {
	t := r.t
	r.tokCue = r.w.tokens(seg{c.s, s.e}, r.tokCue[:0])
	toks := r.tokCue
	if len(toks) == 0 {
		return t[c.s:c.e]
	}
	p := cuePhrase(t, toks, 0)
	if len(p) < c.e-c.s {
		return t[c.s:c.e]
	}
	return p
}

// npHead returns the head noun of a noun phrase: the last word before its
// first preposition ("the head of the mission" -> "head").
func npHead(words []string) string {
	for i := 1; i < len(words); i++ {
		lw := lower(words[i])
		if i >= 2 && len(lw) > 4 && (strings.HasSuffix(lw, "ing") || strings.HasSuffix(lw, "ed")) && !roleNouns[lw] {
			return lower(trimPossessive(strings.Trim(words[i-1], ",")))
		}
		if prepositions[lw] || lw == "who" || lw == "whose" || lw == "that" {
			return lower(trimPossessive(strings.Trim(words[i-1], ",")))
		}
	}
	return lower(trimPossessive(strings.Trim(words[len(words)-1], ",")))
}

// npHeadAt is npHead(words) for words that are the spans fs of the text.
func (r *resolver) npHeadAt(words []string, fs []seg) string {
	for i := 1; i < len(words); i++ {
		lw := r.lowSeg(fs[i])
		lc := lexOf(lw)
		if i >= 2 && len(lw) > 4 && (strings.HasSuffix(lw, "ing") || strings.HasSuffix(lw, "ed")) && lc&lexRoleNoun == 0 {
			return r.lowWord(words[i-1], fs[i-1])
		}
		if lc&lexPrep != 0 || lw == "who" || lw == "whose" || lw == "that" {
			return r.lowWord(words[i-1], fs[i-1])
		}
	}
	return r.lowWord(words[len(words)-1], fs[len(words)-1])
}

// learnGender notes the gender of a sentence's subject from the pronouns
// later in the same sentence, outside quotations ("Ruiz said …, but she
// declined"), when they agree.
func (r *resolver) learnGender(m mention, toks []tok) {
	if _, ok := r.gender[m.name]; ok {
		return
	}
	var he, she bool
	for _, x := range toks {
		if x.s <= m.g.e || x.punct {
			continue
		}
		switch tw(r.t, x) {
		case "he", "He", "his", "His":
			he = he || !r.inQuote(x.s)
		case "she", "She":
			she = she || !r.inQuote(x.s)
		}
	}
	switch {
	case he && !she:
		r.gender[m.name] = 'm'
	case she && !he:
		r.gender[m.name] = 'f'
	}
}

// mainPerson resolves an unmatched definite role ("the Adviser to the
// Head of the Office") to the document's principal: the first person who
// is a sentence subject, else the most mentioned person (at least twice).
func (r *resolver) mainPerson(g seg, pos int) (mention, bool) {
	if r.firstSubj.ok && r.firstSubjPos < pos {
		name := r.firstSubj.name
		return mention{g: g, name: name, via: ViaAlias, conf: 0.6, person: true, gender: r.gender[name], ok: true}, true
	}
	best, bestN := "", 1
	for name, c := range r.counts() {
		if c > bestN || c == bestN && name < best {
			best, bestN = name, c
		}
	}
	if best == "" {
		return mention{}, false
	}
	return mention{g: g, name: best, via: ViaAlias, conf: 0.6, person: true, gender: r.gender[best], ok: true}, true
}

// counts returns how often each person is named in the document.
func (r *resolver) counts() map[string]int {
	if r.count == nil {
		r.count = map[string]int{}
		for _, n := range r.w.names {
			if n.Kind == NamePerson {
				r.count[n.Name]++
			}
		}
	}
	return r.count
}

// maxLookback bounds every backward search over events and names, so a
// document with thousands of mentions stays linear.
const maxLookback = 200

// before returns up to maxLookback events (subjects and quote speakers)
// that start before pos, nearest first; a speaker event comes before a
// subject event at the same position.
//
// The slice is reused by the next call and its events must not be kept.
func (r *resolver) before(pos int) []*event {
	i := sort.Search(len(r.events), func(k int) bool { return r.events[k].pos >= pos }) - 1
	j := sort.Search(len(r.spkEv), func(k int) bool { return r.spkEv[k].pos >= pos }) - 1
	out := r.evBuf[:0]
	for len(out) < maxLookback && (i >= 0 || j >= 0) {
		if j < 0 || i >= 0 && r.events[i].pos > r.spkEv[j].pos {
			out = append(out, &r.events[i])
			i--
		} else {
			out = append(out, &r.spkEv[j])
			j--
		}
	}
	r.evBuf = out
	return out
}

// relativeSubject resolves "Ana Ruiz, who wrote … that": a cue whose
// subject is "who" takes the name before the comma.
func (r *resolver) relativeSubject(cue seg) (mention, bool) {
	if cue.empty() {
		return mention{}, false
	}
	s := r.sentenceOf(cue.s)
	if s.empty() {
		return mention{}, false
	}
	lo := max(s.s, cue.s-300)
	for lo > s.s && r.t[lo]&0xC0 == 0x80 {
		lo--
	}
	r.tokCue = r.w.tokens(seg{lo, cue.s}, r.tokCue[:0])
	return r.whoSubject(r.tokCue, len(r.tokCue))
}

// lastHeadWord returns the word npHead picked, as written.
func lastHeadWord(words []string) string {
	for i := 1; i < len(words); i++ {
		if lw := lower(words[i]); prepositions[lw] || lw == "who" || lw == "whose" {
			return words[i-1]
		}
	}
	return words[len(words)-1]
}

// labelScore rates how much a piece of a transcript label looks like a
// person's name rather than a country or a function.
func labelScore(s string) int {
	score := 0
	words := strings.Fields(s)
	if len(words) == 0 {
		return -10
	}
	for i, w := range words {
		lw := lower(strings.Trim(w, ".,"))
		switch {
		case abbrevs[lw] && i == 0:
			score += 3 // Mr., Ms., Dr.
		case places[lw] || orgWords[lw] || nationality(w):
			score -= 3
		case titleWords[lw] || turnWords[lw] != "":
			score--
		default:
			score++
		}
	}
	return score
}
