package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/zstd"

	"github.com/stance-project/stance/eval"
	"github.com/stance-project/stance/pipeline"
)

const aggregateUsage = `Usage: classify aggregate [flags] [FILE...]

Reads stance/v1 records (JSONL, plain, gzip or zstd; standard input when no
FILE is given, or for -) and writes where each speaker stands on each
target: one row per speaker × target (× month with --by month) with

  quotes, articles   quotes addressing the target, and the articles they are in
  favor/against/neutral
                     quotes per predicted stance
  p(...)             mean probabilities over the quotes
  net, 95% CI        net stance = mean over the quotes of p(favor) − p(against),
                     from −1 (all against) to +1 (all favor), with a 95%
                     percentile bootstrap interval that resamples articles (a
                     speaker's quotes in one article are not independent);
                     seeded, so the same input and --seed give the same interval
  first, last        earliest and latest record date (the "date" a JSONL or CSV
                     input carried into the record); empty, and said so under
                     the table, when no record has one
  evidence           the three most confident quotes (doc_id and code-point
                     offsets; their text in json and html)

Speakers are merged across documents by a normalized name (case,
diacritics, punctuation and a leading Mr/Mrs/Ms/Dr/Sir/Prof do not count):
a one-word name joins the only longer name ending with it ("Okafor" in one
article, "Grace Okafor" in another); it stays apart when two longer names end
with it or none does. Two different full names are never merged. The merges
made are listed under the table.

Anonymous speakers (name "unknown", or no speaker found) are never merged
across documents: each gets one row per article, role and target, named
"unknown (ROLE) in DOC_ID". --no-unknown leaves them out.

Records with an error are skipped and counted on standard error. A line
that is not a stance/v1 record stops the run, naming FILE:LINE.

Formats: table (aligned text, the default), csv, json (one object:
schema stance-aggregate/v1, the settings, the notes' counts and the rows),
html (one self-contained page with a plot per target: speakers against net
stance with its interval, and the rows with their evidence quotes).

Exit status: 0 success, 1 failure (unreadable input), 2 usage error.
`

type aggregateOptions struct {
	inputs    []string
	format    string
	output    string
	by        string
	minQuotes int
	noUnknown bool
	reps      int
	seed      uint64
	quiet     bool
}

func cmdAggregate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var o aggregateOptions
	fs := flag.NewFlagSet("aggregate", flag.ContinueOnError)
	fs.StringVar(&o.format, "format", "table", "output `format`: table, csv, json or html")
	fs.StringVar(&o.output, "o", "", "write output to `FILE` instead of stdout")
	fs.StringVar(&o.by, "by", "", "time buckets: month (needs record dates; undated quotes go to \"undated\")")
	fs.IntVar(&o.minQuotes, "min-quotes", 1, "hide rows with fewer than `N` quotes")
	fs.BoolVar(&o.noUnknown, "no-unknown", false, "leave out quotes by anonymous speakers")
	fs.IntVar(&o.reps, "reps", eval.DefaultReps, "bootstrap replicates")
	fs.Uint64Var(&o.seed, "seed", 1, "bootstrap seed")
	fs.BoolVar(&o.quiet, "quiet", false, "no summary on standard error")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return helpOr(err, fs, stdout, aggregateUsage)
	}
	o.inputs = pos
	return runAggregate(ctx, o, stdin, stdout, stderr)
}

