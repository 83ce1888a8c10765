package main

// Output files and resumable runs.
//
// With -o FILE, score writes to FILE.partial (a fixed name, beside FILE)
// and renames it to FILE when the run ends: at the end of the input, and
// also after an interrupt (Ctrl-C, SIGTERM), so that partial results are
// kept under the name asked for. On any other failure FILE.partial stays,
// and FILE (if it exists from an earlier run) is left alone.
//
// The JSONL sink writes one line per input document, in input order, so the
// output of a killed run is always the records of the first N documents
// plus, perhaps, a torn last line. The output is flushed every
// flushEvery records (and whenever the sink's 256 KiB buffer fills), so a
// kill -9 loses at most that unflushed tail.
//
// --resume continues from what is on disk:
//
//   - FILE.partial exists (a killed or failed run): it is truncated to its
//     last complete record (a line ending in \n that is valid JSON; the
//     first line that is not ends it), its N records are kept, the first N
//     input documents are read and skipped, and the rest are scored and
//     appended. The end of the run renames it to FILE.
//   - only FILE exists (a finished or an interrupted run): it is moved back
//     to FILE.partial and continued the same way. When the input has no
//     documents beyond its N records the file is unchanged and the run
//     says it was already complete (exit 0).
//   - neither exists: a fresh run.
//
// The input must be the same as the first run's, in the same order: the
// last document skipped must have the source ("path:line") of the last
// record kept, and the input must have at least as many documents as the
// file has records. Otherwise the run fails (exit 1) and leaves the file as
// it was. Only the jsonl format can be
// resumed, and two runs must not write to the same FILE at once.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/pipeline"
)

const (
	partialSuffix = ".partial"
	// flushEvery is how many records the -o output holds at most before it
	// is flushed to the file.
	flushEvery = 64
)

// errInputShort is the cause of a resume whose input has fewer documents
// than the output file has records.
var errInputShort = errors.New("input has fewer documents than the output has records (not the same input?)")

// errInputDiffers is the cause of a resume whose input is not the one the
// output was made from.
var errInputDiffers = errors.New("not the input the output was made from")

// outputFile is the file behind -o: written as path.partial, renamed to path
// by commit.
type outputFile struct {
	path    string
	partial string
	f       *os.File
	// resumed is the number of records already in the file when a resumed
	// run started; from names the file they were in ("" for a fresh run).
	resumed int64
	from    string
	// lastSource is the source of the last record kept, which must be
	// that of the last document skipped.
	lastSource string
	// resumable is set for the jsonl format; the partial output of another
	// format is removed when its run fails.
	resumable bool
}

// createOutput starts a fresh output for path, replacing any path.partial
// left by an earlier run (and saying so on stderr).
func createOutput(path string, stderr io.Writer) (*outputFile, error) {
	o := &outputFile{path: path, partial: path + partialSuffix}
	if _, err := os.Stat(o.partial); err == nil {
		fmt.Fprintf(stderr, "classify: replacing %s left by an earlier run (use --resume to continue one)\n", o.partial)
	}
	f, err := os.OpenFile(o.partial, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create output: %w", err)
	}
	o.f = f
	return o, nil
}

// resumeOutput opens the output of an earlier run of path for appending
// (see the comment at the top of this file): it returns the file positioned
// after its last complete record, with resumed set to their number.
func resumeOutput(path string) (*outputFile, error) {
	o := &outputFile{path: path, partial: path + partialSuffix}
	from := o.partial
	if _, err := os.Stat(from); errors.Is(err, os.ErrNotExist) {
		from = path
		if _, err := os.Stat(from); errors.Is(err, os.ErrNotExist) {
			return createOutput(path, io.Discard) // nothing to resume
		}
	}
	f, err := os.OpenFile(from, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("resume output: %w", err)
	}
	n, end, last, err := completeRecords(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("resume output %s: %w", from, err)
	}
	if from == path {
		// From here on the file is being added to: keep the rule that an
		// unfinished output is named .partial.
		if err := os.Rename(path, o.partial); err != nil {
			f.Close()
			return nil, fmt.Errorf("resume output: %w", err)
		}
	}
	if err := f.Truncate(end); err != nil {
		f.Close()
		return nil, fmt.Errorf("resume output %s: %w", o.partial, err)
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("resume output %s: %w", o.partial, err)
	}
	if n > 0 {
		var rec struct {
			Source string `json:"source"`
		}
		if err := json.Unmarshal(last, &rec); err != nil {
			f.Close()
			return nil, fmt.Errorf("resume output %s: last record: %w", o.partial, err)
		}
		o.lastSource = rec.Source
	}
	o.f, o.resumed, o.from = f, n, from
	return o, nil
}

