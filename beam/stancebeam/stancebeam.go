// Package stancebeam scores news articles into stance/v1 records with Apache
// Beam: the same library, the same records as `classify score`, on any Beam
// runner (prism locally; Flink, Spark or Dataflow on a cluster).
//
// A pipeline reads documents (Read or ReadLines), scores each with Score,
// and writes the records (WriteRecords) and, optionally, the number of
// quotes per speaker × target × stance (Counts, WriteCounts).
package stancebeam

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths; main adds others (gs://, ...)
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
)

func init() {
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Doc), error](&readFileFn{})
	register.DoFn3x0[string, string, func(Doc)](&parseLineFn{})
	register.DoFn4x1[context.Context, Doc, func(string), func(string), error](&scoreFn{})
	register.Function2x1[string, int, string](formatCount)
	register.Emitter1[Doc]()
	register.Emitter1[string]()
	beam.RegisterType(reflect.TypeOf((*Doc)(nil)).Elem())
}

// A Doc is a document as read, or what is known of one that could not be
// read (ErrCode set), on its way from a reader to Score.
type Doc struct {
	ID, Source, Date string
	Text             []byte // bytes, as read: invalid UTF-8 is Score's to report
	// ErrCode is the corpus.Code of the reader's error, "" when the
	// document was read; ErrDetail is the error's detail.
	ErrCode, ErrDetail string
}

func newDoc(d corpus.Document, err error) Doc {
	out := Doc{ID: d.ID, Source: d.Source, Date: d.Date, Text: []byte(d.Text)}
	if err != nil {
		out.ErrCode = corpus.Code(err)
		var re *corpus.ReadError
		if errors.As(err, &re) {
			out.ErrDetail = re.Detail
		} else {
			out.ErrDetail = err.Error()
		}
	}
	return out
}

// sentinels maps the stable read error codes back to their causes.
var sentinels = map[string]error{
	"malformed_json": corpus.ErrMalformedJSON,
	"missing_field":  corpus.ErrMissingField,
	"wrong_type":     corpus.ErrWrongType,
	"too_large":      corpus.ErrTooLarge,
	"invalid_utf8":   corpus.ErrInvalidUTF8,
	"malformed_csv":  corpus.ErrMalformedCSV,
	"unreadable":     corpus.ErrUnreadable,
}

// document returns the corpus document and reader error d stands for.
func (d Doc) document() (corpus.Document, error) {
	doc := corpus.Document{ID: d.ID, Source: d.Source, Date: d.Date, Text: string(d.Text)}
	if d.ErrCode == "" {
		return doc, nil
	}
	cause, ok := sentinels[d.ErrCode]
	if !ok {
		cause = errors.New(d.ErrCode)
	}
	return doc, &corpus.ReadError{Source: d.Source, Err: cause, Detail: d.ErrDetail}
}

// ReaderConfig is the part of corpus.ReaderConfig a pipeline carries to its
// workers.
type ReaderConfig struct {
	Format                        string // jsonl, csv, tsv or text; "" detects it as classify does
	IDField, TextField, DateField string // JSONL fields (defaults id, text, date)
	IDCol, TextCol                string // CSV columns
	MaxDocBytes                   int    // 0 means corpus.DefaultMaxDocBytes
}

func (c ReaderConfig) toCorpus() corpus.ReaderConfig {
	return corpus.ReaderConfig{
		Format: corpus.Format(c.Format), IDField: c.IDField, TextField: c.TextField,
		DateField: c.DateField, IDCol: c.IDCol, TextCol: c.TextCol, MaxDocBytes: c.MaxDocBytes,
	}
}

// Read reads the documents of the files matching glob (any Beam file
// system: a local path, gs://, ...) with the corpus readers of `classify
// score`: JSONL, CSV or TSV (a document per line or row), or text (a
// document per file), each plain, gzip or zstd. Every document keeps the
// Source classify gives it ("path:line"), so records match classify's byte
// for byte. A file is read by one worker, in order (that is what numbers
// its lines); Score's workers then share its documents out. A file that
// fails part way (a truncated gzip stream) gives an unreadable record, as
// it does in classify when more inputs follow.
func Read(s beam.Scope, glob string, cfg ReaderConfig) beam.PCollection {
	s = s.Scope("stancebeam.Read")
	files := fileio.MatchFiles(s, glob)
	// Uncompressed: the corpus readers detect gzip and zstd from the bytes.
	readable := fileio.ReadMatches(s, files, fileio.ReadUncompressed(), fileio.ReadDirectorySkip())
	docs := beam.ParDo(s, &readFileFn{Config: cfg}, readable)
	return beam.Reshuffle(s, docs)
}

