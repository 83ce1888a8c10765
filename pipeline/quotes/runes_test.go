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
