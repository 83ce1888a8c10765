package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/eval"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
)

const evalUsage = `Usage:
  classify eval --gold FILE [--split test] [--model FILE | --predictions FILE] [--format text|json|html] [-o FILE]
  classify eval --data ROWS [--split test] [--model FILE]
  classify eval --gold FILE --compare A B
  classify eval --gold FILE --cv K

With --gold, quotes, speakers and stances are scored end to end (the
pipeline runs on the gold texts; missed quotes count as misses) and stance is
also scored given the gold quotes. --predictions scores a stance/v1 JSONL file
instead of running a model (end to end only). --data scores stance-only rows.
--compare takes two model files or two prediction files and runs a paired
bootstrap. --cv K cross-validates training on the train split (grouped by
article) and reports mean and spread. Every figure comes with its support.
`

type evalOptions struct {
	gold, data, split, modelPath, predictions, targets string
	format, output                                     string
	compare                                            []string
	reps, cv, errors                                   int
	seed                                               uint64
}

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o evalOptions
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.StringVar(&o.gold, "gold", "", "gold articles `FILE`")
	fs.StringVar(&o.data, "data", "", "stance-only rows `FILE` (JSONL or TSV)")
	fs.StringVar(&o.split, "split", corpus.SplitTest, "split to score: train, dev, test or all")
	fs.StringVar(&o.modelPath, "model", "", "model `FILE` (default: the embedded model)")
	fs.StringVar(&o.predictions, "predictions", "", "score a stance/v1 JSONL `FILE` instead of running a model")
	fs.StringVar(&o.targets, "targets", "", "targets `FILE` (JSON or YAML)")
	fs.StringVar(&o.format, "format", "text", "report format: text, json or html")
	fs.StringVar(&o.output, "o", "", "write the report to `FILE` (default: stdout)")
	fs.IntVar(&o.reps, "reps", eval.DefaultReps, "bootstrap replicates (resampling articles)")
	fs.Uint64Var(&o.seed, "seed", 1, "bootstrap seed")
	fs.IntVar(&o.errors, "errors", eval.DefaultWorstErrors, "worst errors listed per section, quote texts included (0: none, to read a test split's figures without its examples)")
	fs.IntVar(&o.cv, "cv", 0, "cross-validate training with `K` folds on the train split")
	compare := fs.Bool("compare", false, "compare the two model or prediction files given as arguments")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return helpOr(err, fs, stdout, evalUsage)
	}
	switch {
	case *compare:
		if len(pos) != 2 {
			return usagef("eval --compare: want two files")
		}
		o.compare = pos
	case len(pos) > 0:
		return usagef("eval: unexpected argument %q", pos[0])
	}
	if (o.gold == "") == (o.data == "") {
		return usagef("eval: want exactly one of --gold and --data")
	}
	if o.format != "text" && o.format != "json" && o.format != "html" {
		return usagef("eval: unknown format %q (want text, json or html)", o.format)
	}
	return runEval(ctx, o, stdout, stderr)
}

