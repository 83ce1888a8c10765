package quotes

import (
	"unicode"
)

// markQ is a quotation found by its marks: content spans (one per
// paragraph) and the byte positions of the first opening mark and just past
// the last closing mark (the content end when unclosed).
type markQ struct {
	parts  []seg
	open   int
	close  int
	closed bool
	para   int // paragraph index of the first part
	lastP  int // paragraph index of the last part
	mark   rune
}

// closerFor returns the closing marks for an opening mark: primary and
// fallback (0 when none).
func closerFor(r rune) (rune, rune) {
	switch r {
	case '“':
		return '”', '"'
	case '„':
		return '“', '”'
	case '«':
		return '»', 0
	case '‹':
		return '›', 0
	case '"':
		return '"', '”'
	case '‘':
		return '’', 0
	case '\'':
		return '\'', 0
	}
	return 0, 0
}

func isSingle(r rune) bool { return r == '‘' || r == '\'' }

// singleOpenerOK decides whether a single mark at i opens a quotation rather
// than being an apostrophe (‘90s, 'em).
func singleOpenerOK(t string, i, w int, end int) bool {
	prev := runeBefore(t, i)
	if isWordRune(prev) || prev == '.' || prev == ',' {
		return false
	}
	next, nw := runeAt(t, i+w)
	if i+w >= end || next == 0 || isSpaceRune(next) {
		return false
	}
	if unicode.IsDigit(next) { // ‘90s, '22
		j := i + w + nw
		for j < end {
			r, rw := runeAt(t, j)
			if !unicode.IsDigit(r) {
				break
			}
			j += rw
		}
		r, _ := runeAt(t, j)
		if r == 's' || isSpaceRune(r) || r == 0 || r == ',' || r == '.' {
			return false
		}
	}
	if t[i] == '\'' {
		// elisions: 'em, 'til, 'cause, 'n', 'tis, 'twas
		for _, e := range []string{"em ", "til ", "cause ", "n' ", "tis ", "twas "} {
			if len(t) >= i+1+len(e) && t[i+1:i+1+len(e)] == e {
				return false
			}
		}
	}
	return true
}

// singleCloserAt classifies a single closing mark at j: 0 not a closer
// (an apostrophe inside a word), 1 weak (a plural possessive like
// "soldiers’ homes" could be either), 2 strong.
func singleCloserAt(t string, j, w, end int) int {
	prev := runeBefore(t, j)
	if prev == 0 || isSpaceRune(prev) {
		return 0
	}
	next, nw := runeAt(t, j+w)
	if j+w < end && isWordRune(next) {
		return 0
	}
	if prev == 's' && j+w < end && isSpaceRune(next) {
		n2, _ := runeAt(t, j+w+nw)
		if unicode.IsLower(n2) {
			return 1
		}
	}
	return 2
}

