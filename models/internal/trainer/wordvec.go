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

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
)

// buildWordVectors learns word vectors from the unlabeled press releases
// in pressDir (CSV files with a body column) and the texts of the gold
// articles of the train split (never dev or test, so that both stay
// unseen), and writes them to out.
func buildWordVectors(gold, pressDir, out string, log io.Writer) error {
	var texts []string
	files, err := filepath.Glob(filepath.Join(pressDir, "*.csv"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no press-release CSV files in %s", pressDir)
	}
	slices.Sort(files)
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
			if body < len(rec) {
				texts = append(texts, rec[body])
			}
		}
	}
	if gold != "" {
		arts, err := corpus.LoadGold(gold)
		if err != nil {
			return err
		}
		for _, a := range arts {
			if a.Split == corpus.SplitTrain {
				texts = append(texts, a.Text)
			}
		}
	}
	if len(texts) == 0 {
		return errors.New("no texts for word vectors")
	}
	var buf bytes.Buffer
	if err := models.BuildWordVectors(texts, models.WordVecConfig{}, &buf); err != nil {
		return err
	}
	fmt.Fprintf(log, "word vectors from %d texts: %d bytes\n", len(texts), buf.Len())
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
