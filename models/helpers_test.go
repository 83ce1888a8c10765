package models

import (
	"fmt"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// toyGold builds small labeled articles from templates: every quote
// addresses one default target with a clear stance.
func toyGold(t testing.TB, n int) []corpus.GoldArticle {
	t.Helper()
	type q struct {
		text, target string
		label        corpus.Label
		cond         string
	}
	templates := []q{
		{"We are ready to sit down at the negotiating table tomorrow.", "peace", corpus.Favor, ""},
		{"We welcome the peace talks and want a deal soon.", "peace", corpus.Favor, ""},
		{"Negotiations with this regime are pointless.", "peace", corpus.Against, ""},
		{"There will be no talks, we reject the peace plan.", "peace", corpus.Against, ""},
		{"The delegations will meet again in Istanbul on Tuesday for talks.", "peace", corpus.Neutral, ""},
		{"We call for an immediate ceasefire to save lives.", "ceasefire", corpus.Favor, ""},
		{"A truce now would only let the enemy regroup, we reject it.", "ceasefire", corpus.Against, ""},
		{"The ceasefire took effect at midnight.", "ceasefire", corpus.Neutral, ""},
		{"Ukraine needs binding security guarantees.", "security_guarantees", corpus.Favor, ""},
		{"Foreign guarantors are unacceptable to us and we reject any guarantee.", "security_guarantees", corpus.Against, ""},
		{"Security guarantees are contingent on peace.", "security_guarantees", corpus.Neutral, "peace"},
		{"The weather in the capital was cold today.", "", "", ""},
	}
	var out []corpus.GoldArticle
	for i := range n {
		a := corpus.AuthoredArticle{ID: fmt.Sprintf("toy-%03d", i), Genre: "wire", Origin: "written for stance"}
		a.Text = "Officials spoke on Monday.\n"
		for j := range 3 {
			tp := templates[(i*3+j)%len(templates)]
			a.Text += fmt.Sprintf("“%s” the minister said.\n", tp.text)
			aq := corpus.AuthoredQuote{Quote: tp.text, Kind: corpus.KindDirect, Speaker: "Ana Ruiz", SpeakerMention: "the minister", Cue: "said", Stances: map[string]corpus.Stance{}}
			if tp.target != "" {
				aq.Stances[tp.target] = corpus.Stance{Stance: tp.label, Condition: tp.cond}
			}
			a.Quotes = append(a.Quotes, aq)
		}
		g, err := corpus.BuildGold(a)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	return out
}

func splitExamples(exs []Example) (train, dev, test []Example) {
	for _, ex := range exs {
		switch ex.Split {
		case corpus.SplitTrain:
			train = append(train, ex)
		case corpus.SplitDev:
			dev = append(dev, ex)
		default:
			test = append(test, ex)
		}
	}
	return
}

// toyModel trains a small model on toy data.
func toyModel(t testing.TB) *Model {
	t.Helper()
	tr, dv, _ := splitExamples(AllExamplesFromGold(toyGold(t, 40)))
	f := DefaultFeatures()
	f.HashBits = 16
	m, _, err := Train(TrainConfig{Folds: 2, Features: &f, L2: []float64{1e-3}}, tr, dv)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func seedInput(t testing.TB, text, quote string) Input {
	t.Helper()
	r := []rune(text)
	q := []rune(quote)
	for i := 0; i+len(q) <= len(r); i++ {
		if string(r[i:i+len(q)]) == quote {
			return Input{Text: text, Parts: []corpus.Span{{Start: i, End: i + len(q)}}, Cue: "said"}
		}
	}
	t.Fatalf("quote %q not in text", quote)
	return Input{}
}
