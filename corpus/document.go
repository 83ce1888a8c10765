package corpus

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A Document is one article as read from a corpus.
type Document struct {
	ID     string // from the input, or derived from the source
	Text   string // exactly as read; every offset points into it
	Source string // "path:line" (line 0 for whole files), "-:line" for stdin
	Date   string // optional, ISO 8601 as given by the input
}

// A Span is a pair of Unicode code-point offsets [Start, End) into a
// document's text as read.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len reports the number of code points in s.
func (s Span) Len() int { return s.End - s.Start }

// Label is a stance label; its value is its JSON form.
type Label string

// The stance labels. A target a quote does not address has no label; metrics
// call that case Unrelated.
const (
	Favor     Label = "favor"
	Against   Label = "against"
	Neutral   Label = "neutral"
	Unrelated Label = "unrelated"
)

// Labels lists the three stance labels in their canonical order, the order
// of model outputs and probability vectors.
var Labels = [3]Label{Favor, Against, Neutral}

// ParseLabel maps a label as written in data sets to a Label. It is
// case-insensitive and maps "none" to Neutral, as SemEval-2016 data uses it.
func ParseLabel(s string) (Label, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "favor", "favour", "pro":
		return Favor, nil
	case "against", "con":
		return Against, nil
	case "neutral", "none":
		return Neutral, nil
	}
	return "", fmt.Errorf("corpus: unknown stance label %q", s)
}

// Index returns the position of l in Labels, or -1.
func (l Label) Index() int {
	for i, x := range Labels {
		if x == l {
			return i
		}
	}
	return -1
}

// A Stance is a speaker's stance in one quote toward one target, with the
// condition it depends on ("" when unconditional).
type Stance struct {
	Stance    Label  `json:"stance"`
	Condition string `json:"condition"`
}

// MarshalJSON writes the condition as null when empty.
func (s Stance) MarshalJSON() ([]byte, error) {
	var cond any
	if s.Condition != "" {
		cond = s.Condition
	}
	return json.Marshal(struct {
		Stance    Label `json:"stance"`
		Condition any   `json:"condition"`
	}{s.Stance, cond})
}

// UnmarshalJSON accepts {"stance":..., "condition":...} or a bare label
// string ("favor"), which is a stance with no condition.
func (s *Stance) UnmarshalJSON(b []byte) error {
	var bare string
	if err := json.Unmarshal(b, &bare); err == nil {
		l, err := ParseLabel(bare)
		if err != nil {
			return err
		}
		*s = Stance{Stance: l}
		return nil
	}
	var v struct {
		Stance    string  `json:"stance"`
		Condition *string `json:"condition"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	l, err := ParseLabel(v.Stance)
	if err != nil {
		return err
	}
	*s = Stance{Stance: l}
	if v.Condition != nil {
		s.Condition = *v.Condition
	}
	return nil
}

// A Target is something speakers take stances toward. Targets are data: a
// new one needs a name, a description, lexicon entries and, for training,
// labeled examples; no code.
type Target struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Lexicon     []LexEntry `json:"lexicon"`
	Examples    []string   `json:"examples,omitempty"`
}

// A LexEntry is one phrase that signals a target. Matching is
// case-insensitive on word boundaries; Weight scales its evidence (1 when 0).
type LexEntry struct {
	Phrase string  `json:"phrase"`
	Weight float64 `json:"weight,omitempty"`
}
