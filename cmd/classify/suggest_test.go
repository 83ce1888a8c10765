package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
)

func TestEntropyBits(t *testing.T) {
	if h := entropyBits(pipeline.Probs{Favor: 1}); h != 0 {
		t.Errorf("certain: %v, want 0", h)
	}
	if h := entropyBits(pipeline.Probs{Favor: 1.0 / 3, Against: 1.0 / 3, Neutral: 1.0 / 3}); h < 1.584 || h > 1.585 {
		t.Errorf("uniform: %v, want log2 3", h)
	}
}

func TestPickSuggestions(t *testing.T) {
	c := func(id string, h float64, target, speaker, text string) candidate {
		return candidate{doc: id, quote: pipeline.Quote{ID: id}, entropy: h, target: target, speaker: speaker, shingles: quoteShingles(text)}
	}
	cands := []candidate{
		c("E", 0.2, "peace", "y", "talks are off the table for now"),
		c("A", 1.5, "peace", "x", "we will not negotiate under fire, not now and not ever"),
		c("B", 1.4, "peace", "x", "the door to talks remains open for anyone who wants it"),
		c("C", 1.3, "peace", "x", "a deal must respect borders"),
		c("D", 1.2, "peace", "x", "sanctions will stay until the war ends"),
		c("F", 1.0, "ceasefire", "z", "a truce would freeze the front line"),
		// The same words as A, reported in another article.
		c("G", 1.45, "ceasefire", "w", "We will NOT negotiate under fire — not now, and not ever."),
	}
	ids := func(ps []candidate) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.doc)
		}
		return out
	}
	cases := []struct {
		n, perSpeaker int
		want          []string
		dups          int
	}{
		// Highest entropy first, targets in turn (F before B), G dropped
		// as a near-duplicate of A, at most two of speaker x (E before C).
		{4, 2, []string{"A", "F", "B", "E"}, 1},
		// When only speaker x is left, the cap gives way.
		{6, 2, []string{"A", "F", "B", "E", "C", "D"}, 1},
		{1, 2, []string{"A"}, 0},
		{50, 1, []string{"A", "F", "E", "B", "C", "D"}, 1},
	}
	for _, tc := range cases {
		got, dups := pickSuggestions(cands, tc.n, tc.perSpeaker)
		if diff := cmp.Diff(tc.want, ids(got)); diff != "" || dups != tc.dups {
			t.Errorf("n=%d per-speaker=%d: dups %d (want %d), picks (-want +got):\n%s", tc.n, tc.perSpeaker, dups, tc.dups, diff)
		}
	}
}