type readFileFn struct {
	Config ReaderConfig
}

func (fn *readFileFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(Doc)) error {
	name := file.Metadata.Path
	rc, err := file.Open(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err) // Beam retries: the file may come back
	}
	defer rc.Close()
	unreadable := func(err error) {
		emit(newDoc(corpus.Document{Source: name}, &corpus.ReadError{Source: name, Err: corpus.ErrUnreadable, Detail: err.Error()}))
	}
	r, err := corpus.OpenReader(rc, name, fn.Config.toCorpus())
	if err != nil {
		unreadable(err)
		return nil
	}
	for {
		doc, err := r.Read()
		if err == io.EOF {
			return nil
		}
		var re *corpus.ReadError
		if err != nil && !errors.As(err, &re) {
			unreadable(err)
			return nil
		}
		emit(newDoc(doc, err))
	}
}

// ReadLines reads the JSONL files matching glob with Beam's textio, which
// splits large files across workers. Beam does not say which line of its
// file a line was, so a document's Source is the file's path alone, and a
// document without an id gets that path as its doc_id: give every line an
// id. Otherwise the records are those of Read. Blank lines are skipped.
func ReadLines(s beam.Scope, glob string, cfg ReaderConfig) beam.PCollection {
	s = s.Scope("stancebeam.ReadLines")
	lines := textio.ReadWithFilename(s, glob)
	return beam.ParDo(s, &parseLineFn{Config: cfg}, lines)
}

type parseLineFn struct {
	Config ReaderConfig
}

func (fn *parseLineFn) ProcessElement(name, line string, emit func(Doc)) {
	b := []byte(strings.TrimSuffix(line, "\r"))
	if len(bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\ufeff")))) == 0 {
		return // blank, as the corpus readers skip it
	}
	emit(newDoc(corpus.ParseJSONLine(b, name, fn.Config.toCorpus())))
}

// ModelConfig names the model and targets Score loads on each worker.
type ModelConfig struct {
	// Model is the path of a model file (any Beam file system); "" means
	// the model embedded in the binary.
	Model string
	// Targets is the path of a targets file (JSON or YAML) adding to or
	// replacing the model's targets; "" means none.
	Targets string
}

// Score scores every document of docs (a PCollection<Doc> from Read or
// ReadLines) and returns the stance/v1 records as JSON lines (without the
// newline), byte for byte those `classify score` writes, and the count keys
// Counts takes: one per quote × target of each record. Errors are records:
// a document that cannot be read or scored gives its error record. The
// model and the quote extractor are loaded once per worker process.
func Score(s beam.Scope, docs beam.PCollection, cfg ModelConfig) (records, keys beam.PCollection) {
	s = s.Scope("stancebeam.Score")
	return beam.ParDo2(s, &scoreFn{Model: cfg.Model, Targets: cfg.Targets}, docs)
}

type scoreFn struct {
	Model, Targets string

	steps []pipeline.Step
	buf   bytes.Buffer
	enc   *json.Encoder
}

func (fn *scoreFn) Setup(ctx context.Context) error {
	steps, err := loadSteps(ctx, ModelConfig{Model: fn.Model, Targets: fn.Targets})
	if err != nil {
		return err
	}
	fn.steps = steps
	fn.enc = json.NewEncoder(&fn.buf)
	fn.enc.SetEscapeHTML(false) // as pipeline.JSONLSink
	return nil
}

