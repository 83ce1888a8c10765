package models

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

func TestLoadDefault(t *testing.T) {
	m, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Checksum(), "sha256:") || m.Version() == "" {
		t.Errorf("checksum %q version %q", m.Checksum(), m.Version())
	}
	var names []string
	for _, tg := range m.TargetList() {
		names = append(names, tg.Name)
	}
	for _, want := range corpus.DefaultTargetNames {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("default model lacks target %s (has %v)", want, names)
		}
	}
	// The seed article: the first quote addresses security guarantees,
	// conditional on peace.
	_, ins := seedQuotes(t)
	if len(ins) != 5 {
		t.Fatalf("%d seed quotes, want 5", len(ins))
	}
	found := false
	for _, mt := range m.Targets(ins[0]) {
		if mt.Target == "security_guarantees" {
			found = true
			if p := m.Predict(ins[0], mt.Target); p.Condition != "peace" {
				t.Errorf("condition %q, want peace", p.Condition)
			}
		}
	}
	if !found {
		t.Error("seed quote 1 does not address security_guarantees")
	}
}

func FuzzLoad(f *testing.F) {
	m := toyModel(f)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := read(bytes.NewReader(b))
		if err == nil {
			m.Predict(Input{Text: "peace now", Parts: []corpus.Span{{Start: 0, End: 9}}}, "peace")
		}
	})
}

func FuzzReadRows(f *testing.F) {
	f.Add("id\ttarget\ttext\tstance\n1\tpeace\tWe want peace.\tfavor\n")
	f.Add(`{"id":"1","target":"peace","text":"We want peace.","stance":"NONE"}`)
	f.Fuzz(func(t *testing.T, s string) {
		exs, err := ReadRows(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		for _, ex := range exs {
			if ex.Label.Index() < 0 || ex.Target == "" {
				t.Fatalf("bad example %+v", ex)
			}
			_ = corpus.QuoteText(ex.Input.Text, ex.Input.Parts)
		}
	})
}

// FuzzPredict checks the invariants of scoring any text and span: spans in
// range and matching their text, probabilities that sum to one.
func FuzzPredict(f *testing.F) {
	m := toyModel(f)
	f.Add("“We call for a ceasefire,” he said.", 1, 24)
	f.Add("Ana\u00a0Ruiz: «Мир» — 🙂 don’t stop talks? no peace without guarantees", 0, 60)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if !utf8.ValidString(text) {
			return
		}
		n := utf8.RuneCountInString(text)
		in := Input{Text: text, Parts: []corpus.Span{{Start: start, End: end}}}
		for _, mt := range m.Targets(in) {
			for _, h := range mt.Hits {
				if h.Start < 0 || h.End > n || h.Start >= h.End {
					t.Fatalf("hit %+v outside [0,%d)", h, n)
				}
			}
		}
		p := m.Predict(in, "peace")
		if s := p.Probs[0] + p.Probs[1] + p.Probs[2]; math.Abs(s-1) > 1e-9 {
			t.Fatalf("probs %v", p.Probs)
		}
		for _, e := range p.Evidence {
			if e.Start < 0 || e.End > n || e.Start >= e.End || corpus.SliceRunes(text, e.Start, e.End) != e.Text {
				t.Fatalf("evidence %+v", e)
			}
		}
		// the same quote twice by one speaker, and an unknown target: the
		// document path weighs the two against each other
		in.Speaker = "Ana Ruiz"
		doc := m.WithConsistency(0.5).PredictDocument([]DocQuote{
			{In: in, Targets: []string{"peace", "sanctions"}}, {In: in, Targets: []string{"peace"}}})
		for _, ps := range doc {
			for _, p := range ps {
				if s := p.Probs[0] + p.Probs[1] + p.Probs[2]; math.Abs(s-1) > 1e-9 {
					t.Fatalf("document prediction %+v", p)
				}
				for _, e := range p.Evidence {
					if e.Start < 0 || e.End > n || e.Start >= e.End || corpus.SliceRunes(text, e.Start, e.End) != e.Text {
						t.Fatalf("document evidence %+v", e)
					}
				}
			}
		}
	})
}
