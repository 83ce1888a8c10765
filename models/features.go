package models

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// FeatureConfig holds the feature settings a model was trained with. It is
// stored in the model header; scoring uses the same settings.
type FeatureConfig struct {
	HashBits     int     `json:"hash_bits"`              // feature space size 2^HashBits
	WordMin      int     `json:"word_min"`               // word n-gram orders [WordMin, WordMax]
	WordMax      int     `json:"word_max"`               //
	CharMin      int     `json:"char_min"`               // character n-gram orders; 0 disables
	CharMax      int     `json:"char_max"`               //
	Subwords     bool    `json:"subwords"`               // WordPiece pieces
	Tokenizer    string  `json:"tokenizer"`              // id of the subword tokenizer
	VocabSHA256  string  `json:"vocab_sha256"`           // checksum of its vocabulary
	Linguistic   bool    `json:"linguistic"`             // negation, markers, cue, questions, target context
	TargetConj   bool    `json:"target_conj"`            // every feature also conjoined with the target
	NoCharConj   bool    `json:"no_char_conj"`           // except character n-grams (speed)
	StemUnigrams bool    `json:"stem_unigrams"`          // a block of stemmed word unigrams
	ContextRunes int     `json:"context_runes"`          // code points of context each side for target matching
	LingNorm     float64 `json:"ling_norm,omitempty"`    // norm of the linguistic block (0: 1)
	WordVecs     string  `json:"word_vecs,omitempty"`    // checksum of the word vectors used ("" none)
	EmbQuote     bool    `json:"emb_quote,omitempty"`    // mean word vector of the quote
	Clusters     int     `json:"clusters,omitempty"`     // word-cluster n-grams up to this order (0: none)
	PolDir       bool    `json:"pol_dir,omitempty"`      // polarity words before or after a target mention in the same clause, by word
	PolPerson    bool    `json:"pol_person,omitempty"`   // polarity words by the person of a pronoun just before them (we, they, those who)
	SpeakerKind  bool    `json:"speaker_kind,omitempty"` // whether the speaker is named, unnamed or a questioner of the press
}

const tokenizerID = "bert-base-uncased-wordpiece"

// DefaultFeatures returns the feature settings of the default model.
func DefaultFeatures() FeatureConfig {
	return FeatureConfig{
		HashBits: 18, NoCharConj: true, WordMin: 1, WordMax: 3, CharMin: 4, CharMax: 4,
		Subwords: true, Tokenizer: tokenizerID, Linguistic: true, TargetConj: true, StemUnigrams: true,
		ContextRunes: 100, LingNorm: 1.5, EmbQuote: true, Clusters: 2, PolDir: true, PolPerson: true, SpeakerKind: true,
	}
}

// A feat is one hashed feature with its value and the quote tokens it came
// from ([ti, tj), ti < 0 for none), for explanations.
type feat struct {
	idx    uint32
	val    float32
	ti, tj int32
}

// Feature-family salts keep the hashes of different blocks apart.
var (
	saltWord  = hashString("w")
	saltChar  = hashString("c")
	saltPiece = hashString("p")
	saltLing  = hashString("l")
	saltRel   = hashString("r")
	saltBias  = hashString("bias")
	saltSent  = hashString("s")
	saltStem  = hashString("stem")
	saltCtxL  = hashString("ctx<")
	saltCtxR  = hashString("ctx>")
	saltCtxT  = hashString("ctxT")
	saltEmbQ  = hashString("embQ")
	saltClu   = hashString("clu")
)

// extractor computes features into a view. It holds the settings and
// shared read-only state of one model.
type extractor struct {
	cfg    FeatureConfig
	shift  uint
	pieces *pieceCache  // nil when subwords are off
	vecs   *wordVectors // nil without word-vector features
	embIdx []uint32     // the hashed indices of the mean-vector features, when distinct (nil: not)
}

// setVecs sets the word vectors of x.
func (x *extractor) setVecs(wv *wordVectors) {
	x.vecs, x.embIdx = wv, nil
	if wv == nil {
		return
	}
	idx := make([]uint32, wv.dim)
	seen := map[uint32]bool{}
	for d := range idx {
		idx[d] = x.index(mix(saltEmbQ, uint64(d)))
		if seen[idx[d]] {
			return
		}
		seen[idx[d]] = true
	}
	x.embIdx = idx
}

// usesWordVecs reports whether cfg has features that need word vectors.
func (cfg *FeatureConfig) usesWordVecs() bool {
	return cfg.EmbQuote || cfg.Clusters > 0
}

func newExtractor(cfg FeatureConfig, pc *pieceCache) *extractor {
	return &extractor{cfg: cfg, shift: uint(64 - cfg.HashBits), pieces: pc}
}

func (x *extractor) index(h uint64) uint32 {
	return uint32((h * 0x9e3779b97f4a7c15) >> x.shift)
}

