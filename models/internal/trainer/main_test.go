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
