package stancebeam

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/stance-project/stance/corpus"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	code := m.Run()
	if classifyBin != "" {
		os.Remove(classifyBin)
	}
	os.Exit(code)
}

// root is the stance module's directory.
const root = "../.."

var classifyBin string

// classify runs `classify score --quiet ARGS...` and returns its output.
func classify(t *testing.T, args ...string) []byte {
	t.Helper()
	if classifyBin == "" {
		bin := filepath.Join(os.TempDir(), fmt.Sprintf("stancebeam-classify-%d", os.Getpid()))
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/classify")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build classify: %v\n%s", err, out)
		}
		classifyBin = bin // removed by TestMain
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(classifyBin, append([]string{"score", "--quiet", "--format", "jsonl"}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("classify score %v: %v\n%s", args, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// runBeam runs the job on prism and returns its records and counts.
func runBeam(t *testing.T, o Options) (records, counts []byte) {
	t.Helper()
	dir := t.TempDir()
	o.Output = filepath.Join(dir, "records.jsonl")
	o.Counts = filepath.Join(dir, "counts.jsonl")
	p, s := beam.NewPipelineWithRoot()
	Build(s, o)
	if _, err := prism.Execute(context.Background(), p); err != nil {
		t.Fatalf("beam job: %v", err)
	}
	records, err := os.ReadFile(o.Output)
	if err != nil {
		t.Fatal(err)
	}
	counts, err = os.ReadFile(o.Counts)
	if err != nil {
		t.Fatal(err)
	}
	return records, counts
}

func sortedLines(b []byte) []string {
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	slices.Sort(lines)
	return lines
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d lines, want %d", what, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("%s: line %d differs:\n got: %s\nwant: %s", what, i+1, got[i], want[i])
			return
		}
	}
}

// countsOf computes the counts output from classify's records.
func countsOf(t *testing.T, records []byte) []string {
	t.Helper()
	n := map[Count]int{}
	for _, l := range sortedLines(records) {
		var rec struct {
			Quotes []struct {
				Speaker *struct{ Name string }
				Targets []struct{ Target, Stance string }
			}
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		for _, q := range rec.Quotes {
			c := Count{}
			if q.Speaker != nil {
				c.Speaker = q.Speaker.Name
			}
			for _, tg := range q.Targets {
				c.Target, c.Stance = tg.Target, tg.Stance
				n[c]++
			}
		}
	}
	var out []string
	for c, k := range n {
		c.Count = k
		b, _ := json.Marshal(c)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// writeInputs lays out the sample corpus as Beam inputs: press.jsonl
// gzipped, and the sample articles as one JSONL file.
func writeInputs(t *testing.T) (dir string, files []string) {
	t.Helper()
	dir = t.TempDir()
	press, err := os.ReadFile(filepath.Join(root, "corpus/sample/press.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(press)
	zw.Close()
	pressGz := filepath.Join(dir, "press.jsonl.gz")
	if err := os.WriteFile(pressGz, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	names, err := filepath.Glob(filepath.Join(root, "corpus/sample/articles/*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("sample articles: %v %v", names, err)
	}
	var arts bytes.Buffer
	enc := json.NewEncoder(&arts)
	enc.SetEscapeHTML(false)
	for _, n := range names {
		text, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		enc.Encode(map[string]string{"id": filepath.Base(n), "text": string(text)})
	}
	articles := filepath.Join(dir, "articles.jsonl")
	if err := os.WriteFile(articles, arts.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, []string{articles, pressGz}
}

// The Beam job's records over the sample corpus are classify's, byte for
// byte (sources included), and its counts are those of classify's records.
func TestSampleMatchesClassify(t *testing.T) {
	dir, files := writeInputs(t)
	want := classify(t, files...)
	got, counts := runBeam(t, Options{Input: filepath.Join(dir, "*.jsonl*")})
	wantLines := sortedLines(want)
	if len(wantLines) < 30 {
		t.Fatalf("classify gave %d records; the sample corpus has more", len(wantLines))
	}
	sameLines(t, "records", sortedLines(got), wantLines)
	wantCounts := countsOf(t, want)
	if len(wantCounts) == 0 {
		t.Fatal("classify's records have no quote addressing a target")
	}
	sameLines(t, "counts", sortedLines(counts), wantCounts)
}

// Bad documents become their error records, as in classify.
func TestBadDocumentsAreRecords(t *testing.T) {
	dir := t.TempDir()
	lines := []string{
		`{"id":"1","text":"“We want peace,” the envoy said."}`,
		`{"id":"2","text":`,
		`{"id":"3","text":""}`,
		"{\"id\":\"4\",\"text\":\"bad \xff\"}",
		`{"id":"5","body":"no text field"}`,
		`{"id":"6","text":"` + strings.Repeat("long ", 300) + `"}`,
		``,
		`{"id":"8","text":"Officials said a ceasefire would begin at noon."}`,
	}
	junk := filepath.Join(dir, "junk.jsonl")
	os.WriteFile(junk, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	bin := filepath.Join(dir, "binary.txt")
	os.WriteFile(bin, []byte("\x00\x01\x02\x03 junk"), 0o644)

	want := classify(t, "--max-doc-bytes", "1000", bin, junk)
	got, _ := runBeam(t, Options{Input: filepath.Join(dir, "*"), Reader: ReaderConfig{MaxDocBytes: 1000}})
	sameLines(t, "records", sortedLines(got), sortedLines(want))

	codes := map[string]string{}
	for _, l := range sortedLines(got) {
		var rec struct {
			DocID string                 `json:"doc_id"`
			Err   *struct{ Code string } `json:"error"`
		}
		json.Unmarshal([]byte(l), &rec)
		if rec.Err != nil {
			codes[rec.DocID] = rec.Err.Code
		}
	}
	wantCodes := map[string]string{
		junk + ":2": "malformed_json", "3": "empty", junk + ":4": "invalid_utf8", "5": "missing_field",
		junk + ":6": "too_large", "binary.txt": "binary",
	}
	for id, code := range wantCodes {
		if codes[id] != code {
			t.Errorf("record %s: error %q, want %q (all: %v)", id, codes[id], code, codes)
		}
	}
}

// With textio (ReadLines) the records are classify's but for the line
// number in source.
func TestReadLines(t *testing.T) {
	press := filepath.Join(root, "corpus/sample/press.jsonl")
	want := classify(t, press)
	got, _ := runBeam(t, Options{Input: press, Lines: true})
	line := regexp.MustCompile(`"source":"([^"]*):[0-9]+"`)
	wantLines := sortedLines(line.ReplaceAll(want, []byte(`"source":"$1"`)))
	sameLines(t, "records", sortedLines(got), wantLines)
}

// A reader's error survives the trip through a Doc.
func TestDocKeepsReadError(t *testing.T) {
	for code, cause := range sentinels {
		in := &corpus.ReadError{Source: "a.jsonl:3", Err: cause, Detail: "details"}
		_, err := newDoc(corpus.Document{Source: "a.jsonl:3", ID: "x"}, in).document()
		var re *corpus.ReadError
		if !errors.As(err, &re) || corpus.Code(err) != code || re.Error() != in.Error() {
			t.Errorf("%s: got %v (code %s), want %v", code, err, corpus.Code(err), in)
		}
	}
	doc, err := newDoc(corpus.Document{ID: "x", Text: "t", Source: "s", Date: "d"}, nil).document()
	if err != nil || doc != (corpus.Document{ID: "x", Text: "t", Source: "s", Date: "d"}) {
		t.Errorf("got %+v, %v", doc, err)
	}
}