// load fills v with the tokens of the quote and of its immediate context.
func (x *extractor) load(v *view, in *Input) {
	v.reset()
	text := in.Text
	if len(in.Parts) == 0 {
		return
	}
	v.indexText(text)
	first, last := in.Parts[0], in.Parts[len(in.Parts)-1]
	ctxStart := max(first.Start-x.cfg.ContextRunes, 0)
	ctxEnd := last.End + x.cfg.ContextRunes
	// Parts are clamped to the text and made ordered, so that a bad span
	// can never yield an offset outside the document.
	n := v.textRunes
	ctxStart = min(ctxStart, n)
	bytePos := append(v.bytePos[:0], v.byteAt(text, ctxStart))
	prev := ctxStart
	starts := v.partStart[:0]
	for _, p := range in.Parts {
		s := min(max(p.Start, prev, 0), n)
		e := min(max(p.End, s), n)
		bytePos = append(bytePos, v.byteAt(text, s), v.byteAt(text, e))
		starts = append(starts, s)
		prev = e
	}
	v.partStart = starts
	bytePos = append(bytePos, v.byteAt(text, max(ctxEnd, prev)))
	v.bytePos = bytePos
	// Context before the quote: from ctxStart to the first part, cut at the
	// last paragraph break.
	cb0, qb0 := bytePos[0], bytePos[1]
	cs := ctxStart
	for i := qb0 - 1; i >= cb0; i-- {
		if text[i] == '\n' {
			cs = starts[0] - utf8.RuneCountInString(text[i+1:qb0])
			cb0 = i + 1
			break
		}
	}
	v.ctxLow, v.ctx = tokenize(text, cb0, qb0, cs, -1, v.ctxLow, v.ctx)
	for i := range in.Parts {
		if i > 0 && len(v.low) > 0 && v.low[len(v.low)-1] != ' ' {
			v.low = append(v.low, ' ')
		}
		v.low, v.toks = tokenize(text, bytePos[1+2*i], bytePos[2+2*i], starts[i], int16(i), v.low, v.toks)
	}
	qb1, cb1 := bytePos[len(bytePos)-2], bytePos[len(bytePos)-1]
	for i := qb1; i < cb1; i++ {
		if text[i] == '\n' {
			cb1 = i
			break
		}
	}
	if len(v.ctxLow) > 0 {
		v.ctxLow = append(v.ctxLow, ' ')
	}
	v.ctxLow, v.ctx = tokenize(text, qb1, cb1, prev, -1, v.ctxLow, v.ctx)
}

// blockStart begins a block of features; blockEnd L2-normalises it and, with
// TargetConj, appends its copy conjoined with salt.
func (v *view) blockStart() int {
	v.gen++
	v.sumSq, v.probes = 0, 0
	return len(v.feats)
}

func (x *extractor) add(v *view, h uint64, val float32, ti, tj int) {
	idx := x.index(h)
	v.feats = append(v.feats, feat{idx: idx, val: val, ti: int32(ti), tj: int32(tj)})
	// Exact squared norm: count repeats in a small open-addressing table.
	c := v.count(idx, val)
	v.sumSq += float64(2*c*val + val*val)
}

func (x *extractor) blockEnd(v *view, start int, salt uint64, conj bool) {
	x.blockEndScaled(v, start, salt, conj, 0)
}

// blockEndScaled is blockEnd with the block's norm set to norm (0: 1).
func (x *extractor) blockEndScaled(v *view, start int, salt uint64, conj bool, norm float64) {
	n := len(v.feats) - start
	if n == 0 {
		return
	}
	if norm == 0 {
		norm = 1
	}
	scale := float32(norm)
	if v.sumSq > 0 {
		scale = float32(norm / math.Sqrt(v.sumSq))
	}
	for i := start; i < start+n; i++ {
		v.feats[i].val *= scale
	}
	if conj && x.cfg.TargetConj {
		for i := start; i < start+n; i++ {
			f := v.feats[i]
			f.idx = x.index(mix(uint64(f.idx), salt))
			v.feats = append(v.feats, f)
		}
	}
}

// count records val at idx and returns the value held there before.
func (v *view) count(idx uint32, val float32) float32 {
	const mask = len(v.tab) - 1
	for i := int(idx) & mask; ; i = (i + 1) & mask {
		e := &v.tab[i]
		if e.gen != v.gen {
			*e = tabEntry{key: idx, gen: v.gen, sum: val}
			return 0
		}
		if e.key == idx {
			old := e.sum
			e.sum += val
			return old
		}
		if v.probes++; v.probes > len(v.tab) {
			// Table full: a very long quote. Treat as distinct.
			return 0
		}
	}
}

type tabEntry struct {
	key uint32
	gen uint32
	sum float32
}

func isQuoteMark(low []byte, t *token) bool {
	if t.word || t.hi-t.lo > 4 {
		return false
	}
	s := string(low[t.lo:t.hi])
	return s == "\"" || s == "'" || s == "‚" || s == "‹" || s == "›"
}

