package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// idIn returns the first id "prefix-N" that hashes to split.
func idIn(prefix, split string) string {
	for i := 0; ; i++ {
		if id := fmt.Sprintf("%s-%d", prefix, i); corpus.SplitOf(id) == split {
			return id
		}
	}
}

var goldTexts = []string{
	"“Talks must resume in Geneva before the winter,” said Ann Smith, the foreign minister, on Monday morning.",
	"“No truce can hold while the artillery keeps firing on our towns,” said Olaf Berg after the meeting in Oslo.",
	"“Guarantees from our allies must be written into any final settlement,” said Maria Lopez in a speech to parliament.",
}

func authored(id, text, quote, speaker string, stances map[string]corpus.Stance) corpus.AuthoredArticle {
	return corpus.AuthoredArticle{ID: id, Text: text, Quotes: []corpus.AuthoredQuote{{
		Quote: quote, Kind: corpus.KindDirect, Speaker: speaker, SpeakerMention: speaker, Cue: "said", Stances: stances}}}
}

// writeGoldBase writes a valid gold file: one article in each split.
func writeGoldBase(t *testing.T, dir string) string {
	t.Helper()
	var b bytes.Buffer
	for i, split := range []string{corpus.SplitTrain, corpus.SplitDev, corpus.SplitTest} {
		text := goldTexts[i]
		quote := text[len("“"):strings.Index(text, ",”")]
		speaker := []string{"Ann Smith", "Olaf Berg", "Maria Lopez"}[i]
		g, err := corpus.BuildGold(authored(idIn("gold", split), text, quote, speaker, map[string]corpus.Stance{"peace": {Stance: corpus.Favor}}))
		if err != nil {
			t.Fatal(err)
		}
		line, _ := json.Marshal(g)
		b.Write(append(line, '\n'))
	}
	path := filepath.Join(dir, "gold.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if probs := corpus.CheckGold(mustLoadGold(t, path), nil); len(probs) > 0 {
		t.Fatalf("base gold has problems: %v", probs)
	}
	return path
}

func mustLoadGold(t *testing.T, path string) []corpus.GoldArticle {
	t.Helper()
	arts, err := corpus.LoadGold(path)
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func jsonLines(t *testing.T, arts ...any) string {
	t.Helper()
	var b strings.Builder
	for _, a := range arts {
		switch v := a.(type) {
		case string:
			b.WriteString(v + "\n")
		default:
			line, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(append(line, '\n'))
		}
	}
	return b.String()
}

const newText = "“A ceasefire now would freeze the occupation in place,” said Petra Novak, speaking in Prague on Thursday."

func TestMergeAccepts(t *testing.T) {
	dir := t.TempDir()
	gold := writeGoldBase(t, dir)
	goldBytes, _ := os.ReadFile(gold)
	add := filepath.Join(dir, "add.jsonl")
	good := authored("new-1", newText, "A ceasefire now would freeze the occupation in place", "Petra Novak",
		map[string]corpus.Stance{"ceasefire": {Stance: corpus.Against}})
	unlabeled := authored("new-2", "“We will see what the summit brings,” said Ivo Rask, who declined to say more about the week ahead.",
		"We will see what the summit brings", "Ivo Rask", map[string]corpus.Stance{})
	os.WriteFile(add, []byte(jsonLines(t, good, "", unlabeled)), 0o644)
	for _, inPlace := range []bool{false, true} {
		out := filepath.Join(dir, "merged.jsonl")
		if inPlace {
			out = gold
		}
		stdout, stderr, code := runCmd(t, "", "corpus", "merge", "--gold", gold, "--add", add, "-o", out)
		if code != exitOK {
			t.Fatalf("in place %v: exit %d\nstdout %s\nstderr %s", inPlace, code, stdout, stderr)
		}
		if !strings.Contains(stdout, "3 gold articles + 2 added (2 quotes) = 5 articles, no problems") {
			t.Errorf("stdout: %s", stdout)
		}
		if !strings.Contains(stderr, "add.jsonl:3: note: new-2 has no stance label") {
			t.Errorf("no note about the unlabeled article: %s", stderr)
		}
		merged, _ := os.ReadFile(out)
		if !bytes.HasPrefix(merged, goldBytes) {
			t.Error("the gold lines were not kept unchanged")
		}
		arts := mustLoadGold(t, out)
		if len(arts) != 5 || arts[3].ID != "new-1" || arts[3].Split != corpus.SplitOf("new-1") {
			t.Fatalf("merged: %d articles", len(arts))
		}
		if p := corpus.CheckGold(arts, nil); len(p) > 0 {
			t.Errorf("merged set has problems: %v", p)
		}
		if q := arts[3].Quotes[0]; corpus.SliceRunes(newText, q.Start, q.End) != "A ceasefire now would freeze the occupation in place" {
			t.Errorf("offsets [%d,%d) do not slice the quote", q.Start, q.End)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	gold := writeGoldBase(t, dir)
	goldArts := mustLoadGold(t, gold)
	ok := authored("new-1", newText, "A ceasefire now would freeze the occupation in place", "Petra Novak",
		map[string]corpus.Stance{"ceasefire": {Stance: corpus.Against}})
	withQuote := func(f func(*corpus.AuthoredQuote)) corpus.AuthoredArticle {
		a := ok
		a.Quotes = []corpus.AuthoredQuote{ok.Quotes[0]}
		f(&a.Quotes[0])
		return a
	}
	// An article repeating a gold article's text, in another split.
	other := corpus.SplitTrain
	if goldArts[0].Split == corpus.SplitTrain {
		other = corpus.SplitTest
	}
	dupText := authored(idIn("copy", other), goldArts[0].Text, "Talks must resume in Geneva before the winter", "Ann Smith", map[string]corpus.Stance{})
	dupID := ok
	dupID.ID = goldArts[1].ID
	cases := []struct {
		name string
		add  string
		want string
	}{
		{"duplicate id", jsonLines(t, dupID), "add.jsonl:1: duplicate id"},
		{"quote not in the text", jsonLines(t, withQuote(func(q *corpus.AuthoredQuote) { q.Quote = "words nobody said" })), "add.jsonl:1: new-1 quote 1: \"words nobody said\" not found"},
		{"unknown target", jsonLines(t, withQuote(func(q *corpus.AuthoredQuote) {
			q.Stances = map[string]corpus.Stance{"war": {Stance: corpus.Favor}}
		})), `add.jsonl:1: new-1 quote 1: unknown target "war"`},
		{"anonymous without role", jsonLines(t, withQuote(func(q *corpus.AuthoredQuote) { q.Speaker = "unknown" })), "add.jsonl:1: new-1 quote 1: unknown speaker without a role"},
		{"quotation mark in span", jsonLines(t, withQuote(func(q *corpus.AuthoredQuote) { q.Quote = "“A ceasefire now" })), "includes a quotation mark"},
		{"malformed line", jsonLines(t, ok, `{"id":"x","text":`), "add.jsonl:2: "},
		{"unknown field", jsonLines(t, `{"id":"x","text":"t","split":"train","quotes":[]}`), `add.jsonl:1: json: unknown field "split"`},
		{"near-duplicate across splits", jsonLines(t, dupText), "nearly duplicates " + goldArts[0].ID},
		{"nothing to add", "\n", "add.jsonl:0: no article to add"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			add := filepath.Join(dir, "add.jsonl")
			out := filepath.Join(dir, "out.jsonl")
			os.WriteFile(add, []byte(c.add), 0o644)
			stdout, stderr, code := runCmd(t, "", "corpus", "merge", "--gold", gold, "--add", add, "-o", out)
			if code != exitStrict {
				t.Errorf("exit %d, want %d (refused); stderr %s", code, exitStrict, stderr)
			}
			if !strings.Contains(stdout, c.want) {
				t.Errorf("problems:\n%s\nwant a line with %q", stdout, c.want)
			}
			if !strings.Contains(stderr, "merge refused") {
				t.Errorf("stderr: %s", stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("output written despite problems")
			}
		})
	}
}

func TestMergeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"corpus", "merge", "--gold", "g.jsonl", "--add", "a.jsonl"},
		{"corpus", "merge", "--add", "a.jsonl", "-o", "o.jsonl"},
		{"corpus", "merge", "--gold", "g", "--add", "a", "-o", "o", "extra"},
	} {
		if _, stderr, code := runCmd(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d; %s", args, code, exitUsage, stderr)
		}
	}
	if stdout, _, code := runCmd(t, "", "corpus", "merge", "-h"); code != exitOK || !strings.Contains(stdout, "Folds annotated articles") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
}

