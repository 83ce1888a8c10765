package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"maps"
	"mime"
	"net"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
	"github.com/stance-project/stance/schema"
)

const serveUsage = `Usage: classify serve [flags]

Serves the scorer over HTTP. The model and the quote extractor are loaded
once, at start.

  POST /v1/score      one document as JSON ({"id","text","date"}), or plain
                      text (Content-Type: text/plain), gives one stance/v1
                      record; many documents as NDJSON (Content-Type:
                      application/x-ndjson) give one record per input line,
                      in order, streamed and flushed as they are ready. The
                      records are those of 'classify score'.
  GET  /v1/targets    the tracked targets
  GET  /v1/model      the model's version and checksum (and report, if any)
  GET  /healthz       the process is up
  GET  /readyz        ready for requests (503 while shutting down)
  GET  /metrics       Prometheus metrics
  GET  /openapi.json  the OpenAPI 3.1 description of these routes

Limits: -max-body bytes per request (413), -max-doc-bytes per document (a
too_large record), -max-concurrent scoring requests (503 beyond), -timeout
per scoring request. SIGINT or SIGTERM stops accepting connections and lets
requests in flight finish for up to -shutdown-timeout.

Exit status: 0 after a graceful shutdown, 1 failure, 2 usage error.
`

type serveOptions struct {
	addr            string
	modelPath       string
	targets         string
	shutdownTimeout time.Duration
	server          serverConfig
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := serveOptions{server: defaultServerConfig()}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "localhost:8080", "listen on `HOST:PORT`")
	fs.StringVar(&o.modelPath, "model", "", "model `FILE` (default: the embedded model)")
	fs.StringVar(&o.targets, "targets", "", "targets `FILE` (JSON or YAML) adding to or replacing the model's targets")
	fs.IntVar(&o.server.Workers, "workers", o.server.Workers, "workers per stage for an NDJSON request")
	fs.Int64Var(&o.server.MaxBodyBytes, "max-body", o.server.MaxBodyBytes, "largest request body in `bytes` (413 beyond)")
	fs.IntVar(&o.server.Reader.MaxDocBytes, "max-doc-bytes", corpus.DefaultMaxDocBytes, "larger documents become too_large error records")
	fs.IntVar(&o.server.MaxConcurrent, "max-concurrent", o.server.MaxConcurrent, "scoring requests served at once (503 beyond)")
	fs.DurationVar(&o.server.Timeout, "timeout", o.server.Timeout, "time limit of one scoring request")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 30*time.Second, "how long requests in flight may run on after SIGINT/SIGTERM")
	fs.StringVar(&o.server.Reader.IDField, "id-field", "id", "JSON field holding the document id")
	fs.StringVar(&o.server.Reader.TextField, "text-field", "text", "JSON field holding the text")
	fs.StringVar(&o.server.Reader.DateField, "date-field", "date", "JSON field holding the date")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return helpOr(err, fs, stdout, serveUsage)
	}
	if len(pos) > 0 {
		return usagef("serve: unexpected argument %q", pos[0])
	}
	if o.server.MaxBodyBytes <= 0 || o.server.MaxConcurrent <= 0 || o.server.Workers <= 0 || o.server.Timeout <= 0 {
		return usagef("serve: -max-body, -max-concurrent, -workers and -timeout must be positive")
	}
	return runServe(ctx, o, stderr)
}

// runServe loads the model, listens on o.addr and serves until ctx is
// cancelled, then shuts down gracefully.
func runServe(ctx context.Context, o serveOptions, stderr io.Writer) error {
	m, err := loadModel(o.modelPath, o.targets)
	if err != nil {
		return err
	}
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		return fmt.Errorf("quote extractor: %w", err)
	}
	s := newServer(m, x, o.modelPath == "", o.server)
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(stderr, "classify: serving on http://%s (model %s)\n", ln.Addr(), m.Version())
	return serveOn(ctx, ln, s, o.shutdownTimeout, stderr)
}