// stance computes the stance features of the loaded quote toward target t
// (an index into ts), given the lexicon hits in v.hits.
//
// The bias, word, character, stem and piece blocks do not depend on the
// target but through their conjoined copies: the first call after load
// keeps them (v.base), and later calls for other targets of the same quote
// copy them and redo only the conjunctions and the target blocks. The
// features, and their order, are those of a fresh computation.
func (x *extractor) stance(v *view, ts []compiledTarget, t int, in *Input) {
	v.feats = v.feats[:0]
	salt := ts[t].salt
	if v.baseOK {
		for _, b := range v.baseBlocks {
			s, n := len(v.feats), b.end-b.start
			v.feats = append(v.feats, v.base[b.start:b.end]...)
			if b.conj {
				for i := s; i < s+n; i++ {
					f := v.feats[i]
					f.idx = x.index(mix(uint64(f.idx), salt))
					v.feats = append(v.feats, f)
				}
			}
		}
	} else {
		v.base, v.baseBlocks = v.base[:0], v.baseBlocks[:0]
		// Bias, per target.
		s := v.blockStart()
		x.add(v, saltBias, 1, -1, -1)
		x.blockEnd(v, s, salt, true)
		x.keepBase(v, s, true)

		s = len(v.feats)
		x.wordBlock(v, salt, x.cfg.WordMin, x.cfg.WordMax, saltWord, true)
		x.keepBase(v, s, true)
		if x.cfg.CharMin > 0 {
			s = len(v.feats)
			x.charBlock(v, salt)
			x.keepBase(v, s, !x.cfg.NoCharConj)
		}
		if x.cfg.StemUnigrams {
			s := v.blockStart()
			for i := range v.toks {
				if v.toks[i].word {
					x.add(v, mix(saltStem, v.toks[i].stem), 1, i, i+1)
				}
			}
			x.blockEnd(v, s, salt, true)
			x.keepBase(v, s, true)
		}
		if x.cfg.Subwords && x.pieces != nil {
			s = len(v.feats)
			x.pieceBlock(v, salt)
			x.keepBase(v, s, true)
		}
		if x.vecs != nil {
			x.vecRows(v)
			if x.cfg.EmbQuote {
				s = len(v.feats)
				x.embBlock(v, salt)
				x.keepBase(v, s, true)
			}
			if x.cfg.Clusters > 0 {
				s = len(v.feats)
				x.clusterBlock(v, salt)
				x.keepBase(v, s, true)
			}
		}
		v.baseOK = true
	}
	if x.cfg.Linguistic {
		x.lingBlock(v, ts, t, in, salt)
		x.targetSentenceBlock(v, t, salt)
		x.contextBlock(v, ts, t, salt)
	}
}

// vecRows fills v.vrow with the word-vector row of each quote token (-1:
// none).
func (x *extractor) vecRows(v *view) {
	v.vrow = v.vrow[:0]
	for i := range v.toks {
		r := int32(-1)
		if v.toks[i].word {
			r = x.vecs.lookup(v.toks[i].h)
		}
		v.vrow = append(v.vrow, r)
	}
}

// embBlock adds the mean word vector of the quote's words (those with a
// vector) as dim dense features, the block normalized like the others.
// The sums are exact in int32 (at most 127 per word), so they equal a
// float32 accumulation.
func (x *extractor) embBlock(v *view, salt uint64) {
	dim := x.vecs.dim
	sum := append(v.vsum[:0], make([]int32, dim)...)
	n := 0
	if wv := x.vecs; wv.packed != nil {
		// Sums in 16-bit lanes of the even and the odd bytes (values plus
		// 128, at most 255 each), flushed every 256 words.
		nw := dim / 8
		acc := append(v.vacc[:0], make([]uint64, 2*nw)...)
		inAcc := 0
		flush := func() {
			bias := 128 * int32(inAcc)
			for i := range nw {
				e, o := acc[2*i], acc[2*i+1]
				for l := range 4 {
					sum[8*i+2*l] += int32(e>>(16*l)&0xffff) - bias
					sum[8*i+2*l+1] += int32(o>>(16*l)&0xffff) - bias
				}
				acc[2*i], acc[2*i+1] = 0, 0
			}
			inAcc = 0
		}
		const lanes = 0x00ff00ff00ff00ff
		for _, r := range v.vrow {
			if r < 0 {
				continue
			}
			row := wv.packed[int(r)*nw : int(r)*nw+nw]
			acc := acc[:2*len(row)]
			for i, w := range row {
				acc[2*i] += w & lanes
				acc[2*i+1] += w >> 8 & lanes
			}
			n++
			if inAcc++; inAcc == 256 {
				flush()
			}
		}
		flush()
		v.vacc = acc
	} else {
		for _, r := range v.vrow {
			if r < 0 {
				continue
			}
			vec := wv.vec[int(r)*dim : int(r)*dim+dim]
			sum := sum[:len(vec)]
			for d, q := range vec {
				sum[d] += int32(q)
			}
			n++
		}
	}
	v.vsum = sum
	if n == 0 {
		return
	}
	s := v.blockStart()
	if x.embIdx == nil {
		for d, q := range sum {
			if q != 0 {
				x.add(v, mix(saltEmbQ, uint64(d)), float32(q), -1, -1)
			}
		}
	} else {
		// The dim indices are distinct: no repeats to count for the norm.
		for d, q := range sum {
			if q != 0 {
				val := float32(q)
				v.feats = append(v.feats, feat{idx: x.embIdx[d], val: val, ti: -1, tj: -1})
				v.sumSq += float64(val * val)
			}
		}
	}
	x.blockEnd(v, s, salt, true)
}

