package models

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models/internal/metrics"
)

// An Example is one labeled quote × target. Label is a stance, or
// corpus.Unrelated for a target the quote does not address (such examples
// train only the relevance model).
type Example struct {
	Input     Input
	Target    string
	Label     corpus.Label
	Condition string
	ArticleID string // groups examples for cross-validation
	Split     string // train, dev, test or ""
}

// ExamplesFromGold returns one example per gold quote and target the
// quote addresses, with the quote's stance toward it, in article, quote
// and target order. These are the stance examples; AllExamplesFromGold adds
// the targets a quote does not address.
func ExamplesFromGold(arts []corpus.GoldArticle) []Example {
	return stanceOnly(AllExamplesFromGold(arts))
}

// AllExamplesFromGold returns one example per gold quote and target among
// the default targets and those labeled anywhere in arts: the quote's
// stance toward each target it addresses, and corpus.Unrelated for every
// other (these train only the relevance model). Examples come in article,
// quote and target order.
func AllExamplesFromGold(arts []corpus.GoldArticle) []Example {
	names := slices.Clone(corpus.DefaultTargetNames)
	for _, a := range arts {
		for _, q := range a.Quotes {
			for t := range q.Stances {
				if !slices.Contains(names, t) {
					names = append(names, t)
				}
			}
		}
	}
	slices.Sort(names[len(corpus.DefaultTargetNames):])
	var out []Example
	for _, a := range arts {
		for _, q := range a.Quotes {
			in := Input{Text: a.Text, Parts: q.Spans(), Cue: q.Cue, Speaker: q.Speaker, Role: q.Role}
			for _, t := range names {
				ex := Example{Input: in, Target: t, Label: corpus.Unrelated, ArticleID: a.ID, Split: a.Split}
				if st, ok := q.Stances[t]; ok {
					ex.Label, ex.Condition = st.Stance, st.Condition
				}
				out = append(out, ex)
			}
		}
	}
	return out
}

// TrainConfig configures Train. Its zero value works: default features,
// seed 0, 3-fold cross-validation over the default grid.
type TrainConfig struct {
	Seed         int64
	L2           []float64 // grid of L2 strengths; nil: {3e-4, 1e-3, 3e-3}
	ClassWeights []string  // grid: "none", "balanced"; nil: both
	Folds        int       // cross-validation folds (by article); 0: 3; 1: no CV, first grid point
	MaxIter      int       // L-BFGS iterations of the final fit; 0: 100 (CV fits use at most 25)
	CVMaxIter    int       // L-BFGS iterations of each CV fit; 0: 25 (with a looser tolerance)

	Features     *FeatureConfig // nil: DefaultFeatures()
	NoSubwords   bool           // ablations on top of Features
	NoChars      bool
	NoLinguistic bool
	NoTargetConj bool
	WordOnly     bool // plain word n-gram model: no chars, subwords, linguistic features or conjunction
	// NoConsistency keeps each quote's scores its own (no weight of the
	// speaker's other quotes; see consistency.go).
	NoConsistency bool

	Targets     []corpus.Target // added to (or replacing) the default targets
	NoRelevance bool            // do not train the relevance model
	Version     string          // the model's version string; "" derives one from the data checksum
}

// A GridPoint is one hyperparameter setting and its cross-validated score.
type GridPoint struct {
	L2          float64
	ClassWeight string
	MacroF1     float64 // over the pooled out-of-fold predictions
}

// Calibration holds calibration figures on some examples.
type Calibration struct {
	N     int
	ECE   float64
	Brier float64
	NLL   float64
}

// A TrainReport says what Train did and how well the model did on dev.
type TrainReport struct {
	Train, Dev   int // stance examples
	RelTrain     int // relevance examples (0: no relevance model)
	Features     int // distinct hashed features seen in training
	Grid         []GridPoint
	L2           float64
	ClassWeight  string
	Temperature  float64
	CalibratedOn string // "dev" or "cv" (out-of-fold, when there is no dev)
	Before       Calibration
	After        Calibration
	DevScores    *metrics.Scores // nil without dev
	RelThreshold float64         // relevance threshold (chosen on dev; 0.5 without)
	RelevanceF1  float64         // micro-F1 of target detection on dev at that threshold
	DataChecksum string
	OOF          [][3]float64 // out-of-fold scores of the stance training examples at the chosen grid point (nil without CV)
	// Consistency is the weight of a speaker's other quotes chosen by CV
	// (see consistency.go); ConsistencyCV the out-of-fold macro-F1 at each
	// weight of consistencyGrid (nil without CV).
	Consistency   float64
	ConsistencyCV []float64
}