// What suggest writes, once annotated, merges.
func TestSuggestAnnotateMerge(t *testing.T) {
	dir := t.TempDir()
	corpusPath, records, _ := suggestFixture(t, dir)
	sug := filepath.Join(dir, "suggest.jsonl")
	if _, stderr, code := runCmd(t, "", "suggest", "--quiet", "--n", "4", "--corpus", corpusPath, "-o", sug, records); code != exitOK {
		t.Fatalf("suggest: exit %d: %s", code, stderr)
	}
	gold := writeGoldBase(t, dir)
	add := filepath.Join(dir, "annotated.jsonl")
	out := filepath.Join(dir, "merged.jsonl")

	// The annotator labels every quote and adds the quote s1's headline
	// carries, before the scored one (which its "after" anchor still finds).
	arts := readAuthored(t, sug)
	var lines []any
	for _, a := range arts {
		for i := range a.Quotes {
			a.Quotes[i].Stances = map[string]corpus.Stance{"peace": {Stance: corpus.Favor}}
		}
		if a.ID == "s1" {
			head := a.Quotes[0]
			head.After, head.SpeakerMention, head.Cue = "", "Minister", ""
			a.Quotes = append([]corpus.AuthoredQuote{head}, a.Quotes...)
		}
		lines = append(lines, a)
	}
	os.WriteFile(add, []byte(jsonLines(t, lines...)), 0o644)
	stdout, stderr, code := runCmd(t, "", "corpus", "merge", "--gold", gold, "--add", add, "-o", out)
	if code != exitOK {
		t.Fatalf("merge: exit %d\n%s\n%s", code, stdout, stderr)
	}
	merged := mustLoadGold(t, out)
	if len(merged) != 3+len(arts) {
		t.Fatalf("%d merged articles, want %d", len(merged), 3+len(arts))
	}
	s1 := merged[3]
	if s1.ID != "s1" || len(s1.Quotes) != 3 || s1.Quotes[0].Start != 11 || s1.Quotes[1].Start <= s1.Quotes[0].End {
		t.Errorf("s1 merged as %+v", s1.Quotes)
	}
}