// serveOn serves s on ln until ctx is cancelled. It then marks s not
// ready, stops accepting connections and waits up to grace for the
// requests in flight; those still running are then cut off. It returns nil
// after a graceful shutdown.
func serveOn(ctx context.Context, ln net.Listener, s *server, grace time.Duration, stderr io.Writer) error {
	base, cutOff := context.WithCancel(context.Background())
	defer cutOff()
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(stderr, "classify serve: ", 0),
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	shutdown := make(chan error, 1)
	stop := context.AfterFunc(ctx, func() {
		s.ready.Store(false)
		sctx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		err := hs.Shutdown(sctx)
		if err != nil {
			cutOff() // cancel the requests still running
			hs.Close()
		}
		shutdown <- err
	})
	defer stop()
	err := hs.Serve(ln)
	if !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	if err := <-shutdown; err != nil {
		return fmt.Errorf("shutdown: requests still running after %s: %w", grace, err)
	}
	fmt.Fprintln(stderr, "classify: server stopped")
	return nil
}

// serverConfig holds the server's limits. defaultServerConfig gives the
// defaults of the serve command's flags.
type serverConfig struct {
	Workers       int                 // workers per stage for an NDJSON request
	MaxBodyBytes  int64               // largest request body
	MaxConcurrent int                 // scoring requests served at once
	Timeout       time.Duration       // time limit of one scoring request
	Reader        corpus.ReaderConfig // JSON fields and the per-document size limit
}

func defaultServerConfig() serverConfig {
	return serverConfig{
		Workers:       runtime.GOMAXPROCS(0),
		MaxBodyBytes:  1 << 30,
		MaxConcurrent: 2 * runtime.GOMAXPROCS(0),
		Timeout:       10 * time.Minute,
	}
}

// modelInfo is the body of GET /v1/model.
type modelInfo struct {
	Schema      string          `json:"schema"`
	Version     string          `json:"version"`
	Checksum    string          `json:"checksum"`
	Targets     []string        `json:"targets"`
	Temperature float64         `json:"temperature"`
	Report      string          `json:"report,omitempty"`      // REPORT.md beside the embedded model
	ReportJSON  json.RawMessage `json:"report_json,omitempty"` // report.json beside it
}

// A server is the HTTP API over one model. It is safe for concurrent use;
// each scoring request runs its own pipeline.Run.
type server struct {
	steps   []pipeline.Step
	targets []corpus.Target
	info    modelInfo
	cfg     serverConfig
	sem     chan struct{}
	ready   atomic.Bool
	metrics *metrics
	mux     *http.ServeMux
	openapi []byte
}

// newServer returns the server for model m and extractor x; embedded says
// whether m is the embedded default model, whose report is served.
func newServer(m *models.Model, x *quotes.Extractor, embedded bool, cfg serverConfig) *server {
	info := modelInfo{Schema: pipeline.Schema, Version: m.Version(), Checksum: m.Checksum(), Temperature: m.Temperature()}
	targets := m.TargetList()
	for _, t := range targets {
		info.Targets = append(info.Targets, t.Name)
	}
	if embedded {
		if b, err := fs.ReadFile(models.DefaultFS(), "default/REPORT.md"); err == nil {
			info.Report = string(b)
		}
		if b, err := fs.ReadFile(models.DefaultFS(), "default/report.json"); err == nil && json.Valid(b) {
			info.ReportJSON = b
		}
	}
	return newServerWith(pipeline.Steps(x, m), targets, info, cfg)
}

// newServerWith returns a server running steps, for tests as well.
func newServerWith(steps []pipeline.Step, targets []corpus.Target, info modelInfo, cfg serverConfig) *server {
	def := defaultServerConfig()
	if cfg.Workers <= 0 {
		cfg.Workers = def.Workers
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = def.MaxBodyBytes
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = def.MaxConcurrent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = def.Timeout
	}
	if targets == nil {
		targets = []corpus.Target{}
	}
	if info.Targets == nil {
		info.Targets = []string{}
	}
	s := &server{
		steps: steps, targets: targets, info: info, cfg: cfg,
		sem:     make(chan struct{}, cfg.MaxConcurrent),
		metrics: newMetrics(),
		mux:     http.NewServeMux(),
		openapi: openAPIDoc(),
	}
	for _, rt := range s.routes() {
		s.mux.HandleFunc(rt.method+" "+rt.path, rt.handler)
	}
	s.ready.Store(true)
	return s
}

