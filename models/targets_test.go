package models

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stance-project/stance/corpus"
)

func hitTexts(text string, ts []corpus.Target) map[string][]string {
	cts := make([]compiledTarget, len(ts))
	for i, t := range ts {
		cts[i] = compileTarget(t)
	}
	var v view
	x := newExtractor(DefaultFeatures(), nil)
	x.load(&v, &Input{Text: text, Parts: []corpus.Span{{Start: 0, End: len([]rune(text))}}})
	matchQuote(&v, cts)
	out := map[string][]string{}
	for _, h := range v.hits {
		out[ts[h.target].Name] = append(out[ts[h.target].Name], corpus.SliceRunes(text, v.toks[h.i].start, v.toks[h.j-1].end))
	}
	return out
}

func TestLexiconMatching(t *testing.T) {
	cases := []struct {
		text string
		want map[string][]string
	}{
		{"Bring him to the Negotiating Table.", map[string][]string{"peace": {"Negotiating Table"}}},
		{"A cessation of hostilities, then truces.", map[string][]string{"ceasefire": {"cessation of hostilities", "truces"}}},
		{"Security guarantees — «deterrence» — matter.", map[string][]string{"security_guarantees": {"Security guarantees", "deterrence"}}},
		{"They negotiated; the cease-fire held.", map[string][]string{"peace": {"negotiated"}, "ceasefire": {"cease-fire"}}},
		{"Peacekeepers’ role, Ukraine’s peace.", map[string][]string{"security_guarantees": {"Peacekeepers"}, "peace": {"peace"}}},
		{"Nothing here about weapons.", map[string][]string{}},
	}
	for _, c := range cases {
		if d := cmp.Diff(c.want, hitTexts(c.text, DefaultTargets())); d != "" {
			t.Errorf("%q (-want +got):\n%s", c.text, d)
		}
	}
	// Prefix patterns.
	ts := []corpus.Target{{Name: "x", Lexicon: []corpus.LexEntry{{Phrase: "sanction*"}, {Phrase: "oil embargo"}}}}
	if d := cmp.Diff(map[string][]string{"x": {"sanctioned", "oil embargoes"}}, hitTexts("They sanctioned the oil embargoes.", ts)); d != "" {
		t.Error(d)
	}
}

func TestTokenOffsets(t *testing.T) {
	text := "Ana\u00a0Ruiz: «Мир» — 🙂 don’t stop\ttalks?"
	var low []byte
	var toks []token
	low, toks = tokenize(text, 0, len(text), 0, 0, low, toks)
	var got []string
	for _, tk := range toks {
		got = append(got, corpus.SliceRunes(text, tk.start, tk.end)+"|"+string(low[tk.lo:tk.hi]))
	}
	want := []string{"Ana|ana", "Ruiz|ruiz", ":|:", "«|\"", "Мир|мир", "»|\"", "—|—", "🙂|🙂", "don’t|don't", "stop|stop", "talks|talks", "?|?"}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
}

func TestLoadTargets(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"t.json":     `[{"name":"sanctions","description":"d","lexicon":["sanction*",{"phrase":"embargo","weight":2}]}]`,
		"w.json":     `{"targets":[{"name":"sanctions","description":"d","lexicon":["sanction*",{"phrase":"embargo","weight":2}]}]}`,
		"t.yaml":     "- name: sanctions\n  description: d\n  lexicon:\n    - sanction*\n    - phrase: embargo\n      weight: 2\n",
		"w.yml":      "targets:\n  - name: sanctions\n    description: d\n    lexicon: [\"sanction*\", {phrase: embargo, weight: 2}]\n",
		"bad.json":   `[{"name":"no lexicon"}]`,
		"nolex.yaml": "- name: x\n",
		"junk.json":  `[{"name":`,
	}
	for n, s := range files {
		os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644)
	}
	want := []corpus.Target{{Name: "sanctions", Description: "d", Lexicon: []corpus.LexEntry{{Phrase: "sanction*"}, {Phrase: "embargo", Weight: 2}}}}
	for _, n := range []string{"t.json", "w.json", "t.yaml", "w.yml"} {
		got, err := LoadTargets(filepath.Join(dir, n))
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: %s", n, d)
		}
	}
	for _, n := range []string{"bad.json", "nolex.yaml", "junk.json"} {
		if _, err := LoadTargets(filepath.Join(dir, n)); !errors.Is(err, ErrTargets) {
			t.Errorf("%s: err = %v, want ErrTargets", n, err)
		}
	}
}
