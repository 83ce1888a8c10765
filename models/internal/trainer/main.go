// Command trainer trains the default model from the labeled set and writes
// it with its report: models/default/model.json.gz and REPORT.md.
//
//	go run ./models/internal/trainer -gold corpus/data/gold.jsonl -out models/default
//
// Hyperparameters are cross-validated on the train split, the temperature
// is fitted on dev, and the figures in REPORT.md are measured on the test
// split, which is never used for anything else. With -rows, a stance-only
// rows file (id, target, text, stance[, split]) is used instead of gold.
//
// With -wordvec FILE it instead learns the word vectors (no labels: the
// press releases in -press and the train split's article texts) and writes
// them; `make model` runs that first, as the trainer embeds the vectors.
// With -exp it trains with the given -features, -l2 and -cw and prints the
// cross-validated and dev macro-F1 only: test examples are dropped as soon
// as they are read, and nothing is written (-errors FILE lists the
// out-of-fold errors on train).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/models/internal/metrics"
)

func main() {
	gold := flag.String("gold", "", "gold articles (JSONL)")
	rows := flag.String("rows", "", "stance-only rows (JSONL or TSV) instead of -gold")
	out := flag.String("out", "models/default", "output directory")
	seed := flag.Int64("seed", 1, "seed for the cross-validation folds")
	folds := flag.Int("cv", 5, "cross-validation folds on train")
	version := flag.String("version", "", "model version string")
	exp := flag.Bool("exp", false, "experiment: print CV (train) and dev scores only; reads no test example, writes nothing")
	feats := flag.String("features", "", "with -exp: JSON overrides of the default feature settings")
	l2 := flag.String("l2", "", "with -exp: comma-separated L2 grid")
	cw := flag.String("cw", "", "with -exp: comma-separated class weightings (none, balanced)")
	cvIter := flag.Int("cviter", 0, "with -exp: L-BFGS iterations of each CV fit (0: the default)")
	errs := flag.String("errors", "", "with -exp: write the out-of-fold errors on train to this file")
	frac := flag.Float64("frac", 1, "with -exp: keep this fraction of the train articles (chosen by a hash of the id), for a learning curve")
	vecOut := flag.String("wordvec", "", "build word vectors from -press and the train and dev texts of -gold, write them here, and exit")
	press := flag.String("press", "../shared/data/press", "with -wordvec: directory of unlabeled press-release CSV files")
	flag.Parse()
	if *vecOut != "" {
		if err := buildWordVectors(*gold, *press, *vecOut, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "trainer:", err)
			os.Exit(1)
		}
		return
	}
	if *exp {
		if err := experiment(*gold, *rows, *seed, *folds, *feats, *l2, *cw, *cvIter, *errs, *frac, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "trainer:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*gold, *rows, *out, *seed, *folds, *version, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "trainer:", err)
		os.Exit(1)
	}
}

type split struct{ train, dev, test []models.Example }

func load(gold, rows string) (split, string, error) {
	var exs []models.Example
	var src string
	switch {
	case gold != "":
		arts, err := corpus.LoadGold(gold)
		if err != nil {
			return split{}, "", err
		}
		exs, src = models.AllExamplesFromGold(arts), gold
	case rows != "":
		f, err := os.Open(rows)
		if err != nil {
			return split{}, "", err
		}
		defer f.Close()
		if exs, err = models.ReadRows(f, rows); err != nil {
			return split{}, "", err
		}
		for i := range exs {
			if exs[i].Split == "" {
				exs[i].Split = corpus.SplitOf(exs[i].ArticleID)
			}
		}
		src = rows
	default:
		return split{}, "", fmt.Errorf("need -gold or -rows")
	}
	var s split
	for _, ex := range exs {
		switch ex.Split {
		case corpus.SplitTrain:
			s.train = append(s.train, ex)
		case corpus.SplitDev:
			s.dev = append(s.dev, ex)
		case corpus.SplitTest:
			s.test = append(s.test, ex)
		}
	}
	return s, src, nil
}