func TestNearDuplicate(t *testing.T) {
	a := quoteShingles("We will not negotiate under fire, not now and not ever")
	cases := []struct {
		text string
		want bool
	}{
		{"“We will not negotiate under fire,” not now and not ever.", true},
		{"We will not negotiate under fire", true}, // an excerpt
		{"We will negotiate when the guns fall silent", false},
		{"", false},
	}
	for _, c := range cases {
		if got := nearDuplicate(a, quoteShingles(c.text)); got != c.want {
			t.Errorf("nearDuplicate(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// suggestFixture writes a corpus and its stance/v1 records: s1 quotes "We
// want peace now." twice (its headline and its body; the body one is
// scored), s2 repeats s1's quote, s3 has a split quote, s4 a confident
// one.
func suggestFixture(t *testing.T, dir string) (corpusPath, recordsPath string, texts map[string]string) {
	t.Helper()
	texts = map[string]string{
		"s1": "Minister: “We want peace now.”\n\nKYIV — Minister Ann Smith said: “We want peace now.” She added that “a truce is premature while the shelling goes on.”",
		"s2": "LONDON — Ann Smith told reporters: “We want peace now.” Nothing else was said about the talks in London.",
		"s3": "“Guarantees,” said Olaf Berg, “come after a deal, not before it.” The envoy left for Geneva.",
		"s4": "“Peace is the only way,” said Maria Lopez on Friday at the summit.",
	}
	at := func(doc, sub string, nth int) [2]int {
		text := texts[doc]
		from := 0
		for ; nth > 0; nth-- {
			from += strings.Index(text[from:], sub) + len(sub)
		}
		b := from + strings.Index(text[from:], sub)
		s := utf8.RuneCountInString(text[:b])
		return [2]int{s, s + utf8.RuneCountInString(sub)}
	}
	probs := func(f, a, n float64) pipeline.Probs { return pipeline.Probs{Favor: f, Against: a, Neutral: n} }
	quote := func(doc, id, text string, nth int, speaker string, target string, p pipeline.Probs) pipeline.Quote {
		sp := at(doc, text, nth)
		return pipeline.Quote{ID: doc + "#" + id, Quote: quotes.Quote{Start: sp[0], End: sp[1], Text: text, Kind: corpus.KindDirect, Cue: "said",
			Speaker: &quotes.Speaker{Name: speaker, Mention: speaker, Via: quotes.ViaCue, Confidence: 0.9}},
			Targets: []pipeline.TargetStance{{Target: target, Stance: corpus.Neutral, Probs: p}}}
	}
	split := quote("s3", "q1", "Guarantees,", 0, "Olaf Berg", "security_guarantees", probs(0.33, 0.33, 0.34))
	p1, p2 := at("s3", "Guarantees", 0), at("s3", "come after a deal, not before it.", 0)
	split.Kind, split.Start, split.End, split.Parts = corpus.KindSplit, p1[0], p2[1], [][2]int{p1, p2}
	split.Text = "Guarantees come after a deal, not before it."
	recs := []pipeline.Record{
		{Schema: pipeline.Schema, DocID: "s1", Quotes: []pipeline.Quote{
			quote("s1", "q1", "We want peace now.", 1, "Ann Smith", "peace", probs(0.34, 0.33, 0.33)),
			quote("s1", "q2", "a truce is premature while the shelling goes on.", 0, "Ann Smith", "ceasefire", probs(0.3, 0.4, 0.3)),
		}},
		{Schema: pipeline.Schema, DocID: "s2", Quotes: []pipeline.Quote{
			quote("s2", "q1", "We want peace now.", 0, "Ann Smith", "peace", probs(0.4, 0.3, 0.3)),
		}},
		{Schema: pipeline.Schema, DocID: "s3", Quotes: []pipeline.Quote{split}},
		{Schema: pipeline.Schema, DocID: "s4", Quotes: []pipeline.Quote{
			quote("s4", "q1", "Peace is the only way,", 0, "Maria Lopez", "peace", probs(0.98, 0.01, 0.01)),
		}},
	}
	var cb, rb bytes.Buffer
	for _, id := range []string{"s1", "s2", "s3", "s4"} {
		b, _ := json.Marshal(map[string]string{"id": id, "text": texts[id]})
		cb.Write(append(b, '\n'))
	}
	for _, r := range recs {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		rb.Write(append(b, '\n'))
	}
	corpusPath, recordsPath = filepath.Join(dir, "corpus.jsonl"), filepath.Join(dir, "records.jsonl")
	os.WriteFile(corpusPath, cb.Bytes(), 0o644)
	os.WriteFile(recordsPath, rb.Bytes(), 0o644)
	return corpusPath, recordsPath, texts
}

func readAuthored(t *testing.T, path string) []corpus.AuthoredArticle {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpus.AuthoredArticle
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		a, err := corpus.DecodeAuthored([]byte(line))
		if err != nil {
			t.Fatalf("output line does not decode as an authored article: %v\n%s", err, line)
		}
		out = append(out, a)
	}
	return out
}

func TestSuggestCommand(t *testing.T) {
	dir := t.TempDir()
	corpusPath, records, texts := suggestFixture(t, dir)
	out := filepath.Join(dir, "suggest.jsonl")
	_, stderr, code := runCmd(t, "", "suggest", "--n", "4", "--corpus", corpusPath, "-o", out, records)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "picked 4 quotes from 3 articles (of 5 candidate quotes; 1 near-duplicates passed over)") {
		t.Errorf("summary: %s", stderr)
	}
	arts := readAuthored(t, out)
	var got []string
	for _, a := range arts {
		if a.Text != texts[a.ID] {
			t.Errorf("%s: text differs from the corpus", a.ID)
		}
		g, err := corpus.BuildGold(a)
		if err != nil {
			t.Fatalf("BuildGold: %v", err)
		}
		for i, q := range a.Quotes {
			if len(q.Stances) != 0 {
				t.Errorf("%s: stances %v, want empty", a.ID, q.Stances)
			}
			got = append(got, a.ID+" "+corpus.QuoteText(a.Text, g.Quotes[i].Spans())+" after="+q.After)
		}
	}
	// s3's split quote and s1's two (the scored "We want peace now." is
	// the body's, so an anchor passes over the headline) in the first
	// round; then s2's repeat of s1's quote is passed over as a
	// near-duplicate and s4's confident quote taken.
	want := []string{
		"s1 We want peace now. after=Smith said: “",
		"s1 a truce is premature while the shelling goes on. after=",
		"s3 Guarantees come after a deal, not before it. after=",
		"s4 Peace is the only way, after=",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suggested quotes (-want +got):\n%s", diff)
	}
}

func TestSuggestErrors(t *testing.T) {
	dir := t.TempDir()
	corpusPath, records, _ := suggestFixture(t, dir)
	other := filepath.Join(dir, "other.jsonl")
	var ob bytes.Buffer
	for _, id := range []string{"s1", "s2", "s3", "s4"} {
		ob.WriteString(`{"id":"` + id + `","text":"` + strings.Repeat("Something else entirely. ", 10) + `"}` + "\n")
	}
	os.WriteFile(other, ob.Bytes(), 0o644)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no corpus", []string{records}, exitUsage, "--corpus"},
		{"wrong corpus", []string{"--corpus", other, records}, exitFailure, "was --corpus the input that was scored"},
		{"bad n", []string{"--n", "0", "--corpus", corpusPath, records}, exitUsage, "--n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, "", append([]string{"suggest"}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, c.code, c.stderr)
			}
		})
	}
}