// minDF is the least number of training examples a feature must occur in.
const minDF = 3

// ErrNoData reports a training set without stance examples.
var ErrNoData = errors.New("models: no stance examples to train on")

func (cfg *TrainConfig) features() FeatureConfig {
	f := DefaultFeatures()
	if cfg.Features != nil {
		f = *cfg.Features
	}
	if cfg.NoSubwords || cfg.WordOnly {
		f.Subwords = false
	}
	if cfg.NoChars || cfg.WordOnly {
		f.CharMin, f.CharMax = 0, 0
	}
	if cfg.NoLinguistic || cfg.WordOnly {
		f.Linguistic = false
	}
	if cfg.NoTargetConj || cfg.WordOnly {
		f.TargetConj = false
	}
	if cfg.WordOnly {
		f.EmbQuote, f.Clusters = false, 0
	}
	if !f.Subwords {
		f.Tokenizer, f.VocabSHA256 = "", ""
	}
	return f
}

// Train fits a model on train, cross-validating L2 strength and class
// weights on train (never on dev or test), then fits the calibration
// temperature on dev (or on the out-of-fold predictions when dev has no
// stance examples). Training is deterministic: the same examples, config
// and seed give a byte-identical model. Examples labeled corpus.Unrelated
// train the relevance model, with negatives derived for every quote's
// unlabeled targets (see AllExamplesFromGold); it is fitted only when both
// addressed and unaddressed examples exist.
func Train(cfg TrainConfig, train, dev []Example) (*Model, TrainReport, error) {
	var rep TrainReport
	fc := cfg.features()
	var pc *pieceCache
	if fc.Subwords {
		var err error
		pc, fc.VocabSHA256, err = embeddedPieces()
		if err != nil {
			return nil, rep, err
		}
		fc.Tokenizer = tokenizerID
	}
	var wv *wordVectors
	if fc.usesWordVecs() {
		var err error
		if wv, fc.WordVecs, err = embeddedWordVectors(); err != nil {
			return nil, rep, err
		}
	} else {
		fc.WordVecs = ""
	}
	ext := newExtractor(fc, pc)
	ext.setVecs(wv)

	// Targets: defaults, the config's, and any target named only in data.
	targets := mergeTargets(DefaultTargets(), cfg.Targets)
	for _, ex := range append(slices.Clip(train), dev...) {
		if !slices.ContainsFunc(targets, func(t corpus.Target) bool { return t.Name == ex.Target }) {
			targets = append(targets, autoTarget(ex.Target).t)
		}
	}
	hdr := header{Format: formatName, Version: formatVersion, Features: fc,
		Labels: corpus.Labels[:], Targets: targets, RelThreshold: 0.5}
	m := newModel(hdr, ext, nil, nil)

	// Stance data.
	stTrain := stanceOnly(train)
	if len(stTrain) == 0 {
		return nil, rep, ErrNoData
	}
	rep.Train = len(stTrain)
	var raw rawSet
	groups := make([]string, len(stTrain))
	v := m.getView()
	for i, ex := range stTrain {
		m.stanceFeatures(v, &ex)
		raw.add(v.feats, ex.Label.Index())
		groups[i] = ex.ArticleID
		if groups[i] == "" {
			groups[i] = fmt.Sprint(i)
		}
	}
	m.putView(v)
	ds, names := raw.compact(minDF)
	rep.Features = ds.nf
	rep.DataChecksum = dataChecksum(train)

	// Cross-validation.
	l2s := cfg.L2
	if len(l2s) == 0 {
		l2s = []float64{3e-4, 1e-3, 3e-3}
	}
	cws := cfg.ClassWeights
	if len(cws) == 0 {
		cws = []string{"none", "balanced"}
	}
	for _, cw := range cws {
		if cw != "none" && cw != "balanced" {
			return nil, rep, fmt.Errorf("models: unknown class weighting %q (want none or balanced)", cw)
		}
	}
	folds := cfg.Folds
	if folds == 0 {
		folds = 3
	}
	fit := fitConfig{maxIter: cfg.MaxIter}
	cvFit := fitConfig{maxIter: 25, tol: 1e-4}
	if cfg.CVMaxIter > 0 {
		cvFit = fitConfig{maxIter: cfg.CVMaxIter, tol: 1e-5}
	}
	if fit.maxIter > 0 && fit.maxIter < cvFit.maxIter {
		cvFit.maxIter = fit.maxIter
	}
	best := GridPoint{L2: l2s[0], ClassWeight: cws[0], MacroF1: -1}
	var bestOOF [][3]float64
	if folds > 1 {
		fold := assignFolds(groups, folds, cfg.Seed)
		oof := make([][][][3]float64, len(cws)) // [class weighting][L2][example]
		for ci := range cws {
			oof[ci] = make([][][3]float64, len(l2s))
			for li := range l2s {
				oof[ci][li] = make([][3]float64, ds.len())
			}
		}
		for f := range folds {
			var tr, te []int
			for i := range ds.len() {
				if fold[i] == f {
					te = append(te, i)
				} else {
					tr = append(tr, i)
				}
			}
			if len(te) == 0 || len(tr) == 0 {
				continue
			}
			// One warm-started path through the grid: down the L2 values
			// for the first class weighting, back up for the next, and so on.
			var x []float64
			for ci, cw := range cws {
				cwv := classWeights(ds, tr, 3, cw)
				for k := range l2s {
					li := len(l2s) - 1 - k
					if ci%2 == 1 {
						li = k
					}
					lr := newLogreg(ds, tr, 3, l2s[li], cwv)
					var err error
					if x, err = lr.fit(x, cvFit); err != nil {
						return nil, rep, err
					}
					for _, r := range te {
						oof[ci][li][r] = compactScores(ds, r, x)
					}
				}
			}
		}
		for ci, cw := range cws {
			for li, l2 := range l2s {
				pred := make([]int, ds.len())
				for i := range pred {
					pred[i] = argmax3(oof[ci][li][i])
				}
				gp := GridPoint{L2: l2, ClassWeight: cw, MacroF1: metrics.Compute(ds.y, pred, 3).MacroF1}
				rep.Grid = append(rep.Grid, gp)
				if gp.MacroF1 > best.MacroF1+1e-12 {
					best, bestOOF = gp, oof[ci][li]
				}
			}
		}
	}
	rep.L2, rep.ClassWeight = best.L2, best.ClassWeight
	rep.OOF = bestOOF
	if bestOOF != nil && !cfg.NoConsistency {
		m.hdr.Consistency, rep.ConsistencyCV = chooseConsistency(stTrain, bestOOF, ds.y)
	}
	rep.Consistency = m.hdr.Consistency

	// Final fit on all of train.
	all := make([]int, ds.len())
	for i := range all {
		all[i] = i
	}
	lr := newLogreg(ds, all, 3, best.L2, classWeights(ds, all, 3, best.ClassWeight))
	x, err := lr.fit(nil, fit)
	if err != nil {
		return nil, rep, err
	}
	m.stance = toLinear(x, names, 3, fc.HashBits)
	m.hdr.L2, m.hdr.ClassWeight = best.L2, best.ClassWeight

	// Relevance.
	if !cfg.NoRelevance {
		if rel, n := m.trainRelevance(train, fit); rel != nil {
			m.rel, rep.RelTrain = rel, n
			m.hdr.RelThreshold, rep.RelevanceF1 = m.tuneThreshold(dev)
		}
	}
	rep.RelThreshold = m.hdr.RelThreshold

	// Calibration.
	m.hdr.Temperature = 1
	var calScores [][3]float64
	var calGold []int
	stDev := stanceOnly(dev)
	rep.Dev = len(stDev)
	if len(stDev) > 0 {
		rep.CalibratedOn = "dev"
		v := m.getView()
		for _, ex := range stDev {
			m.stanceFeatures(v, &ex)
			var z [3]float64
			m.stance.scores(v.feats, z[:])
			calScores = append(calScores, z)
			calGold = append(calGold, ex.Label.Index())
		}
		m.putView(v)
		// calibrate the scores the model will give: with the weight of
		// each speaker's other quotes
		calScores = smoothScores(calScores, exampleGroups(stDev), m.hdr.Consistency)
	} else if bestOOF != nil {
		rep.CalibratedOn = "cv"
		calScores, calGold = smoothScores(bestOOF, exampleGroups(stTrain), m.hdr.Consistency), ds.y
	}
	if len(calScores) > 0 {
		before := probsAt(calScores, 1)
		t := fitTemperature(calScores, calGold)
		after := probsAt(calScores, t)
		m.hdr.Temperature = t
		rep.Before = calibration(before, calGold)
		rep.After = calibration(after, calGold)
		if rep.CalibratedOn == "dev" {
			pred := make([]int, len(calGold))
			for i := range pred {
				pred[i] = argmax3(calScores[i])
			}
			s := metrics.Compute(calGold, pred, 3)
			rep.DevScores = &s
		}
	}
	rep.Temperature = m.hdr.Temperature

	m.hdr.TrainChecksum = rep.DataChecksum
	m.hdr.TrainExamples = rep.Train
	m.hdr.ModelVersion = cfg.Version
	if m.hdr.ModelVersion == "" {
		m.hdr.ModelVersion = "untagged-" + strings.TrimPrefix(rep.DataChecksum, "sha256:")[:12]
	}
	// Serialize once to fix the checksum, as a loaded model would have it.
	sum, err := m.digest()
	if err != nil {
		return nil, rep, err
	}
	m.checksum = sum
	return m, rep, nil
}

