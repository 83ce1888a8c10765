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
	text := "She said:\n“Security guarantees for Kyiv only make sense once there is a peace agreement.”"
	in := models.Input{Text: text, Parts: []corpus.Span{{Start: 11, End: 88}}, Cue: "said"}
	p := m.Predict(in, "security_guarantees")
	fmt.Printf("condition %q, probabilities sum to %.2f\n", p.Condition, p.Probs[0]+p.Probs[1]+p.Probs[2])
	// Output:
	// condition "peace", probabilities sum to 1.00
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