// clusterBlock adds the word-cluster n-grams of the quote (orders 1 to
// cfg.Clusters); a word without a vector is its own cluster.
func (x *extractor) clusterBlock(v *view, salt uint64) {
	s := v.blockStart()
	toks := v.toks
	cl := func(k int) uint64 {
		if r := v.vrow[k]; r >= 0 {
			return uint64(x.vecs.cluster[r]) + 1
		}
		return toks[k].h
	}
	var prev [4]uint64
	np := 0
	for k := range toks {
		if !toks[k].word {
			np = 0
			continue
		}
		c := cl(k)
		x.add(v, mix(saltClu, c), 1, k, k+1)
		h := mix(saltClu, c)
		for o := 2; o <= x.cfg.Clusters && o-1 <= np; o++ {
			h = mix(h, prev[(np-(o-1))%4])
			x.add(v, mix(h, uint64(o)), 1, k-o+1, k+1)
		}
		prev[np%4] = c
		np++
	}
	x.blockEnd(v, s, salt, true)
}

// keepBase records the block that starts at v.feats[s] in v.base: its
// features before their conjoined copies (the second half of the block
// when conj and TargetConj hold).
func (x *extractor) keepBase(v *view, s int, conj bool) {
	n := len(v.feats) - s
	conj = conj && x.cfg.TargetConj
	if conj {
		n /= 2
	}
	start := len(v.base)
	v.base = append(v.base, v.feats[s:s+n]...)
	v.baseBlocks = append(v.baseBlocks, baseBlock{start: start, end: len(v.base), conj: conj})
}

// A baseBlock is one target-independent block of stance features in
// view.base.
type baseBlock struct {
	start, end int
	conj       bool // followed by its copy conjoined with the target
}

// contextBlock adds the words around the quote (up to 12 tokens on either
// side, within the paragraph, not crossing a sentence end): the attribution
// ("rejected the truce, saying …") often carries the stance of an indirect
// or short quote.
func (x *extractor) contextBlock(v *view, ts []compiledTarget, t int, salt uint64) {
	s := v.blockStart()
	ctx := v.ctx
	split := 0 // ctx[:split] is before the quote
	for split < len(ctx) && (len(v.toks) == 0 || ctx[split].start < v.toks[0].start) {
		split++
	}
	for k := split - 1; k >= 0 && k >= split-12; k-- {
		if ctx[k].flags&(tfSentence|tfQuestion) != 0 && string(v.ctxLow[ctx[k].lo:ctx[k].hi]) != ";" {
			break
		}
		if ctx[k].word {
			x.add(v, mix(saltCtxL, ctx[k].stem), 1, -1, -1)
		}
	}
	for k := split; k < len(ctx) && k < split+12; k++ {
		if ctx[k].word {
			x.add(v, mix(saltCtxR, ctx[k].stem), 1, -1, -1)
		}
		if ctx[k].flags&(tfSentence|tfQuestion) != 0 && string(v.ctxLow[ctx[k].lo:ctx[k].hi]) != ";" {
			break
		}
	}
	if v.marks = ts[t].lex.match(t, v.ctxLow, ctx, true, v.marks[:0]); len(v.marks) > 0 {
		x.add(v, saltCtxT, 1, -1, -1)
	}
	x.blockEnd(v, s, salt, true)
}

// targetSentenceBlock adds the word unigrams and bigrams of the sentences
// that mention target t: in a long quote, the stance toward a target is
// mostly in the sentence that names it.
func (x *extractor) targetSentenceBlock(v *view, t int, salt uint64) {
	s := v.blockStart()
	toks := v.toks
	done := -1 // sentences end before this token are done
	for _, h := range v.hits {
		if h.target != t || h.ctx || h.i < done {
			continue
		}
		s0, s1 := h.i, h.j
		for s0 > 0 && toks[s0-1].flags&tfSentence == 0 {
			s0--
		}
		for s1 < len(toks) && toks[s1].flags&tfSentence == 0 {
			s1++
		}
		s1 = min(s1+1, len(toks))
		done = s1
		prev := -1
		for k := s0; k < s1; k++ {
			if isQuoteMark(v.low, &toks[k]) {
				continue
			}
			x.add(v, mix(saltSent, toks[k].stem), 1, k, k+1)
			if prev >= 0 {
				x.add(v, mix(mix(saltSent, toks[prev].stem), toks[k].stem), 1, prev, k+1)
			}
			prev = k
		}
	}
	x.blockEnd(v, s, salt, true)
}

func (x *extractor) wordBlock(v *view, salt uint64, lo, hi int, family uint64, conj bool) {
	s := v.blockStart()
	toks := v.toks
	v.wordIdx = v.wordIdx[:0]
	for i := range toks {
		if !isQuoteMark(v.low, &toks[i]) {
			v.wordIdx = append(v.wordIdx, int32(i))
		}
	}
	w := v.wordIdx
	for n := lo; n <= hi; n++ {
		nh := mix(family, uint64(n))
		for i := 0; i+n <= len(w); i++ {
			h := nh
			for k := 0; k < n; k++ {
				h = mix(h, toks[w[i+k]].h)
			}
			x.add(v, h, 1, int(w[i]), int(w[i+n-1])+1)
		}
	}
	x.blockEnd(v, s, salt, conj)
}