func calibration(p [][]float64, gold []int) Calibration {
	return Calibration{N: len(gold), ECE: metrics.ECE(p, gold), Brier: metrics.Brier(p, gold), NLL: metrics.NLL(p, gold)}
}

// withNegatives returns exs and, for every quote among them (examples of
// one quote share ArticleID, text and parts), a corpus.Unrelated example
// for each of the model's targets that no example of that quote names. So
// stance-only data (gold stance examples, or rows each labeled for one
// target) still teaches the relevance model which targets a quote does not
// address.
func (m *Model) withNegatives(exs []Example) []Example {
	type key struct {
		id          string
		n, s, e, np int
	}
	keyOf := func(ex *Example) key {
		k := key{id: ex.ArticleID, n: len(ex.Input.Text), np: len(ex.Input.Parts)}
		if k.np > 0 {
			k.s, k.e = ex.Input.Parts[0].Start, ex.Input.Parts[k.np-1].End
		}
		return k
	}
	first := map[key]int{}
	named := map[key]map[string]bool{}
	var order []key
	for i := range exs {
		k := keyOf(&exs[i])
		if _, ok := first[k]; !ok {
			first[k] = i
			named[k] = map[string]bool{}
			order = append(order, k)
		}
		named[k][exs[i].Target] = true
	}
	out := slices.Clip(exs)
	for _, k := range order {
		src := exs[first[k]]
		for _, t := range m.targets {
			if !named[k][t.t.Name] {
				out = append(out, Example{Input: src.Input, Target: t.t.Name, Label: corpus.Unrelated, ArticleID: src.ArticleID, Split: src.Split})
			}
		}
	}
	return out
}

