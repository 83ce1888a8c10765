package quotes

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/eval"
)

// TestDevReport scores the extractor on a gold file when one exists:
// STANCE_GOLD (default ../../corpus/data/gold.jsonl), splits from
// STANCE_SPLITS (default "dev"; "test" only with STANCE_ALLOW_TEST=1, for
// the final report). STANCE_DEBUG=1 prints every miss.
//
//	STANCE_GOLD=/tmp/gold.jsonl go test -run TestDevReport -v ./pipeline/quotes/
func TestDevReport(t *testing.T) {
	path := os.Getenv("STANCE_GOLD")
	if path == "" {
		path = "../../corpus/data/gold.jsonl"
	}
	arts, err := corpus.LoadGold(path)
	if err != nil {
		t.Skipf("no gold file: %v", err)
	}
	splits := os.Getenv("STANCE_SPLITS")
	if splits == "" {
		splits = corpus.SplitDev
	}
	want := map[string]bool{}
	for _, s := range strings.Split(splits, ",") {
		if s == corpus.SplitTest && os.Getenv("STANCE_ALLOW_TEST") != "1" {
			t.Fatal("the test split is for the final report only: set STANCE_ALLOW_TEST=1")
		}
		want[s] = true
	}
	ex, err := NewExtractor(Config{NER: nerMode()})
	if err != nil {
		t.Fatal(err)
	}
	debug := os.Getenv("STANCE_DEBUG") == "1"
	var docs []eval.QuoteDoc
	for _, a := range arts {
		if !want[a.Split] {
			continue
		}
		d := &Doc{Text: a.Text}
		ctx := context.Background()
		if err := ex.Entities(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := ex.Quotes(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := ex.Speakers(ctx, d); err != nil {
			t.Fatal(err)
		}
		qd := eval.QuoteDoc{ID: a.ID, Gold: a.Quotes}
		for _, q := range d.Quotes {
			p := eval.PredQuote{Kind: q.Kind}
			if len(q.Parts) > 0 {
				for _, pp := range q.Parts {
					p.Spans = append(p.Spans, corpus.Span{Start: pp[0], End: pp[1]})
				}
			} else {
				p.Spans = []corpus.Span{{Start: q.Start, End: q.End}}
			}
			if q.Speaker != nil {
				p.Speaker, p.Via = q.Speaker.Name, q.Speaker.Via
			}
			qd.Pred = append(qd.Pred, p)
		}
		docs = append(docs, qd)
		if debug {
			debugDoc(t, a, qd)
		}
	}
	sc := eval.ScoreQuotes(docs)
	t.Logf("articles: %d (splits %s)", len(docs), splits)
	for _, name := range []string{"exact", "overlap"} {
		m := sc.Exact
		if name == "overlap" {
			m = sc.Overlap
		}
		for _, g := range []string{eval.GroupAll, eval.GroupMarked, corpus.KindDirect, corpus.KindBlock, corpus.KindSplit, corpus.KindIndirect} {
			r := m[g]
			t.Logf("%-8s %-20s P %.3f R %.3f F1 %.3f  (tp %d, pred %d, gold %d)", name, g, r.Precision, r.Recall, r.F1, r.TP, r.Pred, r.Gold)
		}
	}
	t.Logf("speaker accuracy %.3f (%d/%d)", sc.Speaker.Accuracy, sc.Speaker.Correct, sc.Speaker.N)
	var vias []string
	for v := range sc.SpeakerByVia {
		vias = append(vias, v)
	}
	sort.Strings(vias)
	for _, v := range vias {
		a := sc.SpeakerByVia[v]
		t.Logf("  via %-13s %.3f (%d/%d)", v, a.Accuracy, a.Correct, a.N)
	}
}

func debugDoc(t *testing.T, a corpus.GoldArticle, d eval.QuoteDoc) {
	text := []rune(a.Text)
	show := func(sp []corpus.Span) string {
		var b []string
		for _, s := range sp {
			if s.Start >= 0 && s.End <= len(text) && s.Start <= s.End {
				x := string(text[s.Start:s.End])
				if len(x) > 70 {
					x = x[:35] + "…" + x[len(x)-30:]
				}
				b = append(b, x)
			}
		}
		return strings.Join(b, " | ")
	}
	used := map[int]bool{}
	for _, g := range a.Quotes {
		found := -1
		for i, p := range d.Pred {
			if !used[i] && eval.SpanOverlap(g.Spans(), p.Spans) >= 0.5 {
				found = i
				break
			}
		}
		if found < 0 {
			t.Logf("%s MISS  [%s] %q spk=%s", a.ID, g.Kind, show(g.Spans()), g.Speaker)
			continue
		}
		used[found] = true
		p := d.Pred[found]
		if !eval.ExactMatch(g.Spans(), p.Spans) || p.Kind != g.Kind {
			t.Logf("%s SPAN  gold [%s] %q\n\t\tpred [%s] %q", a.ID, g.Kind, show(g.Spans()), p.Kind, show(p.Spans))
		}
		if eval.NormalizeSpeaker(p.Speaker) != eval.NormalizeSpeaker(g.Speaker) {
			t.Logf("%s SPKR  %q gold=%q (%s) pred=%q via %s", a.ID, show(g.Spans()), g.Speaker, g.SpeakerMention, p.Speaker, p.Via)
		}
	}
	for i, p := range d.Pred {
		if !used[i] {
			t.Logf("%s EXTRA [%s] %q spk=%s", a.ID, p.Kind, show(p.Spans), p.Speaker)
		}
	}
	_ = fmt.Sprint
}

// TestDebugArticle prints the quotes, speakers and subject events found in
// one train or dev article: STANCE_GOLD=… STANCE_ID=b2-0001.
func TestDebugArticle(t *testing.T) {
	id := os.Getenv("STANCE_ID")
	if id == "" {
		t.Skip("STANCE_ID not set")
	}
	arts, err := corpus.LoadGold(os.Getenv("STANCE_GOLD"))
	if err != nil {
		t.Skip(err)
	}
	ex, _ := NewExtractor(Config{NER: NEROff})
	for _, a := range arts {
		if a.ID != id || a.Split == corpus.SplitTest {
			continue
		}
		d := &Doc{Text: a.Text}
		ctx := context.Background()
		_ = ex.Entities(ctx, d)
		_ = ex.Quotes(ctx, d)
		_ = ex.Speakers(ctx, d)
		for _, n := range d.Names {
			t.Logf("name %-12s %q -> %q role=%q", n.Kind, n.Text, n.Name, n.Role)
		}
		r := newResolver(d.w, d.w.quotes)
		for _, ev := range r.events {
			t.Logf("event %d %q via %s", ev.pos, ev.m.name, ev.m.via)
		}
		for _, q := range d.Quotes {
			s := "<nil>"
			if q.Speaker != nil {
				s = fmt.Sprintf("%s (%q %s)", q.Speaker.Name, q.Speaker.Mention, q.Speaker.Via)
			}
			t.Logf("[%s] %.60q cue=%q spk=%s", q.Kind, q.Text, q.Cue, s)
		}
	}
}

// nerMode reads STANCE_NER=1 to switch prose's tagger on in TestDevReport.
func nerMode() NER {
	if os.Getenv("STANCE_NER") == "1" {
		return NERFallback
	}
	return NEROff
}
