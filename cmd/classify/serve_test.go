package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
)

// stubSteps is a fast, deterministic pipeline for the HTTP tests: the real
// normalize stage (so empty, binary and invalid UTF-8 texts become error
// records), then one quote for the first "..." of the text, addressing
// "peace" when it says so.
func stubSteps() []pipeline.Step {
	quote := pipeline.StageFunc(func(ctx context.Context, rec *pipeline.Record) error {
		text := rec.Doc.Text
		i := strings.IndexByte(text, '"')
		if i < 0 {
			return nil
		}
		j := strings.IndexByte(text[i+1:], '"')
		if j < 0 {
			return nil
		}
		inner := text[i+1 : i+1+j]
		start := utf8.RuneCountInString(text[:i+1])
		q := pipeline.Quote{ID: rec.DocID + "#q1", Targets: []pipeline.TargetStance{},
			Quote: quotes.Quote{Start: start, End: start + utf8.RuneCountInString(inner), Text: inner, Kind: corpus.KindDirect}}
		if strings.Contains(inner, "peace") {
			q.Targets = append(q.Targets, pipeline.TargetStance{Target: "peace", Stance: corpus.Favor,
				Probs: pipeline.Probs{Favor: 0.8, Against: 0.1, Neutral: 0.1}, Evidence: []models.Evidence{}})
		}
		rec.Quotes = append(rec.Quotes, q)
		return nil
	})
	return []pipeline.Step{{Name: "normalize", Stage: pipeline.Normalize{}}, {Name: "quotes", Stage: quote}}
}

var stubTargets = []corpus.Target{{Name: "peace", Description: "a negotiated end of the war", Lexicon: []corpus.LexEntry{{Phrase: "peace"}}}}

func stubServer(cfg serverConfig) *server {
	info := modelInfo{Schema: pipeline.Schema, Version: "test-1", Checksum: "abc123", Targets: []string{"peace"}, Temperature: 1.5}
	return newServerWith(stubSteps(), stubTargets, info, cfg)
}

// runClassify runs the command with args and stdin, and returns its
// output and exit code.
func runClassify(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), exitCode(err, &errb)
}

// do serves one request with a recorder.
func do(t testing.TB, h http.Handler, method, path, contentType string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	return rr
}

// records decodes NDJSON (or one JSON record) output.
func records(t testing.TB, b []byte) []pipeline.Record {
	t.Helper()
	var out []pipeline.Record
	for _, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r pipeline.Record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		if r.Schema != pipeline.Schema || r.Quotes == nil {
			t.Fatalf("output line %q: not a stance/v1 record", line)
		}
		out = append(out, r)
	}
	return out
}

func errCode(r pipeline.Record) string {
	if r.Err == nil {
		return ""
	}
	return r.Err.Code
}