func stanceOnly(exs []models.Example) []models.Example {
	var out []models.Example
	for _, ex := range exs {
		if ex.Label != corpus.Unrelated {
			out = append(out, ex)
		}
	}
	return out
}

// evaluate predicts every stance example with gold quotes and targets.
func evaluate(m *models.Model, exs []models.Example) (metrics.Scores, [][]float64, []int, []models.Prediction) {
	var gold, pred []int
	var probs [][]float64
	var preds []models.Prediction
	st := stanceOnly(exs)
	for i, p := range m.PredictExamples(st) {
		ex := st[i]
		gold = append(gold, ex.Label.Index())
		pred = append(pred, p.Label.Index())
		probs = append(probs, p.Probs[:])
		preds = append(preds, p)
	}
	return metrics.Compute(gold, pred, 3), probs, gold, preds
}

func run(gold, rows, out string, seed int64, folds int, version string, log io.Writer) error {
	s, src, err := load(gold, rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "train %d, dev %d, test %d examples (quote × target)\n", len(s.train), len(s.dev), len(s.test))
	cfg := models.TrainConfig{Seed: seed, Folds: folds, Version: version}

	t0 := time.Now()
	m, rep, err := models.Train(cfg, s.train, s.dev)
	if err != nil {
		return err
	}
	trainTime := time.Since(t0)
	fmt.Fprintf(log, "trained in %v: L2 %g, %s, T=%.3f\n", trainTime.Round(time.Millisecond), rep.L2, rep.ClassWeight, rep.Temperature)

	// Ablation and baseline, with the same CV protocol.
	noSub := cfg
	noSub.NoSubwords = true
	mNoSub, repNoSub, err := models.Train(noSub, s.train, s.dev)
	if err != nil {
		return err
	}
	word := cfg
	word.WordOnly = true
	word.NoConsistency = true
	word.NoRelevance = true
	mWord, repWord, err := models.Train(word, s.train, s.dev)
	if err != nil {
		return err
	}

	// Majority class of train.
	var counts [3]int
	for _, ex := range stanceOnly(s.train) {
		counts[ex.Label.Index()]++
	}
	maj := 0
	for c := range 3 {
		if counts[c] > counts[maj] {
			maj = c
		}
	}

	// Test figures.
	test := stanceOnly(s.test)
	sc, probs, goldIdx, preds := evaluate(m, s.test)
	_, probsRaw, _, _ := evaluate(m.Uncalibrated(), s.test)
	scNoSub, _, _, _ := evaluate(mNoSub, s.test)
	scNoCons, _, _, _ := evaluate(m.WithConsistency(0), s.test)
	scWord, _, _, _ := evaluate(mWord, s.test)
	majPred := make([]int, len(goldIdx))
	for i := range majPred {
		majPred[i] = maj
	}
	scMaj := metrics.Compute(goldIdx, majPred, 3)

	// Dev figures for the subword ablation.
	devSc, _, _, _ := evaluate(m, s.dev)
	devNoSub, _, _, _ := evaluate(mNoSub, s.dev)

	// Targets and conditions on test.
	tg := targetFigures(m, s.test)
	cond := conditionFigures(test, preds)

	// Speed: scoring all test quotes.
	speed := scoringSpeed(m, s.test)

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "model.json.gz"), buf.Bytes(), 0o644); err != nil {
		return err
	}

	var r strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&r, format, a...) }
	w("# Default model report\n\n")
	w("Produced by `go run ./models/internal/trainer` (`make model`) from `%s`. ", filepath.Base(src))
	w("Hyperparameters were chosen by %d-fold cross-validation on the train split (folds by article), ", folds)
	w("the calibration temperature was fitted on the dev split, and every figure below is measured on the **test** split, ")
	w("which is used for nothing else. Stance figures use gold quotes and gold targets.\n\n")
	w("- Model: version `%s`, checksum `%s`, %d bytes gzipped\n", m.Version(), m.Checksum(), buf.Len())
	w("- Training data checksum: `%s`\n", rep.DataChecksum)
	w("- Examples (quote × target with a stance): train %d, dev %d, test %d\n", rep.Train, rep.Dev, len(test))
	w("- Relevance examples (quote × target, addressed or not): train %d\n", rep.RelTrain)
	fc := m.Features()
	w("- Features: word %d–%d-grams, stemmed unigrams %v, char %d–%d-grams (inside words), WordPiece pieces %v, linguistic %v "+
		"(block norm %g; polarity by pronoun person %v and by direction to the target %v; speaker kind %v: named, unnamed or a questioner of the press, alone and with a question); "+
		"mean word vector %v and word-cluster 1–%d-grams (vectors `%s`, learned without labels from the press releases (less those that dev or test articles were excerpted from) and the train split's texts); "+
		"conjoined with the target %v (character n-grams excepted: %v, no dev or CV loss and about a third fewer lookups; "+
		"one character order, as 3–5-grams scored no better in CV on train or on dev: CV 0.713 vs 0.714, dev 0.736 vs 0.738 on 4,713/1,213 labels); "+
		"hashed into 2^%d, %d distinct features seen in training (occurring in at least 3 training examples)\n",
		fc.WordMin, fc.WordMax, fc.StemUnigrams, fc.CharMin, fc.CharMax, fc.Subwords, fc.Linguistic,
		max(fc.LingNorm, 1), fc.PolPerson, fc.PolDir, fc.SpeakerKind, fc.EmbQuote, fc.Clusters, fc.WordVecs,
		fc.TargetConj, fc.NoCharConj, fc.HashBits, rep.Features)
	w("- Chosen by CV: L2 = %g, class weights = %s; temperature T = %.3f\n", rep.L2, rep.ClassWeight, rep.Temperature)
	w("- Speaker consistency (a quote's scores also weigh the mean scores of the same named speaker's other quotes toward the target in the article): weight %g, chosen by CV", rep.Consistency)
	if len(rep.ConsistencyCV) > 0 {
		w(" (out-of-fold macro-F1 on train")
		for i, f := range rep.ConsistencyCV {
			w("; %g: %.3f", models.ConsistencyGrid()[i], f)
		}
		w(")")
	}
	w("\n")
	w("- Training time (features, %d-fold CV over %d grid points, final fit, relevance, calibration): %.1f s on %s/%s, 1 core\n\n",
		folds, len(rep.Grid), trainTime.Seconds(), runtime.GOOS, runtime.GOARCH)

	w("## Stance on test (gold quotes), n = %d\n\n", sc.N)
	w("| class | precision | recall | F1 | support |\n|---|---|---|---|---|\n")
	for c, l := range corpus.Labels {
		cl := sc.Classes[c]
		w("| %s | %.3f | %.3f | %.3f | %d |\n", l, cl.P, cl.R, cl.F1, cl.Support)
	}
	w("\nmacro-F1 = **%.3f**, F_avg (favor, against) = %.3f, accuracy = %.3f (n = %d)\n\n", sc.MacroF1, sc.FAvg, sc.Accuracy, sc.N)
	w("Confusion (rows gold, columns predicted: favor, against, neutral): %v\n\n", sc.Confusion)

	w("## Baselines on test, side by side (n = %d)\n\n", sc.N)
	w("| model | macro-F1 | F_avg | accuracy |\n|---|---|---|---|\n")
	w("| majority class (%s) | %.3f | %.3f | %.3f |\n", corpus.Labels[maj], scMaj.MacroF1, scMaj.FAvg, scMaj.Accuracy)
	w("| plain word 1–3-gram logistic regression | %.3f | %.3f | %.3f |\n", scWord.MacroF1, scWord.FAvg, scWord.Accuracy)
	w("| full model without subword pieces | %.3f | %.3f | %.3f |\n", scNoSub.MacroF1, scNoSub.FAvg, scNoSub.Accuracy)
	w("| full model without speaker consistency | %.3f | %.3f | %.3f |\n", scNoCons.MacroF1, scNoCons.FAvg, scNoCons.Accuracy)
	w("| **full model** | **%.3f** | **%.3f** | **%.3f** |\n\n", sc.MacroF1, sc.FAvg, sc.Accuracy)

	w("## Subword pieces: with and without, on dev (n = %d)\n\n", devSc.N)
	w("| features | dev macro-F1 | dev F_avg | CV macro-F1 (train) |\n|---|---|---|---|\n")
	w("| without WordPiece pieces | %.3f | %.3f | %.3f |\n", devNoSub.MacroF1, devNoSub.FAvg, bestCV(repNoSub))
	w("| with WordPiece pieces | %.3f | %.3f | %.3f |\n\n", devSc.MacroF1, devSc.FAvg, bestCV(rep))
	w("(Plain word-n-gram model: CV macro-F1 %.3f.)\n\n", bestCV(repWord))

	w("## Calibration\n\n")
	w("| split | n | ECE before | ECE after | Brier before | Brier after |\n|---|---|---|---|---|---|\n")
	w("| %s (fitted here) | %d | %.3f | %.3f | %.3f | %.3f |\n", rep.CalibratedOn, rep.Before.N, rep.Before.ECE, rep.After.ECE, rep.Before.Brier, rep.After.Brier)
	w("| test | %d | %.3f | %.3f | %.3f | %.3f |\n\n", len(goldIdx), metrics.ECE(probsRaw, goldIdx), metrics.ECE(probs, goldIdx),
		metrics.Brier(probsRaw, goldIdx), metrics.Brier(probs, goldIdx))
	w("ECE: 10 equal-width bins of the top-class probability. Brier: multi-class, summed over the three classes.\n\n")

	w("## Targets on test (gold quotes; which targets a quote addresses)\n\n")
	w("Relevance threshold %.2f, chosen on dev (dev micro-F1 %.3f over %d quote × target pairs).\n\n", rep.RelThreshold, rep.RelevanceF1, len(s.dev))
	w("| target | precision | recall | F1 | gold addressed | quotes |\n|---|---|---|---|---|---|\n")
	for _, t := range tg {
		w("| %s | %.3f | %.3f | %.3f | %d | %d |\n", t.name, t.p, t.r, t.f1, t.support, t.n)
	}
	w("\n## Conditions on test (n = %d stance labels, %d with a gold condition)\n\n", cond.n, cond.gold)
	w("- condition present, predicted vs gold: precision %.3f, recall %.3f (predicted %d)\n", cond.p, cond.r, cond.pred)
	w("- exact condition (target name or phrase) among gold conditions: %d of %d; target-name conditions exact: %d of %d\n\n",
		cond.exact, cond.gold, cond.exactTarget, cond.goldTarget)

	w("## Scoring speed\n\n%s\n", speed)
	w("\nGrid (CV macro-F1 on train, pooled out-of-fold):\n\n| L2 | class weights | CV macro-F1 |\n|---|---|---|\n")
	for _, g := range rep.Grid {
		w("| %g | %s | %.3f |\n", g.L2, g.ClassWeight, g.MacroF1)
	}
	if err := os.WriteFile(filepath.Join(out, "REPORT.md"), []byte(r.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "test macro-F1 %.3f (n=%d); word baseline %.3f; majority %.3f; dev with/without subwords %.3f/%.3f\n",
		sc.MacroF1, sc.N, scWord.MacroF1, scMaj.MacroF1, devSc.MacroF1, devNoSub.MacroF1)
	return nil
}

