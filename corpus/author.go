package corpus

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// An AuthoredArticle is the hand-writable form of a GoldArticle: quotes are
// given by their exact text instead of offsets, and BuildGold computes the
// offsets. Quotes are listed in document order; each is searched for after
// the end of the previous one, or after the first occurrence of After.
type AuthoredArticle struct {
	ID     string          `json:"id"`
	Genre  string          `json:"genre,omitempty"`
	Origin string          `json:"origin,omitempty"`
	Text   string          `json:"text"`
	Quotes []AuthoredQuote `json:"quotes"`
}

// An AuthoredQuote is a GoldQuote located by text. Exactly one of Quote and
// Parts is set.
type AuthoredQuote struct {
	Quote          string            `json:"quote,omitempty"`
	Parts          []string          `json:"parts,omitempty"`
	After          string            `json:"after,omitempty"`
	Kind           string            `json:"kind"`
	Speaker        string            `json:"speaker"`
	SpeakerMention string            `json:"speaker_mention"`
	Role           string            `json:"role,omitempty"`
	Cue            string            `json:"cue"`
	Stances        map[string]Stance `json:"stances"`
}

// BuildGold locates every authored quote in the text and returns the gold
// article with code-point offsets and the article's fixed split.
func BuildGold(a AuthoredArticle) (GoldArticle, error) {
	g := GoldArticle{ID: a.ID, Text: a.Text, Split: SplitOf(a.ID), Genre: a.Genre, Origin: a.Origin, Quotes: []GoldQuote{}}
	if a.ID == "" {
		return g, fmt.Errorf("article without id")
	}
	posByte := 0 // search position in bytes
	for i, q := range a.Quotes {
		pieces := q.Parts
		if q.Quote != "" {
			if len(pieces) > 0 {
				return g, fmt.Errorf("%s quote %d: both quote and parts", a.ID, i+1)
			}
			pieces = []string{q.Quote}
		}
		if len(pieces) == 0 {
			return g, fmt.Errorf("%s quote %d: no quote text", a.ID, i+1)
		}
		from := posByte
		if q.After != "" {
			k := strings.Index(a.Text, q.After)
			if k < 0 {
				return g, fmt.Errorf("%s quote %d: after-anchor %q not in text", a.ID, i+1, q.After)
			}
			from = k + len(q.After)
		}
		var parts [][2]int
		for _, p := range pieces {
			k := strings.Index(a.Text[from:], p)
			if k < 0 {
				return g, fmt.Errorf("%s quote %d: %q not found after byte %d", a.ID, i+1, short(p), from)
			}
			sb := from + k
			eb := sb + len(p)
			parts = append(parts, [2]int{utf8.RuneCountInString(a.Text[:sb]), utf8.RuneCountInString(a.Text[:eb])})
			from = eb
		}
		posByte = from
		gq := GoldQuote{
			Start: parts[0][0], End: parts[len(parts)-1][1],
			Kind: q.Kind, Speaker: q.Speaker, SpeakerMention: q.SpeakerMention,
			Role: q.Role, Cue: q.Cue, Stances: q.Stances,
		}
		if gq.Stances == nil {
			gq.Stances = map[string]Stance{}
		}
		if len(parts) > 1 {
			gq.Parts = parts
		}
		g.Quotes = append(g.Quotes, gq)
	}
	return g, nil
}

func short(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// DecodeAuthored decodes one authored article, rejecting unknown fields.
func DecodeAuthored(b []byte) (AuthoredArticle, error) {
	var a AuthoredArticle
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	err := dec.Decode(&a)
	return a, err
}
