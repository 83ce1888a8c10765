package models

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
)

func TestGroupsOf(t *testing.T) {
	got := groupsOf([]string{"a", "", "a", "b", "c", "c", "c"})
	want := []int{0, -1, 0, -1, 1, 1, 1}
	if !slices.Equal(got, want) {
		t.Fatalf("groupsOf = %v, want %v (a lone key and an empty one are in no group)", got, want)
	}
}

func TestSmoothScores(t *testing.T) {
	z := [][3]float64{{1, 0, 0}, {0, 2, 0}, {0, 0, 3}, {4, 4, 4}}
	group := []int{0, 0, 0, -1}
	got := smoothScores(z, group, 0.5)
	// item 0: own + 0.5 * mean of items 1 and 2 = (1, 0, 0) + 0.5*(0, 1, 1.5)
	want := [][3]float64{{1, 0.5, 0.75}, {0.25, 2, 0.75}, {0.25, 0.5, 3}, {4, 4, 4}}
	for i := range want {
		for c := range 3 {
			if math.Abs(got[i][c]-want[i][c]) > 1e-12 {
				t.Fatalf("smoothScores[%d] = %v, want %v", i, got[i], want[i])
			}
		}
	}
	if z[0] != [3]float64{1, 0, 0} {
		t.Fatalf("smoothScores changed its input: %v", z[0])
	}
	if same := smoothScores(z, group, 0); !slices.Equal(same, z) {
		t.Fatalf("weight 0 changed the scores: %v", same)
	}
}

// docQuotes is a document with two quotes of one named speaker, one of
// another, and one of an unnamed source, all toward ceasefire.
func docQuotes(t *testing.T) []DocQuote {
	text := "Talks\n\n“A truce now would only let them rearm,” Ana Ruiz said.\n\n" +
		"“We will never sign a ceasefire that freezes the front,” Ruiz added.\n\n" +
		"“A ceasefire is the first step to peace,” Rui Tavares said.\n\n" +
		"“The truce may hold,” an official said."
	var qs []DocQuote
	for _, c := range []struct{ quote, speaker string }{
		{"A truce now would only let them rearm,", "Ana Ruiz"},
		{"We will never sign a ceasefire that freezes the front,", "Ana Ruiz"},
		{"A ceasefire is the first step to peace,", "Rui Tavares"},
		{"The truce may hold,", "unknown"},
	} {
		in := seedInput(t, text, c.quote)
		in.Speaker = c.speaker
		qs = append(qs, DocQuote{In: in, Targets: []string{"ceasefire"}})
	}
	return qs
}

func TestPredictDocumentWithoutConsistencyIsPredictTargets(t *testing.T) {
	m := defaultModel(t).WithConsistency(0)
	qs := docQuotes(t)
	got := m.PredictDocument(qs)
	for i, q := range qs {
		want := m.PredictTargets(q.In, q.Targets, nil)
		if len(got[i]) != 1 || got[i][0].Label != want[0].Label || got[i][0].Probs != want[0].Probs ||
			!slices.Equal(got[i][0].Evidence, want[0].Evidence) || got[i][0].Condition != want[0].Condition {
			t.Fatalf("quote %d: PredictDocument %+v, PredictTargets %+v", i, got[i], want)
		}
	}
}

func TestPredictDocumentWeighsTheSpeakersOtherQuotes(t *testing.T) {
	m := defaultModel(t).WithConsistency(1)
	qs := docQuotes(t)
	got := m.PredictDocument(qs)
	for i, q := range qs {
		alone := m.PredictTargets(q.In, q.Targets, nil)[0]
		p := got[i][0]
		if s := p.Probs[0] + p.Probs[1] + p.Probs[2]; math.Abs(s-1) > 1e-9 {
			t.Fatalf("quote %d: probabilities sum to %v", i, s)
		}
		if p.Evidence == nil {
			t.Fatalf("quote %d: no evidence for label %s", i, p.Label)
		}
		grouped := i < 2 // Ana Ruiz's two quotes
		if changed := p.Probs != alone.Probs; changed != grouped {
			t.Errorf("quote %d (%s): probabilities changed %v, want %v", i, q.In.Speaker, changed, grouped)
		}
	}
	// Each of Ana Ruiz's quotes moves toward the other's scores.
	a0 := m.PredictTargets(qs[0].In, qs[0].Targets, nil)[0]
	a1 := m.PredictTargets(qs[1].In, qs[1].Targets, nil)[0]
	if d0, d1 := dist(a0.Probs, a1.Probs), dist(got[0][0].Probs, got[1][0].Probs); !(d1 < d0) {
		t.Errorf("the speaker's two quotes did not move closer: %.4f before, %.4f after", d0, d1)
	}
}

func dist(a, b [3]float64) float64 {
	var s float64
	for c := range 3 {
		s += math.Abs(a[c] - b[c])
	}
	return s
}

func TestChooseConsistency(t *testing.T) {
	// Two speakers in each of 40 articles, three quotes each. A speaker's
	// own scores are noisy (one quote in three points the wrong way), but
	// the three together point to the gold label: the weight should rise.
	var exs []Example
	var oof [][3]float64
	var gold []int
	for a := range 40 {
		for s, label := range []corpus.Label{corpus.Favor, corpus.Against} {
			for q := range 3 {
				exs = append(exs, Example{ArticleID: "a" + string(rune('A'+a%26)) + string(rune('a'+a/26)),
					Target: "peace", Label: label, Input: Input{Speaker: []string{"Ana Ruiz", "Rui Tavares"}[s]}})
				var z [3]float64
				right := label.Index()
				if q == (a+s)%3 {
					z[2-right] = 1 // the wrong class
				} else {
					z[right] = 1
				}
				oof = append(oof, z)
				gold = append(gold, right)
			}
		}
	}
	beta, scores := chooseConsistency(exs, oof, gold)
	if beta == 0 || len(scores) != len(consistencyGrid) || !(scores[slices.Index(consistencyGrid, beta)] > scores[0]) {
		t.Fatalf("informative neighbours: chose %v with scores %v, want a positive weight that beats 0", beta, scores)
	}
	// Without named speakers nothing is grouped, and the weight stays 0.
	for i := range exs {
		exs[i].Input.Speaker = "unknown"
	}
	if beta, _ := chooseConsistency(exs, oof, gold); beta != 0 {
		t.Fatalf("no named speakers: chose %v, want 0", beta)
	}
}

func TestConsistencyRoundTrips(t *testing.T) {
	m := defaultModel(t).WithConsistency(0.75)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Consistency() != 0.75 {
		t.Fatalf("consistency %v after a round trip, want 0.75", back.Consistency())
	}
	h := back.hdr
	h.Consistency = -1
	if err := checkHeader(&h); err == nil || !strings.Contains(err.Error(), "consistency") {
		t.Fatalf("a negative consistency passed the header check: %v", err)
	}
}

func defaultModel(t *testing.T) *Model {
	t.Helper()
	m, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