// charBlock adds character n-grams inside word boundaries (each word padded
// with a space on either side), as scikit-learn's char_wb analyzer does.
func (x *extractor) charBlock(v *view, salt uint64) {
	s := v.blockStart()
	lo, hi := x.cfg.CharMin, x.cfg.CharMax
	for ti := range v.toks {
		t := &v.toks[ti]
		if !t.word {
			continue
		}
		r := v.runes[:0]
		r = append(r, ' ')
		for _, c := range string(v.low[t.lo:t.hi]) {
			r = append(r, c)
		}
		r = append(r, ' ')
		v.runes = r
		for i := range r {
			h := uint64(saltChar)
			for n := 1; n <= hi && i+n <= len(r); n++ {
				h ^= uint64(r[i+n-1])
				h *= fnvPrime
				if n >= lo {
					x.add(v, mix(h, uint64(n)), 1, ti, ti+1)
				}
			}
		}
	}
	x.blockEnd(v, s, salt, !x.cfg.NoCharConj)
}

func (x *extractor) pieceBlock(v *view, salt uint64) {
	s := v.blockStart()
	for ti := range v.toks {
		t := &v.toks[ti]
		if !t.word {
			continue
		}
		for _, h := range x.pieces.get(v.low[t.lo:t.hi], t.h, &v.pieces) {
			x.add(v, mix(saltPiece, h), 1, ti, ti+1)
		}
	}
	x.blockEnd(v, s, salt, true)
}

// Polarity phrases: a small hand-written list of support and rejection
// vocabulary, matched like lexicon phrases. In negation scope the polarity
// flips.
var (
	posLex = compileTarget(targetOf("pos", "support", "welcome", "want", "need", "hope", "call for", "call on", "urge",
		"ready", "willing", "prepared", "agree", "accept", "back", "endorse", "favor", "favour", "praise", "commit",
		"achieve", "reach", "secure", "restore", "sustain", "lasting", "durable", "just", "fair", "important",
		"essential", "vital", "necessary", "only way", "best", "good", "great", "positive", "progress", "success",
		"successful", "constructive", "productive", "encourage", "optimistic", "promising", "opportunity", "chance",
		"priority", "goal", "aim", "seek", "pursue", "strive", "ensure", "protect", "save", "deserve", "glad",
		"pleased", "happy", "grateful", "appreciate", "applaud", "hail", "celebrate", "breakthrough", "keen", "eager",
		"determined", "appeal", "implore", "beg", "offer", "propose", "initiative", "facilitate", "help", "helpful",
		"respect", "observe", "honour", "honor", "extend", "sincere", "genuine", "serious", "binding", "reliable",
		"credible", "strong", "robust", "worth", "time to", "let it last", "keep the door open", "door open")).lex
	negLex = compileTarget(targetOf("neg", "reject", "oppose", "refuse", "dismiss", "deny", "condemn", "criticize",
		"criticise", "denounce", "pointless", "useless", "worthless", "meaningless", "impossible", "unacceptable",
		"premature", "naive", "trap", "ploy", "trick", "farce", "sham", "fake", "lie", "capitulation", "surrender",
		"betrayal", "appeasement", "reward", "regroup", "rearm", "violate", "violation", "collapse", "fail",
		"failure", "waste", "empty", "hollow", "illusion", "fiction", "joke", "mock", "ridiculous", "absurd",
		"dangerous", "mistake", "wrong", "bad", "disaster", "threat", "undermine", "sabotage", "block", "obstacle",
		"stall", "refusal", "ultimatum", "nonsense", "propaganda", "cynical", "blackmail", "humiliating", "doomed",
		"impose", "dictate", "piece of paper", "no point", "not interested", "no interest", "nothing", "enough",
		"shame", "shameful", "pretext", "smokescreen", "stunt", "theatre", "theater", "manipulation", "excuse",
		"lenient", "pressure", "disrupt", "fraud", "bluff", "unrealistic", "fantasy", "paid for")).lex
)

