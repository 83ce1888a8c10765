package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// updateGolden rewrites golden files: go test ./cmd/classify -update. The
// flag is shared with any other test file of the package that defines it.
var updateGolden = func() *bool {
	if f := flag.Lookup("update"); f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			if b, ok := g.Get().(bool); ok {
				v := b
				return &v
			}
		}
	}
	return flag.Bool("update", false, "rewrite golden files in testdata/")
}()

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func TestAggregateGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   []string
	}{
		{"aggregate.golden.txt", []string{"--format", "table"}},
		{"aggregate.golden.csv", []string{"--format", "csv"}},
		{"aggregate.golden.json", []string{"--format", "json"}},
		{"aggregate_month.golden.txt", []string{"--by", "month"}},
		{"aggregate_min2.golden.txt", []string{"--min-quotes", "2", "--no-unknown"}},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			args := append([]string{"aggregate", "--reps", "300", "testdata/aggregate.jsonl"}, c.args...)
			stdout, stderr, code := runCmd(t, "", args...)
			if code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			checkGolden(t, c.golden, stdout)
			if !strings.Contains(stderr, "read 5 records (1 with an error, skipped), 12 quote × target pairs") {
				t.Errorf("summary: %q", stderr)
			}
		})
	}
}

// The same records from stdin, gzipped, or through -o give the same table.
func TestAggregateInputs(t *testing.T) {
	data, err := os.ReadFile("testdata/aggregate.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want, _, code := runCmd(t, "", "aggregate", "--quiet", "testdata/aggregate.jsonl")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if got, _, _ := runCmd(t, string(data), "aggregate", "--quiet"); got != want {
		t.Errorf("stdin: got\n%s\nwant\n%s", got, want)
	}
	dir := t.TempDir()
	gz := filepath.Join(dir, "records.jsonl.gz")
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	os.WriteFile(gz, b.Bytes(), 0o644)
	if got, stderr, _ := runCmd(t, "", "aggregate", "--quiet", gz); got != want {
		t.Errorf("gzip: got\n%s\nwant\n%s\nstderr %s", got, want, stderr)
	}
	out := filepath.Join(dir, "table.txt")
	if stdout, stderr, code := runCmd(t, "", "aggregate", "--quiet", "-o", out, "testdata/aggregate.jsonl"); code != exitOK || stdout != "" {
		t.Fatalf("-o: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != want {
		t.Errorf("-o: got\n%s\nwant\n%s", got, want)
	}
}

func TestAggregateErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	good, _ := os.ReadFile("testdata/aggregate.jsonl")
	os.WriteFile(bad, append(good, []byte(`{"schema":"stance/v1","doc_id":`+"\n")...), 0o644)
	v2 := filepath.Join(dir, "v2.jsonl")
	os.WriteFile(v2, []byte(`{"schema":"stance/v2","doc_id":"x","quotes":[]}`+"\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"malformed line names file:line", []string{bad}, exitFailure, "bad.jsonl:6: not a stance/v1 record"},
		{"other schema", []string{v2}, exitFailure, `v2.jsonl:1: schema "stance/v2"`},
		{"missing file", []string{filepath.Join(dir, "nope.jsonl")}, exitFailure, "open records"},
		{"unknown format", []string{"--format", "xml", "testdata/aggregate.jsonl"}, exitUsage, "unknown format"},
		{"unknown bucket", []string{"--by", "week", "testdata/aggregate.jsonl"}, exitUsage, "want month"},
		{"help", []string{"-h"}, exitOK, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, "", append([]string{"aggregate"}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, c.code, c.stderr)
			}
		})
	}
}

// The HTML page is self-contained: inline SVG plots, one per target, and
// nothing loaded from anywhere.
func TestAggregateHTML(t *testing.T) {
	stdout, stderr, code := runCmd(t, "", "aggregate", "--reps", "100", "--format", "html", "testdata/aggregate.jsonl")
	if code != exitOK {
		t.Fatalf("exit %d; stderr %s", code, stderr)
	}
	if n := strings.Count(stdout, "<svg"); n != 3 {
		t.Errorf("%d inline SVG plots, want 3 (one per target)", n)
	}
	for _, bad := range []string{"http://", "https://", "<script", "<link", "<img", "src=", "@import", "url("} {
		if strings.Contains(stdout, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, want := range []string{"<!DOCTYPE html>", "<h2>ceasefire</h2>", "<h2>peace</h2>", "<h2>security_guarantees</h2>",
		"Grace Okafor", "unknown (a senior official) in a5", "<q>Peace talks must start now</q>", "net stance = mean over"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Every tag the page opens that must be closed is closed.
	for _, tag := range []string{"svg", "table", "section", "figure", "html", "body"} {
		open := len(regexp.MustCompile(`<`+tag+`[\s>]`).FindAllString(stdout, -1))
		if closed := strings.Count(stdout, "</"+tag+">"); open != closed {
			t.Errorf("<%s>: %d opened, %d closed", tag, open, closed)
		}
	}
}

// Two runs with the same seed give the same bytes.
func TestAggregateDeterministic(t *testing.T) {
	a, _, _ := runCmd(t, "", "aggregate", "--format", "json", "--seed", "7", "testdata/aggregate.jsonl")
	b, _, _ := runCmd(t, "", "aggregate", "--format", "json", "--seed", "7", "testdata/aggregate.jsonl")
	if a != b || a == "" {
		t.Error("two runs with the same seed differ")
	}
}
