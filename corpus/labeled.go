package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Quote kinds, as written in gold data and in stance/v1 records.
// Transcript turns are direct quotes.
const (
	KindDirect   = "direct"
	KindBlock    = "block"
	KindSplit    = "split"
	KindIndirect = "indirect"
)

// Kinds lists the quote kinds.
var Kinds = []string{KindDirect, KindBlock, KindSplit, KindIndirect}

// Split names.
const (
	SplitTrain = "train"
	SplitDev   = "dev"
	SplitTest  = "test"
)

// SplitOf returns the fixed split of an article id: a stable FNV-1a hash of
// the id, 60% train, 15% dev, 25% test. Splits are by article, never by quote.
func SplitOf(id string) string {
	h := fnv.New64a()
	h.Write([]byte(id))
	switch v := h.Sum64() % 100; {
	case v < 60:
		return SplitTrain
	case v < 75:
		return SplitDev
	default:
		return SplitTest
	}
}

// A GoldArticle is one labeled article: its text and every quotation in it.
type GoldArticle struct {
	ID     string      `json:"id"`
	Text   string      `json:"text"`
	Split  string      `json:"split"`
	Genre  string      `json:"genre,omitempty"`  // wire, regional, liveblog, transcript, press_release, oped, ...
	Origin string      `json:"origin,omitempty"` // "written for stance" or the attribution of real text
	Quotes []GoldQuote `json:"quotes"`
	// Line is the article's 1-based line in the file it was read from.
	Line int `json:"-"`
}

// A GoldQuote is one labeled quotation. Start and End are code-point offsets
// into the article text; quotation marks are excluded. A quote in several
// pieces has Parts, and Start/End run from the first part's start to the
// last part's end.
type GoldQuote struct {
	Start          int               `json:"start"`
	End            int               `json:"end"`
	Parts          [][2]int          `json:"parts,omitempty"`
	Kind           string            `json:"kind"`
	Speaker        string            `json:"speaker"`
	SpeakerMention string            `json:"speaker_mention"`
	Role           string            `json:"role,omitempty"` // for anonymous speakers ("unknown")
	Cue            string            `json:"cue"`
	Stances        map[string]Stance `json:"stances"`
}

// Spans returns the quote's content spans: its Parts, or [Start, End).
func (q GoldQuote) Spans() []Span {
	if len(q.Parts) == 0 {
		return []Span{{q.Start, q.End}}
	}
	out := make([]Span, len(q.Parts))
	for i, p := range q.Parts {
		out[i] = Span{p[0], p[1]}
	}
	return out
}

// SliceRunes returns text[start:end) in code points. It panics if the span is
// out of range, like a slice expression.
func SliceRunes(text string, start, end int) string {
	b0, b1 := ByteRange(text, start, end)
	return text[b0:b1]
}

// ByteRange converts a code-point span of text to a byte span. Offsets past
// the end clamp to len(text); it panics if start > end or start < 0.
func ByteRange(text string, start, end int) (startByte, endByte int) {
	if start < 0 || start > end {
		panic(fmt.Sprintf("corpus: bad span [%d,%d)", start, end))
	}
	i, n := 0, 0
	startByte, endByte = len(text), len(text)
	for i < len(text) {
		if n == start {
			startByte = i
		}
		if n == end {
			endByte = i
			return
		}
		_, w := utf8.DecodeRuneInString(text[i:])
		i += w
		n++
	}
	if n == start {
		startByte = i
	}
	return
}

// QuoteText returns the text of q in text: its parts joined by one space.
func QuoteText(text string, spans []Span) string {
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = SliceRunes(text, s.Start, s.End)
	}
	return strings.Join(parts, " ")
}

// ErrGoldLine wraps a problem with one line of a labeled file.
var ErrGoldLine = errors.New("corpus: bad labeled line")

// ReadGold reads gold articles, one JSON object a line, from r. Blank lines
// are skipped. name is used in error messages as name:line.
func ReadGold(r io.Reader, name string) ([]GoldArticle, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var out []GoldArticle
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var a GoldArticle
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if jerr := dec.Decode(&a); jerr != nil {
				return out, fmt.Errorf("%s:%d: %w: %v", name, line, ErrGoldLine, jerr)
			}
			a.Line = line
			out = append(out, a)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

// LoadGold reads a labeled file from disk.
func LoadGold(path string) ([]GoldArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadGold(f, path)
}
