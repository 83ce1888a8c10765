package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
)

const scoreUsage = `Usage: classify score [flags] INPUT...

Scores every document of the inputs: finds its quotations, their speakers,
the targets each addresses and the speaker's stance toward each. An INPUT is
a folder (its .txt/.md files are documents, its .jsonl/.csv/.tsv files are
read as corpora), a JSONL, CSV or TSV file (plain, gzip or zstd), or - for
standard input (JSONL, or one text document).

Output is one stance/v1 JSON line per input document, in input order (errors
are records too), or a readable table with --format table, the default when
standard output is a terminal. A summary goes to standard error:
"read R, written W, errored E" for the documents this run scored
(R = W + E), after a line "resumed: N records already in FILE" when
--resume skipped the first N documents.

With -o FILE the output goes to FILE.partial, flushed every few records and
renamed to FILE when the run ends (after Ctrl-C too, keeping what was done).
When a run fails, FILE is left as it was, and a jsonl FILE.partial is kept.
After a crash or a kill, run the same command with --resume: the records
already written are kept (a torn last line is cut off), the documents they
came from are read and skipped, and the rest are scored and appended; the
final FILE is the same as that of an uninterrupted run. --resume also
continues a FILE left by an interrupted run, and says when FILE is already
complete. It needs -o and the jsonl format, and the same inputs in the
same order.

Exit status: 0 success (error records are counted, not fatal), 1 failure,
2 usage error, 3 --strict and some record errored, 130 interrupted.
`

type scoreOptions struct {
	inputs    []string
	format    string
	output    string
	resume    bool
	workers   int
	modelPath string
	targets   string
	strict    bool
	quiet     bool
	stats     bool
	allQuotes bool
	reader    corpus.ReaderConfig
}

func cmdScore(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var o scoreOptions
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.StringVar(&o.format, "format", "", "output format: jsonl (stance/v1 records), csv or parquet (flat rows, one per quote × target), or table (default: table on a terminal, else jsonl)")
	fs.StringVar(&o.output, "o", "", "write output to `FILE` (as FILE.partial, renamed when the run ends) instead of stdout")
	fs.BoolVar(&o.resume, "resume", false, "continue the output of an interrupted or killed run (needs -o and jsonl)")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "workers per stage")
	fs.StringVar(&o.modelPath, "model", "", "model `FILE` (default: the embedded model)")
	fs.StringVar(&o.targets, "targets", "", "targets `FILE` (JSON or YAML) adding to or replacing the model's targets")
	fs.BoolVar(&o.strict, "strict", false, "exit 3 when any record errored")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar and no summary")
	fs.BoolVar(&o.stats, "stats", false, "print per-stage time shares and throughput after the run")
	fs.BoolVar(&o.allQuotes, "all-quotes", false, "table: also list quotes that address no target")
	addReaderFlags(fs, &o.reader)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return helpOr(err, fs, stdout, scoreUsage)
	}
	if len(pos) == 0 {
		return usagef("score: no input (give a folder, a file, or - for stdin)")
	}
	o.inputs = pos
	return runScore(ctx, o, stdin, stdout, stderr)
}

func addReaderFlags(fs *flag.FlagSet, c *corpus.ReaderConfig) {
	fs.Func("input-format", "input `format`: jsonl, csv, tsv, text or dir (default: from the extension, else the first bytes)", func(s string) error {
		switch corpus.Format(s) {
		case corpus.FormatJSONL, corpus.FormatCSV, corpus.FormatTSV, corpus.FormatText, corpus.FormatDir:
			c.Format = corpus.Format(s)
			return nil
		}
		return fmt.Errorf("unknown input format %q", s)
	})
	fs.StringVar(&c.IDField, "id-field", "id", "JSONL field holding the document id")
	fs.StringVar(&c.TextField, "text-field", "text", "JSONL field holding the text")
	fs.StringVar(&c.DateField, "date-field", "date", "JSONL field or CSV column holding the date")
	fs.StringVar(&c.IDCol, "id-col", "", "CSV column holding the id (default: id, doc_id, link or url; else the row number)")
	fs.StringVar(&c.TextCol, "text-col", "", "CSV column holding the text (default: text, body, content or article)")
	fs.IntVar(&c.MaxDocBytes, "max-doc-bytes", corpus.DefaultMaxDocBytes, "larger documents become too_large error records")
}