// scanMarks finds every quotation delimited by marks, paragraph by
// paragraph, in one left-to-right pass. Nested marks belong to the outer
// quotation. An unclosed double mark runs to its paragraph end, or on into
// the next paragraph when that one opens with a mark again (the
// multi-paragraph convention). Unclosed single marks are apostrophes.
func scanMarks(t string, paras []seg) []markQ {
	var out []markQ
	for pi := 0; pi < len(paras); pi++ {
		p := paras[pi]
		noCloserFrom := map[rune]int{}
		i := p.s
		for i < p.e {
			// Fast path: only ' and " among ASCII bytes, and runes led by
			// 0xC2 («) or 0xE2 (“ „ ‘ ‹), can open a quotation. Other
			// bytes, continuation bytes included, are stepped over one at
			// a time, which lands where decoding rune by rune would.
			if c := t[i]; c != '"' && c != '\'' && c != 0xC2 && c != 0xE2 {
				i++
				continue
			}
			r, w := runeAt(t, i)
			c1, c2 := closerFor(r)
			if c1 == 0 {
				i += w
				continue
			}
			if isSingle(r) && !singleOpenerOK(t, i, w, p.e) {
				i += w
				continue
			}
			if r == '"' {
				prev := runeBefore(t, i)
				next, _ := runeAt(t, i+w)
				if isWordRune(prev) && (i+w >= p.e || isSpaceRune(next)) {
					i += w // a stray closing mark
					continue
				}
			}
			if from, ok := noCloserFrom[r]; ok && i >= from {
				if isSingle(r) {
					i += w
					continue
				}
			}
			j, jw := findCloser(t, i+w, p.e, r, c1, c2)
			if j >= 0 {
				q := markQ{parts: []seg{{i + w, j}}, open: i, close: j + jw, closed: true, para: pi, lastP: pi, mark: r}
				out = append(out, q)
				i = j + jw
				continue
			}
			noCloserFrom[r] = i
			if isSingle(r) {
				i += w
				continue
			}
			// unclosed double mark: to the paragraph end, or on into following
			// paragraphs that open with a mark.
			q := markQ{parts: []seg{{i + w, p.e}}, open: i, close: p.e, para: pi, lastP: pi, mark: r}
			for pi+1 < len(paras) {
				np := paras[pi+1]
				r2, w2 := runeAt(t, np.s)
				if r2 != r && !(r2 == '“' || r2 == '"' || r2 == '«' || r2 == '„') {
					break
				}
				pi++
				q.lastP = pi
				j, jw := findCloser(t, np.s+w2, np.e, r2, c1, c2)
				if j >= 0 {
					q.parts = append(q.parts, seg{np.s + w2, j})
					q.close = j + jw
					q.closed = true
					// continue scanning the rest of this paragraph
					p = np
					noCloserFrom = map[rune]int{}
					break
				}
				q.parts = append(q.parts, seg{np.s + w2, np.e})
				q.close = np.e
				p = np
			}
			out = append(out, q)
			if q.closed {
				i = q.close
				continue
			}
			i = p.e
		}
	}
	return out
}

// findCloser finds the closing mark for opener r in t[from:end): the first
// primary closer, or for double marks the first fallback closer when no
// primary one exists. It returns -1 when there is none.
func findCloser(t string, from, end int, r, c1, c2 rune) (int, int) {
	if r == '"' {
		return findASCIICloser(t, from, end)
	}
	fb, fbw := -1, 0
	weak, weakw := -1, 0
	depth := 0
	for j := from; j < end; {
		x, w := runeAt(t, j)
		if x == r && r != c1 && !isSingle(r) {
			depth++ // a nested quotation with the same marks
			j += w
			continue
		}
		if x == c1 && depth > 0 {
			depth--
			j += w
			continue
		}
		if x == c1 {
			if !isSingle(r) {
				return j, w
			}
			switch singleCloserAt(t, j, w, end) {
			case 2:
				return j, w
			case 1:
				if weak < 0 {
					weak, weakw = j, w
				}
			}
		} else if x == c2 && c2 != 0 && fb < 0 {
			if c2 != '"' || !isWordRune(runeAt1(t, j+w)) {
				fb, fbw = j, w
			}
		}
		j += w
	}
	if weak >= 0 {
		return weak, weakw
	}
	return fb, fbw
}

func runeAt1(t string, i int) rune {
	r, _ := runeAt(t, i)
	return r
}

// findASCIICloser finds the closing " for a quotation opened before from,
// counting nested "…" pairs inside it: a mark with space before and a word
// after opens a nested quotation, a mark after a word or punctuation and
// before space or punctuation closes one.
func findASCIICloser(t string, from, end int) (int, int) {
	depth := 0
	for j := from; j < end; j++ {
		if t[j] != '"' {
			continue
		}
		prev := runeBefore(t, j)
		next, _ := runeAt(t, j+1)
		prevSpace := j == from || prev == 0 || isSpaceRune(prev) || prev == '(' || prev == '[' || prev == '—' || prev == '–'
		nextSpace := j+1 >= end || isSpaceRune(next) || next == 0
		nextPunct := !nextSpace && !isWordRune(next)
		switch {
		case prevSpace && !nextSpace && !nextPunct:
			depth++ // opens a nested quotation
		case depth > 0:
			depth--
		default:
			return j, 1
		}
	}
	return -1, 0
}
