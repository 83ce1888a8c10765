package quotes

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
)

// seg is a byte span [s, e) of the document text.
type seg struct{ s, e int }

func (g seg) empty() bool { return g.e <= g.s }

// isSpaceRune reports white space, including NBSP and other Unicode spaces.
func isSpaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&asciiSpace != 0
	}
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&asciiLetter != 0
	}
	return unicode.IsLetter(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&(asciiLetter|asciiDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

const (
	asciiSpace = 1 << iota
	asciiLetter
	asciiDigit
	asciiUpper
)

// asciiClass classifies ASCII bytes for the fast paths above.
var asciiClass = func() (c [utf8.RuneSelf]uint8) {
	for i := range c {
		r := rune(i)
		if unicode.IsSpace(r) {
			c[i] |= asciiSpace
		}
		if unicode.IsLetter(r) {
			c[i] |= asciiLetter
		}
		if unicode.IsDigit(r) {
			c[i] |= asciiDigit
		}
		if unicode.IsUpper(r) {
			c[i] |= asciiUpper
		}
	}
	return
}()

// runeBefore returns the rune ending at byte i (0 when i == 0).
func runeBefore(t string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	return r
}

// runeAt returns the rune starting at byte i and its width (0, 0 at the end).
func runeAt(t string, i int) (rune, int) {
	if i >= len(t) {
		return 0, 0
	}
	if c := t[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(t[i:])
}

// trimSeg shrinks g to exclude white space at both ends.
func trimSeg(t string, g seg) seg {
	for g.s < g.e {
		r, w := runeAt(t, g.s)
		if !isSpaceRune(r) {
			break
		}
		g.s += w
	}
	for g.e > g.s {
		r, w := utf8.DecodeLastRuneInString(t[g.s:g.e])
		if !isSpaceRune(r) {
			break
		}
		g.e -= w
	}
	return g
}

// paragraphs splits t at line breaks into trimmed, non-empty lines.
func paragraphs(t string) []seg {
	var out []seg
	start := 0
	for start <= len(t) {
		k := strings.IndexByte(t[start:], '\n')
		end := len(t)
		if k >= 0 {
			end = start + k
		}
		if g := trimSeg(t, seg{start, end}); !g.empty() {
			out = append(out, g)
		}
		if k < 0 {
			break
		}
		start = end + 1
	}
	return out
}

func isClosingPunct(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '“':
		return true
	}
	return false
}

func isOpeningMark(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '„', '‹', '(':
		return true
	}
	return false
}

// sentences splits the paragraph p into sentences (byte spans). A boundary
// is sentence-final punctuation, optional closing marks, white space and an
// upper-case letter, digit or opening mark; abbreviations and initials do
// not end sentences.
func sentences(t string, p seg, out []seg) []seg {
	start := p.s
	for i := p.s; i < p.e; {
		// fast path: only . ! ? and … (E2 80 A6) can end a sentence
		if i = indexSentenceByte(t, i, p.e); i >= p.e {
			break
		}
		r, w := runeAt(t, i)
		if r == '.' || r == '!' || r == '?' || r == '…' {
			j := i + w
			for j < p.e {
				r2, w2 := runeAt(t, j)
				if r2 == '.' || r2 == '!' || r2 == '?' || isClosingPunct(r2) {
					j += w2
					continue
				}
				break
			}
			k := j
			sp := false
			for k < p.e {
				r2, w2 := runeAt(t, k)
				if !isSpaceRune(r2) {
					break
				}
				sp = true
				k += w2
			}
			if sp && k < p.e {
				r2, _ := runeAt(t, k)
				if (unicode.IsUpper(r2) || unicode.IsDigit(r2) || isOpeningMark(r2)) && !(r == '.' && isAbbrevBefore(t, start, i)) {
					out = append(out, trimSeg(t, seg{start, j}))
					start = k
				}
			}
			i = j
			if i == k {
				continue
			}
			continue
		}
		i += w
	}
	if g := trimSeg(t, seg{start, p.e}); !g.empty() {
		out = append(out, g)
	}
	return out
}

// indexSentenceByte returns the index of the first '.', '!', '?' or 0xE2
// byte in t[i:end], or end: eight bytes at a time, then byte by byte.
func indexSentenceByte(t string, i, end int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	hasZero := func(y uint64) uint64 { return (y - ones) &^ y & highs }
	for ; i+8 <= end; i += 8 {
		x := le64(t, i)
		if hasZero(x^(ones*'.'))|hasZero(x^(ones*'!'))|hasZero(x^(ones*'?'))|hasZero(x^(ones*0xE2)) != 0 {
			break
		}
	}
	for ; i < end; i++ {
		if c := t[i]; c == '.' || c == '!' || c == '?' || c == 0xE2 {
			return i
		}
	}
	return end
}

// isAbbrevBefore reports whether the word ending at the period at byte i is
// an abbreviation or an initial.
func isAbbrevBefore(t string, from, i int) bool {
	j := i
	for j > from {
		r, w := utf8.DecodeLastRuneInString(t[from:j])
		if !isLetter(r) && r != '.' {
			break
		}
		j -= w
	}
	word := t[j:i]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	if strings.Contains(word, ".") { // U.S, e.g
		return true
	}
	return len(word) <= 5 && abbrevs[strings.ToLower(word)]
}

// tok is one word or punctuation token: a byte span and its kind.
type tok struct {
	s, e  int
	punct bool
	lw    string // the token in lower case
}

// tokens splits t[g] into words (letters, digits, inner hyphens,
// apostrophes and periods) and single punctuation runes; spaces vanish.
func tokens(t string, g seg, out []tok) []tok { return tokensLow(t, "", g, out) }

// tokensLow is tokens taking each word's lower-case form from low, the
// whole of t in lower case with the same byte offsets (see lowerAligned),
// instead of lowering, and allocating, word by word. With low == "" it
// lowers each word.
func tokensLow(t, low string, g seg, out []tok) []tok {
	if cap(out) == 0 && g.e > g.s {
		// one allocation instead of a chain of appends: about a token per
		// five bytes of prose
		out = make([]tok, 0, (g.e-g.s)/5+2)
	}
	i := g.s
	for i < g.e {
		w := 1 // of the word's first rune
		if c := t[i]; c < utf8.RuneSelf {
			cls := asciiClass[c]
			if cls&asciiSpace != 0 {
				i++
				continue
			}
			if cls&(asciiLetter|asciiDigit) == 0 {
				out = append(out, tok{i, i + 1, true, t[i : i+1]})
				i++
				continue
			}
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(t[i:])
			if isSpaceRune(r) {
				i += w
				continue
			}
			if !isWordRune(r) {
				out = append(out, tok{i, i + w, true, t[i : i+w]})
				i += w
				continue
			}
		}
		// a word: word runes, and - ’ ' . ‑ between two word runes
		j := i + w
		for j < g.e {
			c := t[j]
			if c < utf8.RuneSelf {
				if asciiClass[c]&(asciiLetter|asciiDigit) != 0 {
					j++
					continue
				}
				if (c == '-' || c == '\'' || c == '.') && j+1 < g.e && isWordRune(runeAt1(t, j+1)) {
					j++
					continue
				}
				break
			}
			r2, w2 := utf8.DecodeRuneInString(t[j:])
			if isWordRune(r2) {
				j += w2
				continue
			}
			if (r2 == '’' || r2 == '‑') && j+w2 < g.e && isWordRune(runeAt1(t, j+w2)) {
				j += w2
				continue
			}
			break
		}
		var lw string
		if low != "" {
			lw = low[i:j]
		} else {
			lw = lower(t[i:j])
		}
		out = append(out, tok{i, j, false, lw})
		i = j
	}
	return out
}

// lowerAligned returns t in lower case, rune by rune as strings.ToLower
// does, when every rune's lower-case form has the UTF-8 width of the rune
// itself: then the lower-case form of t[i:j] is low[i:j] for any rune
// boundaries i and j, and ok is true. Otherwise (a rune such as 'İ' or
// 'Ⱥ', or invalid UTF-8) it returns "", false.
func lowerAligned(t string) (low string, ok bool) {
	var b strings.Builder
	var word [8]byte
	last := 0 // t[last:i] is unchanged and not yet written to b
	flush := func(i int, changed []byte) {
		if b.Cap() == 0 {
			b.Grow(len(t))
		}
		b.WriteString(t[last:i])
		b.Write(changed)
		last = i + len(changed)
	}
	for i := 0; i < len(t); {
		if i+8 <= len(t) {
			// eight ASCII bytes at once: add 0x20 to those in 'A'..'Z'
			x := le64(t, i)
			if x&0x8080808080808080 == 0 {
				ge := x + 0x3f3f3f3f3f3f3f3f // bit 7 set where the byte is >= 'A'
				gt := x + 0x2525252525252525 // bit 7 set where the byte is > 'Z'
				if up := ge &^ gt & 0x8080808080808080; up != 0 {
					binary.LittleEndian.PutUint64(word[:], x|up>>2)
					flush(i, word[:])
				}
				i += 8
				continue
			}
		}
		c := t[i]
		if c < utf8.RuneSelf {
			if c-'A' < 26 {
				word[0] = c + ('a' - 'A')
				flush(i, word[:1])
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(t[i:])
		if r == utf8.RuneError && w == 1 {
			return "", false
		}
		if l := unicode.ToLower(r); l != r {
			if utf8.RuneLen(l) != w {
				return "", false
			}
			flush(i, utf8.AppendRune(word[:0], l))
		}
		i += w
	}
	if b.Cap() == 0 {
		return t, true
	}
	b.WriteString(t[last:])
	return b.String(), true
}

// isCap reports whether the word starts with an upper-case letter.
func isCap(w string) bool {
	if w != "" && w[0] < utf8.RuneSelf {
		return asciiClass[w[0]]&asciiUpper != 0
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// lower returns the lower-case form of an ASCII-or-Unicode word cheaply.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(w)
		}
	}
	return w
}

// possessive strips a trailing 's / ’s.
func stripPossessive(w string) (string, bool) {
	for _, suf := range []string{"’s", "'s"} {
		if strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)], true
		}
	}
	if strings.HasSuffix(w, "s’") || strings.HasSuffix(w, "s'") {
		_, n := utf8.DecodeLastRuneInString(w)
		return w[:len(w)-n], true
	}
	return w, false
}

// wordCountMax counts word tokens in t[g], stopping after max+1.
func wordCountMax(t string, g seg, max int) int {
	n, in := 0, false
	for i := g.s; i < g.e && n <= max; {
		r, w := runeAt(t, i)
		if isWordRune(r) {
			if !in {
				n++
			}
			in = true
		} else if isSpaceRune(r) || r == '—' || r == '–' {
			in = false
		}
		i += w
	}
	return n
}
