package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
)

const trainUsage = `Usage: classify train --data FILE [--dev FILE] [--cv K] [--targets FILE] -o model.json.gz

Trains a stance model: multinomial logistic regression over hashed features,
L2 and class weights chosen by K-fold cross-validation on the training
examples (grouped by article), temperature calibration on dev.

--data takes gold articles (JSONL with "quotes") or stance-only rows (JSONL
or TSV with a header: id, target, text, stance[, split]; NONE maps to
neutral). Examples whose split is train are trained on (all of them when no
split is given); dev examples, from --dev or split dev, calibrate. Test
examples are never used.
`

type trainOptions struct {
	data, dev, out, targets string
	cv                      int
	seed                    int64
	noSubwords              bool
	version                 string
}

func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o trainOptions
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.StringVar(&o.data, "data", "", "training data `FILE`: gold articles or stance-only rows")
	fs.StringVar(&o.dev, "dev", "", "dev `FILE` for calibration (default: the data's dev split)")
	fs.StringVar(&o.out, "o", "", "write the model to `FILE` (gzipped JSON)")
	fs.StringVar(&o.targets, "targets", "", "targets `FILE` (JSON or YAML) adding to or replacing the defaults")
	fs.IntVar(&o.cv, "cv", 5, "cross-validation folds on train for the hyperparameters")
	fs.Int64Var(&o.seed, "seed", 1, "seed for the folds")
	fs.BoolVar(&o.noSubwords, "no-subwords", false, "leave out the WordPiece subword features")
	fs.StringVar(&o.version, "version", "", "the model's version string (default: from the data checksum)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return helpOr(err, fs, stdout, trainUsage)
	}
	if len(pos) > 0 {
		return usagef("train: unexpected argument %q", pos[0])
	}
	if o.data == "" || o.out == "" {
		return usagef("train: want --data and -o")
	}
	return runTrain(ctx, o, stderr)
}

// loadExamples reads gold articles or stance-only rows, whichever path holds.
func loadExamples(path string) ([]models.Example, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if isGold(b) {
		arts, err := corpus.ReadGold(bytes.NewReader(b), path)
		if err != nil {
			return nil, err
		}
		return models.ExamplesFromGold(arts), nil
	}
	return models.ReadRows(bytes.NewReader(b), path)
}

// isGold reports whether data's first line is a gold article (has "quotes").
func isGold(data []byte) bool {
	line, _ := bufio.NewReader(bytes.NewReader(data)).ReadBytes('\n')
	var probe map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimSpace(line), &probe) != nil {
		return false
	}
	_, ok := probe["quotes"]
	return ok
}

func bySplit(exs []models.Example, split string) []models.Example {
	var out []models.Example
	for _, e := range exs {
		if e.Split == split {
			out = append(out, e)
		}
	}
	return out
}

func runTrain(ctx context.Context, o trainOptions, stderr io.Writer) error {
	all, err := loadExamples(o.data)
	if err != nil {
		return fmt.Errorf("read training data: %w", err)
	}
	train := bySplit(all, corpus.SplitTrain)
	if len(train) == 0 {
		train = bySplit(all, "") // no splits given: everything trains
	}
	dev := bySplit(all, corpus.SplitDev)
	if o.dev != "" {
		if dev, err = loadExamples(o.dev); err != nil {
			return fmt.Errorf("read dev data: %w", err)
		}
	}
	cfg := models.TrainConfig{Seed: o.seed, Folds: o.cv, NoSubwords: o.noSubwords, Version: o.version}
	if o.targets != "" {
		if cfg.Targets, err = models.LoadTargets(o.targets); err != nil {
			return fmt.Errorf("load targets: %w", err)
		}
	}
	m, rep, err := models.Train(cfg, train, dev)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	fmt.Fprintf(stderr, "trained on %d examples (dev %d): L2 %g, class weights %s, temperature %.3f calibrated on %s\n",
		rep.Train, rep.Dev, rep.L2, rep.ClassWeight, rep.Temperature, rep.CalibratedOn)
	fmt.Fprintf(stderr, "calibration (n=%d): ECE %.3f → %.3f, Brier %.3f → %.3f\n",
		rep.After.N, rep.Before.ECE, rep.After.ECE, rep.Before.Brier, rep.After.Brier)
	return writeModel(m, o.out)
}

// writeModel saves m to path atomically.
func writeModel(m *models.Model, path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if err := m.Save(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("write model: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write model: %w", err)
	}
	return os.Rename(f.Name(), path)
}