// trainRelevance fits the binary relevance model on exs and the negatives
// withNegatives derives (stance examples are positives, Unrelated ones
// negatives) with a fixed L2.
func (m *Model) trainRelevance(exs []Example, fit fitConfig) (*linear, int) {
	exs = m.withNegatives(exs)
	pos, neg := 0, 0
	for _, ex := range exs {
		if ex.Label == corpus.Unrelated {
			neg++
		} else {
			pos++
		}
	}
	if pos == 0 || neg == 0 {
		return nil, 0
	}
	var raw rawSet
	v := m.getView()
	for _, ex := range exs {
		t, ok := m.byName[ex.Target]
		if !ok {
			continue
		}
		m.relFeatures(v, &ex, t)
		v.feats = append(v.feats, v.relGen...)
		y := 1
		if ex.Label == corpus.Unrelated {
			y = 0
		}
		raw.add(v.feats, y)
	}
	m.putView(v)
	ds, names := raw.compact(minDF)
	all := make([]int, ds.len())
	for i := range all {
		all[i] = i
	}
	x, err := newLogreg(ds, all, 2, 1e-3, nil).fit(nil, fit)
	if err != nil {
		return nil, 0
	}
	return toLinear(x, names, 2, m.ext.cfg.HashBits), ds.len()
}

