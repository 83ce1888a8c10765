package quotes

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stance-project/stance/internal/cputime"
)

// TestLowerAligned checks that every slice of the aligned lower-case text
// at rune boundaries is the lower-case form of the same slice of the text.
func TestLowerAligned(t *testing.T) {
	for _, s := range []string{
		"", "abc", "ABC def", "Ünïcödé ÀÉÎ Ωμέγα Добрый", "“Ana Ruiz” said: «Oui»",
		"ǅungla ǈ ǋ", "ΣΑΣ", "Ⅻ Ⓐ 𐐀𐐁", "\ufffd X",
	} {
		low, ok := lowerAligned(s)
		if !ok {
			t.Errorf("lowerAligned(%q) not ok", s)
			continue
		}
		checkAligned(t, s, low)
	}
	for _, s := range []string{"İstanbul", "Ⱥ", "a\xffB"} {
		if _, ok := lowerAligned(s); ok {
			t.Errorf("lowerAligned(%q) ok, want a width change", s)
		}
	}
}

func checkAligned(t *testing.T, s, low string) {
	t.Helper()
	if len(low) != len(s) {
		t.Fatalf("lowerAligned(%q) = %q: length differs", s, low)
	}
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !utf8.RuneStart(s[i]) {
			continue
		}
		for j := i; j <= len(s); j++ {
			if j < len(s) && !utf8.RuneStart(s[j]) {
				continue
			}
			if want := strings.ToLower(s[i:j]); low[i:j] != want {
				t.Fatalf("lowerAligned(%q)[%d:%d] = %q, want %q", s, i, j, low[i:j], want)
			}
		}
	}
}

// FuzzLowerAligned: where lowerAligned succeeds, its slices are the
// lower-case forms of the text's, and tokens are the same with and without it.
func FuzzLowerAligned(f *testing.F) {
	f.Add("Ana Ruiz said: “We ÉTAIENT here.” İ")
	f.Add("ΣΑΣ Добрый Ⅻ")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64 {
			s = s[:64]
		}
		low, ok := lowerAligned(s)
		if !ok {
			return
		}
		checkAligned(t, s, low)
		a := tokens(s, seg{0, len(s)}, nil)
		b := tokensLow(s, low, seg{0, len(s)}, nil)
		if len(a) != len(b) {
			t.Fatalf("%d tokens, %d with low", len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("token %d: %+v, with low %+v", i, a[i], b[i])
			}
		}
	})
}

func BenchmarkLowerAligned(b *testing.B) {
	texts, n := pressTexts(b)
	b.SetBytes(n)
	for range b.N {
		for _, t := range texts {
			lowerAligned(t)
		}
	}
}

func BenchmarkSegment(b *testing.B) {
	texts, n := pressTexts(b)
	clk := cputime.Bench(b, n)
	for range b.N {
		for _, t := range texts {
			d := &Doc{Text: t}
			d.Segment()
		}
	}
	clk.Done(b)
}

// tokensReference is tokens before its rewrite with ASCII fast paths.
func tokensReference(t string, g seg, out []tok) []tok {
	i := g.s
	for i < g.e {
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
		}
		r, w := runeAt(t, i)
		if isSpaceRune(r) {
			i += w
			continue
		}
		if isWordRune(r) {
			j := i + w
			for j < g.e {
				if c := t[j]; c < utf8.RuneSelf && asciiClass[c]&(asciiLetter|asciiDigit) != 0 {
					j++
					continue
				}
				r2, w2 := runeAt(t, j)
				if isWordRune(r2) {
					j += w2
					continue
				}
				if r2 == '-' || r2 == '’' || r2 == '\'' || r2 == '.' || r2 == '‑' {
					r3, _ := runeAt(t, j+w2)
					if j+w2 < g.e && isWordRune(r3) {
						j += w2
						continue
					}
				}
				break
			}
			out = append(out, tok{i, j, false, lower(t[i:j])})
			i = j
			continue
		}
		out = append(out, tok{i, i + w, true, t[i : i+w]})
		i += w
	}
	return out
}

// FuzzTokens holds tokens, with and without the aligned lower-case text,
// to the reference scan on any text and any byte range of it.
func FuzzTokens(f *testing.F) {
	f.Add("Ana Ruiz’s well-known U.S. e.g. ‘90s rock‑solid ÉTÉ Ⅻ Ⓐ x\u00a0y \xff\xe2\x80 end.", 0, 200)
	f.Add("a-b c'd e.f g’h i‑j -k l- m.", 2, 20)
	f.Fuzz(func(t *testing.T, s string, from, to int) {
		if from < 0 || to > len(s) || from > to {
			from, to = 0, len(s)
		}
		g := seg{from, to}
		// nil and empty are the same to callers
		want := append([]tok{}, tokensReference(s, g, nil)...)
		got := append([]tok{}, tokens(s, g, nil)...)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens(%q, %v):\n%+v\nwant\n%+v", s, g, got, want)
		}
		if low, ok := lowerAligned(s); ok {
			if got := append([]tok{}, tokensLow(s, low, g, nil)...); !reflect.DeepEqual(got, want) {
				t.Fatalf("tokensLow(%q, %v):\n%+v\nwant\n%+v", s, g, got, want)
			}
		}
	})
}

func TestIndexSentenceByte(t *testing.T) {
	for _, s := range []string{"", "abc", "abcdefghijklmnop.", "a.b", "abcdefgh!ijklmnop", "x\xe2\x80\xa6y",
		"\x2e\x21\x3f", "0123456789abcdef0123456789?", "\xe3\xe1\xe2", "........"} {
		for i := 0; i <= len(s); i++ {
			for end := i; end <= len(s); end++ {
				want := end
				for k := i; k < end; k++ {
					if c := s[k]; c == '.' || c == '!' || c == '?' || c == 0xE2 {
						want = k
						break
					}
				}
				if got := indexSentenceByte(s, i, end); got != want {
					t.Fatalf("indexSentenceByte(%q, %d, %d) = %d, want %d", s, i, end, got, want)
				}
			}
		}
	}
}

func FuzzIndexSentenceByte(f *testing.F) {
	f.Add("Ana said. Then… “Why?” he asked!", 0)
	f.Fuzz(func(t *testing.T, s string, i int) {
		if i < 0 || i > len(s) {
			i = 0
		}
		want := len(s)
		for k := i; k < len(s); k++ {
			if c := s[k]; c == '.' || c == '!' || c == '?' || c == 0xE2 {
				want = k
				break
			}
		}
		if got := indexSentenceByte(s, i, len(s)); got != want {
			t.Fatalf("indexSentenceByte(%q, %d) = %d, want %d", s, i, got, want)
		}
	})
}