func TestScoreOne(t *testing.T) {
	s := stubServer(serverConfig{MaxBodyBytes: 1000, Reader: corpus.ReaderConfig{MaxDocBytes: 200}})
	pretty := "{\n  \"id\": \"a\",\n  \"text\": \"She said \\\"peace now\\\" «ok».\",\n  \"date\": \"2025-01-02\"\n}\n"
	tests := []struct {
		name, ctype, body string
		status            int
		code, docID       string // error code of the record, its doc_id
	}{
		{"json", "application/json", `{"id":"a","text":"She said \"peace now\" «ok».","date":"2025-01-02"}`, 200, "", "a"},
		{"pretty json", "application/json; charset=utf-8", pretty, 200, "", "a"},
		{"no content type", "", `{"id":"a","text":"x"}`, 200, "", "a"},
		{"form type from curl -d", "application/x-www-form-urlencoded", `{"id":"a","text":"x"}`, 200, "", "a"},
		{"numeric id", "application/json", `{"id":7,"text":"x"}`, 200, "", "7"},
		{"no id", "application/json", `{"text":"x"}`, 200, "", "request:1"},
		{"plain text", "text/plain", `He said "peace".`, 200, "", "request"},
		{"empty text", "application/json", `{"id":"e","text":"  "}`, 200, "empty", "e"},
		{"malformed", "application/json", `{"id":"m","text":`, 400, "malformed_json", "request:1"},
		{"empty body", "application/json", ``, 400, "malformed_json", "request:1"},
		{"not an object", "application/json", `["a"]`, 400, "malformed_json", "request:1"},
		{"two objects", "application/json", `{"text":"a"} {"text":"b"}`, 400, "malformed_json", "request:1"},
		{"missing text", "application/json", `{"id":"n"}`, 400, "missing_field", "n"},
		{"text not a string", "application/json", `{"id":"w","text":1}`, 400, "wrong_type", "w"},
		{"invalid utf-8", "application/json", "{\"id\":\"u\",\"text\":\"\xff\"}", 400, "invalid_utf8", "request:1"},
		{"document too large", "application/json", `{"id":"big","text":"` + strings.Repeat("x", 300) + `"}`, 413, "too_large", "request:1"},
		{"body too large", "application/json", `{"id":"big","text":"` + strings.Repeat("x", 1200) + `"}`, 413, "too_large", "request:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr := do(t, s, "POST", "/v1/score", tt.ctype, []byte(tt.body))
			if rr.Code != tt.status {
				t.Errorf("status %d, want %d; body %s", rr.Code, tt.status, rr.Body)
			}
			if ct := rr.Header().Get("Content-Type"); ct != typeJSON {
				t.Errorf("Content-Type %q", ct)
			}
			recs := records(t, rr.Body.Bytes())
			if len(recs) != 1 {
				t.Fatalf("%d records, want 1: %s", len(recs), rr.Body)
			}
			if got := errCode(recs[0]); got != tt.code {
				t.Errorf("error code %q, want %q (%+v)", got, tt.code, recs[0].Err)
			}
			if recs[0].DocID != tt.docID {
				t.Errorf("doc_id %q, want %q", recs[0].DocID, tt.docID)
			}
		})
	}
	// The pretty and the compact form give the same record.
	a := do(t, s, "POST", "/v1/score", "application/json", []byte(tests[0].body)).Body.String()
	b := do(t, s, "POST", "/v1/score", "application/json", []byte(pretty)).Body.String()
	if a != b || !strings.Contains(a, `"text":"peace now"`) || !strings.Contains(a, `"date":"2025-01-02"`) {
		t.Errorf("compact and pretty JSON differ or lack the quote:\n%s\n%s", a, b)
	}
}

func TestScoreRejects(t *testing.T) {
	s := stubServer(serverConfig{})
	tests := []struct {
		name, method, ctype string
		status              int
	}{
		{"xml", "POST", "application/xml", 415},
		{"bad media type", "POST", "no slash", 415},
		{"GET", "GET", "application/json", 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr := do(t, s, tt.method, "/v1/score", tt.ctype, []byte(`{"text":"x"}`))
			if rr.Code != tt.status {
				t.Errorf("status %d, want %d: %s", rr.Code, tt.status, rr.Body)
			}
		})
	}
	if rr := do(t, s, "GET", "/v2/score", "", nil); rr.Code != 404 {
		t.Errorf("unknown path: status %d, want 404", rr.Code)
	}
}

// streamBody is NDJSON with every kind of line: good, with and without a
// quote, blank (skipped), malformed, missing text, empty text, oversized,
// CRLF ended, and a last line without a newline.
func streamBody() string {
	return strings.Join([]string{
		`{"id":"1","text":"The envoy said \"peace is near\"."}`,
		`{"id":"2","text":"No quote."}`,
		``,
		`   `,
		`{"id":"3","text":`,
		`{"id":"4"}`,
		`{"id":"5","text":""}` + "\r",
		`{"id":"6","text":"` + strings.Repeat("y", 300) + `"}`,
		`{"id":"7","text":"\"Peace\" later, \"war\" now"}`,
	}, "\n")
}