// A route is one operation of the API; openapi.json describes each.
type route struct {
	method, path string
	handler      http.HandlerFunc
}

func (s *server) routes() []route {
	return []route{
		{http.MethodPost, "/v1/score", s.handleScore},
		{http.MethodGet, "/v1/targets", s.handleTargets},
		{http.MethodGet, "/v1/model", s.handleModel},
		{http.MethodGet, "/healthz", s.handleHealthz},
		{http.MethodGet, "/readyz", s.handleReadyz},
		{http.MethodGet, "/metrics", s.handleMetrics},
		{http.MethodGet, "/openapi.json", s.handleOpenAPI},
	}
}

// ServeHTTP serves the API, counting every request in the metrics.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.metrics.inflight.Add(1)
	defer s.metrics.inflight.Add(-1)
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		// r.Pattern is set by the mux; unmatched requests share one label.
		route := "other"
		if _, path, ok := strings.Cut(r.Pattern, " "); ok {
			route = path
		}
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		s.metrics.observeRequest(route, r.Method, status, time.Since(start))
	}()
	sw.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(sw, r)
}

// statusWriter remembers the response status. Unwrap lets
// http.ResponseController reach the connection (flush, deadlines, full
// duplex).
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Media types of POST /v1/score.
const (
	typeJSON   = "application/json"
	typeNDJSON = "application/x-ndjson"
)

// ndjsonTypes are the media types read as one document per line.
var ndjsonTypes = map[string]bool{
	typeNDJSON: true, "application/ndjson": true, "application/jsonl": true,
	"application/x-jsonlines": true, "application/jsonlines": true,
}

// requestSource names the request body in records' source ("request:3").
const requestSource = "request"