// polarity adds the polarity features of lexicon polarity hits in toks.
func (x *extractor) polarity(v *view, hitsT []hit, inNeg []bool) {
	l := func(name string) uint64 { return mix(saltLing, hashString(name)) }
	toks := v.toks
	v.pol = posLex.match(0, v.low, toks, false, v.pol[:0])
	v.pol = negLex.match(1, v.low, toks, false, v.pol)
	for _, p := range v.pol {
		neg := p.target == 1
		if p.i < len(inNeg) && inNeg[p.i] {
			neg = !neg
		}
		sign := "+"
		if neg {
			sign = "-"
		}
		x.add(v, l("POL"+sign), 1, p.i, p.j)
		// A hit starting within 4 tokens after p, or ending within 4
		// before it (hitsT is ordered by start and by end).
		k := sort.Search(len(hitsT), func(k int) bool { return hitsT[k].i >= p.j })
		near := k < len(hitsT) && hitsT[k].i-p.j <= 4
		if k = sort.Search(len(hitsT), func(k int) bool { return hitsT[k].j > p.i }); !near && k > 0 {
			near = p.i-hitsT[k-1].j <= 4
		}
		if near {
			x.add(v, l("POLNEAR"+sign), 1, p.i, p.j)
		}
		// A hit in p's sentence (sentence ids grow with the start).
		sid := v.sentID[p.i]
		k = sort.Search(len(hitsT), func(k int) bool { return v.sentID[hitsT[k].i] >= sid })
		if k < len(hitsT) && v.sentID[hitsT[k].i] == sid {
			x.add(v, l("POLSENT"+sign), 1, p.i, p.j)
		}
		if x.cfg.PolPerson {
			for k := p.i - 1; k >= 0 && k >= p.i-3; k-- {
				if toks[k].flags&tfClause != 0 {
					break
				}
				if firstPerson[toks[k].h] {
					x.add(v, l("POL1"+sign), 1, p.i, p.j)
					break
				}
				if thirdPerson[toks[k].h] {
					x.add(v, l("POL3"+sign), 1, p.i, p.j)
					break
				}
			}
		}
		if x.cfg.PolDir {
			// The polarity word governs a mention after it ("reject the
			// truce"), or describes one before it ("the truce is a trap").
			ph := hashBytes(v.low[toks[p.i].lo:toks[p.j-1].hi])
			k := sort.Search(len(hitsT), func(k int) bool { return hitsT[k].i >= p.j })
			if k < len(hitsT) && sameClause(v, p.j, hitsT[k].i) {
				x.add(v, l("POL>T"+sign), 1, p.i, p.j)
				x.add(v, mix(l("POLW>T"+sign), ph), 1, p.i, p.j)
			}
			k = sort.Search(len(hitsT), func(k int) bool { return hitsT[k].j > p.i })
			if k > 0 && sameClause(v, hitsT[k-1].j, p.i) {
				x.add(v, l("T>POL"+sign), 1, p.i, p.j)
				x.add(v, mix(l("T>POLW"+sign), ph), 1, p.i, p.j)
			}
		}
	}
	// The attribution before the quote ("rejected the truce, saying").
	split := 0
	for split < len(v.ctx) && (len(toks) == 0 || v.ctx[split].start < toks[0].start) {
		split++
	}
	lo := max(split-12, 0)
	v.pol = posLex.match(0, v.ctxLow, v.ctx[lo:split], true, v.pol[:0])
	v.pol = negLex.match(1, v.ctxLow, v.ctx[lo:split], true, v.pol)
	for _, p := range v.pol {
		if p.target == 0 {
			x.add(v, l("CTXPOL+"), 1, -1, -1)
		} else {
			x.add(v, l("CTXPOL-"), 1, -1, -1)
		}
	}
}

// Word lists of the linguistic block.
var (
	firstPerson     = hashSet("we", "i", "us", "our", "my", "me", "we're", "i'm", "we've", "i've", "we'll", "i'll")
	thirdPerson     = hashSet("they", "he", "she", "them", "their", "those", "anyone", "whoever", "who", "some", "others", "they're", "they've")
	negators        = hashSet("not", "no", "never", "without", "nor", "neither", "nobody", "nothing", "none", "cannot", "nowhere", "hardly")
	clauseEnd       = hashSet(".", ",", ";", ":", "!", "?", "—", "–", "(", ")")
	questionOpeners = hashSet("is", "isn't", "isnt", "shouldn't", "should", "can", "can't", "could", "couldn't",
		"why", "how", "who", "what", "wouldn't", "would", "don't", "doesn't", "aren't", "won't", "will", "do", "does", "are", "was", "wasn't", "where", "when")
	negAux = hashSet("isn't", "shouldn't", "can't", "couldn't", "wouldn't", "don't", "doesn't", "aren't", "won't", "wasn't", "why")
	// markers: modal, conditional and stance-bearing function phrases, and
	// hedges, forecasts and reported positions, which lean neutral.
	markerPhrases = []string{
		"only if", "only when", "only after", "contingent on", "contingent upon", "conditional on", "as long as",
		"provided that", "provided", "on condition that", "unless", "until", "once", "after", "before", "if",
		"depends on", "depend on", "dependent on", "depending on", "first", "then", "in exchange for",
		"must", "should", "need to", "needs to", "have to", "has to", "ought to", "will not", "won't", "would not",
		"cannot", "can't", "ready to", "willing to", "prepared to", "call on", "calls on", "call for", "calls for",
		"urge", "urges", "demand", "demands", "insist", "insists", "reject", "rejects", "refuse", "refuses",
		"support", "supports", "welcome", "welcomes", "oppose", "opposes", "but", "however", "while",
		"whether", "perhaps", "maybe", "possible", "impossible", "no way", "so-called",
		"may", "might", "could", "likely", "unlikely", "expected to", "remains to be seen", "too early",
		"we will see", "hope", "hopes", "hoped", "scheduled", "is due to", "are due to", "according to",
		"they say", "they want", "claims", "claim", "allegedly", "so far", "not yet", "still",
	}
	conditionMarkers = hashSet("only if", "only when", "only after", "contingent on", "contingent upon", "conditional on",
		"as long as", "provided that", "on condition that", "unless", "until", "once", "depends on", "depend on",
		"dependent on", "depending on", "in exchange for", "after", "first", "without", "if", "provided")
	markerLex = compileTarget(targetOf("markers", markerPhrases...)).lex
)

