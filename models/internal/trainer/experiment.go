package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
)

// experiment trains on train with the given settings and prints the
// cross-validated grid and the dev scores. Test examples are dropped as
// soon as they are read: nothing here can look at them.
func experiment(gold, rows string, seed int64, folds int, feats, l2, cw string, cvIter int, errs string, frac float64, out io.Writer) error {
	s, _, err := load(gold, rows)
	if err != nil {
		return err
	}
	s.test = nil
	if frac < 1 {
		s.train = keepFraction(s.train, frac)
	}
	cfg := models.TrainConfig{Seed: seed, Folds: folds, NoRelevance: true, CVMaxIter: cvIter}
	if feats != "" {
		fc := models.DefaultFeatures()
		if err := json.Unmarshal([]byte(feats), &fc); err != nil {
			return fmt.Errorf("-features: %w", err)
		}
		cfg.Features = &fc
	}
	if l2 != "" {
		for _, f := range strings.Split(l2, ",") {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return fmt.Errorf("-l2: %w", err)
			}
			cfg.L2 = append(cfg.L2, v)
		}
	}
	if cw != "" {
		cfg.ClassWeights = strings.Split(cw, ",")
	}
	t0 := time.Now()
	m, rep, err := models.Train(cfg, s.train, s.dev)
	if err != nil {
		return err
	}
	el := time.Since(t0)
	for _, g := range rep.Grid {
		fmt.Fprintf(out, "cv l2=%g cw=%s macroF1=%.4f\n", g.L2, g.ClassWeight, g.MacroF1)
	}
	if errs != "" && rep.OOF != nil {
		var b strings.Builder
		st := stanceOnly(s.train)
		for i, z := range rep.OOF {
			ex := st[i]
			p := 0
			for c := 1; c < 3; c++ {
				if z[c] > z[p] {
					p = c
				}
			}
			if p != ex.Label.Index() {
				fmt.Fprintf(&b, "%s\t%s\tgold=%s\tpred=%s\tcue=%s\t%s\n", ex.ArticleID, ex.Target, ex.Label, corpus.Labels[p], ex.Input.Cue,
					corpus.QuoteText(ex.Input.Text, ex.Input.Parts))
			}
		}
		if err := os.WriteFile(errs, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	dev, _, _, _ := evaluate(m, s.dev)
	fmt.Fprintf(out, "RESULT cv=%.4f (n=%d) dev=%.4f favg=%.4f acc=%.4f (n=%d) l2=%g cw=%s feats=%d time=%.1fs\n",
		bestCV(rep), rep.Train, dev.MacroF1, dev.FAvg, dev.Accuracy, dev.N, rep.L2, rep.ClassWeight, rep.Features, el.Seconds())
	return nil
}

// keepFraction keeps the examples of about frac of the articles, chosen by
// an FNV hash of the article id, so that a smaller fraction is a subset of a
// larger one and a learning curve compares like with like.
func keepFraction(exs []models.Example, frac float64) []models.Example {
	var kept []models.Example
	for _, ex := range exs {
		h := fnv.New32a()
		h.Write([]byte("frac:" + ex.ArticleID))
		if float64(h.Sum32()%10000) < frac*10000 {
			kept = append(kept, ex)
		}
	}
	return kept
}