// loadModel returns the model at path, or the embedded default, with the
// targets of targetsPath added.
func loadModel(path, targetsPath string) (*models.Model, error) {
	var m *models.Model
	var err error
	if path == "" {
		m, err = models.LoadDefault()
	} else {
		m, err = models.LoadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	if targetsPath != "" {
		ts, err := models.LoadTargets(targetsPath)
		if err != nil {
			return nil, fmt.Errorf("load targets: %w", err)
		}
		m = m.WithTargets(ts)
	}
	return m, nil
}

func runScore(ctx context.Context, o scoreOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	if o.format == "" {
		o.format = "jsonl"
		if o.output == "" && isTerminal(stdout) {
			o.format = "table"
		}
	}
	if o.format != "table" && !slices.Contains(pipeline.Formats(), o.format) {
		return usagef("score: unknown output format %q (want %s or table)", o.format, strings.Join(pipeline.Formats(), ", "))
	}
	if o.resume && (o.output == "" || o.format != "jsonl") {
		return usagef("score: --resume needs -o FILE and the jsonl format")
	}
	m, err := loadModel(o.modelPath, o.targets)
	if err != nil {
		return err
	}
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		return fmt.Errorf("quote extractor: %w", err)
	}
	src, total, err := openInputs(o.inputs, stdin, o.reader)
	if err != nil {
		return err
	}
	defer src.Close()

	out := stdout
	var of *outputFile
	if o.output != "" {
		if o.resume {
			of, err = resumeOutput(o.output)
		} else {
			of, err = createOutput(o.output, stderr)
		}
		if err != nil {
			return err
		}
		of.resumable = o.format == "jsonl"
		out = of.f
		if of.resumed > 0 {
			if err := of.skipDocs(ctx, src); err != nil {
				of.commit(false, 0) // the skip's error is what matters
				return err
			}
		}
	}
	var sink pipeline.Sink
	if o.format == "table" {
		t := pipeline.NewTableSink(out)
		t.AllQuotes = o.allQuotes
		sink = t
	} else if sink, err = pipeline.NewSink(o.format, out); err != nil {
		if of != nil {
			of.commit(false, 0) // the usage error is what matters
		}
		return usagef("score: %v", err)
	}
	if js, ok := sink.(*pipeline.JSONLSink); ok && of != nil {
		sink = &flushingSink{JSONLSink: js}
	}

	cfg := pipeline.Config{Workers: o.workers}
	var bar *progress
	if !o.quiet && isTerminal(stderr) {
		bar = newProgress(stderr, total)
		cfg.Progress = bar.update
	}
	sum, runErr := pipeline.Run(ctx, src, pipeline.Steps(x, m), sink, cfg)
	if bar != nil {
		bar.finish()
	}
	closeErr := sink.Close()
	if of != nil {
		ok := runErr == nil || errors.Is(runErr, context.Canceled)
		if err := of.commit(ok && closeErr == nil, sum.Written+sum.Errored); err != nil && closeErr == nil {
			closeErr = err
		}
	}
	if !o.quiet {
		if of != nil && of.resumed > 0 {
			fmt.Fprintf(stderr, "resumed: %d records already in %s (their documents read and skipped)\n", of.resumed, of.from)
			if of.from == of.path && sum.Read == 0 && runErr == nil {
				fmt.Fprintf(stderr, "%s was already complete\n", of.path)
			}
		}
		if n := len(src.skipped); n > 0 {
			fmt.Fprintf(stderr, "skipped %d file(s) in input folders that are not .txt, .md, .jsonl, .csv or .tsv (e.g. %s)\n", n, src.skipped[0])
		}
		printSummary(stderr, sum, o.stats)
		if of != nil && of.resumable && errors.Is(runErr, context.Canceled) {
			fmt.Fprintf(stderr, "%s holds the records written so far; run the same command with --resume to finish it\n", of.path)
		} else if of != nil && of.resumable && (runErr != nil || closeErr != nil) {
			fmt.Fprintf(stderr, "%s holds the records written so far; fix the cause and run the same command with --resume to finish it\n", of.partial)
		}
	}
	switch {
	case runErr != nil:
		return runErr
	case closeErr != nil:
		return fmt.Errorf("write output: %w", closeErr)
	case o.strict && sum.Errored > 0:
		return fmt.Errorf("%w: %d of %d records errored (--strict)", errStrict, sum.Errored, sum.Read)
	}
	return nil
}

// multiReader reads several inputs one after the other.
type multiReader struct {
	paths   []string
	stdin   io.Reader
	cfg     corpus.ReaderConfig
	cur     corpus.ReadCloser
	curName string
	// skipped lists files in input folders passed over for their extension.
	skipped []string
}

