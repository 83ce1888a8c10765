package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stance-project/stance/corpus"
)

// The junk corpus (testdata/junk/corpus, written by testdata/junk/gen.go)
// holds every kind of bad input beside good documents; its MANIFEST lists
// the record codes each file must give.
const junkDir = "../../testdata/junk/corpus"

// junkRecord is the part of a stance/v1 record the junk tests look at.
type junkRecord struct {
	Schema string            `json:"schema"`
	DocID  string            `json:"doc_id"`
	Source string            `json:"source"`
	Quotes []json.RawMessage `json:"quotes"`
	Error  *struct {
		Code, Stage, Message string
	} `json:"error"`
}

func (r junkRecord) code() string {
	if r.Error == nil {
		return "ok"
	}
	return r.Error.Code
}

// parseRecords parses JSONL output, one stance/v1 record a line.
func parseRecords(t *testing.T, out []byte) []junkRecord {
	t.Helper()
	var recs []junkRecord
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<30)
	for sc.Scan() {
		var r junkRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("output line %d is not JSON: %v", len(recs)+1, err)
		}
		if r.Schema != "stance/v1" || r.Source == "" || r.DocID == "" {
			t.Errorf("record %d lacks schema, source or doc_id: %+v", len(recs)+1, r)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

var summaryRE = regexp.MustCompile(`(?m)^read (\d+), written (\d+), errored (\d+)`)

// checkSummary checks that stderr's summary accounts for n records:
// read = written + errored = n.
func checkSummary(t *testing.T, stderr string, n int) {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary in stderr:\n%s", stderr)
	}
	read, _ := strconv.Atoi(m[1])
	written, _ := strconv.Atoi(m[2])
	errored, _ := strconv.Atoi(m[3])
	if read != written+errored || read != n {
		t.Errorf("summary read %d, written %d, errored %d for %d records: want read = written + errored = records", read, written, errored, n)
	}
	if strings.Contains(stderr, "abandoned") {
		t.Errorf("records abandoned:\n%s", stderr)
	}
}

// fileOf returns the file name of a record's source ("dir/x.jsonl:12" -> "x.jsonl").
func fileOf(source string) string {
	if i := strings.LastIndexByte(source, ':'); i >= 0 {
		if _, err := strconv.Atoi(source[i+1:]); err == nil {
			source = source[:i]
		}
	}
	return filepath.Base(source)
}

// readManifest returns the expected codes per file of the junk corpus.
func readManifest(t *testing.T, dir string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, codes, _ := strings.Cut(line, "\t")
		want[name] = strings.Fields(codes)
	}
	return want
}

// matchCodes reports whether got fits want, where "ok*" stands for any
// number of "ok".
func matchCodes(got, want []string) bool {
	if len(want) > 0 && want[0] == "ok*" {
		want = want[1:]
		for len(got) > len(want) && got[0] == "ok" {
			got = got[1:]
		}
	}
	return slices.Equal(got, want)
}

// scoreInProcess runs classify score in-process and fails the test when it does
// not end within limit (a hang).
func scoreInProcess(t *testing.T, limit time.Duration, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	type result struct {
		out, err string
		code     int
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		var out, errb bytes.Buffer
		err := run(ctx, append([]string{"score"}, args...), strings.NewReader(""), &out, &errb)
		code := exitCode(err, &errb) // writes the error to errb
		done <- result{out.String(), errb.String(), code}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.code
	case <-time.After(limit):
		cancel()
		t.Fatalf("score %v did not finish in %s", args, limit)
	}
	return "", "", 0
}

