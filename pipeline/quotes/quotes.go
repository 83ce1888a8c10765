package quotes

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
	"github.com/stance-project/stance/corpus"
)

// Quote is one quotation; its JSON fields are part of the stance/v1 output
// schema. Offsets are code points into the text as read; quotation marks
// are excluded.
type Quote struct {
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Parts   [][2]int `json:"parts,omitempty"` // split / multi-paragraph quotes only
	Text    string   `json:"text"`            // slice [Start,End), or the parts joined by one space
	Kind    string   `json:"kind"`            // corpus.KindDirect, KindBlock, KindSplit, KindIndirect
	Speaker *Speaker `json:"speaker"`         // nil when no speaker found
	Cue     string   `json:"cue"`             // "" when none

	h *hint // working state from Quotes for Speakers; nil for quotes made elsewhere
}

// Speaker is who said a quote.
type Speaker struct {
	Name       string  `json:"name"`
	Mention    string  `json:"mention"`
	Start      int     `json:"start"` // mention span, code points
	End        int     `json:"end"`
	Via        string  `json:"via"` // cue, pronoun, alias, carryover, transcript, organization, anonymous
	Confidence float64 `json:"confidence"`
	Role       string  `json:"role,omitempty"`
}

// The values of Speaker.Via.
const (
	ViaCue          = "cue"
	ViaPronoun      = "pronoun"
	ViaAlias        = "alias"
	ViaCarryover    = "carryover"
	ViaTranscript   = "transcript"
	ViaOrganization = "organization"
	ViaAnonymous    = "anonymous"
)

// Doc is the per-document working state the three stages fill in turn.
type Doc struct {
	Text      string
	Sentences []corpus.Span // may be filled by the tokenize stage (code points); these stages segment the text themselves and do not read it
	Names     []Name        // filled by Entities
	Quotes    []Quote       // filled by Quotes, speakers by Speakers

	w *work
}

// NER says when Entities may call prose's entity tagger.
type NER int

const (
	// NEROff (the zero value) never calls the tagger: rules only. On the
	// labeled set the tagger changed no speaker, and each call costs about
	// as much as the rules spend on a whole article.
	NEROff NER = iota
	// NERFallback tags a short attribution clause (about 160 bytes around
	// the name) only when the rules leave a single-word candidate next to a
	// cue verb undecided, at most Config.MaxNERCalls times per document.
	NERFallback
)

// Config configures an Extractor. Its zero value works.
type Config struct {
	NER         NER
	MaxNERCalls int // per document; 0 means 2
}

// Extractor finds quotations and their speakers. It is immutable after
// construction and safe for concurrent use; it starts no goroutines.
type Extractor struct {
	cfg   Config
	once  *sync.Once
	model *prose.Model
	merr  error
}

// NewExtractor returns an Extractor for cfg. The prose model, when NER is
// on, is loaded on first use and shared.
func NewExtractor(cfg Config) (*Extractor, error) {
	if cfg.MaxNERCalls < 0 {
		return nil, errors.New("quotes: negative limit in Config")
	}
	if cfg.MaxNERCalls == 0 {
		cfg.MaxNERCalls = 2
	}
	return &Extractor{cfg: cfg, once: new(sync.Once)}, nil
}

// work is the byte-level state shared by the stages of one document.
type work struct {
	text     string
	ix       *runeIndex
	paras    []seg
	head     []bool // paragraph is a headline
	names    []Name
	lcw      map[string]bool // lower-case words of the text, built lazily
	quotes   []bq
	hasTurns bool // a transcript label was found: later labels may follow lower-case words

	pfull, ptok, plast map[string]string // person lookups, built lazily by personIndex

	// segmentation, built once by segment: sentences of every paragraph and
	// the tokens of every sentence, in document order.
	segDone  bool
	sents    []seg
	sentPara []int // paragraph of each sentence
	paraSent []int // first sentence of each paragraph; len(paras)+1 entries
	toks     []tok
	sentTok  []int  // first token of each sentence; len(sents)+1 entries
	low      string // text in lower case with the same byte offsets, or "" (see lowerAligned)
	lowDone  bool   // low is computed
}

// tokens is tokens(w.text, g, out) with each word's lower-case form sliced
// from the document's lower-case text (computed once) rather than lowered
// and allocated word by word. Code that re-tokenizes spans of the document
// should call it instead of tokens.
func (w *work) tokens(g seg, out []tok) []tok {
	if !w.lowDone {
		w.low, _ = lowerAligned(w.text) // "" when offsets would not align
		w.lowDone = true
	}
	return tokensLow(w.text, w.low, g, out)
}