// TestScoreStream holds that NDJSON gives exactly the records the JSONL
// sink writes for the same input, in order, one per non-blank line.
func TestScoreStream(t *testing.T) {
	cfg := serverConfig{Reader: corpus.ReaderConfig{MaxDocBytes: 200}, Workers: 3}
	s := stubServer(cfg)
	body := streamBody()
	for _, ct := range []string{"application/x-ndjson", "application/jsonl", "application/ndjson; charset=utf-8"} {
		t.Run(ct, func(t *testing.T) {
			rr := do(t, s, "POST", "/v1/score", ct, []byte(body))
			if rr.Code != 200 || rr.Header().Get("Content-Type") != typeNDJSON {
				t.Fatalf("status %d, Content-Type %q", rr.Code, rr.Header().Get("Content-Type"))
			}
			want := scoreWithSink(t, stubSteps(), body, cfg.Reader)
			if got := rr.Body.String(); got != want {
				t.Errorf("HTTP output differs from the JSONL sink's:\n got %s\nwant %s", got, want)
			}
			recs := records(t, rr.Body.Bytes())
			var codes []string
			for _, r := range recs {
				codes = append(codes, r.DocID+"="+errCode(r))
			}
			wantCodes := []string{"1=", "2=", "request:5=malformed_json", "4=missing_field", "5=empty", "request:8=too_large", "7="}
			if !slices.Equal(codes, wantCodes) {
				t.Errorf("records %v, want %v", codes, wantCodes)
			}
		})
	}
	rr := do(t, s, "POST", "/v1/score", typeNDJSON, nil)
	if rr.Code != 200 || rr.Body.Len() != 0 {
		t.Errorf("empty stream: status %d, body %q", rr.Code, rr.Body)
	}
}

// scoreWithSink runs steps over body with the JSONL sink, as 'classify
// score' does.
func scoreWithSink(t *testing.T, steps []pipeline.Step, body string, cfg corpus.ReaderConfig) string {
	t.Helper()
	var out bytes.Buffer
	sink := pipeline.NewJSONLSink(&out)
	if _, err := pipeline.Run(context.Background(), corpus.NewJSONLReader(strings.NewReader(body), requestSource, cfg), steps, sink, pipeline.Config{}); err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// flushRecorder is a ResponseWriter that reports each flush with the
// output so far. It is safe for concurrent use.
type flushRecorder struct {
	mu      sync.Mutex
	header  http.Header
	status  int
	buf     bytes.Buffer
	flushed chan string
}

func (f *flushRecorder) Header() http.Header { return f.header }
func (f *flushRecorder) WriteHeader(code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.status == 0 {
		f.status = code
	}
}

func (f *flushRecorder) Write(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.status == 0 {
		f.status = 200
	}
	return f.buf.Write(b)
}

func (f *flushRecorder) Flush() {
	f.mu.Lock()
	out := f.buf.String()
	f.mu.Unlock()
	f.flushed <- out
}

// TestScoreStreamFlushes holds that a record reaches the client before
// the next input line is sent.
func TestScoreStreamFlushes(t *testing.T) {
	s := stubServer(serverConfig{Workers: 2})
	pr, pw := io.Pipe()
	req := httptest.NewRequest("POST", "/v1/score", pr)
	req.Header.Set("Content-Type", typeNDJSON)
	w := &flushRecorder{header: http.Header{}, flushed: make(chan string, 16)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ServeHTTP(w, req)
	}()
	waitFlush := func(want string) {
		t.Helper()
		select {
		case out := <-w.flushed:
			if !strings.Contains(out, want) {
				t.Fatalf("flushed %q, want it to hold %q", out, want)
			}
		case <-time.After(30 * time.Second): // a guard against hanging, not a wait
			t.Fatalf("no flush holding %q", want)
		}
	}
	io.WriteString(pw, `{"id":"first","text":"a \"b\" c"}`+"\n")
	waitFlush(`"doc_id":"first"`)
	io.WriteString(pw, `{"id":"second","text":"d"}`+"\n")
	waitFlush(`"doc_id":"second"`)
	pw.Close()
	<-done
	recs := records(t, w.buf.Bytes())
	if len(recs) != 2 || w.status != 200 {
		t.Errorf("status %d, %d records, want 200 and 2", w.status, len(recs))
	}
}

func TestScoreStreamBodyLimit(t *testing.T) {
	line := `{"id":"%d","text":"short text"}` + "\n"
	var body strings.Builder
	for i := range 10 {
		fmt.Fprintf(&body, line, i)
	}
	limit := int64(len(fmt.Sprintf(line, 0))*3 + 5) // three lines and a bit
	s := stubServer(serverConfig{MaxBodyBytes: limit})
	rr := do(t, s, "POST", "/v1/score", typeNDJSON, []byte(body.String()))
	recs := records(t, rr.Body.Bytes())
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.DocID+"="+errCode(r))
	}
	want := []string{"0=", "1=", "2=", "request:4=too_large"}
	if rr.Code != 200 || !slices.Equal(ids, want) {
		t.Errorf("status %d, records %v; want 200 and %v", rr.Code, ids, want)
	}

	// Over the limit before the first line ends: 413.
	s = stubServer(serverConfig{MaxBodyBytes: 10})
	rr = do(t, s, "POST", "/v1/score", typeNDJSON, []byte(body.String()))
	recs = records(t, rr.Body.Bytes())
	if rr.Code != 413 || len(recs) != 1 || errCode(recs[0]) != "too_large" {
		t.Errorf("status %d, records %+v; want 413 and one too_large record", rr.Code, recs)
	}
}