// tuneThreshold chooses the relevance threshold that maximizes the
// micro-F1 of target detection on dev (0.5 when dev has no examples of
// both kinds).
func (m *Model) tuneThreshold(dev []Example) (float64, float64) {
	dev = m.withNegatives(dev)
	var scores []float64
	var gold []bool
	pos := 0
	v := m.getView()
	for _, ex := range dev {
		t, ok := m.byName[ex.Target]
		if !ok {
			continue
		}
		m.relFeatures(v, &ex, t)
		var z, p [2]float64
		m.rel.scores(v.relGen, z[:])
		m.rel.addScores(v.feats, z[:])
		softmax(z[:], 1, p[:])
		scores = append(scores, p[1])
		gold = append(gold, ex.Label != corpus.Unrelated)
		if ex.Label != corpus.Unrelated {
			pos++
		}
	}
	m.putView(v)
	if pos == 0 || pos == len(gold) {
		return 0.5, 0
	}
	bestT, bestF := 0.5, -1.0
	for k := 4; k <= 14; k++ { // 0.20, 0.25, …, 0.70
		th := float64(k) / 20
		tp, fp := 0, 0
		for i, s := range scores {
			if s >= th {
				if gold[i] {
					tp++
				} else {
					fp++
				}
			}
		}
		f := 2 * float64(tp) / float64(2*tp+fp+(pos-tp))
		if f > bestF+1e-12 {
			bestT, bestF = th, f
		}
	}
	return bestT, bestF
}

// stanceFeatures computes the stance features of ex into v.feats, exactly
// as Predict does.
func (m *Model) stanceFeatures(v *view, ex *Example) {
	ts, t := m.targets, 0
	if k, ok := m.byName[ex.Target]; ok {
		t = k
	} else {
		ts = append(slices.Clip(ts), autoTarget(ex.Target))
		t = len(ts) - 1
	}
	m.ext.load(v, &ex.Input)
	matchQuote(v, ts)
	m.ext.stance(v, ts, t, &ex.Input)
}

func stanceOnly(exs []Example) []Example {
	var out []Example
	for _, ex := range exs {
		if ex.Label.Index() >= 0 {
			out = append(out, ex)
		}
	}
	return out
}

// classWeights returns nil for "none", or weights n/(k·n_c) for "balanced".
func classWeights(d *dataset, rows []int, k int, mode string) []float64 {
	if mode != "balanced" {
		return nil
	}
	n := make([]int, k)
	for _, r := range rows {
		n[d.y[r]]++
	}
	w := make([]float64, k)
	for c := range k {
		if n[c] > 0 {
			w[c] = float64(len(rows)) / float64(k*n[c])
		}
	}
	return w
}

// assignFolds puts each group in one of k folds by a seeded hash of its
// name, so every example of an article falls in the same fold.
func assignFolds(groups []string, k int, seed int64) []int {
	out := make([]int, len(groups))
	var sb [8]byte
	binary.LittleEndian.PutUint64(sb[:], uint64(seed))
	s := hashBytes(sb[:])
	for i, g := range groups {
		out[i] = int(mix(s, hashString(g)) % uint64(k))
	}
	return out
}

func compactScores(d *dataset, r int, x []float64) [3]float64 {
	nw := d.nf * 3
	z := [3]float64{x[nw], x[nw+1], x[nw+2]}
	for j := d.off[r]; j < d.off[r+1]; j++ {
		base := int(d.idx[j]) * 3
		v := float64(d.val[j])
		z[0] += v * x[base]
		z[1] += v * x[base+1]
		z[2] += v * x[base+2]
	}
	return z
}

func argmax3(z [3]float64) int {
	b := 0
	for c := 1; c < 3; c++ {
		if z[c] > z[b] {
			b = c
		}
	}
	return b
}

// dataChecksum is the SHA-256 of the training examples' ids, targets,
// labels, conditions, cues and quote texts, in order.
func dataChecksum(exs []Example) string {
	h := sha256.New()
	for _, ex := range exs {
		q := ""
		if len(ex.Input.Parts) > 0 && ex.Input.Parts[len(ex.Input.Parts)-1].End <= len([]rune(ex.Input.Text)) {
			q = corpus.QuoteText(ex.Input.Text, ex.Input.Parts)
		}
		fmt.Fprintf(h, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e", ex.ArticleID, ex.Target, ex.Label, ex.Condition, ex.Input.Cue, q)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// relFeatures loads ex into v and computes its relevance features toward
// target t: generic in v.relGen, target-conjoined in v.feats.
func (m *Model) relFeatures(v *view, ex *Example, t int) {
	m.ext.load(v, &ex.Input)
	matchAll(v, m.targets)
	m.ext.relGeneric(v)
	m.ext.relTarget(v, m.targets, t)
}
