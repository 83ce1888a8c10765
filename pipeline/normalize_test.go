package pipeline

import (
	"context"
	"fmt"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// normalizeReference is Normalize's rune loop before its ASCII table.
func normalizeReference(text string) (ctrl, n, space int) {
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
	return
}

func checkNormalize(t *testing.T, text string) {
	t.Helper()
	rec := &Record{Doc: corpus.Document{Text: text}}
	err := Normalize{}.Process(context.Background(), rec)
	var want error
	ctrl, n, space := normalizeReference(text)
	switch {
	case !utf8.ValidString(text):
		want = &RecordError{Code: CodeInvalidUTF8, Message: fmt.Sprintf("invalid UTF-8 at byte %d", firstInvalid(text))}
	case len(text) > 0 && containsNUL(text):
		want = &RecordError{Code: CodeBinary, Message: "text holds NUL bytes"}
	case space == n:
		want = &RecordError{Code: CodeEmpty, Message: "document has no text"}
	case ctrl*10 > n:
		want = &RecordError{Code: CodeBinary, Message: fmt.Sprintf("%d of %d characters are control characters", ctrl, n)}
	}
	if fmt.Sprint(err) != fmt.Sprint(want) {
		t.Fatalf("Normalize(%q) = %v, want %v", text, err, want)
	}
}

func containsNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

func TestNormalizeSame(t *testing.T) {
	for _, s := range []string{"", " ", "\n\t\r ", "a", "\v\f\v\f\v\f\v\f\v\fa", "\x01\x02 abc \x7f",
		"\u0085\u00a0\u2028", "text\x1b[0m with escapes", "ok\x00", "\xff", "é \u200b x",
		"\x01\x01abcdefghijklmnopqrs", "\x01\x01\x01abcdefghijklmnopqrs", "\u0080\u009f words"} {
		checkNormalize(t, s)
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("Hello, world.\n")
	f.Add("\v\f\x1b\u0085\u00a0 x")
	f.Fuzz(func(t *testing.T, s string) { checkNormalize(t, s) })
}
