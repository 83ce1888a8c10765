package quotes

import (
	"reflect"
	"testing"
)

// scanMarksReference is scanMarks before its byte-level fast path.
func scanMarksReference(t string, paras []seg) []markQ {
	var out []markQ
	for pi := 0; pi < len(paras); pi++ {
		p := paras[pi]
		noCloserFrom := map[rune]int{}
		i := p.s
		for i < p.e {
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
					i += w
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

// FuzzScanMarks holds scanMarks to the rune-by-rune scan, valid UTF-8 or
// not.
func FuzzScanMarks(f *testing.F) {
	for _, s := range []string{
		"“We will,” he said. «Oui» „low“ ‘single’ 'em 'twas ‹x› \"a\" b\"",
		"“Open\n“Still open\n“closed”",
		"\xc2\xe2\x80\x9cx\xe2\x80\x9d \xe2\x80 \"\xe2\x80\x22 y\"",
		"soldiers’ homes ‘90s ’22 \u00ab\u00bb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		paras := paragraphs(s)
		got, want := scanMarks(s, paras), scanMarksReference(s, paras)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("scanMarks(%q):\n%+v\nwant\n%+v", s, got, want)
		}
	})
}