func TestScoreTimeout(t *testing.T) {
	s := stubServer(serverConfig{Timeout: time.Nanosecond})
	rr := do(t, s, "POST", "/v1/score", typeNDJSON, []byte(streamBody()))
	recs := records(t, rr.Body.Bytes())
	if len(recs) == 0 || errCode(recs[len(recs)-1]) != "timeout" {
		t.Fatalf("status %d, body %s: want a last timeout record", rr.Code, rr.Body)
	}
	if len(recs) == 1 && rr.Code != 503 {
		t.Errorf("nothing scored: status %d, want 503", rr.Code)
	}
}

func TestScoreBusy(t *testing.T) {
	s := stubServer(serverConfig{MaxConcurrent: 2})
	s.sem <- struct{}{}
	s.sem <- struct{}{} // two requests running
	rr := do(t, s, "POST", "/v1/score", typeJSON, []byte(`{"text":"x"}`))
	if rr.Code != 503 || rr.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 503 with Retry-After", rr.Code, rr.Header().Get("Retry-After"))
	}
	var p struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(rr.Body.Bytes(), &p); err != nil || p.Error.Code != "busy" {
		t.Errorf("body %s: want a busy problem", rr.Body)
	}
	if rr := do(t, s, "GET", "/healthz", "", nil); rr.Code != 200 {
		t.Errorf("healthz while busy: %d", rr.Code)
	}
	<-s.sem
	if rr := do(t, s, "POST", "/v1/score", typeJSON, []byte(`{"text":"x"}`)); rr.Code != 200 {
		t.Errorf("after a request ended: status %d", rr.Code)
	}
}

func TestServeInfoRoutes(t *testing.T) {
	s := stubServer(serverConfig{})
	rr := do(t, s, "GET", "/v1/model", "", nil)
	var info modelInfo
	if err := json.Unmarshal(rr.Body.Bytes(), &info); err != nil || rr.Code != 200 {
		t.Fatalf("model: %d %s", rr.Code, rr.Body)
	}
	if info.Version != "test-1" || info.Checksum != "abc123" || info.Schema != pipeline.Schema || !slices.Equal(info.Targets, []string{"peace"}) {
		t.Errorf("model info %+v", info)
	}
	rr = do(t, s, "GET", "/v1/targets", "", nil)
	var ts struct{ Targets []corpus.Target }
	if err := json.Unmarshal(rr.Body.Bytes(), &ts); err != nil || len(ts.Targets) != 1 || ts.Targets[0].Name != "peace" || len(ts.Targets[0].Lexicon) != 1 {
		t.Errorf("targets: %d %s", rr.Code, rr.Body)
	}
	if rr := do(t, s, "GET", "/healthz", "", nil); rr.Code != 200 {
		t.Errorf("healthz %d", rr.Code)
	}
	if rr := do(t, s, "GET", "/readyz", "", nil); rr.Code != 200 {
		t.Errorf("readyz %d", rr.Code)
	}
	s.ready.Store(false)
	if rr := do(t, s, "GET", "/readyz", "", nil); rr.Code != 503 {
		t.Errorf("readyz while shutting down: %d, want 503", rr.Code)
	}
}