func runAggregate(ctx context.Context, o aggregateOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	switch o.format {
	case "table", "csv", "json", "html":
	default:
		return usagef("aggregate: unknown format %q (want table, csv, json or html)", o.format)
	}
	if o.by != "" && o.by != "month" {
		return usagef("aggregate: --by %q: want month", o.by)
	}
	if o.reps < 1 {
		return usagef("aggregate: --reps must be at least 1")
	}
	var items []eval.SpeakerStance
	var st recordStats
	err := readRecords(ctx, o.inputs, stdin, func(rec *pipeline.Record) error {
		st.count(rec)
		items = append(items, speakerStances(rec)...)
		return nil
	})
	if err != nil {
		return err
	}
	ag := eval.Aggregate(items, eval.AggregateConfig{By: o.by, MinQuotes: o.minQuotes, DropUnknown: o.noUnknown, Reps: o.reps, Seed: o.seed})
	var buf bytes.Buffer
	switch o.format {
	case "table":
		err = ag.WriteTable(&buf)
	case "csv":
		err = ag.WriteCSV(&buf)
	case "json":
		err = ag.WriteJSON(&buf)
	case "html":
		err = ag.WriteHTML(&buf)
	}
	if err != nil {
		return err
	}
	if err := writeOutput(o.output, stdout, buf.Bytes()); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "read %d records (%d with an error, skipped), %d quote × target pairs; %d rows", st.records, st.errored, len(items), len(ag.Rows))
		if ag.Hidden > 0 {
			fmt.Fprintf(stderr, ", %d hidden by --min-quotes", ag.Hidden)
		}
		fmt.Fprintln(stderr)
	}
	return nil
}

// recordStats counts the records read.
type recordStats struct{ records, errored int }

func (s *recordStats) count(rec *pipeline.Record) {
	s.records++
	if rec.Err != nil {
		s.errored++
	}
}

// speakerStances flattens a record into one item per quote × target.
func speakerStances(rec *pipeline.Record) []eval.SpeakerStance {
	if rec.Err != nil {
		return nil
	}
	var out []eval.SpeakerStance
	for _, q := range rec.Quotes {
		base := eval.SpeakerStance{DocID: rec.DocID, QuoteID: q.ID, Start: q.Start, End: q.End, Text: q.Text}
		if q.Speaker != nil {
			base.Speaker, base.Role = q.Speaker.Name, q.Speaker.Role
		}
		if rec.Date != nil {
			base.Date = *rec.Date
		}
		for _, t := range q.Targets {
			it := base
			it.Target, it.Stance = t.Target, t.Stance
			it.Probs = [3]float64{t.Probs.Favor, t.Probs.Against, t.Probs.Neutral}
			out = append(out, it)
		}
	}
	return out
}

// readRecords calls fn for each stance/v1 record of the inputs (standard
// input when there are none, and for "-"), in order. Blank lines are
// skipped; a line that is not a stance/v1 record is an error naming
// FILE:LINE.
func readRecords(ctx context.Context, inputs []string, stdin io.Reader, fn func(*pipeline.Record) error) error {
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	for _, name := range inputs {
		if name == "-" {
			if err := readRecordStream(ctx, stdin, name, fn); err != nil {
				return err
			}
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("open records: %w", err)
		}
		err = readRecordStream(ctx, f, name, fn)
		f.Close() // read only: a close error changes nothing read
		if err != nil {
			return err
		}
	}
	return nil
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

func readRecordStream(ctx context.Context, r io.Reader, name string, fn func(*pipeline.Record) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	head, _ := br.Peek(4) // a short input is simply not compressed
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("read records %s: gzip: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	case bytes.HasPrefix(head, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return fmt.Errorf("read records %s: zstd: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	for line := 1; ; line++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var rec pipeline.Record
			if jerr := json.Unmarshal(b, &rec); jerr != nil {
				return fmt.Errorf("%s:%d: not a stance/v1 record: %v", name, line, jerr)
			}
			if rec.Schema != pipeline.Schema {
				return fmt.Errorf("%s:%d: schema %q, want %s", name, line, rec.Schema, pipeline.Schema)
			}
			if ferr := fn(&rec); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read records %s: %w", name, err)
		}
	}
}

// writeOutput writes b to path (through a temporary file renamed into
// place) or, when path is "", to stdout.
func writeOutput(path string, stdout io.Writer, b []byte) error {
	if path == "" {
		_, err := stdout.Write(b)
		return err
	}
	return writeFileAtomic(path, b)
}

// writeFileAtomic writes b to a temporary file beside path, syncs it and
// renames it to path, so path holds either its old content or all of b.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name()) // the write's error is what matters
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