func bestCV(r models.TrainReport) float64 {
	b := 0.0
	for _, g := range r.Grid {
		b = max(b, g.MacroF1)
	}
	return b
}

type targetFig struct {
	name               string
	p, r, f1           float64
	support, n, tp, fp int
}

func targetFigures(m *models.Model, exs []models.Example) []targetFig {
	var out []targetFig
	byQuote := map[string][]models.Example{}
	var keys []string
	for _, ex := range exs {
		k := fmt.Sprintf("%s/%v", ex.ArticleID, ex.Input.Parts)
		if _, ok := byQuote[k]; !ok {
			keys = append(keys, k)
		}
		byQuote[k] = append(byQuote[k], ex)
	}
	figs := map[string]*targetFig{}
	var names []string
	for _, t := range m.TargetList() {
		figs[t.Name] = &targetFig{name: t.Name}
		names = append(names, t.Name)
	}
	for _, k := range keys {
		q := byQuote[k]
		got := map[string]bool{}
		for _, mt := range m.Targets(q[0].Input) {
			got[mt.Target] = true
		}
		for _, ex := range q {
			f := figs[ex.Target]
			if f == nil {
				continue
			}
			f.n++
			addressed := ex.Label != corpus.Unrelated
			if addressed {
				f.support++
			}
			if got[ex.Target] {
				if addressed {
					f.tp++
				} else {
					f.fp++
				}
			}
		}
	}
	for _, n := range names {
		f := figs[n]
		if f.n == 0 {
			continue
		}
		if f.tp+f.fp > 0 {
			f.p = float64(f.tp) / float64(f.tp+f.fp)
		}
		if f.support > 0 {
			f.r = float64(f.tp) / float64(f.support)
		}
		if f.p+f.r > 0 {
			f.f1 = 2 * f.p * f.r / (f.p + f.r)
		}
		out = append(out, *f)
	}
	return out
}