func targetOf(name string, ps ...string) corpus.Target {
	t := corpus.Target{Name: name}
	for _, p := range ps {
		t.Lexicon = append(t.Lexicon, corpus.LexEntry{Phrase: p})
	}
	return t
}

type wordSet map[uint64]bool

func hashSet(ws ...string) wordSet {
	m := wordSet{}
	for _, w := range ws {
		m[hashString(w)] = true
	}
	return m
}

func (x *extractor) isNegator(v *view, t *token) bool {
	if negators[t.h] {
		return true
	}
	s := v.low[t.lo:t.hi]
	return t.word && len(s) > 3 && string(s[len(s)-3:]) == "n't"
}

func (x *extractor) lingBlock(v *view, ts []compiledTarget, t int, in *Input, salt uint64) {
	cue := in.Cue
	s := v.blockStart()
	toks := v.toks
	l := func(name string) uint64 { return mix(saltLing, hashString(name)) }
	// Negation scope: after a negator up to the next punctuation.
	inNeg := v.inNeg[:0]
	neg := false
	for i := range toks {
		tk := &toks[i]
		if tk.flags&tfClause != 0 {
			neg = false
		}
		inNeg = append(inNeg, neg)
		if x.isNegator(v, tk) {
			neg = true
			x.add(v, l("NEGATOR"), 1, i, i+1)
		} else if neg && tk.word {
			x.add(v, mix(l("NEG"), tk.stem), 1, i, i+1)
		}
	}
	v.inNeg = inNeg
	// Markers, and whether a target mention follows them in the same clause.
	v.marks = markerLex.match(0, v.low, toks, false, v.marks[:0])
	hitsT := v.hitsT[:0]
	for _, h := range v.hits {
		if h.target == t && !h.ctx {
			hitsT = append(hitsT, h)
		}
	}
	v.hitsT = hitsT
	indexHits(v, len(ts))
	for _, m := range v.marks {
		ph := markerLex.phrases[m.phrase].text
		mh := hashString(ph)
		x.add(v, mix(l("MARK"), mh), 1, m.i, m.j)
		// sameClause holds only within 12 tokens: the hits ending at
		// m.i-12 or later and starting at m.j+12 or earlier.
		lo := sort.Search(len(hitsT), func(k int) bool { return hitsT[k].j >= m.i-12 })
		for _, h := range hitsT[lo:] {
			if h.i > m.j+12 {
				break
			}
			if sameClause(v, m.j, h.i) {
				x.add(v, mix(l("MARK>T"), mh), 1, m.i, m.j)
			} else if sameClause(v, h.j, m.i) {
				x.add(v, mix(l("T>MARK"), mh), 1, m.i, m.j)
			}
		}
		if conditionMarkers[mh] {
			for u, list := range v.tHits {
				if u == t {
					continue
				}
				for _, k := range list[firstHit(v, list, m.j):] {
					h := v.hits[k]
					if h.i > m.j+12 {
						break
					}
					if sameClause(v, m.j, h.i) {
						x.add(v, l("COND_ON_OTHER"), 1, m.i, h.j)
					}
				}
			}
		}
	}
	// Cue verb.
	if cue != "" {
		cl := v.cue[:0]
		for _, r := range cue {
			cl = utf8.AppendRune(cl, normRune(r))
		}
		v.cue = cl
		x.add(v, mix(l("CUE"), stemHash(cl)), 1, -1, -1)
	} else {
		x.add(v, l("NOCUE"), 1, -1, -1)
	}
	// Questions.
	q, fw := 0, -1
	for i := range toks {
		if toks[i].word && fw < 0 {
			fw = i
		}
		if toks[i].flags&tfQuestion != 0 {
			q++
			// The opener of this sentence.
			j := i
			for j > 0 && toks[j-1].flags&tfSentence == 0 {
				j--
			}
			for j < i && !toks[j].word {
				j++
			}
			if questionOpeners[toks[j].h] {
				x.add(v, mix(l("QOPEN"), toks[j].h), 1, j, i+1)
				if negAux[toks[j].h] || (j+2 < i && negators[toks[j+2].h]) {
					x.add(v, l("RHETQ"), 1, j, i+1)
				}
			}
		}
	}
	if x.cfg.SpeakerKind {
		// Who speaks: a named speaker, an unnamed source, or a questioner
		// of the press (whose questions take no side), alone and with a
		// question.
		k := speakerKind(in)
		x.add(v, mix(l("SPK"), k), 1, -1, -1)
		if q > 0 {
			x.add(v, mix(l("SPK_Q"), k), 1, -1, -1)
		}
	}
	if q > 0 {
		x.add(v, l("QUESTION"), 1, -1, -1)
		if n := len(toks); n > 0 && string(v.low[toks[n-1].lo:toks[n-1].hi]) == "?" {
			x.add(v, l("QEND"), 1, n-1, n)
		}
	}
	// The target mention and the words near it.
	if len(hitsT) == 0 {
		x.add(v, l("T_ABSENT"), 1, -1, -1)
	}
	for _, h := range hitsT {
		x.add(v, l("T_PRESENT"), 1, h.i, h.j)
		if inNeg[h.i] {
			x.add(v, l("T_NEGATED"), 1, h.i, h.j)
		}
		for k := max(h.i-3, 0); k < min(h.j+3, len(toks)); k++ {
			if (k < h.i || k >= h.j) && toks[k].word {
				side := "NEAR<"
				if k >= h.j {
					side = "NEAR>"
				}
				x.add(v, mix(l(side), toks[k].stem), 1, k, k+1)
			}
		}
	}
	indexSentences(v)
	x.polarity(v, hitsT, inNeg)
	other := false
	for _, h := range v.hits {
		if h.target != t && !h.ctx {
			other = true
		}
	}
	if other {
		x.add(v, l("OTHER_T"), 1, -1, -1)
	}
	x.blockEndScaled(v, s, salt, true, x.cfg.LingNorm)
}

