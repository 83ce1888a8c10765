package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
)

func TestRunWritesModelAndReport(t *testing.T) {
	quotes := []struct {
		text, target string
		label        corpus.Label
	}{
		{"We want peace talks now.", "peace", corpus.Favor},
		{"Negotiations are pointless.", "peace", corpus.Against},
		{"The talks resume on Tuesday.", "peace", corpus.Neutral},
		{"We call for a ceasefire.", "ceasefire", corpus.Favor},
		{"A truce would be a trap.", "ceasefire", corpus.Against},
		{"The ceasefire began at noon.", "ceasefire", corpus.Neutral},
	}
	dir := t.TempDir()
	var b strings.Builder
	for i := range 60 {
		q := quotes[i%len(quotes)]
		a := corpus.AuthoredArticle{ID: fmt.Sprintf("t-%d", i), Text: fmt.Sprintf("“%s” he said.", q.text),
			Quotes: []corpus.AuthoredQuote{{Quote: q.text, Kind: corpus.KindDirect, Speaker: "A B", SpeakerMention: "he", Cue: "said",
				Stances: map[string]corpus.Stance{q.target: {Stance: q.label}}}}}
		g, err := corpus.BuildGold(a)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(g)
		b.Write(js)
		b.WriteByte('\n')
	}
	gold := filepath.Join(dir, "gold.jsonl")
	os.WriteFile(gold, []byte(b.String()), 0o644)
	out := filepath.Join(dir, "out")
	if err := run(gold, "", out, 1, 2, "test", io.Discard); err != nil {
		t.Fatal(err)
	}
	m, err := models.LoadFile(filepath.Join(out, "model.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Version() != "test" {
		t.Errorf("version %q", m.Version())
	}
	rep, err := os.ReadFile(filepath.Join(out, "REPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"macro-F1", "majority class", "plain word", "without WordPiece", "ECE before", "support"} {
		if !strings.Contains(string(rep), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestKeepFractionNestsByArticle(t *testing.T) {
	var exs []models.Example
	for i := range 400 {
		for range 3 {
			exs = append(exs, models.Example{ArticleID: fmt.Sprintf("a-%d", i)})
		}
	}
	arts := func(xs []models.Example) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x.ArticleID]++
		}
		return m
	}
	half, most := arts(keepFraction(exs, 0.5)), arts(keepFraction(exs, 0.8))
	if len(half) < 160 || len(half) > 240 || len(most) < 280 || len(most) > 360 {
		t.Fatalf("kept %d and %d of 400 articles for 0.5 and 0.8", len(half), len(most))
	}
	for id, n := range half {
		if most[id] != 3 || n != 3 {
			t.Fatalf("article %s: %d examples at 0.5, %d at 0.8: want all 3, and the smaller sample inside the larger", id, n, most[id])
		}
	}
	if got := len(keepFraction(exs, 1)); got != len(exs) {
		t.Fatalf("fraction 1 kept %d of %d", got, len(exs))
	}
}