// segment splits every paragraph into sentences and every sentence into
// tokens, once per document.
func (w *work) segment() {
	if w.segDone {
		return
	}
	w.segDone = true
	w.paraSent = make([]int, 0, len(w.paras)+1)
	for pi, p := range w.paras {
		w.paraSent = append(w.paraSent, len(w.sents))
		w.sents = sentences(w.text, p, w.sents)
		for len(w.sentPara) < len(w.sents) {
			w.sentPara = append(w.sentPara, pi)
		}
	}
	w.paraSent = append(w.paraSent, len(w.sents))
	w.sentTok = make([]int, 0, len(w.sents)+1)
	// About 1.13 tokens per space or line break in English prose (a fifth
	// of a token per byte); len/4 held 35 % more than needed.
	spaces := strings.Count(w.text, " ") + strings.Count(w.text, "\n")
	w.toks = make([]tok, 0, min(spaces+spaces/4+8, len(w.text)/2+8))
	for _, s := range w.sents {
		w.sentTok = append(w.sentTok, len(w.toks))
		w.toks = w.tokens(s, w.toks)
	}
	w.sentTok = append(w.sentTok, len(w.toks))
}

// unit is a sentence as the attribution rules see it: raw sentences joined
// where a boundary falls inside a quotation, a paragraph's first sentence
// without its dateline, and its tokens.
type unit struct {
	pi    int  // paragraph
	first bool // first unit of its paragraph
	s     seg
	toks  []tok
}

// units calls fn for every unit of the paragraphs keep accepts, in document
// order. qs must be sorted by opening position.
func (w *work) units(qs []bq, keep func(pi int) bool, fn func(u unit)) {
	w.segment()
	cur := newQuoteCursor(qs)
	for pi := range w.paras {
		if !keep(pi) {
			continue
		}
		a, b := w.paraSent[pi], w.paraSent[pi+1]
		first := true
		for i := a; i < b; {
			j := i + 1
			for j < b && cur.reach(w.sents[j].s) > w.sents[j].s {
				j++
			}
			s := seg{w.sents[i].s, w.sents[j-1].e}
			tk := w.toks[w.sentTok[i]:w.sentTok[j]]
			if first {
				if d := stripDateline(w.text, s); d.s != s.s {
					s = d
					for len(tk) > 0 && tk[0].s < s.s {
						tk = tk[1:]
					}
				}
			}
			fn(unit{pi: pi, first: first, s: s, toks: tk})
			first = false
			i = j
		}
	}
}

// foldName lower-cases a name for lookups, with the dotless ı as i, so
// that a capitals label (YALÇIN) finds the name as written (Yalçın).
func foldName(s string) string {
	l := strings.ToLower(s)
	if strings.ContainsRune(l, 'ı') {
		l = strings.ReplaceAll(l, "ı", "i")
	}
	return l
}

// personIndex returns maps from a folded full name, any folded token of a
// multi-word name, and a folded surname to the person's canonical name
// (keys by foldName). Built once per document.
func (w *work) personIndex() (full, tok, last map[string]string) {
	if w.pfull != nil {
		return w.pfull, w.ptok, w.plast
	}
	w.pfull, w.ptok, w.plast = map[string]string{}, map[string]string{}, map[string]string{}
	for _, n := range w.names {
		if n.Kind != NamePerson || n.Name == "" {
			continue
		}
		l := foldName(n.Name)
		if _, ok := w.pfull[l]; !ok {
			w.pfull[l] = n.Name
		}
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		for _, x := range f {
			if _, ok := w.ptok[x]; !ok {
				w.ptok[x] = n.Name
			}
		}
		if _, ok := w.plast[f[len(f)-1]]; !ok {
			w.plast[f[len(f)-1]] = n.Name
		}
	}
	return w.pfull, w.ptok, w.plast
}

func (d *Doc) work() *work {
	if d.w != nil && d.w.text == d.Text {
		return d.w
	}
	w := &work{text: d.Text, ix: newRuneIndex(d.Text)}
	w.paras = paragraphs(d.Text)
	w.head = make([]bool, len(w.paras))
	for i, p := range w.paras {
		w.head[i] = isHeadline(d.Text, p)
	}
	d.w = w
	return w
}

