package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/pipeline"
)

const corpusUsage = `Usage:
  classify corpus stats [flags] INPUT...     count documents, sizes and what would fail
  classify corpus check [flags] INPUT...     list every document that would become an error record
  classify corpus stats --gold FILE          count a labeled set (articles, quotes by kind, labels per target × stance × split)
  classify corpus check --gold FILE          validate a labeled set; each problem as FILE:LINE
  classify corpus agree --gold FILE --second FILE
                                             inter-annotator agreement of two labelings of the same articles
  classify corpus merge --gold FILE --add FILE -o OUT
                                             fold annotated (authored) articles into the gold set, refusing on any problem

check exits 3 when it finds a problem.
`

func cmdCorpus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "merge" {
		return cmdCorpusMerge(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || (args[0] != "stats" && args[0] != "check" && args[0] != "agree") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, corpusUsage)
			return nil
		}
		fmt.Fprint(stderr, corpusUsage)
		return usagef("corpus: want stats, check, agree or merge")
	}
	sub := args[0]
	fs := flag.NewFlagSet("corpus "+sub, flag.ContinueOnError)
	gold := fs.String("gold", "", "a labeled `FILE` (gold articles JSONL)")
	second := fs.String("second", "", "agree: a second labeling `FILE` of some of the same articles")
	var rc corpus.ReaderConfig
	addReaderFlags(fs, &rc)
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return helpOr(err, fs, stdout, corpusUsage)
	}
	if sub == "agree" {
		if *gold == "" || *second == "" {
			return usagef("corpus agree: want --gold and --second")
		}
		a, err := corpus.LoadGold(*gold)
		if err != nil {
			return err
		}
		b, err := corpus.LoadGold(*second)
		if err != nil {
			return err
		}
		printAgreement(stdout, corpus.Agree(a, b, nil))
		return nil
	}
	if *gold != "" {
		arts, err := corpus.LoadGold(*gold)
		if err != nil {
			return err
		}
		if sub == "stats" {
			printGoldStats(stdout, corpus.Stats(arts))
			return nil
		}
		probs := corpus.CheckGold(arts, nil)
		for _, p := range probs {
			fmt.Fprintf(stdout, "%s:%d: %v\n", *gold, p.Line, p.Err)
		}
		if len(probs) > 0 {
			return fmt.Errorf("%w: %d problems in %s", errStrict, len(probs), *gold)
		}
		fmt.Fprintf(stdout, "%s: %d articles, no problems\n", *gold, len(arts))
		return nil
	}
	if len(pos) == 0 {
		return usagef("corpus %s: no input", sub)
	}
	return corpusScan(ctx, sub, pos, rc, stdout)
}

// corpusScan reads the inputs through the normalize stage only and reports
// sizes and what would fail.
func corpusScan(ctx context.Context, sub string, inputs []string, rc corpus.ReaderConfig, stdout io.Writer) error {
	src, _, err := openInputs(inputs, nil, rc)
	if err != nil {
		return err
	}
	defer src.Close()
	var sizes []int
	sink := sinkFunc(func(rec *pipeline.Record) error {
		if rec.Err != nil {
			if sub == "check" {
				fmt.Fprintf(stdout, "%s: %s (%s): %s\n", rec.Source, rec.Err.Code, rec.Err.Stage, rec.Err.Message)
			}
			return nil
		}
		sizes = append(sizes, len(rec.Doc.Text))
		return nil
	})
	sum, err := pipeline.Run(ctx, src, []pipeline.Step{{Name: "normalize", Stage: pipeline.Normalize{}}}, sink, pipeline.Config{})
	if err != nil {
		return err
	}
	if sub == "check" {
		if sum.Errored > 0 {
			return fmt.Errorf("%w: %d of %d documents would fail", errStrict, sum.Errored, sum.Read)
		}
		fmt.Fprintf(stdout, "%d documents, none would fail\n", sum.Read)
		return nil
	}
	sort.Ints(sizes)
	fmt.Fprintf(stdout, "documents  %d\nbytes      %d\n", sum.Read, sum.Bytes)
	if n := len(sizes); n > 0 {
		fmt.Fprintf(stdout, "size       min %d, median %d, p99 %d, max %d bytes\n", sizes[0], sizes[n/2], sizes[n*99/100], sizes[n-1])
	}
	fmt.Fprintf(stdout, "would fail %d\n", sum.Errored)
	codes := make([]string, 0, len(sum.ByCode))
	for c := range sum.ByCode {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(stdout, "  %-14s %d\n", c, sum.ByCode[c])
	}
	return nil
}

