package models

import (
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// A token is one word or punctuation mark of a quote or its context. Its
// lower-cased form lives in the view's low buffer at [lo, hi) (bytes); start
// and end are code-point offsets into the document text.
type token struct {
	start, end int    // code points into the document
	lo, hi     int32  // bytes into view.low
	h          uint64 // hash of the lower-cased form
	stem       uint64 // hash of the crude stem (lexicon matching)
	word       bool   // letters or digits, not punctuation
	flags      uint8  // tfClause, tfSentence, tfQuestion
	part       int16  // index of the quote part, -1 for context
}

// Token flags of punctuation, set by tokenize.
const (
	tfClause   = 1 << iota // ends a clause: . , ; : ! ? — – ( )
	tfSentence             // ends a sentence: . ! ? ;
	tfQuestion             // ?
)

func punctFlags(r rune) uint8 {
	switch r {
	case '.', '!', ';':
		return tfClause | tfSentence
	case '?':
		return tfClause | tfSentence | tfQuestion
	case ',', ':', '—', '–', '(', ')':
		return tfClause
	}
	return 0
}

// A view is the scratch state of one feature extraction: the lower-cased
// quote, its tokens and the feature buffers. Views are pooled.
type view struct {
	low    []byte  // lower-cased text of the quote parts, joined by one space
	toks   []token // tokens of the quote
	ctxLow []byte
	ctx    []token // tokens of the immediate context (before and after)
	feats  []feat
	block  []feat
	hits   []hit
	scores []float64
	contr  []float64
	contr3 []float64
	relGen []feat

	// target-independent stance blocks of the loaded quote (see stance)
	base       []feat
	baseBlocks []baseBlock
	baseOK     bool
	pol        []hit
	runes      []rune

	// block normalization
	gen    uint32
	sumSq  float64
	probes int
	tab    [2048]tabEntry

	bytePos   []int
	partStart []int
	vrow      []int32  // word-vector row of each quote token
	vsum      []int32  // scratch
	vacc      []uint64 // scratch
	wordIdx   []int32
	inNeg     []bool
	marks     []hit

	// linear-time lookups (scan.go)
	tHits     [][]int32
	hitsT     []hit
	pieces    pieceFront // word pieces seen by this view
	cue       []byte
	cmarks    []hit
	sentID    []int32
	sentStart []int32
	sentEnd   []int32

	// code point → byte index of the last text seen
	textPtr   uintptr
	textLen   int
	textSum   uint64
	textRunes int
	ascii     bool
	cpIndex   []int32
}

func (v *view) reset() {
	v.low = v.low[:0]
	v.toks = v.toks[:0]
	v.ctxLow = v.ctxLow[:0]
	v.ctx = v.ctx[:0]
	v.feats = v.feats[:0]
	v.block = v.block[:0]
	v.hits = v.hits[:0]
	v.baseOK = false
}

// normRune maps a rune to its lower-case matching form: typographic
// apostrophes and dashes fold to ASCII.
func normRune(r rune) rune {
	switch r {
	case '’', '‘', 'ʼ', '′':
		return '\''
	case '‐', '‑', '‒':
		return '-'
	case '“', '”', '„', '«', '»':
		return '"'
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 32
		}
		return r
	}
	return unicode.ToLower(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenize appends the tokens of text[startByte:endByte] to toks and its
// lower-cased form to low. cp is the code-point offset of startByte in the
// document. A word is a run of letters and digits, with inner hyphens and
// apostrophes; every other non-space rune is a token of its own.
func tokenize(text string, startByte, endByte, cp int, part int16, low []byte, toks []token) ([]byte, []token) {
	i := startByte
	inWord := false
	var cur token
	for i < endByte {
		c := text[i]
		var r rune
		w := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, w = utf8.DecodeRuneInString(text[i:endByte])
		}
		var kind uint8 // 0 word, 1 joiner, 2 space, 3 other
		var n rune
		if c < utf8.RuneSelf {
			kind = asciiKind[c]
			n = r
			if 'A' <= r && r <= 'Z' {
				n = r + 32
			}
		} else {
			n = normRune(r)
			switch {
			case isWordRune(r):
				kind = 0
			case n == '-' || n == '\'':
				kind = 1
			case unicode.IsSpace(r):
				kind = 2
			default:
				kind = 3
			}
		}
		if kind == 1 && !(inWord && i+w < endByte && nextIsWord(text[i+w:endByte])) {
			kind = 3
		}
		switch kind {
		case 0:
			if !inWord {
				cur = token{start: cp, lo: int32(len(low)), word: true, part: part}
				inWord = true
			}
			if c < utf8.RuneSelf {
				low = append(low, byte(n))
			} else {
				low = utf8.AppendRune(low, n)
			}
			cur.end = cp + 1
		case 1:
			low = utf8.AppendRune(low, n)
			cur.end = cp + 1
		default:
			if inWord {
				toks = appendWord(toks, cur, low)
				inWord = false
			}
			if kind == 2 {
				if len(low) > 0 && low[len(low)-1] != ' ' {
					low = append(low, ' ')
				}
				break
			}
			t := token{start: cp, end: cp + 1, lo: int32(len(low)), part: part, flags: punctFlags(n)}
			low = utf8.AppendRune(low, n)
			t.hi = int32(len(low))
			t.h = hashBytes(low[t.lo:t.hi])
			t.stem = t.h
			toks = append(toks, t)
		}
		i += w
		cp++
	}
	if inWord {
		toks = appendWord(toks, cur, low)
	}
	return low, toks
}

func appendWord(toks []token, cur token, low []byte) []token {
	cur.hi = int32(len(low))
	cur.h = hashBytes(low[cur.lo:cur.hi])
	cur.stem = stemHash(low[cur.lo:cur.hi])
	return append(toks, cur)
}

// asciiKind classifies ASCII bytes: 0 word, 1 joiner (- '), 2 space, 3 other.
var asciiKind = func() (k [utf8.RuneSelf]uint8) {
	for c := range k {
		switch r := rune(c); {
		case isWordRune(r):
			k[c] = 0
		case r == '-' || r == '\'':
			k[c] = 1
		case unicode.IsSpace(r):
			k[c] = 2
		default:
			k[c] = 3
		}
	}
	return k
}()

func nextIsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// stemCut is a crude suffix stripper used only to match lexicon phrases
// with their inflections: talks→talk, negotiating→negotiat, guarantees→guarant.
// The stem is b[:n], followed by 'y' when y is set (truces→truc, parties→party).
func stemCut(b []byte) (n int, y bool) {
	n = len(b)
	if n > 2 && b[n-2] == '\'' && b[n-1] == 's' {
		n -= 2
	}
	strip := func(suf string, min int) bool {
		if n-len(suf) >= min && string(b[n-len(suf):n]) == suf {
			n -= len(suf)
			return true
		}
		return false
	}
	switch {
	case strip("ies", 3):
		return n, true
	case strip("ing", 3), strip("ed", 3):
	case n > 3 && b[n-1] == 's' && b[n-2] != 's':
		n--
		if n > 3 && string(b[n-2:n]) == "es" && (b[n-3] == 's' || b[n-3] == 'x' || b[n-3] == 'h') {
			n -= 2
		}
	}
	strip("ion", 4)
	if n > 3 && b[n-1] == 'e' {
		n--
	}
	return n, false
}

func stemHash(b []byte) uint64 {
	n, y := stemCut(b)
	h := hashBytes(b[:n])
	if y {
		h ^= 'y'
		h *= fnvPrime
	}
	return h
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// mix combines two hashes (order matters).
func mix(a, b uint64) uint64 {
	h := a ^ (b + 0x9e3779b97f4a7c15 + (a << 6) + (a >> 2))
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// cpStride is the spacing of the code-point → byte checkpoints.
const cpStride = 64

// indexText makes byteAt fast for text. The index of the last text seen is
// kept in the (pooled) view, so the quotes of one document share it.
func (v *view) indexText(text string) {
	p := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	if p == v.textPtr && len(text) == v.textLen && len(text) > 0 && v.textSum == sampleSum(text) {
		return
	}
	v.textPtr, v.textLen, v.textSum = p, len(text), sampleSum(text)
	v.cpIndex = v.cpIndex[:0]
	v.ascii = true
	n := 0
	for i := 0; i < len(text); {
		if n%cpStride == 0 {
			v.cpIndex = append(v.cpIndex, int32(i))
		}
		c := text[i]
		if c < utf8.RuneSelf {
			i++
		} else {
			v.ascii = false
			_, w := utf8.DecodeRuneInString(text[i:])
			i += w
		}
		n++
	}
	v.textRunes = n
}

func sampleSum(s string) uint64 {
	if len(s) <= 64 {
		return hashString(s)
	}
	return mix(hashString(s[:32]), hashString(s[len(s)-32:]))
}

// byteAt returns the byte offset of code point cp in the indexed text,
// clamped to [0, len(text)].
func (v *view) byteAt(text string, cp int) int {
	if cp <= 0 {
		return 0
	}
	if cp >= v.textRunes {
		return len(text)
	}
	if v.ascii {
		return cp
	}
	b := int(v.cpIndex[cp/cpStride])
	for n := cp - cp%cpStride; n < cp; n++ {
		_, w := utf8.DecodeRuneInString(text[b:])
		b += w
	}
	return b
}