func runEval(ctx context.Context, o evalOptions, stdout, stderr io.Writer) error {
	cfg := eval.ReportConfig{Reps: o.reps, Seed: o.seed, WorstErrors: o.errors}
	if o.errors <= 0 {
		cfg.WorstErrors = -1 // none
	}
	var rep *eval.Report
	var err error
	switch {
	case o.data != "":
		rep, err = evalRows(o, cfg)
	case o.cv > 0:
		rep, err = evalCV(o, cfg, stderr)
	case len(o.compare) == 2:
		rep, err = evalCompare(ctx, o, cfg)
	default:
		rep, err = evalGold(ctx, o, cfg)
	}
	if err != nil {
		return err
	}
	out := stdout
	var f *os.File
	if o.output != "" {
		if f, err = os.Create(o.output); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		out = f
	}
	switch o.format {
	case "json":
		err = rep.WriteJSON(out)
	case "html":
		err = rep.WriteHTML(out)
	default:
		err = rep.WriteText(out)
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// loadGoldSplit reads gold articles and keeps those of split ("all": every one).
func loadGoldSplit(path, split string) ([]corpus.GoldArticle, error) {
	arts, err := corpus.LoadGold(path)
	if err != nil {
		return nil, err
	}
	if split == "all" {
		return arts, nil
	}
	var out []corpus.GoldArticle
	for _, a := range arts {
		if a.Split == split {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no article in split %q", path, split)
	}
	return out, nil
}

func targetNames(m *models.Model) []string {
	var names []string
	for _, t := range m.TargetList() {
		names = append(names, t.Name)
	}
	return names
}

func evalGold(ctx context.Context, o evalOptions, cfg eval.ReportConfig) (*eval.Report, error) {
	arts, err := loadGoldSplit(o.gold, o.split)
	if err != nil {
		return nil, err
	}
	cfg.Data = fmt.Sprintf("%s, %s split (%d articles)", o.gold, o.split, len(arts))
	if o.predictions != "" {
		recs, err := readPredictions(o.predictions)
		if err != nil {
			return nil, err
		}
		cfg.Model = "predictions " + o.predictions
		e2e, qs := endToEnd(arts, recs, corpus.DefaultTargetNames)
		rep := eval.NewReport(nil, e2e, cfg)
		rep.Quotes = qs
		return rep, nil
	}
	m, err := loadModel(o.modelPath, o.targets)
	if err != nil {
		return nil, err
	}
	cfg.Model = "model " + m.Version() + " " + m.Checksum()
	given, e2e, qs, err := scoreGold(ctx, m, arts)
	if err != nil {
		return nil, err
	}
	rep := eval.NewReport(given, e2e, cfg)
	rep.Quotes = qs
	return rep, nil
}

// scoreGold scores a model on gold articles, given the gold quotes and end
// to end.
func scoreGold(ctx context.Context, m *models.Model, arts []corpus.GoldArticle) (given, e2e []eval.StanceItem, qs eval.QuoteScores, err error) {
	targets := targetNames(m)
	given = givenQuotes(m, arts, targets)
	recs, err := runOnGold(ctx, m, arts)
	if err != nil {
		return nil, nil, qs, err
	}
	e2e, qs = endToEnd(arts, recs, targets)
	return given, e2e, qs, nil
}

// givenQuotes predicts the stance of every gold quote toward every target:
// the targets stage decides which it addresses, the model the stance.
func givenQuotes(m *models.Model, arts []corpus.GoldArticle, targets []string) []eval.StanceItem {
	items := eval.GoldItems(arts, targets)
	preds := map[string]map[string]models.Prediction{}
	for _, a := range arts {
		// each article at once, as score does: a speaker's quotes inform
		// each other
		qs := make([]models.DocQuote, len(a.Quotes))
		for qi, q := range a.Quotes {
			in := models.Input{Text: a.Text, Parts: q.Spans(), Cue: q.Cue, Speaker: q.Speaker, Role: q.Role}
			qs[qi].In = in
			for _, match := range m.Targets(in) {
				qs[qi].Targets = append(qs[qi].Targets, match.Target)
			}
		}
		for qi, ps := range m.PredictDocument(qs) {
			id := fmt.Sprintf("%s#q%d", a.ID, qi+1)
			preds[id] = map[string]models.Prediction{}
			for j, p := range ps {
				preds[id][qs[qi].Targets[j]] = p
			}
		}
	}
	for i := range items {
		if p, ok := preds[items[i].QuoteID][items[i].Target]; ok {
			items[i].Pred, items[i].Probs = p.Label, p.Probs
			for _, e := range p.Evidence {
				items[i].Evidence = append(items[i].Evidence, e.Text)
			}
		} else {
			items[i].Pred = corpus.Unrelated
		}
	}
	return items
}

// goldReader serves gold articles as documents.
type goldReader struct {
	arts []corpus.GoldArticle
	i    int
}

func (g *goldReader) Read() (corpus.Document, error) {
	if g.i >= len(g.arts) {
		return corpus.Document{}, io.EOF
	}
	a := g.arts[g.i]
	g.i++
	return corpus.Document{ID: a.ID, Text: a.Text, Source: fmt.Sprintf("gold:%d", a.Line)}, nil
}

type collect struct{ recs map[string]*pipeline.Record }

func (c *collect) Write(r *pipeline.Record) error { c.recs[r.DocID] = r; return nil }
func (c *collect) Close() error                   { return nil }

// runOnGold runs the whole pipeline on the gold articles' texts.
func runOnGold(ctx context.Context, m *models.Model, arts []corpus.GoldArticle) (map[string]*pipeline.Record, error) {
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		return nil, err
	}
	sink := &collect{recs: map[string]*pipeline.Record{}}
	if _, err := pipeline.Run(ctx, &goldReader{arts: arts}, pipeline.Steps(x, m), sink, pipeline.Config{}); err != nil {
		return nil, err
	}
	return sink.recs, nil
}

// readPredictions reads stance/v1 records keyed by doc_id.
func readPredictions(path string) (map[string]*pipeline.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs := map[string]*pipeline.Record{}
	br := bufio.NewReaderSize(f, 1<<20)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(b))) > 0 {
			var r pipeline.Record
			if jerr := json.Unmarshal(b, &r); jerr != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, line, jerr)
			}
			recs[r.DocID] = &r
		}
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// endToEnd scores the records against the gold articles: quote and speaker
// metrics, and stance items with misses and spurious quotes.
func endToEnd(arts []corpus.GoldArticle, recs map[string]*pipeline.Record, targets []string) ([]eval.StanceItem, eval.QuoteScores) {
	var items []eval.StanceItem
	var docs []eval.QuoteDoc
	for _, a := range arts {
		var preds []eval.StanceQuote
		if r := recs[a.ID]; r != nil {
			preds = stanceQuotes(r)
		}
		pq := make([]eval.PredQuote, len(preds))
		for i, p := range preds {
			pq[i] = p.PredQuote
		}
		docs = append(docs, eval.QuoteDoc{ID: a.ID, Gold: a.Quotes, Pred: pq})
		items = append(items, eval.EndToEndItems(a, preds, nil, targets)...)
	}
	return items, eval.ScoreQuotes(docs)
}

