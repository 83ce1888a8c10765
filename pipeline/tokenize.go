package pipeline

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// Segment splits a document into paragraphs, sentences and word tokens,
// the segmentation the quote stages share (quotes.Doc.Segment), once per
// document. The code-point sentence spans of Sentences are not computed
// here: no stage reads them.
type Segment struct{}

// Process implements Stage.
func (Segment) Process(ctx context.Context, rec *Record) error {
	rec.work.Text = rec.Doc.Text
	rec.work.Segment()
	return nil
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "gen": true,
	"lt": true, "col": true, "maj": true, "capt": true, "sgt": true, "adm": true, "gov": true,
	"sen": true, "rep": true, "rev": true, "jr": true, "sr": true, "no": true, "vs": true,
	"etc": true, "e.g": true, "i.e": true, "u.s": true, "u.k": true, "u.n": true, "e.u": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "inc": true, "ltd": true,
	"co": true, "corp": true, "approx": true, "dept": true, "est": true, "fig": true, "pres": true,
}

// Sentences appends the sentence spans of text to dst and returns it: a
// sentence ends at a line break, or at '.', '!' or '?' (with any closing
// quotes and brackets after it) followed by white space and a capital
// letter, digit or opening quote, unless the word before the period is a
// known abbreviation or a single initial. Spans are code points into the
// text, trimmed of white space. The scan is linear-time.
func Sentences(text string, dst []corpus.Span) []corpus.Span {
	start := -1 // code-point start of the current sentence, -1 before its first non-space
	cp := 0     // code-point offset of byte i
	lastNonSpace := 0
	flush := func(end int) {
		if start >= 0 && end > start {
			dst = append(dst, corpus.Span{Start: start, End: end})
		}
		start = -1
	}
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\u2029':
			flush(lastNonSpace)
		case unicode.IsSpace(r):
		default:
			if start < 0 {
				start = cp
			}
			lastNonSpace = cp + 1
			if (r == '.' || r == '!' || r == '?') && endsSentence(text, i, w, r) {
				// Take closing quotes and brackets with the sentence.
				j, c := i+w, cp+1
				for j < len(text) {
					r2, w2 := utf8.DecodeRuneInString(text[j:])
					if !isCloser(r2) {
						break
					}
					j += w2
					c++
				}
				flush(c)
				cp, i = c, j
				continue
			}
		}
		i += w
		cp++
	}
	flush(lastNonSpace)
	return dst
}

// endsSentence reports whether the mark r at byte i ends a sentence.
func endsSentence(text string, i, w int, r rune) bool {
	j := i + w
	for j < len(text) {
		cr, cw := utf8.DecodeRuneInString(text[j:])
		if !isCloser(cr) {
			break
		}
		j += cw
	}
	if j >= len(text) {
		return true
	}
	nr, nw := utf8.DecodeRuneInString(text[j:])
	if !unicode.IsSpace(nr) {
		return false
	}
	for j < len(text) {
		nr, nw = utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(nr) || nr == '\n' {
			break
		}
		j += nw
	}
	if j >= len(text) || nr == '\n' {
		return true
	}
	if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || strings.ContainsRune("\"'“‘«„(", nr)) {
		return false
	}
	if r != '.' {
		return true
	}
	// The word before the period.
	k := i
	for k > 0 {
		pr, pw := utf8.DecodeLastRuneInString(text[:k])
		if !(unicode.IsLetter(pr) || pr == '.') {
			break
		}
		k -= pw
	}
	word := strings.ToLower(text[k:i])
	if abbreviations[word] {
		return false
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(text[k:i])[0]) {
		return false // an initial: "J. Smith"
	}
	return true
}

// isCloser reports whether r closes a quotation or a bracket.
func isCloser(r rune) bool { return strings.ContainsRune("\"'”’»)]", r) }