// promLine is one sample line of the text exposition format.
var promLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|NaN)$`)

func TestMetrics(t *testing.T) {
	s := stubServer(serverConfig{Reader: corpus.ReaderConfig{MaxDocBytes: 200}})
	do(t, s, "POST", "/v1/score", typeNDJSON, []byte(streamBody()))    // 7 documents, 4 errors
	do(t, s, "POST", "/v1/score", typeJSON, []byte(`{"text":"fine"}`)) // 1
	do(t, s, "POST", "/v1/score", typeJSON, []byte(`{bad`))            // 1 malformed_json
	do(t, s, "POST", "/v1/score", "application/xml", []byte(`<a/>`))   // 415
	do(t, s, "GET", "/nowhere", "", nil)                               // 404
	rr := do(t, s, "GET", "/metrics", "", nil)
	if rr.Code != 200 || !strings.HasPrefix(rr.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %q", rr.Code, rr.Header().Get("Content-Type"))
	}
	samples := map[string]float64{}
	typed := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(rr.Body.String(), "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(rest, " ")
			typed[name] = typ
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		m := promLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not an exposition line: %q", line)
			continue
		}
		v, err := strconv.ParseFloat(m[len(m)-1], 64)
		if err != nil {
			t.Errorf("%q: %v", line, err)
		}
		samples[line[:strings.LastIndexByte(line, ' ')]] = v
	}
	want := map[string]float64{
		`stance_http_requests_total{route="/v1/score",method="POST",code="200"}`:   2,
		`stance_http_requests_total{route="/v1/score",method="POST",code="400"}`:   1,
		`stance_http_requests_total{route="/v1/score",method="POST",code="415"}`:   1,
		`stance_http_requests_total{route="other",method="GET",code="404"}`:        1,
		`stance_http_requests_in_flight`:                                           1, // this request
		`stance_documents_total`:                                                   9,
		`stance_document_errors_total{code="malformed_json"}`:                      2,
		`stance_document_errors_total{code="too_large"}`:                           1,
		`stance_document_errors_total{code="empty"}`:                               1,
		`stance_document_errors_total{code="missing_field"}`:                       1,
		`stance_http_request_duration_seconds_bucket{route="/v1/score",le="+Inf"}`: 4,
		`stance_http_request_duration_seconds_count{route="/v1/score"}`:            4,
	}
	for k, v := range want {
		if got, ok := samples[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	for name, typ := range map[string]string{
		"stance_http_requests_total": "counter", "stance_http_request_duration_seconds": "histogram",
		"stance_http_requests_in_flight": "gauge", "stance_documents_total": "counter", "stance_document_errors_total": "counter",
	} {
		if typed[name] != typ {
			t.Errorf("# TYPE %s = %q, want %q", name, typed[name], typ)
		}
	}
	// Buckets are cumulative and end at the count.
	prev := -1.0
	for _, le := range latencyBuckets {
		v := samples[fmt.Sprintf(`stance_http_request_duration_seconds_bucket{route="/v1/score",le="%s"}`, strconv.FormatFloat(le, 'g', -1, 64))]
		if v < prev {
			t.Errorf("bucket le=%v: %v < %v", le, v, prev)
		}
		prev = v
	}
	if prev > 4 {
		t.Errorf("last bucket %v above the count", prev)
	}
}

func TestPromLabel(t *testing.T) {
	if got, want := promLabel("a\"b\\c\nd"), `"a\"b\\c\nd"`; got != want {
		t.Errorf("promLabel = %s, want %s", got, want)
	}
}

// TestOpenAPI holds that openapi.json describes exactly the server's
// routes, that every response a route gives is documented with its status
// and media type, and that every $ref resolves.
func TestOpenAPI(t *testing.T) {
	s := stubServer(serverConfig{MaxBodyBytes: 300, Reader: corpus.ReaderConfig{MaxDocBytes: 100}})
	rr := do(t, s, "GET", "/openapi.json", "", nil)
	var doc map[string]any
	if err := json.Unmarshal(rr.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi version %q", v)
	}
	paths := doc["paths"].(map[string]any)
	var documented, served []string
	for p, item := range paths {
		for m := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	for _, r := range s.routes() {
		served = append(served, r.method+" "+r.path)
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Fatalf("documented %v, served %v", documented, served)
	}
	checkRefs(t, doc, doc, "#")

	// Every answer is documented.
	big := `{"text":"` + strings.Repeat("z", 400) + `"}`
	requests := []struct{ method, path, ctype, body string }{
		{"POST", "/v1/score", typeJSON, `{"id":"a","text":"x \"peace\" y"}`},
		{"POST", "/v1/score", typeJSON, `{bad`},
		{"POST", "/v1/score", typeJSON, big},
		{"POST", "/v1/score", "text/plain", "some text"},
		{"POST", "/v1/score", typeNDJSON, "{\"text\":\"a\"}\n{bad\n"},
		{"POST", "/v1/score", typeNDJSON, big},
		{"POST", "/v1/score", "image/png", "x"},
	}
	for _, r := range s.routes() {
		if r.method == "GET" {
			requests = append(requests, struct{ method, path, ctype, body string }{"GET", r.path, "", ""})
		}
	}
	for _, q := range requests {
		rr := do(t, s, q.method, q.path, q.ctype, []byte(q.body))
		checkDocumented(t, paths, q.method, q.path, rr)
	}
	s.sem <- struct{}{}
	for range cap(s.sem) - 1 {
		s.sem <- struct{}{}
	}
	checkDocumented(t, paths, "POST", "/v1/score", do(t, s, "POST", "/v1/score", typeJSON, []byte(`{"text":"x"}`)))
	s.ready.Store(false)
	checkDocumented(t, paths, "GET", "/readyz", do(t, s, "GET", "/readyz", "", nil))
}

func checkDocumented(t *testing.T, paths map[string]any, method, path string, rr *httptest.ResponseRecorder) {
	t.Helper()
	op := paths[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(rr.Code)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: status %d not documented", method, path, rr.Code)
		return
	}
	mt, _, err := mime.ParseMediaType(rr.Header().Get("Content-Type"))
	if err != nil {
		t.Errorf("%s %s: Content-Type %q: %v", method, path, rr.Header().Get("Content-Type"), err)
		return
	}
	if _, ok := resp["content"].(map[string]any)[mt]; !ok {
		t.Errorf("%s %s: status %d with %s not documented", method, path, rr.Code, mt)
	}
}

// checkRefs resolves every $ref under v against the document root.
func checkRefs(t *testing.T, root, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			if k == "$ref" {
				ref := sub.(string)
				cur := root
				for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
					m, ok := cur.(map[string]any)
					if !ok {
						cur = nil
						break
					}
					cur = m[tok]
				}
				if cur == nil {
					t.Errorf("%s: $ref %s does not resolve", at, ref)
				}
				continue
			}
			checkRefs(t, root, sub, at+"/"+k)
		}
	case []any:
		for i, sub := range v {
			checkRefs(t, root, sub, fmt.Sprintf("%s/%d", at, i))
		}
	}
}

// memListener is an in-memory net.Listener: the tests serve over net.Pipe
// connections, without a network.
type memListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newMemListener() *memListener {
	return &memListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *memListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *memListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *memListener) Addr() net.Addr { return memAddr{} }

func (l *memListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type memAddr struct{}

func (memAddr) Network() string { return "mem" }
func (memAddr) String() string  { return "mem:0" }

// TestServeGracefulShutdown cancels the server's context while a stream
// is in flight: the stream completes, and serveOn returns nil.
func TestServeGracefulShutdown(t *testing.T) {
	ln := newMemListener()
	client := &http.Client{Transport: &http.Transport{DialContext: ln.dial}}
	s := stubServer(serverConfig{Workers: 2})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	served := make(chan error, 1)
	go func() { served <- serveOn(ctx, ln, s, time.Minute, &stderr) }()

	resp, err := client.Get("http://mem/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", "http://mem/v1/score", pr)
	req.Header.Set("Content-Type", typeNDJSON)
	respc := make(chan *http.Response, 1)
	errc := make(chan error, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			errc <- err
			return
		}
		respc <- resp
	}()
	io.WriteString(pw, `{"id":"before","text":"x"}`+"\n")
	var resp2 *http.Response
	select {
	case resp2 = <-respc:
	case err := <-errc:
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	br := bufio.NewReader(resp2.Body)
	first, err := br.ReadString('\n')
	if err != nil || !strings.Contains(first, `"doc_id":"before"`) {
		t.Fatalf("first record %q, %v", first, err)
	}

	cancel() // SIGINT
	// The stream in flight goes on to its end.
	io.WriteString(pw, `{"id":"after","text":"y"}`+"\n")
	pw.Close()
	rest, err := io.ReadAll(br)
	if err != nil || !strings.Contains(string(rest), `"doc_id":"after"`) {
		t.Errorf("rest of stream %q, %v", rest, err)
	}
	if err := <-served; err != nil {
		t.Errorf("serveOn: %v", err)
	}
	if s.ready.Load() {
		t.Error("still ready after shutdown")
	}
	if _, err := client.Get("http://mem/healthz"); err == nil {
		t.Error("a request after shutdown succeeded")
	}
}

// TestServeShutdownTimeout: a stalled stream is cut off after the grace
// period, and serveOn says so.
func TestServeShutdownTimeout(t *testing.T) {
	ln := newMemListener()
	client := &http.Client{Transport: &http.Transport{DialContext: ln.dial}}
	s := stubServer(serverConfig{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	served := make(chan error, 1)
	go func() { served <- serveOn(ctx, ln, s, time.Millisecond, &stderr) }()

	pr, pw := io.Pipe()
	defer pw.Close()
	req, _ := http.NewRequest("POST", "http://mem/v1/score", pr)
	req.Header.Set("Content-Type", typeNDJSON)
	go func() {
		io.WriteString(pw, `{"id":"a","text":"x"}`+"\n") // and never more
	}()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if line, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil || !strings.Contains(line, `"doc_id":"a"`) {
		t.Fatalf("first record %q, %v", line, err)
	}
	cancel()
	if err := <-served; err == nil || !strings.Contains(err.Error(), "shutdown") {
		t.Errorf("serveOn = %v, want a shutdown error", err)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--nope"},
		{"serve", "extra"},
		{"serve", "--max-body", "0"},
		{"serve", "--timeout", "-1s"},
	} {
		_, stderr, code := runClassify(t, "", args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d; stderr %s", args, code, exitUsage, stderr)
		}
	}
	out, _, code := runClassify(t, "", "serve", "-h")
	if code != exitOK || !strings.Contains(out, "POST /v1/score") || !strings.Contains(out, "-max-concurrent") {
		t.Errorf("serve -h: exit %d, output %s", code, out)
	}
}

// TestServeMatchesScore holds that the HTTP API and 'classify score' give
// the same records for the same input, with the real model.
func TestServeMatchesScore(t *testing.T) {
	m, err := models.LoadDefault()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("default model: %v", err)
		}
		t.Skipf("default model: %v", err)
	}
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile(filepath.Join("..", "..", "corpus", "sample", "press.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	input := string(sample) + "{bad\n{\"id\":\"e\",\"text\":\"\"}\n"
	cli, stderr, code := runClassify(t, input, "score", "--quiet", "--format", "jsonl", "-")
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	cli = strings.ReplaceAll(cli, `"-:`, `"`+requestSource+`:`)

	s := newServer(m, x, true, serverConfig{})
	rr := do(t, s, "POST", "/v1/score", typeNDJSON, []byte(input))
	if rr.Code != 200 {
		t.Fatalf("status %d", rr.Code)
	}
	if got := rr.Body.String(); got != cli {
		t.Errorf("HTTP and CLI records differ:\nHTTP %s\nCLI  %s", got, cli)
	}
	// One document as JSON gives the stream's first record.
	first, _, _ := strings.Cut(string(sample), "\n")
	rr = do(t, s, "POST", "/v1/score", typeJSON, []byte(first))
	firstRec, _, _ := strings.Cut(cli, "\n")
	if rr.Code != 200 || strings.TrimSuffix(rr.Body.String(), "\n") != firstRec {
		t.Errorf("single document: status %d\n got %s\nwant %s", rr.Code, rr.Body, firstRec)
	}
	var info modelInfo
	json.Unmarshal(do(t, s, "GET", "/v1/model", "", nil).Body.Bytes(), &info)
	if info.Version != m.Version() || info.Checksum != m.Checksum() || len(info.Targets) == 0 {
		t.Errorf("model info %+v", info)
	}
}

// FuzzScoreHandler sends arbitrary bodies with each content type. The
// handler must not panic; it answers with a documented status; every
// output line is a stance/v1 record; one document gives one record; and
// NDJSON gives one record per document the corpus reader finds, in order.
func FuzzScoreHandler(f *testing.F) {
	types := []string{typeJSON, typeNDJSON, "text/plain", "", "application/xml", "application/json; charset=utf-8", "application/jsonl; x"}
	f.Add(uint8(0), []byte(`{"id":"a","text":"He said \"peace\"."}`))
	f.Add(uint8(1), []byte(streamBody()))
	f.Add(uint8(1), []byte("{\"text\":\"\xff\"}\n\n{\n"))
	f.Add(uint8(2), []byte("plain \"text\""))
	f.Add(uint8(3), []byte(`{"text":1}`))
	f.Add(uint8(4), []byte(`<x/>`))
	f.Add(uint8(5), []byte(`{"text":"`+strings.Repeat("q", 600)+`"}`))
	f.Add(uint8(6), []byte("\r\n\r\n{\"id\":null,\"text\":\"\\u0000\"}"))
	const maxBody = 2048
	rcfg := corpus.ReaderConfig{MaxDocBytes: 256}
	s := stubServer(serverConfig{MaxBodyBytes: maxBody, Reader: rcfg, Workers: 2})
	f.Fuzz(func(t *testing.T, ti uint8, body []byte) {
		ct := types[int(ti)%len(types)]
		rr := do(t, s, "POST", "/v1/score", ct, body)
		mt, _, _ := mime.ParseMediaType(ct)
		switch {
		case mt == "application/xml":
			if rr.Code != 415 {
				t.Fatalf("%s: status %d, want 415", ct, rr.Code)
			}
			return
		case ndjsonTypes[mt]:
			want := 200
			if len(body) > maxBody {
				want = rr.Code // 200, or 413 when the limit came before the first record
			}
			if rr.Code != want || (rr.Code != 200 && rr.Code != 413) {
				t.Fatalf("NDJSON: status %d", rr.Code)
			}
		default:
			if rr.Code != 200 && rr.Code != 400 && rr.Code != 413 {
				t.Fatalf("%s: status %d", ct, rr.Code)
			}
		}
		recs := records(t, rr.Body.Bytes())
		for _, r := range recs {
			if r.DocID == "" && r.Source == "" {
				t.Fatalf("record without doc_id or source: %+v", r)
			}
		}
		if !ndjsonTypes[mt] {
			if len(recs) != 1 {
				t.Fatalf("%s: %d records for one document", ct, len(recs))
			}
			return
		}
		if len(body) > maxBody {
			if len(recs) == 0 || errCode(recs[len(recs)-1]) != "too_large" {
				t.Fatalf("over the body limit without a last too_large record")
			}
			return
		}
		src := corpus.NewJSONLReader(bytes.NewReader(body), requestSource, rcfg)
		var want []string
		for {
			doc, err := src.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			var re *corpus.ReadError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("reader: %v", err)
			}
			want = append(want, doc.Source)
		}
		var got []string
		for _, r := range recs {
			got = append(got, r.Source)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("record sources %v, want the reader's documents %v", got, want)
		}
	})
}

// TestScoreOneBodyBound: one document's body is bounded by the document
// limit even under a large body limit.
func TestScoreOneBodyBound(t *testing.T) {
	s := stubServer(serverConfig{MaxBodyBytes: 1 << 30, Reader: corpus.ReaderConfig{MaxDocBytes: 100}})
	body := `{"text":"` + strings.Repeat(" ", 70<<10) + `"}`
	rr := do(t, s, "POST", "/v1/score", typeJSON, []byte(body))
	recs := records(t, rr.Body.Bytes())
	if rr.Code != 413 || len(recs) != 1 || errCode(recs[0]) != "too_large" {
		t.Errorf("status %d, records %+v: want 413 and a too_large record", rr.Code, recs)
	}
}

// TestScoreFlatFormats checks the score command's csv and parquet output
// (the sinks are tested in package pipeline): to stdout and to a file, one
// row at least per document.
func TestScoreFlatFormats(t *testing.T) {
	input := `{"id":"a","text":"He said \"we want peace\"."}` + "\n" + `{"id":"b","text":` + "\n" + `{"id":"c","text":"No quote."}` + "\n"
	out, stderr, code := runClassify(t, input, "score", "--quiet", "--format", "csv", "-")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	if lines[0] != strings.Join(pipeline.FlatColumns(), ",") || len(lines) < 4 {
		t.Errorf("csv output:\n%s", out)
	}

	path := filepath.Join(t.TempDir(), "out.parquet")
	if _, stderr, code := runClassify(t, input, "score", "--quiet", "--format", "parquet", "-o", path, "-"); code != 0 {
		t.Fatalf("parquet: exit %d: %s", code, stderr)
	}
	fromFile, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	toStdout, _, code := runClassify(t, input, "score", "--quiet", "--format", "parquet", "-")
	if code != 0 || !bytes.HasPrefix(fromFile, []byte("PAR1")) || !bytes.HasSuffix(fromFile, []byte("PAR1")) || toStdout != string(fromFile) {
		t.Errorf("parquet: exit %d, file of %d bytes, stdout of %d bytes: want the same complete file", code, len(fromFile), len(toStdout))
	}
	if _, _, code := runClassify(t, input, "score", "--format", "xlsx", "-"); code != exitUsage {
		t.Errorf("unknown format: exit %d, want %d", code, exitUsage)
	}
}