// quotesNoID returns a record's quotes as JSON without their ids (which
// hold the doc id), to compare the same text read from different files.
func quotesNoID(t *testing.T, r junkRecord) string {
	t.Helper()
	var qs []map[string]any
	for _, q := range r.Quotes {
		var m map[string]any
		if err := json.Unmarshal(q, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "id")
		qs = append(qs, m)
	}
	b, err := json.Marshal(qs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestJunkCorpus scores the junk corpus: no crash, no hang, one record per
// document with the code the manifest gives, a source on each, the good
// documents among the junk scored as they are alone, read = written +
// errored, and the same bytes with 1 worker and with 4.
func TestJunkCorpus(t *testing.T) {
	want := readManifest(t, junkDir)
	outFile := filepath.Join(t.TempDir(), "junk.jsonl")
	_, stderr, code := scoreInProcess(t, 2*time.Minute, "--workers", "1", "-o", outFile, junkDir)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	out, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	recs := parseRecords(t, out)
	checkSummary(t, stderr, len(recs))

	got := map[string][]string{}
	var order []string
	for _, r := range recs {
		f := fileOf(r.Source)
		if _, ok := got[f]; !ok {
			order = append(order, f)
		}
		got[f] = append(got[f], r.code())
		if r.Error != nil {
			if r.Error.Stage == "" || r.Error.Message == "" {
				t.Errorf("%s: error without stage or message: %+v", r.Source, r.Error)
			}
			if !strings.HasPrefix(r.Source, junkDir) {
				t.Errorf("error record's source %q is not its file", r.Source)
			}
		}
	}
	if !slices.IsSorted(order) {
		t.Errorf("files out of input order: %v", order)
	}
	for name, codes := range want {
		if !matchCodes(got[name], codes) {
			t.Errorf("%s: codes %v, want %v", name, got[name], codes)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("records from %s, which the manifest does not list", name)
		}
	}

	// The same article, read from a text file, UTF-16 files, a CSV row
	// with embedded newlines and JSONL lines among junk, scores the same.
	var ref string
	for _, r := range recs {
		if fileOf(r.Source) == "good.txt" {
			ref = quotesNoID(t, r)
		}
	}
	if ref == "" || ref == "null" {
		t.Fatalf("good.txt has no quotes")
	}
	sameAsGood := map[string]bool{"good.txt": true, "utf16le-bom.txt": true, "utf16be-bom.txt": true, "c1": true, "j-good-1": true, "j-good-2": true}
	n := 0
	for _, r := range recs {
		if sameAsGood[r.DocID] {
			n++
			if got := quotesNoID(t, r); got != ref {
				t.Errorf("%s: quotes\n%s\nwant (as good.txt)\n%s", r.Source, got, ref)
			}
		}
	}
	if n != len(sameAsGood) {
		t.Errorf("%d copies of the good article scored, want %d", n, len(sameAsGood))
	}

	// Deterministic: 4 workers write the same bytes as 1 (to stdout here).
	stdout, stderr, code := scoreInProcess(t, 2*time.Minute, "--workers", "4", "--format", "jsonl", junkDir)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if stdout != string(out) {
		t.Errorf("output with 4 workers differs from output with 1")
	}
}

// TestJunkStreamsLongLines reads a JSONL file whose first line is 200 MB:
// the line becomes a too_large error without being held in memory, and the
// line after it is read.
func TestJunkStreamsLongLines(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200 MB")
	}
	path := filepath.Join(t.TempDir(), "line-200mb.jsonl")
	writeLongLine(t, path, 200<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := corpus.Open(path, corpus.ReaderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Read()
	if corpus.Code(err) != "too_large" {
		t.Fatalf("200 MB line: %v, want too_large", err)
	}
	doc, err := r.Read()
	if err != nil || doc.ID != "after-huge" {
		t.Fatalf("line after the long one: %+v, %v", doc, err)
	}
	runtime.ReadMemStats(&after)
	// Holding the line whole would allocate at least its 200 MB; the
	// reader keeps at most the 16 MiB limit (grown by append, about 80 MB
	// allocated in all) and then skips the rest.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 150<<20 {
		t.Errorf("reading a 200 MB line allocated %d MB: not streamed", alloc>>20)
	}
}

// writeLongLine writes a JSONL file: one line of a text of n bytes, then a
// good line.
func writeLongLine(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`{"id":"huge","text":"`)
	chunk := bytes.Repeat([]byte("all work and no play "), 1<<14)
	for left := n; left > 0; left -= len(chunk) {
		w.Write(chunk[:min(left, len(chunk))])
	}
	w.WriteString("\"}\n")
	good, err := os.ReadFile(filepath.Join(junkDir, "good.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := json.Marshal(string(good))
	fmt.Fprintf(w, `{"id":"after-huge","text":%s}`+"\n", text)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestJunkLarge scores the inputs too large to commit, with the classify
// binary (the race detector would make a 10 MB document slow): a 10 MB
// article, a document over the 16 MiB limit, a 200 MB JSONL line, and
// 100,000 curly quote marks, with the good article beside them.
func TestJunkLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 230 MB")
	}
	bin := buildClassify(t)
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(junkDir, "good.txt"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a-good.txt", good)
	write("large-10mb.txt", largeArticle(good, 10<<20))
	write("over-limit.txt", bytes.Repeat([]byte("x"), corpus.DefaultMaxDocBytes+1))
	writeLongLine(t, filepath.Join(dir, "line-200mb.jsonl"), 200<<20)
	write("curly-quotes-100k.txt", []byte(strings.Repeat("“”«»„‘’「」", 100000/9+1)))
	write("z-good.txt", good)
	want := map[string][]string{
		"a-good.txt":            {"ok"},
		"large-10mb.txt":        {"ok"},
		"over-limit.txt":        {"too_large"},
		"line-200mb.jsonl":      {"too_large", "ok"},
		"curly-quotes-100k.txt": {"ok"},
		"z-good.txt":            {"ok"},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "score", "--workers", "2", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("classify score: %v (a hang if the context expired)\n%s", err, stderr.String())
	}
	recs := parseRecords(t, stdout.Bytes())
	checkSummary(t, stderr.String(), len(recs))
	got := map[string][]string{}
	for _, r := range recs {
		got[fileOf(r.Source)] = append(got[fileOf(r.Source)], r.code())
		switch {
		case r.DocID == "large-10mb.txt" && len(r.Quotes) == 0:
			t.Errorf("the 10 MB article has no quotes")
		case r.DocID == "after-huge" || r.DocID == "z-good.txt":
			if quotesNoID(t, r) != quotesNoID(t, recs[0]) {
				t.Errorf("%s does not score as the good article", r.Source)
			}
		}
	}
	for name, codes := range want {
		if !slices.Equal(got[name], codes) {
			t.Errorf("%s: codes %v, want %v", name, got[name], codes)
		}
	}
}

// largeArticle returns about n bytes of news-like prose: sentences of
// common words, paragraphs, and the good article once in a hundred
// sentences, so that it holds quotes as a real article does.
func largeArticle(good []byte, n int) []byte {
	rng := rand.New(rand.NewPCG(10, 10))
	words := strings.Fields("the minister said talks on a ceasefire would resume after the envoy met officials in Geneva where security guarantees and peace were discussed at length by delegations")
	var b bytes.Buffer
	for b.Len() < n {
		if rng.IntN(100) == 0 {
			b.Write(good)
			continue
		}
		k := 8 + rng.IntN(18)
		for i := range k {
			w := words[rng.IntN(len(words))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		b.WriteString(". ")
		if rng.IntN(10) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.Bytes()
}