// openInputs checks that every input exists and returns one reader over
// all of them, and their total size in bytes when known (else 0).
func openInputs(paths []string, stdin io.Reader, cfg corpus.ReaderConfig) (*multiReader, int64, error) {
	var total int64
	for _, p := range paths {
		if p == "-" {
			total = -1
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, 0, fmt.Errorf("open corpus: %w", err)
		}
		if fi.IsDir() {
			size, err := dirSize(p)
			if err != nil {
				return nil, 0, fmt.Errorf("open corpus: %w", err)
			}
			if total >= 0 {
				total += size
			}
		} else if total >= 0 {
			total += fi.Size()
		}
	}
	if total < 0 {
		total = 0
	}
	mr := &multiReader{paths: paths, stdin: stdin, cfg: cfg}
	if err := mr.advance(); err != nil {
		return nil, 0, err
	}
	return mr, total, nil
}

func dirSize(root string) (int64, error) {
	var n int64
	err := filepath.Walk(root, func(_ string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			n += fi.Size()
		}
		return nil
	})
	return n, err
}

func (m *multiReader) advance() error {
	if m.cur != nil {
		if d, ok := m.cur.(*corpus.DirReader); ok {
			m.skipped = append(m.skipped, d.Skipped...)
		}
		m.cur.Close()
		m.cur = nil
	}
	if len(m.paths) == 0 {
		return nil
	}
	p := m.paths[0]
	m.paths = m.paths[1:]
	m.curName = p
	if p == "-" {
		r, err := corpus.OpenReader(m.stdin, "-", m.cfg)
		if err != nil {
			return err
		}
		m.cur = struct {
			corpus.Reader
			io.Closer
		}{r, io.NopCloser(nil)}
		return nil
	}
	r, err := corpus.Open(p, m.cfg)
	if err != nil {
		return err
	}
	m.cur = r
	return nil
}

func (m *multiReader) Read() (corpus.Document, error) {
	for m.cur != nil {
		doc, err := m.cur.Read()
		var re *corpus.ReadError
		if err == nil || errors.As(err, &re) {
			return doc, err
		}
		if err != io.EOF {
			if len(m.paths) == 0 {
				return doc, err // nothing more is readable: the run fails
			}
			// This input failed (a truncated gzip stream, say) but later
			// inputs are readable: report it as a record and go on.
			name := m.curName
			if aerr := m.advance(); aerr != nil {
				return corpus.Document{}, aerr
			}
			return corpus.Document{Source: name}, &corpus.ReadError{Source: name, Err: corpus.ErrUnreadable, Detail: err.Error()}
		}
		if err := m.advance(); err != nil {
			return corpus.Document{}, err
		}
	}
	return corpus.Document{}, io.EOF
}

func (m *multiReader) Close() error {
	if m.cur != nil {
		return m.cur.Close()
	}
	return nil
}

func printSummary(w io.Writer, s pipeline.Summary, stats bool) {
	secs := s.Elapsed.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	mb := float64(s.Bytes) / 1e6
	fmt.Fprintf(w, "read %d, written %d, errored %d", s.Read, s.Written, s.Errored)
	if len(s.ByCode) > 0 {
		codes := make([]string, 0, len(s.ByCode))
		for c := range s.ByCode {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		parts := make([]string, len(codes))
		for i, c := range codes {
			parts[i] = fmt.Sprintf("%s %d", c, s.ByCode[c])
		}
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	if s.Abandoned > 0 {
		fmt.Fprintf(w, ", abandoned %d", s.Abandoned)
	}
	fmt.Fprintf(w, "; %.1f MB in %s: %.0f docs/s, %.2f MB/s\n", mb, s.Elapsed.Round(time.Millisecond), float64(s.Read)/secs, mb/secs)
	var busy time.Duration
	for _, st := range s.Stages {
		busy += st.Busy
	}
	if busy == 0 {
		return
	}
	if stats {
		fmt.Fprintln(w, "stage        busy      share   MB/s (one worker)")
		for _, st := range s.Stages {
			rate := 0.0
			if st.Busy > 0 {
				rate = mb / st.Busy.Seconds()
			}
			fmt.Fprintf(w, "%-10s %9s  %5.1f%%  %8.2f\n", st.Name, st.Busy.Round(time.Millisecond), 100*float64(st.Busy)/float64(busy), rate)
		}
		return
	}
	parts := make([]string, len(s.Stages))
	for i, st := range s.Stages {
		parts[i] = fmt.Sprintf("%s %.0f%%", st.Name, 100*float64(st.Busy)/float64(busy))
	}
	fmt.Fprintf(w, "stages: %s\n", strings.Join(parts, ", "))
}