type sinkFunc func(*pipeline.Record) error

func (f sinkFunc) Write(r *pipeline.Record) error { return f(r) }
func (f sinkFunc) Close() error                   { return nil }

var splitOrder = []string{corpus.SplitTrain, corpus.SplitDev, corpus.SplitTest}

// printGoldStats writes the counts of a labeled set as Markdown tables.
func printGoldStats(w io.Writer, s corpus.GoldStats) {
	row := func(name string, m map[string]int) {
		total := 0
		cells := make([]string, len(splitOrder))
		for i, sp := range splitOrder {
			cells[i] = fmt.Sprint(m[sp])
			total += m[sp]
		}
		fmt.Fprintf(w, "| %s | %s | %d |\n", name, strings.Join(cells, " | "), total)
	}
	fmt.Fprintln(w, "| | train | dev | test | all |\n|---|---:|---:|---:|---:|")
	row("articles", s.Articles)
	row("quotes", s.Quotes)
	row("quotes addressing a target", s.Addressing)
	for _, k := range corpus.Kinds {
		row("quotes: "+k, s.Kinds[k])
	}
	row("stance labels", s.LabelTotal)
	row("labels with a condition", s.Conditions)
	fmt.Fprintln(w, "\n| target | stance | train | dev | test | all |\n|---|---|---:|---:|---:|---:|")
	targets := make([]string, 0, len(s.Labels))
	for t := range s.Labels {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	for _, t := range targets {
		for _, l := range corpus.Labels {
			m := s.Labels[t][l]
			total := 0
			cells := make([]string, len(splitOrder))
			for i, sp := range splitOrder {
				cells[i] = fmt.Sprint(m[sp])
				total += m[sp]
			}
			fmt.Fprintf(w, "| %s | %s | %s | %d |\n", t, l, strings.Join(cells, " | "), total)
		}
	}
	genres := make([]string, 0, len(s.Genres))
	for g := range s.Genres {
		genres = append(genres, g)
	}
	sort.Strings(genres)
	fmt.Fprintln(w, "\n| genre | articles |\n|---|---:|")
	for _, g := range genres {
		name := g
		if name == "" {
			name = "(none)"
		}
		fmt.Fprintf(w, "| %s | %d |\n", name, s.Genres[g])
	}
	fmt.Fprintf(w, "\nArticles whose quotes address no target: %d\n", s.Unrelated)
}

func printAgreement(w io.Writer, ag corpus.Agreement) {
	pct := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return 100 * float64(n) / float64(d)
	}
	fmt.Fprintf(w, "| measure | value | items |\n|---|---:|---:|\n")
	fmt.Fprintf(w, "| articles labeled twice | %d | |\n", ag.Articles)
	fmt.Fprintf(w, "| quotes (first / second) | %d / %d | |\n", ag.QuotesA, ag.QuotesB)
	fmt.Fprintf(w, "| quote agreement F1 (overlap ≥ 0.5) | %.3f | %d matched |\n", ag.QuoteF1, ag.Matched)
	fmt.Fprintf(w, "| same kind | %.1f%% | %d |\n", pct(ag.SameKind, ag.Matched), ag.Matched)
	fmt.Fprintf(w, "| same speaker | %.1f%% | %d |\n", pct(ag.SameSpeaker, ag.Matched), ag.Matched)
	for _, t := range corpus.DefaultTargetNames {
		fmt.Fprintf(w, "| Cohen's kappa, %s | %.3f | %d |\n", t, ag.Kappa[t], ag.KappaN[t])
	}
	fmt.Fprintf(w, "| Cohen's kappa, all targets | %.3f | %d |\n", ag.Overall, ag.OverallN)
	fmt.Fprintln(w, "\nKappa is over matched quotes × target, labels favor / against / neutral / unrelated (not addressed).")
}
