package pipeline

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize rejects documents no later stage can use, each with a stable
// code: invalid_utf8 (with the byte offset of the first bad byte), binary
// (NUL bytes, or mostly control characters), and empty (nothing but white
// space). It changes no text: every offset stays one into the text as read.
type Normalize struct{}

// Process implements Stage.
func (Normalize) Process(ctx context.Context, rec *Record) error {
	text := rec.Doc.Text
	if !utf8.ValidString(text) {
		at := firstInvalid(text)
		return &RecordError{Code: CodeInvalidUTF8, Message: fmt.Sprintf("invalid UTF-8 at byte %d", at)}
	}
	if strings.IndexByte(text, 0) >= 0 {
		return &RecordError{Code: CodeBinary, Message: "text holds NUL bytes"}
	}
	ctrl, n, space := 0, 0, 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			// ASCII: a table instead of the unicode package
			k := asciiKind[c]
			n++
			space += int(k & kindSpace)
			ctrl += int(k >> 1)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(text[i:])
		i += w
		n++
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			space++
		case unicode.IsControl(r):
			ctrl++
		case unicode.IsSpace(r):
			space++
		}
	}
	if space == n {
		return &RecordError{Code: CodeEmpty, Message: "document has no text"}
	}
	if ctrl*10 > n {
		return &RecordError{Code: CodeBinary, Message: fmt.Sprintf("%d of %d characters are control characters", ctrl, n)}
	}
	return nil
}

// Kinds of ASCII bytes for Normalize, as its rune switch sorts them:
// '\n', '\r', '\t' and ' ' are space; other C0 controls and DEL are
// control characters ('\v' and '\f' included: unicode.IsControl comes
// first).
const (
	kindOther   = 0
	kindSpace   = 1
	kindControl = 2 // kind>>1 is 1 for control characters only
)

var asciiKind = func() (k [utf8.RuneSelf]uint8) {
	for c := range k {
		r := rune(c)
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			k[c] = kindSpace
		case unicode.IsControl(r):
			k[c] = kindControl
		case unicode.IsSpace(r):
			k[c] = kindSpace
		}
	}
	return
}()

func firstInvalid(s string) int {
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			return i
		}
		i += w
	}
	return -1
}