// isHeadline reports a paragraph that reads as a title: short and without
// final punctuation, or short and mostly capitalized.
func isHeadline(t string, p seg) bool {
	last := runeBefore(t, p.e)
	// "Q: Injuries?" opens with a transcript label
	if k := strings.IndexByte(t[p.s:min(p.e, p.s+80)], ':'); k > 0 {
		switch last {
		case '.', '?', '!', '”', '"', '…', '»':
			lab := t[p.s : p.s+k]
			if i := strings.IndexByte(lab, '('); i > 0 {
				lab = lab[:i] // "QUESTION (Ana Ruiz, Porto Daily): …"
			}
			if r, _ := runeAt(t, p.s+k+1); isSpaceRune(r) && !strings.ContainsAny(lab, ".?!,") && wordCountMax(t, seg{p.s, p.s + len(lab)}, 8) <= 8 {
				return false
			}
		}
	}
	if first, w := runeAt(t, p.s); first == '“' || first == '«' || first == '„' || first == '"' {
		// an opening mark never closed in the paragraph: an unclosed quote
		c1, c2 := closerFor(first)
		if first == '"' {
			if !strings.Contains(t[p.s+w:p.e], "\"") {
				return false
			}
		} else if !strings.ContainsRune(t[p.s+w:p.e], c1) && (c2 == 0 || !strings.ContainsRune(t[p.s+w:p.e], c2)) {
			return false
		}
	}
	n := wordCountMax(t, p, 25)
	switch last {
	case '.', '!', '?', ':', '"', '”', '“', '’', '»', '›', '\'', '…', ';', ',', ')', ']':
		if n <= 10 && capRatio(t, p) >= 0.6 && last != ':' && last != '.' {
			return true
		}
		return false
	}
	return n <= 25
}

func capRatio(t string, p seg) float64 {
	var toks []tok
	toks = tokens(t, p, toks)
	w, c := 0, 0
	for _, x := range toks {
		if x.punct {
			continue
		}
		w++
		s := t[x.s:x.e]
		if isCap(s) || (len(s) <= 3 && stopCaps[s]) {
			c++
		}
	}
	if w == 0 {
		return 0
	}
	return float64(c) / float64(w)
}

// Segment splits d.Text into paragraphs, sentences and word tokens, the
// byte-level segmentation Entities, Quotes and Speakers share. It is done
// once per text: those stages do it themselves when it was not done, so
// calling Segment first only moves the work (to a pipeline stage of its
// own, say).
func (d *Doc) Segment() { d.work().segment() }

// Entities fills d.Names with candidate names, organizations and places.
func (e *Extractor) Entities(ctx context.Context, d *Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := d.work()
	// what earlier runs over the same text learned from their names
	w.lcw, w.pfull, w.ptok, w.plast = nil, nil, nil, nil
	w.names = findNames(w)
	w.filterCommonWords()
	w.learnGender()
	if e.cfg.NER == NERFallback {
		e.tagUndecided(ctx, w)
	}
	d.Names = make([]Name, len(w.names))
	for i, n := range w.names {
		n.Start = w.ix.runeOf(n.startByte)
		n.End = w.ix.runeOf(n.endByte)
		d.Names[i] = n
	}
	return nil
}

// filterCommonWords demotes "persons" whose words the document also uses
// in lower case (a capitalized phrase, not a name).
func (w *work) filterCommonWords() {
	need := false
	for _, n := range w.names {
		if n.Kind == NamePerson && !n.alias {
			need = true
			break
		}
	}
	if !need {
		return
	}
	var cands []string
	for _, n := range w.names {
		if n.Kind == NamePerson && !n.alias {
			cands = append(cands, strings.Fields(n.Name)...)
		}
	}
	w.checkLower(cands)
	for i := range w.names {
		n := &w.names[i]
		if n.Kind != NamePerson || n.alias {
			continue
		}
		common := 0
		parts := strings.Fields(n.Name)
		for _, p := range parts {
			if w.usedLower(p) {
				common++
			}
		}
		if common > 0 && common*2 >= len(parts) {
			n.Kind = NameOther
		}
	}
	// a "person" found after "in", "from", "near" is a place
	placeLike := map[string]bool{}
	for _, n := range w.names {
		if n.Kind != NamePerson || n.alias {
			continue
		}
		if pw := prevWords(w.text, n.startByte, 1); len(pw) == 1 {
			switch pw[0] {
			case "in", "near", "outside":
				placeLike[n.Name] = true
			}
		}
	}
	if len(placeLike) > 0 {
		for i := range w.names {
			if n := &w.names[i]; placeLike[n.Name] && !n.alias {
				n.Kind = NamePlace
			}
		}
	}
}

func isLowerStart(r rune) bool {
	return 'a' <= r && r <= 'z' || (r > 127 && strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r))
}

