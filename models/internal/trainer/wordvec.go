package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
)

// buildWordVectors learns word vectors from the unlabeled press releases
// in pressDir (CSV files with a body column) and the texts of the gold
// articles of the train split (never dev or test, nor the releases those
// were excerpted from, so that both stay unseen), and writes them to out.
func buildWordVectors(gold, pressDir, out string, log io.Writer) error {
	var texts []string
	var arts []corpus.GoldArticle
	if gold != "" {
		var err error
		if arts, err = corpus.LoadGold(gold); err != nil {
			return err
		}
	}
	held := heldOutShingles(arts)
	files, err := filepath.Glob(filepath.Join(pressDir, "*.csv"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no press-release CSV files in %s", pressDir)
	}
	slices.Sort(files)
	skipped := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if len(recs) == 0 {
			continue
		}
		body := slices.Index(recs[0], "body")
		if body < 0 {
			return fmt.Errorf("%s: no body column", f)
		}
		for _, rec := range recs[1:] {
			if body >= len(rec) {
				continue
			}
			// a release that a dev or test article was excerpted from
			// stays out, so that those articles stay unseen
			if sharesText(rec[body], held) {
				skipped++
				continue
			}
			texts = append(texts, rec[body])
		}
	}
	for _, a := range arts {
		if a.Split == corpus.SplitTrain {
			texts = append(texts, a.Text)
		}
	}
	if len(texts) == 0 {
		return errors.New("no texts for word vectors")
	}
	var buf bytes.Buffer
	if err := models.BuildWordVectors(texts, models.WordVecConfig{}, &buf); err != nil {
		return err
	}
	fmt.Fprintf(log, "word vectors from %d texts (%d press releases left out as sources of dev or test articles): %d bytes\n", len(texts), skipped, buf.Len())
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// shingleWords is the length of the word shingles that find a dev or test
// article's text inside a press release.
const shingleWords = 8

// heldOutShingles returns the word 8-gram shingles of the dev and test
// articles' texts.
func heldOutShingles(arts []corpus.GoldArticle) map[string]bool {
	held := map[string]bool{}
	for _, a := range arts {
		if a.Split == corpus.SplitTrain {
			continue
		}
		w := strings.Fields(a.Text)
		for i := 0; i+shingleWords <= len(w); i++ {
			held[strings.Join(w[i:i+shingleWords], " ")] = true
		}
	}
	return held
}

// sharesText reports a text that holds at least three shingles of the held
// out articles: a passage copied from one of them, not a stock phrase.
func sharesText(text string, held map[string]bool) bool {
	if len(held) == 0 {
		return false
	}
	w := strings.Fields(text)
	hits := 0
	for i := 0; i+shingleWords <= len(w); i++ {
		if held[strings.Join(w[i:i+shingleWords], " ")] {
			if hits++; hits >= 3 {
				return true
			}
		}
	}
	return false
}
