package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stance-project/stance/corpus"
)

const mergeUsage = `Usage: classify corpus merge --gold FILE --add FILE -o OUT

Folds annotated articles into the gold set. --add holds articles in the
authoring format (one JSON object a line: id, text, quotes located by their
"quote" text or "parts", each with kind, speaker, speaker_mention, role,
cue and stances), as 'classify suggest' writes them and an annotator
completes them. Each is turned into a gold article (offsets computed, split
fixed by its id) and validated; then the merged set is checked as a whole:
unique ids, every split present, no near-duplicate texts across splits.

Any problem refuses the merge: nothing is written, and every problem is
listed as FILE:LINE: message (LINE 0 for the set as a whole). Otherwise OUT
gets the gold file's lines unchanged followed by the new articles, written
to a temporary file and renamed into place (OUT may be the --gold file).

An added article in which no quote has a stance is accepted (its quotes
address no target) but named on standard error: check it was annotated.

Exit status: 0 merged, 1 failure (unreadable input, or cannot write OUT),
2 usage error, 3 refused: the input has problems.
`

type mergeOptions struct {
	gold, add, output string
	targets           []string // nil: corpus.DefaultTargetNames
}

func cmdCorpusMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o mergeOptions
	fs := flag.NewFlagSet("corpus merge", flag.ContinueOnError)
	fs.StringVar(&o.gold, "gold", "", "the gold `FILE` (gold articles JSONL)")
	fs.StringVar(&o.add, "add", "", "annotated articles `FILE` (authoring format JSONL)")
	fs.StringVar(&o.output, "o", "", "write the merged gold set to `OUT`")
	fs.Func("targets", "comma-separated target `names` labels may use (default: peace,ceasefire,security_guarantees)", func(s string) error {
		o.targets = strings.Split(s, ",")
		return nil
	})
	pos, err := parseFlags(fs, args)
	if err != nil {
		return helpOr(err, fs, stdout, mergeUsage)
	}
	if len(pos) > 0 {
		return usagef("corpus merge: unexpected argument %q", pos[0])
	}
	if o.gold == "" || o.add == "" || o.output == "" {
		return usagef("corpus merge: want --gold FILE, --add FILE and -o OUT")
	}
	return runMerge(ctx, o, stdout, stderr)
}

// A refusedError is a merge refused for problems in its input: exit 3,
// like corpus check finding a problem.
type refusedError struct{ msg string }

func (e refusedError) Error() string { return e.msg }
func (e refusedError) Unwrap() error { return errStrict }

// A mergeProblem is one reason to refuse a merge, at file:line.
type mergeProblem struct {
	file string
	line int
	err  error
}

func runMerge(ctx context.Context, o mergeOptions, stdout, stderr io.Writer) error {
	goldBytes, err := os.ReadFile(o.gold)
	if err != nil {
		return fmt.Errorf("read gold: %w", err)
	}
	gold, err := corpus.ReadGold(bytes.NewReader(goldBytes), o.gold)
	if err != nil {
		return refusedError{fmt.Sprintf("merge refused: %v", err)} // a gold line that does not parse
	}
	f, err := os.Open(o.add)
	if err != nil {
		return fmt.Errorf("read added articles: %w", err)
	}
	defer f.Close()

	var probs []mergeProblem
	var added []corpus.GoldArticle
	var addLines []int
	br := bufio.NewReaderSize(f, 1<<20)
	for line := 1; ; line++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, rerr := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			a, err := corpus.DecodeAuthored(b)
			if err != nil {
				probs = append(probs, mergeProblem{o.add, line, err})
			} else if g, err := corpus.BuildGold(a); err != nil {
				probs = append(probs, mergeProblem{o.add, line, err})
			} else {
				added = append(added, g) // validated with the whole set below
				addLines = append(addLines, line)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fmt.Errorf("read added articles: %w", rerr)
		}
	}
	if len(added) == 0 && len(probs) == 0 {
		probs = append(probs, mergeProblem{o.add, 0, errors.New("no article to add")})
	}

	// Check every article (corpus.ValidateArticle, through CheckGold) and
	// the merged set as a whole; added articles get line numbers past the gold
	// file's so each problem can be traced back to its file.
	offset := 0
	for _, a := range gold {
		offset = max(offset, a.Line)
	}
	merged := append([]corpus.GoldArticle{}, gold...)
	for i, g := range added {
		g.Line = offset + addLines[i]
		merged = append(merged, g)
	}
	for _, p := range corpus.CheckGold(merged, o.targets) {
		switch {
		case p.Line > offset:
			probs = append(probs, mergeProblem{o.add, p.Line - offset, p.Err})
		default:
			probs = append(probs, mergeProblem{o.gold, p.Line, p.Err})
		}
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintf(stdout, "%s:%d: %v\n", p.file, p.line, p.err)
		}
		return refusedError{fmt.Sprintf("merge refused: %d problems; %s not written", len(probs), o.output)}
	}

	var out bytes.Buffer
	out.Write(goldBytes)
	if out.Len() > 0 && !bytes.HasSuffix(goldBytes, []byte("\n")) {
		out.WriteByte('\n')
	}
	for i, g := range added {
		b, err := json.Marshal(g)
		if err != nil {
			return fmt.Errorf("encode %s: %w", g.ID, err)
		}
		out.Write(append(b, '\n'))
		labeled := false
		for _, q := range g.Quotes {
			labeled = labeled || len(q.Stances) > 0
		}
		if !labeled {
			fmt.Fprintf(stderr, "%s:%d: note: %s has no stance label on any quote; check it was annotated\n", o.add, addLines[i], g.ID)
		}
	}
	if err := writeFileAtomic(o.output, out.Bytes()); err != nil {
		return err
	}
	quotes := 0
	for _, g := range added {
		quotes += len(g.Quotes)
	}
	fmt.Fprintf(stdout, "%s: %d gold articles + %d added (%d quotes) = %d articles, no problems\n", o.output, len(gold), len(added), quotes, len(merged))
	return nil
}
