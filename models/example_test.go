package models_test

import (
	"fmt"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
)

// The default model finds the targets of a quote and the speaker's stance
// toward each.
func ExampleLoadDefault() {
	m, err := models.LoadDefault()
	if err != nil {
		fmt.Println(err)
		return
	}
	text := "He explained:\n“The security guarantees are all contingent on peace.”"
	in := models.Input{Text: text, Parts: []corpus.Span{{Start: 15, End: 67}}, Cue: "explained"}
	for _, mt := range m.Targets(in) {
		p := m.Predict(in, mt.Target)
		fmt.Printf("%s: condition %q, probabilities sum to %.2f\n", mt.Target, p.Condition, p.Probs[0]+p.Probs[1]+p.Probs[2])
	}
	// Output:
	// security_guarantees: condition "peace", probabilities sum to 1.00
}

// A new target is data: a name and lexicon phrases.
func ExampleModel_WithTargets() {
	m, err := models.LoadDefault()
	if err != nil {
		fmt.Println(err)
		return
	}
	m = m.WithTargets([]corpus.Target{{
		Name:    "sanctions",
		Lexicon: []corpus.LexEntry{{Phrase: "sanction*"}, {Phrase: "oil embargo", Weight: 2}},
	}})
	text := "“The oil embargo must stay,” she said."
	in := models.Input{Text: text, Parts: []corpus.Span{{Start: 1, End: 26}}}
	for _, mt := range m.Targets(in) {
		fmt.Println(mt.Target, mt.Hits)
	}
	// Output:
	// sanctions [{5 16}]
}
