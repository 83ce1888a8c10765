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
	for _, r := range text {
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