// pressRoles are the words of a speaker role that make an unnamed speaker
// a questioner of the press.
var pressRoles = []string{"journalist", "reporter", "correspondent", "interviewer", "question", "host", "moderator", "anchor", "presenter"}

// speakerKind hashes the kind of the quote's speaker: none given, named,
// unnamed ("unknown" with a role), or an unnamed questioner of the press.
func speakerKind(in *Input) uint64 {
	switch {
	case in.Speaker == "":
		return kindNone
	case in.Speaker != "unknown":
		return kindNamed
	}
	role := strings.ToLower(in.Role)
	for _, r := range pressRoles {
		if strings.Contains(role, r) {
			return kindPress
		}
	}
	return kindUnnamed
}

// The hashed speaker kinds, computed once rather than per quote × target.
var (
	kindNone    = hashString("none")
	kindNamed   = hashString("named")
	kindPress   = hashString("press")
	kindUnnamed = hashString("unnamed")
)

// sameClause reports whether tokens [i, j) hold no clause-ending punctuation.
func sameClause(v *view, i, j int) bool {
	if i > j || j-i > 12 {
		return false
	}
	for k := i; k < j && k < len(v.toks); k++ {
		if v.toks[k].flags&tfClause != 0 {
			return false
		}
	}
	return j-i <= 12
}

// relGeneric computes the target-independent relevance features of the
// loaded quote (its normalized word unigrams and bigrams) into v.relGen.
func (x *extractor) relGeneric(v *view) {
	v.feats = v.feats[:0]
	x.wordBlock(v, 0, 1, 2, saltRel, false)
	v.relGen = append(v.relGen[:0], v.feats...)
}

// relTarget computes the relevance features of the loaded quote that
// depend on target t: lexicon strengths, the phrases hit, and the
// conjoined copies of v.relGen. A quote's relevance features toward t are
// v.relGen followed by these.
func (x *extractor) relTarget(v *view, ts []compiledTarget, t int) {
	v.feats = v.feats[:0]
	salt := ts[t].salt
	l := func(name string) uint64 { return mix(saltRel, hashString(name)) }
	s := v.blockStart()
	x.add(v, saltBias, 1, -1, -1)
	var q, c float64
	for _, h := range v.hits {
		if h.target != t {
			continue
		}
		if h.ctx {
			c += h.weight
		} else {
			q += h.weight
			x.add(v, mix(l("PHRASE"), ts[t].lex.phrases[h.phrase].stems[0]), 1, h.i, h.j)
		}
	}
	if q > 0 {
		x.add(v, l("LEXQ"), 1, -1, -1)
		x.add(v, l("LEXQW"), float32(min(q, 3)), -1, -1)
	} else {
		x.add(v, l("NOLEXQ"), 1, -1, -1)
	}
	if c > 0 {
		x.add(v, l("LEXC"), 1, -1, -1)
		x.add(v, l("LEXCW"), float32(min(c, 3)), -1, -1)
	}
	// Unnormalized: these are indicator strengths, not a bag.
	x.blockEndRaw(v, s, salt)
	if x.cfg.TargetConj {
		for _, f := range v.relGen {
			f.idx = x.index(mix(uint64(f.idx), salt))
			v.feats = append(v.feats, f)
		}
	}
}

// blockEndRaw appends the conjoined copy without normalizing.
func (x *extractor) blockEndRaw(v *view, start int, salt uint64) {
	n := len(v.feats) - start
	if x.cfg.TargetConj {
		for i := start; i < start+n; i++ {
			f := v.feats[i]
			f.idx = x.index(mix(uint64(f.idx), salt))
			v.feats = append(v.feats, f)
		}
	}
}

// matchAll fills v.hits with the lexicon hits of every target in the quote
// and its context.
func matchAll(v *view, ts []compiledTarget) {
	v.hits = v.hits[:0]
	for i := range ts {
		v.hits = ts[i].lex.match(i, v.low, v.toks, false, v.hits)
		v.hits = ts[i].lex.match(i, v.ctxLow, v.ctx, true, v.hits)
	}
}

// matchQuote fills v.hits with the lexicon hits of every target in the
// quote only.
func matchQuote(v *view, ts []compiledTarget) {
	v.hits = v.hits[:0]
	for i := range ts {
		v.hits = ts[i].lex.match(i, v.low, v.toks, false, v.hits)
	}
}