// stanceQuotes converts a record's quotes for scoring.
func stanceQuotes(r *pipeline.Record) []eval.StanceQuote {
	out := make([]eval.StanceQuote, 0, len(r.Quotes))
	for _, q := range r.Quotes {
		sq := eval.StanceQuote{ID: q.ID, Text: q.Text, Targets: map[string]eval.TargetPrediction{}}
		sq.Kind = q.Kind
		if len(q.Parts) == 0 {
			sq.Spans = []corpus.Span{{Start: q.Start, End: q.End}}
		}
		for _, p := range q.Parts {
			sq.Spans = append(sq.Spans, corpus.Span{Start: p[0], End: p[1]})
		}
		if q.Speaker != nil {
			sq.Speaker, sq.Via = q.Speaker.Name, q.Speaker.Via
		}
		for _, t := range q.Targets {
			tp := eval.TargetPrediction{Stance: t.Stance, Probs: [3]float64{t.Probs.Favor, t.Probs.Against, t.Probs.Neutral}}
			for _, e := range t.Evidence {
				tp.Evidence = append(tp.Evidence, e.Text)
			}
			sq.Targets[t.Target] = tp
		}
		out = append(out, sq)
	}
	return out
}

// evalRows scores stance-only rows: the target is given, the model says
// the stance.
func evalRows(o evalOptions, cfg eval.ReportConfig) (*eval.Report, error) {
	all, err := loadExamples(o.data)
	if err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	exs := all
	if o.split != "all" {
		exs = bySplit(all, o.split)
		if len(exs) == 0 {
			exs = bySplit(all, "") // rows without splits: score them all
		}
	}
	m, err := loadModel(o.modelPath, o.targets)
	if err != nil {
		return nil, err
	}
	cfg.Model = "model " + m.Version()
	cfg.Data = fmt.Sprintf("%s, %s split (%d rows)", o.data, o.split, len(exs))
	return eval.NewReport(rowItems(m, exs), nil, cfg), nil
}