// handleScore scores the documents of the request body.
func (s *server) handleScore(w http.ResponseWriter, r *http.Request) {
	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	default:
		w.Header().Set("Retry-After", "1")
		writeProblem(w, http.StatusServiceUnavailable, "busy", fmt.Sprintf("%d scoring requests are running; retry later", s.cfg.MaxConcurrent))
		return
	}
	mt := "application/json"
	if ct := r.Header.Get("Content-Type"); ct != "" {
		var err error
		// A bad parameter is ignored: the media type is what matters.
		if mt, _, err = mime.ParseMediaType(ct); err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
			writeProblem(w, http.StatusUnsupportedMediaType, "unsupported_media_type", err.Error())
			return
		}
	}
	if !ndjsonTypes[mt] && mt != typeJSON && mt != "text/plain" && mt != "application/x-www-form-urlencoded" {
		writeProblem(w, http.StatusUnsupportedMediaType, "unsupported_media_type",
			fmt.Sprintf("content type %q: want application/json (one document), application/x-ndjson (one per line) or text/plain", mt))
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(s.cfg.Timeout)
	// Deadlines on the connection make a stalled client fail its read or
	// write. A writer without them (a test recorder) serves the request
	// all the same, so their errors are ignored.
	_ = rc.SetReadDeadline(deadline)
	_ = rc.SetWriteDeadline(deadline)
	if ndjsonTypes[mt] {
		s.scoreStream(ctx, w, rc, http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
		return
	}
	// One document is read whole, so its body is bounded by the document
	// limit too (with room for the JSON escapes and indentation that a
	// compact line of at most MaxDocBytes does not have).
	maxDoc := int64(s.cfg.Reader.MaxDocBytes)
	if maxDoc <= 0 {
		maxDoc = corpus.DefaultMaxDocBytes
	}
	limit := min(s.cfg.MaxBodyBytes, 4*maxDoc+(64<<10))
	s.scoreOne(ctx, w, http.MaxBytesReader(w, r.Body, limit), mt == "text/plain")
}

// scoreOne scores a request holding one document: a JSON object, or plain
// text. The response is the record, with status 200, or 400 (413 for
// too_large) when the document could not be read.
func (s *server) scoreOne(ctx context.Context, w http.ResponseWriter, body io.Reader, plain bool) {
	raw, err := io.ReadAll(body)
	var src corpus.Reader
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		src = &oneDoc{err: &corpus.ReadError{Source: requestSource + ":1", Err: corpus.ErrTooLarge,
			Detail: fmt.Sprintf("request body larger than %d bytes", mbe.Limit)}}
	case err != nil:
		return // the client went away or stalled past the deadline: nobody to answer
	case plain:
		cfg := s.cfg.Reader
		cfg.Format = corpus.FormatText
		if src, err = corpus.OpenReader(bytes.NewReader(raw), requestSource, cfg); err != nil {
			src = &oneDoc{err: &corpus.ReadError{Source: requestSource + ":1", Err: corpus.ErrUnreadable, Detail: err.Error()}}
		}
	default:
		// The JSONL reader reads the one document, as 'classify score'
		// would read it, once it is on one line.
		var line bytes.Buffer
		if err := json.Compact(&line, raw); err != nil {
			src = &oneDoc{err: &corpus.ReadError{Source: requestSource + ":1", Err: corpus.ErrMalformedJSON, Detail: err.Error()}}
		} else {
			src = corpus.NewJSONLReader(&line, requestSource, s.cfg.Reader)
		}
	}
	var out bytes.Buffer
	sink := &countingSink{Sink: pipeline.NewJSONLSink(&out), m: s.metrics}
	// Run fails only when ctx ends (a timeout, or the client gone); then
	// the record may be missing, which is checked below.
	_, _ = pipeline.Run(ctx, &firstOnly{r: src}, s.steps, sink, pipeline.Config{Workers: 1})
	if err := sink.Close(); err != nil || sink.n != 1 {
		writeProblem(w, http.StatusServiceUnavailable, "timeout", fmt.Sprintf("the document was not scored within %s", s.cfg.Timeout))
		return
	}
	status := http.StatusOK
	if e := sink.last; e != nil && e.Stage == "read" {
		status = http.StatusBadRequest
		if e.Code == corpus.Code(corpus.ErrTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
	}
	w.Header().Set("Content-Type", typeJSON)
	w.WriteHeader(status)
	w.Write(out.Bytes()) // a failed write means the client is gone
}

// scoreStream scores NDJSON: one record per input line, in order, each
// written and flushed as soon as it and those before it are ready.
func (s *server) scoreStream(ctx context.Context, w http.ResponseWriter, rc *http.ResponseController, body io.Reader) {
	// Read the request while writing the response. HTTP/1.x needs this;
	// HTTP/2 and test recorders do it already or not at all, so the error
	// is ignored.
	_ = rc.EnableFullDuplex()
	w.Header().Set("Content-Type", typeNDJSON)
	sink := &countingSink{Sink: &flushSink{s: pipeline.NewJSONLSink(w), rc: rc}, m: s.metrics}
	src := corpus.NewJSONLReader(body, requestSource, s.cfg.Reader)
	sum, err := pipeline.Run(ctx, src, s.steps, sink, pipeline.Config{Workers: s.cfg.Workers, MaxInflightBytes: 32 << 20})
	if err == nil {
		if sink.n == 0 {
			w.WriteHeader(http.StatusOK) // an empty body gives an empty stream
		}
		return
	}
	// The input stopped early. Say so in a last record where that helps
	// the client: a body over the limit, or a request over time.
	var mbe *http.MaxBytesError
	var tail *pipeline.RecordError
	status := http.StatusOK
	switch {
	case errors.As(err, &mbe):
		tail = &pipeline.RecordError{Code: corpus.Code(corpus.ErrTooLarge), Stage: "read",
			Message: fmt.Sprintf("request body larger than %d bytes: input stopped after %d documents", mbe.Limit, sum.Read)}
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, context.DeadlineExceeded):
		tail = &pipeline.RecordError{Code: "timeout", Stage: "serve",
			Message: fmt.Sprintf("request took longer than %s: input stopped after %d documents", s.cfg.Timeout, sum.Read)}
		status = http.StatusServiceUnavailable
	default:
		return // the client went away, or stalled past the deadline
	}
	if sink.n == 0 {
		w.WriteHeader(status)
	}
	src2 := fmt.Sprintf("%s:%d", requestSource, sum.Read+1)
	// This write fails only when the client is gone.
	_ = sink.Write(&pipeline.Record{Schema: pipeline.Schema, DocID: src2, Source: src2, Quotes: []pipeline.Quote{}, Err: tail})
}