type condFig struct {
	n, gold, pred, both, exact, goldTarget, exactTarget int
	p, r                                                float64
}

func conditionFigures(exs []models.Example, preds []models.Prediction) condFig {
	var c condFig
	targets := slices.Clone(corpus.DefaultTargetNames)
	for i, ex := range exs {
		c.n++
		g, p := ex.Condition, preds[i].Condition
		if g != "" {
			c.gold++
			if slices.Contains(targets, g) {
				c.goldTarget++
				if p == g {
					c.exactTarget++
				}
			}
			if p == g {
				c.exact++
			}
		}
		if p != "" {
			c.pred++
			if g != "" {
				c.both++
			}
		}
	}
	if c.pred > 0 {
		c.p = float64(c.both) / float64(c.pred)
	}
	if c.gold > 0 {
		c.r = float64(c.both) / float64(c.gold)
	}
	return c
}

func scoringSpeed(m *models.Model, exs []models.Example) string {
	st := stanceOnly(exs)
	if len(st) == 0 {
		return "no test examples"
	}
	var bytesQ int
	for _, ex := range st {
		bytesQ += len(corpus.QuoteText(ex.Input.Text, ex.Input.Parts))
	}
	// Warm the subword cache once, then take the fastest of several passes
	// (the machine may be shared).
	for _, ex := range st {
		m.Predict(ex.Input, ex.Target)
	}
	best := math.Inf(1)
	for range 7 {
		t0 := time.Now()
		for _, ex := range st {
			m.Predict(ex.Input, ex.Target)
		}
		best = min(best, time.Since(t0).Seconds())
	}
	el, reps := best, 1
	return fmt.Sprintf("Predict (features, scores, condition, evidence) on the %d test quote × target pairs: %.0f predictions/s, %.1f MB/s of quote text, one core, fastest of 7 passes (see the benchmarks in models/bench_test.go for MB/s per document byte).",
		len(st), float64(reps*len(st))/el, float64(reps*bytesQ)/el/1e6)
}
