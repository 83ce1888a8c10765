package quotes

import (
	"math/rand"
	"testing"
	"unicode/utf8"
)

func TestRuneIndex(t *testing.T) {
	alphabet := []rune("ab “”‘’«»„é€𝄞日\n\"'")
	rng := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 63, 64, 65, 200, 1000} {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[rng.Intn(len(alphabet))]
		}
		text := string(rs)
		if n == 1000 {
			text = "é" + string(make([]byte, 126)) // exactly two blocks
		}
		ix := newRuneIndex(text)
		r := 0
		for b := 0; b <= len(text); {
			if got := ix.runeOf(b); got != r {
				t.Fatalf("n=%d runeOf(%d) = %d, want %d", n, b, got, r)
			}
			if got := ix.byteOf(r); got != b {
				t.Fatalf("n=%d byteOf(%d) = %d, want %d", n, r, got, b)
			}
			if b == len(text) {
				break
			}
			_, w := utf8.DecodeRuneInString(text[b:])
			b += w
			r++
		}
		if got := ix.byteOf(r + 5); got != len(text) {
			t.Fatalf("byteOf past the end = %d, want %d", got, len(text))
		}
		if got := ix.runeOf(len(text) + 5); got != r {
			t.Fatalf("runeOf past the end = %d, want %d", got, r)
		}
	}
}

// FuzzRuneIndex checks runeOf at every byte offset against counting.
func FuzzRuneIndex(f *testing.F) {
	f.Add("ab “”‘’«»„é€𝄞日\n\"' " + string(make([]byte, 130)) + "é")
	f.Add("\xff\xc2\x80\xe2\x80")
	f.Fuzz(func(t *testing.T, text string) {
		ix := newRuneIndex(text)
		n := 0
		for b := 0; b <= len(text); b++ {
			if got := ix.runeOf(b); got != n {
				t.Fatalf("runeOf(%d) = %d, want %d", b, got, n)
			}
			if b < len(text) && text[b]&0xC0 != 0x80 {
				n++
			}
		}
	})
}