// tagUndecided asks prose's tagger about undecided single-word names that
// sit right next to a cue verb, on that clause only.
func (e *Extractor) tagUndecided(ctx context.Context, w *work) {
	calls := 0
	for i := range w.names {
		n := &w.names[i]
		if n.Kind != NameOther || n.Name == "" || n.Role != "" || strings.ContainsRune(n.Name, ' ') || calls >= e.cfg.MaxNERCalls || ctx.Err() != nil {
			continue
		}
		if !nextToCue(w.text, n.startByte, n.endByte) {
			continue
		}
		lo, hi := n.startByte-80, n.endByte+80
		if lo < 0 {
			lo = 0
		}
		if hi > len(w.text) {
			hi = len(w.text)
		}
		for lo > 0 && w.text[lo]&0xC0 == 0x80 {
			lo--
		}
		for hi < len(w.text) && w.text[hi]&0xC0 == 0x80 {
			hi++
		}
		m := e.proseModel()
		if m == nil {
			return
		}
		calls++
		doc, err := prose.NewDocument(w.text[lo:hi], prose.UsingModel(m), prose.WithSegmentation(false))
		if err != nil {
			continue
		}
		for _, ent := range doc.Entities() {
			if !strings.Contains(ent.Text, n.Name) {
				continue
			}
			switch ent.Label {
			case "PERSON":
				n.Kind = NamePerson
			case "GPE":
				n.Kind = NamePlace
			case "ORGANIZATION", "ORG":
				n.Kind = NameOrganization
			}
			break
		}
	}
}

// nextToCue reports whether a cue verb is the word just before or after
// t[s:e] (skipping one adverb).
func nextToCue(t string, s, e int) bool {
	after := nextWords(t, e, 2)
	for _, x := range after {
		if _, ok := cueForms[lower(x)]; ok {
			return true
		}
	}
	before := prevWords(t, s, 1)
	for _, x := range before {
		if _, ok := cueForms[lower(x)]; ok {
			return true
		}
	}
	return false
}

func nextWords(t string, from, n int) []string {
	var out []string
	i := from
	for len(out) < n && i < len(t) {
		r, w := runeAt(t, i)
		if r == '\n' || r == '.' || r == '“' || r == '"' {
			break
		}
		if !isWordRune(r) {
			i += w
			continue
		}
		j := i
		for j < len(t) {
			r2, w2 := runeAt(t, j)
			if !isWordRune(r2) {
				break
			}
			j += w2
		}
		out = append(out, t[i:j])
		i = j
	}
	return out
}

func prevWords(t string, to, n int) []string {
	var out []string
	i := to
	for len(out) < n && i > 0 {
		r := runeBefore(t, i)
		if r == '\n' || r == '.' {
			break
		}
		if !isWordRune(r) {
			i -= len(string(r))
			continue
		}
		j := i
		for j > 0 {
			r2 := runeBefore(t, j)
			if !isWordRune(r2) {
				break
			}
			j -= len(string(r2))
		}
		out = append(out, t[j:i])
		i = j
	}
	return out
}

// proseModel loads prose's default model once per Extractor.
func (e *Extractor) proseModel() *prose.Model {
	e.once.Do(func() {
		doc, err := prose.NewDocument("Warm up.", prose.WithSegmentation(false))
		if err != nil {
			e.merr = err
			return
		}
		e.model = doc.Model
	})
	return e.model
}

// learnGender marks a person's gender from title words and from the
// pronouns that follow a sentence in which the person is the first name.
func (w *work) learnGender() {
	for i := range w.names {
		n := &w.names[i]
		if n.Kind != NamePerson || n.gender != 0 {
			continue
		}
		r := lower(n.Role)
		switch {
		case strings.Contains(r, "woman") || strings.Contains(r, "mrs") || strings.Contains(r, "ms"):
			n.gender = 'f'
		case strings.Contains(r, "mr"):
			n.gender = 'm'
		}
	}
}

// runeSpan converts a byte span to a code-point span.
func (w *work) runeSpan(g seg) (int, int) { return w.ix.runeOf(g.s), w.ix.runeOf(g.e) }

// checkLower answers usedLower for many words in one pass over the text.
func (w *work) checkLower(words []string) {
	if w.lcw == nil {
		w.lcw = map[string]bool{}
	}
	want := map[string]bool{}
	for _, x := range words {
		l := strings.ToLower(x)
		if _, ok := w.lcw[l]; !ok && l != "" {
			want[l] = true
			w.lcw[l] = false
		}
	}
	if len(want) == 0 {
		return
	}
	// A filter before the map: the lengths (up to 63 bytes) of the wanted
	// words by their first byte. Most words of the text fail it.
	var lens [256]uint64
	for l := range want {
		lens[l[0]] |= 1 << min(len(l), 63)
	}
	t := w.text
	w.segment()
	for _, x := range w.toks {
		if x.punct || lens[t[x.s]]&(1<<min(x.e-x.s, 63)) == 0 {
			continue
		}
		if r, _ := runeAt(t, x.s); isLowerStart(r) && want[t[x.s:x.e]] {
			w.lcw[t[x.s:x.e]] = true
		}
	}
}