// flushSink writes records as JSON lines and flushes each to the client.
type flushSink struct {
	s  *pipeline.JSONLSink
	rc *http.ResponseController
}

func (f *flushSink) Write(rec *pipeline.Record) error {
	if err := f.s.Write(rec); err != nil {
		return err
	}
	if err := f.s.Close(); err != nil { // Close flushes, and may be called again
		return err
	}
	if err := f.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}

func (f *flushSink) Close() error { return f.s.Close() }

// countingSink counts the records written, and the documents and errors in
// the metrics.
type countingSink struct {
	pipeline.Sink
	m    *metrics
	n    int
	last *pipeline.RecordError
}

func (c *countingSink) Write(rec *pipeline.Record) error {
	if err := c.Sink.Write(rec); err != nil {
		return err
	}
	c.n++
	c.last = rec.Err
	c.m.countDocument(rec.Err)
	return nil
}

// oneDoc is a reader of one unreadable document.
type oneDoc struct {
	err  *corpus.ReadError
	done bool
}

func (o *oneDoc) Read() (corpus.Document, error) {
	if o.done {
		return corpus.Document{}, io.EOF
	}
	o.done = true
	return corpus.Document{Source: o.err.Source}, o.err
}

// firstOnly reads exactly one document from r, so that a request for one
// document gives one record whatever r does: an r without any document
// gives a malformed_json document.
type firstOnly struct {
	r    corpus.Reader
	done bool
}

func (f *firstOnly) Read() (corpus.Document, error) {
	if f.done {
		return corpus.Document{}, io.EOF
	}
	doc, err := f.r.Read()
	if err == io.EOF {
		// An empty JSON body: nothing on the line.
		return corpus.Document{Source: requestSource + ":1"}, &corpus.ReadError{Source: requestSource + ":1", Err: corpus.ErrMalformedJSON, Detail: "empty request body"}
	}
	f.done = true
	return doc, err
}

func (s *server) handleTargets(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"targets": s.targets})
}

func (s *server) handleModel(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.info)
}

func (s *server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

func (s *server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !s.ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "shutting down\n")
		return
	}
	io.WriteString(w, "ready\n")
}

func (s *server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
}

func (s *server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", typeJSON)
	w.Write(s.openapi)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("classify: encode response: " + err.Error()) // our own types always encode
	}
	w.Header().Set("Content-Type", typeJSON)
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeProblem answers a request that gives no record: {"error":{"code","message"}}.
func writeProblem(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

// openAPIDoc returns openAPISpec with the stance/v1 JSON Schema as the
// Record component (OpenAPI 3.1 schemas are JSON Schema 2020-12).
func openAPIDoc() []byte {
	var doc map[string]any
	if err := json.Unmarshal([]byte(openAPISpec), &doc); err != nil {
		panic("classify: openAPISpec is not JSON: " + err.Error())
	}
	rec := string(schema.V1())
	rec = strings.ReplaceAll(rec, `"#/$defs/`, `"#/components/schemas/Record/$defs/`)
	var recSchema map[string]any
	if err := json.Unmarshal([]byte(rec), &recSchema); err != nil {
		panic("classify: schema/stance-v1.json is not JSON: " + err.Error())
	}
	delete(recSchema, "$schema")
	delete(recSchema, "$id")
	doc["components"].(map[string]any)["schemas"].(map[string]any)["Record"] = recSchema
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("classify: encode openapi: " + err.Error())
	}
	return append(b, '\n')
}

