package eval

import (
	"math"
	"testing"

	"github.com/stance-project/stance/corpus"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func sp(s, e int) []corpus.Span { return []corpus.Span{{Start: s, End: e}} }

func TestSpanOverlap(t *testing.T) {
	tests := []struct {
		name string
		a, b []corpus.Span
		want float64
	}{
		{"identical", sp(0, 10), sp(0, 10), 1},
		{"disjoint", sp(0, 10), sp(10, 20), 0},
		{"half", sp(0, 10), sp(5, 10), 0.5},         // 5 shared / 10 union
		{"third", sp(0, 10), sp(5, 15), 5.0 / 15.0}, // 5 / 15
		{"parts", []corpus.Span{{Start: 0, End: 4}, {Start: 6, End: 10}}, sp(0, 10), 8.0 / 10.0},
		{"empty", nil, sp(0, 3), 0},
	}
	for _, tc := range tests {
		if got := SpanOverlap(tc.a, tc.b); !near(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestScoreQuotes(t *testing.T) {
	gold := []corpus.GoldQuote{
		{Start: 0, End: 10, Kind: corpus.KindDirect, Speaker: "Ana Ruiz"},
		{Start: 20, End: 30, Kind: corpus.KindBlock, Speaker: "Ana Ruiz"},
		{Start: 40, End: 60, Parts: [][2]int{{40, 48}, {52, 60}}, Kind: corpus.KindSplit, Speaker: "Pedro Lima"},
		{Start: 70, End: 90, Kind: corpus.KindIndirect, Speaker: "unknown"},
	}
	pred := []PredQuote{
		{Spans: sp(0, 10), Kind: corpus.KindDirect, Speaker: "ana  ruiz", Via: "cue"},                                                 // exact, speaker ok (normalized)
		{Spans: sp(20, 28), Kind: corpus.KindBlock, Speaker: "Pedro Lima", Via: "pronoun"},                                            // overlap 0.8, speaker wrong
		{Spans: []corpus.Span{{Start: 40, End: 48}, {Start: 52, End: 60}}, Kind: corpus.KindSplit, Speaker: "Pedro Lima", Via: "cue"}, // exact
		{Spans: sp(75, 100), Kind: corpus.KindIndirect, Speaker: "Unknown", Via: "anonymous"},                                         // overlap 15/30 = 0.5
		{Spans: sp(200, 210), Kind: corpus.KindDirect, Speaker: "X", Via: "cue"},                                                      // false positive
	}
	sc := ScoreQuotes([]QuoteDoc{{ID: "a", Gold: gold, Pred: pred}})

	// all kinds, exact: tp 2 of 5 predicted, 4 gold
	checkPRF(t, "exact all", sc.Exact[GroupAll], 2, 5, 4)
	// all kinds, overlap: tp 4 of 5, 4 gold
	checkPRF(t, "overlap all", sc.Overlap[GroupAll], 4, 5, 4)
	// marked kinds: 4 predicted (3 + false positive), 3 gold; exact tp 2, overlap tp 3
	checkPRF(t, "exact marked", sc.Exact[GroupMarked], 2, 4, 3)
	checkPRF(t, "overlap marked", sc.Overlap[GroupMarked], 3, 4, 3)
	// per kind
	checkPRF(t, "exact direct", sc.Exact[corpus.KindDirect], 1, 2, 1)
	checkPRF(t, "exact block", sc.Exact[corpus.KindBlock], 0, 1, 1)
	checkPRF(t, "overlap block", sc.Overlap[corpus.KindBlock], 1, 1, 1)
	checkPRF(t, "overlap indirect", sc.Overlap[corpus.KindIndirect], 1, 1, 1)
	if r := sc.Exact[GroupAll]; !near(r.Precision, 0.4) || !near(r.Recall, 0.5) || !near(r.F1, 2*0.4*0.5/0.9) {
		t.Errorf("exact all P/R/F1 = %v/%v/%v", r.Precision, r.Recall, r.F1)
	}
	// speakers over the 4 matched quotes: 3 correct
	if a := sc.Speaker; a.N != 4 || a.Correct != 3 || !near(a.Accuracy, 0.75) {
		t.Errorf("speaker = %+v, want 3/4", a)
	}
	want := map[string][2]int{"cue": {2, 2}, "pronoun": {0, 1}, "anonymous": {1, 1}}
	for via, w := range want {
		if a := sc.SpeakerByVia[via]; a.Correct != w[0] || a.N != w[1] {
			t.Errorf("via %s = %+v, want %d/%d", via, a, w[0], w[1])
		}
	}
}

func checkPRF(t *testing.T, name string, r PRF, tp, pred, gold int) {
	t.Helper()
	if r.TP != tp || r.Pred != pred || r.Gold != gold {
		t.Errorf("%s: tp/pred/gold = %d/%d/%d, want %d/%d/%d", name, r.TP, r.Pred, r.Gold, tp, pred, gold)
	}
	p, rc := 0.0, 0.0
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		rc = float64(tp) / float64(gold)
	}
	if !near(r.Precision, p) || !near(r.Recall, rc) {
		t.Errorf("%s: P/R = %v/%v, want %v/%v", name, r.Precision, r.Recall, p, rc)
	}
}

func TestMatchIsOneToOne(t *testing.T) {
	// two predictions over one gold quote: only one matches
	gold := []corpus.GoldQuote{{Start: 0, End: 10, Kind: corpus.KindDirect, Speaker: "A"}}
	pred := []PredQuote{{Spans: sp(0, 9), Kind: corpus.KindDirect}, {Spans: sp(0, 10), Kind: corpus.KindDirect, Speaker: "A"}}
	sc := ScoreQuotes([]QuoteDoc{{Gold: gold, Pred: pred}})
	checkPRF(t, "overlap all", sc.Overlap[GroupAll], 1, 2, 1)
	if sc.Speaker.Correct != 1 || sc.Speaker.N != 1 {
		t.Errorf("speaker %+v: the best-overlap prediction should be matched", sc.Speaker)
	}
	// no speaker found counts as wrong, under via "none"
	sc = ScoreQuotes([]QuoteDoc{{Gold: gold, Pred: pred[:1]}})
	if a := sc.SpeakerByVia["none"]; a.N != 1 || a.Correct != 0 {
		t.Errorf("none = %+v", a)
	}
}

func TestNormalizeSpeaker(t *testing.T) {
	if NormalizeSpeaker("  Ana\tRUIZ ") != "ana ruiz" {
		t.Error("case and white space should not matter")
	}
}
