package quotes

import (
	"math/bits"
	"unicode/utf8"
)

// runeIndex converts byte offsets of one text to code-point offsets and back
// in O(1) amortized time: it stores the code-point count at the start of
// every block of indexBlock bytes, and counts within a block.
type runeIndex struct {
	text  string
	ascii bool
	cps   []int32 // cps[k] = code points in text[:k*indexBlock]
}

const indexBlock = 64

func newRuneIndex(text string) *runeIndex {
	ix := &runeIndex{text: text, ascii: true}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ix.ascii = false
			break
		}
	}
	if ix.ascii {
		return ix
	}
	ix.cps = make([]int32, len(text)/indexBlock+1)
	n := int32(0)
	i := 0
	for ; i+indexBlock <= len(text); i += indexBlock {
		// a whole block, eight bytes at a time: count the continuation
		// bytes (10xxxxxx: bit 7 set, bit 6 clear)
		ix.cps[i/indexBlock] = n
		cont := 0
		for k := i; k < i+indexBlock; k += 8 {
			x := le64(text, k)
			cont += bits.OnesCount64(x &^ (x << 1) & 0x8080808080808080)
		}
		n += int32(indexBlock - cont)
	}
	for ; i < len(text); i++ {
		if i%indexBlock == 0 {
			ix.cps[i/indexBlock] = n
		}
		if text[i]&0xC0 != 0x80 { // not a continuation byte
			n++
		}
	}
	if len(text)%indexBlock == 0 {
		ix.cps[len(text)/indexBlock] = n
	}
	return ix
}

// le64 reads the eight bytes of s at i as a little-endian word.
func le64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// runeOf returns the code-point offset of byte offset b (clamped to the
// text). A b inside a multi-byte rune counts that rune as started.
func (ix *runeIndex) runeOf(b int) int {
	if b <= 0 {
		return 0
	}
	if b > len(ix.text) {
		b = len(ix.text)
	}
	if ix.ascii {
		return b
	}
	k := b / indexBlock
	n := int(ix.cps[k])
	for i := k * indexBlock; i < b; i++ {
		if ix.text[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// byteOf returns the byte offset of code-point offset r (clamped).
func (ix *runeIndex) byteOf(r int) int {
	if r <= 0 {
		return 0
	}
	if ix.ascii {
		if r > len(ix.text) {
			return len(ix.text)
		}
		return r
	}
	// largest block whose start count <= r
	lo, hi := 0, len(ix.cps)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if int(ix.cps[mid]) <= r {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	n := int(ix.cps[lo])
	i := lo * indexBlock
	// move to the first rune start at or after the block start
	for i < len(ix.text) && ix.text[i]&0xC0 == 0x80 {
		i++
	}
	for i < len(ix.text) {
		if n == r {
			return i
		}
		_, w := utf8.DecodeRuneInString(ix.text[i:])
		i += w
		n++
	}
	return len(ix.text)
}