// openAPISpec describes the routes of server.routes; the Record schema is
// filled in from schema/stance-v1.json.
const openAPISpec = `{
  "openapi": "3.1.0",
  "info": {
    "title": "stance",
    "version": "v1",
    "description": "Finds quotations in news articles, says who said them, which tracked targets each addresses and the speaker's stance toward each. Records follow the stance/v1 schema; offsets are Unicode code points into the text as sent."
  },
  "paths": {
    "/v1/score": {
      "post": {
        "operationId": "score",
        "summary": "Score one document, or many as NDJSON",
        "description": "One document as a JSON object (or as plain text) gives one stance/v1 record. NDJSON (one JSON object per line) gives one record per non-blank input line, in order, streamed and flushed as they are ready; a line that cannot be read gives an error record. A body over the size limit ends the stream with a too_large record (413 if nothing was sent yet); a request over the time limit ends it with a timeout record.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Document"}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "One Document JSON object per line."}},
            "text/plain": {"schema": {"type": "string", "description": "The text of one document (id \"request\")."}}
          }
        },
        "responses": {
          "200": {
            "description": "The record (JSON), or one record per input line (NDJSON).",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Record"}},
              "application/x-ndjson": {"schema": {"type": "string", "description": "One Record JSON object per line."}}
            }
          },
          "400": {
            "description": "The document could not be read (malformed JSON, a missing or mistyped field, invalid UTF-8): the error record.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}
          },
          "413": {
            "description": "The body is over the size limit: a too_large error record.",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Record"}},
              "application/x-ndjson": {"schema": {"type": "string"}}
            }
          },
          "415": {
            "description": "Unsupported content type.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
          },
          "503": {
            "description": "Too many scoring requests at once (see Retry-After), or the document was not scored in time.",
            "content": {
              "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}},
              "application/x-ndjson": {"schema": {"type": "string"}}
            }
          }
        }
      }
    },
    "/v1/targets": {
      "get": {
        "operationId": "targets",
        "summary": "The tracked targets",
        "responses": {
          "200": {
            "description": "The targets with their descriptions and lexicons.",
            "content": {"application/json": {"schema": {
              "type": "object",
              "required": ["targets"],
              "properties": {"targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}}}
            }}}
          }
        }
      }
    },
    "/v1/model": {
      "get": {
        "operationId": "model",
        "summary": "The model",
        "responses": {
          "200": {
            "description": "The model's version and checksum, and its evaluation report when one ships with it.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}
          }
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "healthz",
        "summary": "Liveness",
        "responses": {
          "200": {"description": "The process serves requests.", "content": {"text/plain": {"schema": {"type": "string"}}}}
        }
      }
    },
    "/readyz": {
      "get": {
        "operationId": "readyz",
        "summary": "Readiness",
        "responses": {
          "200": {"description": "Ready for requests.", "content": {"text/plain": {"schema": {"type": "string"}}}},
          "503": {"description": "Shutting down.", "content": {"text/plain": {"schema": {"type": "string"}}}}
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "Prometheus metrics",
        "description": "Text exposition format 0.0.4: stance_http_requests_total{route,method,code}, stance_http_request_duration_seconds (histogram by route), stance_http_requests_in_flight, stance_documents_total, stance_document_errors_total{code}.",
        "responses": {
          "200": {"description": "The metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This description",
        "responses": {
          "200": {"description": "OpenAPI 3.1.", "content": {"application/json": {"schema": {"type": "object"}}}}
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Document": {
        "type": "object",
        "required": ["text"],
        "properties": {
          "id": {"type": ["string", "number"], "description": "The document id (default: its source, request:LINE)."},
          "text": {"type": "string"},
          "date": {"type": "string", "description": "ISO 8601, as given."}
        }
      },
      "Target": {
        "type": "object",
        "required": ["name", "description", "lexicon"],
        "properties": {
          "name": {"type": "string"},
          "description": {"type": "string"},
          "lexicon": {"type": "array", "items": {
            "type": "object",
            "required": ["phrase"],
            "properties": {"phrase": {"type": "string"}, "weight": {"type": "number"}}
          }},
          "examples": {"type": "array", "items": {"type": "string"}}
        }
      },
      "Model": {
        "type": "object",
        "required": ["schema", "version", "checksum", "targets", "temperature"],
        "properties": {
          "schema": {"const": "stance/v1"},
          "version": {"type": "string"},
          "checksum": {"type": "string", "description": "SHA-256 of the model, hex."},
          "targets": {"type": "array", "items": {"type": "string"}},
          "temperature": {"type": "number", "description": "Calibration temperature."},
          "report": {"type": "string", "description": "The model's REPORT.md (embedded model only)."},
          "report_json": {"type": "object", "description": "The model's report.json (embedded model only)."}
        }
      },
      "Problem": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {
          "type": "object",
          "required": ["code", "message"],
          "properties": {"code": {"type": "string"}, "message": {"type": "string"}}
        }}
      },
      "Record": {}
    }
  }
}`