func (fn *scoreFn) ProcessElement(ctx context.Context, d Doc, emitRecord, emitKey func(string)) error {
	doc, readErr := d.document()
	rec := pipeline.ScoreOne(ctx, fn.steps, doc, readErr, 0)
	fn.buf.Reset()
	if err := fn.enc.Encode(rec); err != nil {
		return fmt.Errorf("encode record %s: %w", rec.DocID, err)
	}
	emitRecord(strings.TrimSuffix(fn.buf.String(), "\n"))
	for _, q := range rec.Quotes {
		speaker := ""
		if q.Speaker != nil {
			speaker = q.Speaker.Name
		}
		for _, t := range q.Targets {
			emitKey(countKey(speaker, t.Target, string(t.Stance)))
		}
	}
	return nil
}

// The steps are shared by every DoFn instance of a worker process: models
// are immutable and the extractor is safe for concurrent use.
var (
	stepsMu    sync.Mutex
	stepsCache = map[ModelConfig][]pipeline.Step{}
)

func loadSteps(ctx context.Context, cfg ModelConfig) ([]pipeline.Step, error) {
	stepsMu.Lock()
	defer stepsMu.Unlock()
	if steps, ok := stepsCache[cfg]; ok {
		return steps, nil
	}
	var m *models.Model
	var err error
	if cfg.Model == "" {
		m, err = models.LoadDefault()
	} else {
		var b []byte
		if b, err = readAll(ctx, cfg.Model); err == nil {
			name := path.Base(filepath.ToSlash(cfg.Model))
			m, err = models.Load(fstest.MapFS{name: {Data: b}}, name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	if cfg.Targets != "" {
		ts, err := loadTargets(ctx, cfg.Targets)
		if err != nil {
			return nil, fmt.Errorf("load targets: %w", err)
		}
		m = m.WithTargets(ts)
	}
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		return nil, fmt.Errorf("quote extractor: %w", err)
	}
	steps := pipeline.Steps(x, m)
	stepsCache[cfg] = steps
	return steps, nil
}

// readAll reads a whole file from any Beam file system.
func readAll(ctx context.Context, name string) ([]byte, error) {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// loadTargets reads a targets file from any Beam file system through a
// local copy, keeping its extension (it tells YAML from JSON).
func loadTargets(ctx context.Context, name string) ([]corpus.Target, error) {
	if _, err := os.Stat(name); err == nil {
		return models.LoadTargets(name)
	}
	b, err := readAll(ctx, name)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp("", "targets-*"+path.Ext(name))
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return models.LoadTargets(f.Name())
}

const keySep = "\x1f"

func countKey(speaker, target, stance string) string {
	return speaker + keySep + target + keySep + stance
}

// A Count is one line of the counts output: how many quotes of speaker took
// stance toward target. Speaker is "" for quotes whose speaker was not
// found ("unknown" is an anonymous source).
type Count struct {
	Speaker string `json:"speaker"`
	Target  string `json:"target"`
	Stance  string `json:"stance"`
	Count   int    `json:"count"`
}

// Counts aggregates the keys from Score with Beam's combiners into the
// number of quotes per speaker × target × stance, as JSON lines of Count
// (in no particular order).
func Counts(s beam.Scope, keys beam.PCollection) beam.PCollection {
	s = s.Scope("stancebeam.Counts")
	return beam.ParDo(s, formatCount, stats.Count(s, keys))
}

func formatCount(key string, n int) string {
	f := strings.SplitN(key, keySep, 3)
	for len(f) < 3 {
		f = append(f, "")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(Count{Speaker: f[0], Target: f[1], Stance: f[2], Count: n}) // cannot fail: strings and an int
	return strings.TrimSuffix(buf.String(), "\n")
}

// Options configures Build.
type Options struct {
	Input  string // glob of the input files
	Output string // records file
	Counts string // counts file; "" for none
	// Lines reads JSONL with textio (ReadLines) instead of Read.
	Lines  bool
	Reader ReaderConfig
	Model  ModelConfig
}

// Build adds the whole job to s: read, score, write the records and,
// when o.Counts is set, the counts.
func Build(s beam.Scope, o Options) {
	var docs beam.PCollection
	if o.Lines {
		docs = ReadLines(s, o.Input, o.Reader)
	} else {
		docs = Read(s, o.Input, o.Reader)
	}
	records, keys := Score(s, docs, o.Model)
	textio.Write(s, o.Output, records)
	if o.Counts != "" {
		textio.Write(s.Scope("counts"), o.Counts, Counts(s, keys))
	}
}