// recordPrefix starts every stance/v1 JSONL record.
var recordPrefix = []byte(`{"schema":"` + pipeline.Schema + `"`)

// completeRecords reads r from the start and returns the number of complete
// records at its head, the byte offset just after the last of them, and
// that last record (nil when there is none). A
// record is a line ending in '\n' that is valid JSON; reading stops at the
// first line that is not (the torn tail of a killed run). The first line
// must be a stance/v1 record, so that a resume never appends to some other
// file.
func completeRecords(r io.Reader) (n, end int64, last []byte, err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	var line []byte
	for {
		line, last = last[:0], line // the buffer of the line before last is reused
		for {
			frag, err := br.ReadSlice('\n')
			line = append(line, frag...)
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if err != nil && err != io.EOF {
				return 0, 0, nil, err
			}
			break
		}
		if n == 0 && !bytes.HasPrefix(line, recordPrefix) && !bytes.HasPrefix(recordPrefix, line) {
			return 0, 0, nil, fmt.Errorf("does not hold %s records: not resuming", pipeline.Schema)
		}
		if len(line) == 0 || line[len(line)-1] != '\n' || !json.Valid(line) {
			return n, end, last, nil
		}
		n++
		end += int64(len(line))
	}
}

// commit ends the output. With ok, the file is synced and renamed to its
// final name. Otherwise a resumable output stays as .partial for a later
// --resume (except that a finished file reopened by --resume to which this
// run added nothing goes back to its name unchanged), and another is
// removed.
func (o *outputFile) commit(ok bool, added int64) error {
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if !ok && !o.resumable {
		os.Remove(o.partial) // an incomplete CSV or Parquet file is of no use
		return err
	}
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if ok || (o.from == o.path && added == 0) {
		if err := os.Rename(o.partial, o.path); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	return nil
}

// skipDocs reads and drops the documents of src whose records the resumed
// output already holds. Read errors of documents are documents too (each
// made one record); a failure of the source is returned. The last document
// skipped must come from the source of the last record kept, or the input
// is not the one the output was made from.
func (o *outputFile) skipDocs(ctx context.Context, src corpus.Reader) error {
	var doc corpus.Document
	for i := int64(0); i < o.resumed; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var err error
		doc, err = src.Read()
		if err == io.EOF {
			return fmt.Errorf("resume: %w: %d records, %d documents", errInputShort, o.resumed, i)
		}
		var re *corpus.ReadError
		if err != nil && !errors.As(err, &re) {
			return fmt.Errorf("read corpus: %w", err)
		}
	}
	if o.resumed > 0 && doc.Source != o.lastSource {
		return fmt.Errorf("resume: %w: record %d of %s is from %s, document %d of the input from %s",
			errInputDiffers, o.resumed, o.from, o.lastSource, o.resumed, doc.Source)
	}
	return nil
}

// flushingSink flushes a JSONL sink every flushEvery records, so that a
// killed run leaves all but its last few records on disk.
type flushingSink struct {
	*pipeline.JSONLSink
	n int
}

func (s *flushingSink) Write(rec *pipeline.Record) error {
	if err := s.JSONLSink.Write(rec); err != nil {
		return err
	}
	if s.n++; s.n%flushEvery == 0 {
		// JSONLSink.Close only flushes (it never closes the writer), so it
		// may be called again.
		return s.JSONLSink.Close()
	}
	return nil
}