// metrics are the server's Prometheus metrics, written by hand in the text
// exposition format. They are safe for concurrent use.
type metrics struct {
	inflight atomic.Int64

	mu        sync.Mutex
	requests  map[requestKey]int64
	latency   map[string]*histogram // by route
	documents int64
	errors    map[string]int64 // error records by code
}

type requestKey struct {
	route, method string
	code          int
}

// latencyBuckets are the upper bounds of the request latency histogram,
// in seconds.
var latencyBuckets = [...]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}

type histogram struct {
	counts [len(latencyBuckets)]int64 // per bucket, not cumulative
	count  int64
	sum    float64
}

func newMetrics() *metrics {
	return &metrics{requests: map[requestKey]int64{}, latency: map[string]*histogram{}, errors: map[string]int64{}}
}

func (m *metrics) observeRequest(route, method string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, method, code}]++
	h := m.latency[route]
	if h == nil {
		h = new(histogram)
		m.latency[route] = h
	}
	secs := d.Seconds()
	for i, le := range latencyBuckets {
		if secs <= le {
			h.counts[i]++
			break
		}
	}
	h.count++
	h.sum += secs
}

func (m *metrics) countDocument(err *pipeline.RecordError) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.documents++
	if err != nil {
		m.errors[err.Code]++
	}
}

// write writes every metric, in a stable order.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder

	b.WriteString("# HELP stance_http_requests_total HTTP requests served, by route, method and status code.\n")
	b.WriteString("# TYPE stance_http_requests_total counter\n")
	keys := slices.SortedFunc(maps.Keys(m.requests), func(a, b requestKey) int {
		return cmp.Or(cmp.Compare(a.route, b.route), cmp.Compare(a.method, b.method), cmp.Compare(a.code, b.code))
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "stance_http_requests_total{route=%s,method=%s,code=\"%d\"} %d\n",
			promLabel(k.route), promLabel(k.method), k.code, m.requests[k])
	}

	b.WriteString("# HELP stance_http_request_duration_seconds Time to serve a request, by route (a scoring stream counts until its last record).\n")
	b.WriteString("# TYPE stance_http_request_duration_seconds histogram\n")
	for _, route := range slices.Sorted(maps.Keys(m.latency)) {
		h := m.latency[route]
		var cum int64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "stance_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n",
				promLabel(route), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(&b, "stance_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", promLabel(route), h.count)
		fmt.Fprintf(&b, "stance_http_request_duration_seconds_sum{route=%s} %s\n", promLabel(route), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(&b, "stance_http_request_duration_seconds_count{route=%s} %d\n", promLabel(route), h.count)
	}

	b.WriteString("# HELP stance_http_requests_in_flight HTTP requests being served.\n")
	b.WriteString("# TYPE stance_http_requests_in_flight gauge\n")
	fmt.Fprintf(&b, "stance_http_requests_in_flight %d\n", m.inflight.Load())

	b.WriteString("# HELP stance_documents_total Documents scored (one record each, error records included).\n")
	b.WriteString("# TYPE stance_documents_total counter\n")
	fmt.Fprintf(&b, "stance_documents_total %d\n", m.documents)

	b.WriteString("# HELP stance_document_errors_total Error records written, by error code.\n")
	b.WriteString("# TYPE stance_document_errors_total counter\n")
	for _, code := range slices.Sorted(maps.Keys(m.errors)) {
		fmt.Fprintf(&b, "stance_document_errors_total{code=%s} %d\n", promLabel(code), m.errors[code])
	}
	io.WriteString(w, b.String())
}

// promLabel quotes a label value for the text exposition format.
func promLabel(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}