func rowItems(m *models.Model, exs []models.Example) []eval.StanceItem {
	items := make([]eval.StanceItem, len(exs))
	for i, e := range exs {
		p := m.Predict(e.Input, e.Target)
		text := corpus.QuoteText(e.Input.Text, e.Input.Parts)
		items[i] = eval.StanceItem{ArticleID: e.ArticleID, QuoteID: fmt.Sprintf("%s#%d", e.ArticleID, i), Target: e.Target,
			Gold: e.Label, Pred: p.Label, Probs: p.Probs, Text: text}
	}
	return items
}

// evalCompare scores two models, or two prediction files, on the same gold
// articles and compares them with a paired bootstrap.
func evalCompare(ctx context.Context, o evalOptions, cfg eval.ReportConfig) (*eval.Report, error) {
	arts, err := loadGoldSplit(o.gold, o.split)
	if err != nil {
		return nil, err
	}
	var sets [2][]eval.StanceItem
	var quoteScores [2]eval.QuoteScores
	for i, path := range o.compare {
		if isPredictions(path) {
			recs, err := readPredictions(path)
			if err != nil {
				return nil, err
			}
			sets[i], quoteScores[i] = endToEnd(arts, recs, corpus.DefaultTargetNames)
			continue
		}
		m, err := loadModel(path, o.targets)
		if err != nil {
			return nil, err
		}
		_, sets[i], quoteScores[i], err = scoreGold(ctx, m, arts)
		if err != nil {
			return nil, err
		}
	}
	cfg.Model = o.compare[0] + " vs " + o.compare[1]
	cfg.Data = fmt.Sprintf("%s, %s split (%d articles), end to end", o.gold, o.split, len(arts))
	rep := eval.NewReport(nil, sets[0], cfg)
	rep.Quotes = quoteScores[0]
	reps := o.reps
	if reps <= 0 {
		reps = eval.DefaultReps
	}
	rep.Comparisons = eval.Compare(sets[0], sets[1], o.compare[0], o.compare[1], reps, o.seed)
	return rep, nil
}

// isPredictions reports whether path holds stance/v1 JSONL rather than a
// model (a gzipped model starts with the gzip magic bytes).
func isPredictions(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head) // a short file is judged by what it has
	return strings.Contains(string(head[:n]), `"schema"`)
}

// evalCV cross-validates training on the train split: K stratified folds
// grouped by article; each fold's model is scored given the gold quotes.
func evalCV(o evalOptions, cfg eval.ReportConfig, stderr io.Writer) (*eval.Report, error) {
	arts, err := loadGoldSplit(o.gold, corpus.SplitTrain)
	if err != nil {
		return nil, err
	}
	exs := models.ExamplesFromGold(arts)
	groups := make([]string, len(exs))
	labels := make([]corpus.Label, len(exs))
	for i, e := range exs {
		groups[i], labels[i] = e.ArticleID, e.Label
	}
	folds := eval.Folds(groups, labels, o.cv, o.seed)
	var perFold []eval.StanceMetrics
	var pooled []eval.StanceItem
	for k := range folds {
		trainIdx, testIdx := eval.TrainTest(folds, k)
		train := make([]models.Example, len(trainIdx))
		for i, j := range trainIdx {
			train[i] = exs[j]
		}
		test := make([]models.Example, len(testIdx))
		for i, j := range testIdx {
			test[i] = exs[j]
		}
		m, _, err := models.Train(models.TrainConfig{Seed: int64(o.seed)}, train, nil)
		if err != nil {
			return nil, fmt.Errorf("fold %d: %w", k+1, err)
		}
		items := rowItems(m, test)
		perFold = append(perFold, eval.ComputeStance(items))
		pooled = append(pooled, items...)
		fmt.Fprintf(stderr, "fold %d/%d: %d train, %d test examples\n", k+1, len(folds), len(train), len(test))
	}
	cfg.Model = fmt.Sprintf("%d-fold cross-validation of training", len(folds))
	cfg.Data = fmt.Sprintf("%s, train split (%d articles, %d examples)", o.gold, len(arts), len(exs))
	rep := eval.NewReport(pooled, nil, cfg)
	rep.CrossValidation = eval.SummarizeFolds(perFold)
	return rep, nil
}
