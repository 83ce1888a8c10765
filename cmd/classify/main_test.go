package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	os.WriteFile(good, []byte(`{"id":"a","text":"The minister said talks would resume on Monday."}`+"\n"), 0o644)
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"a","text":"Fine text here."}`+"\n"+`{"id":"b","text":`+"\n"), 0o644)
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, exitUsage},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"unknown flag", []string{"score", "--nope", good}, exitUsage},
		{"no input", []string{"score"}, exitUsage},
		{"missing file", []string{"score", filepath.Join(dir, "missing.jsonl")}, exitFailure},
		{"unknown input format", []string{"score", "--input-format", "xml", good}, exitUsage},
		{"ok", []string{"score", "--quiet", good}, exitOK},
		{"error records are not fatal", []string{"score", "--quiet", bad}, exitOK},
		{"strict with error records", []string{"score", "--quiet", "--strict", bad}, exitStrict},
		{"help", []string{"score", "-h"}, exitOK},
		{"version", []string{"version"}, exitOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, "", c.args...)
			if code != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.want, stderr)
			}
		})
	}
}

// The pipe contract: JSONL on stdin, one stance/v1 line per input line on
// stdout, in order, errors as records; nothing else on stdout.
func TestPipeContract(t *testing.T) {
	lines := []string{
		`{"id":"1","text":"“We want peace,” the envoy said."}`,
		`{"id":"2","text":`,
		`{"id":"3","text":""}`,
		"{\"id\":\"4\",\"text\":\"bad \xff\"}",
		`{"id":"5","body":"no text field"}`,
		`{"id":"6","text":"Officials said a ceasefire would begin at noon."}`,
	}
	stdout, stderr, code := runCmd(t, strings.Join(lines, "\n")+"\n", "score", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(out) != len(lines) {
		t.Fatalf("%d lines out for %d in:\n%s", len(out), len(lines), stdout)
	}
	wantErr := []string{"", "malformed_json", "empty", "invalid_utf8", "missing_field", ""}
	for i, l := range out {
		var rec struct {
			Schema string                 `json:"schema"`
			DocID  string                 `json:"doc_id"`
			Source string                 `json:"source"`
			Error  *struct{ Code string } `json:"error"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if rec.Schema != "stance/v1" || rec.Source != "-:"+string(rune('1'+i)) {
			t.Errorf("line %d: schema %q source %q", i+1, rec.Schema, rec.Source)
		}
		got := ""
		if rec.Error != nil {
			got = rec.Error.Code
		}
		if got != wantErr[i] {
			t.Errorf("line %d: error %q, want %q", i+1, got, wantErr[i])
		}
	}
	if !strings.Contains(stderr, "read 6, written 2, errored 4") {
		t.Errorf("summary on stderr: %q", stderr)
	}
}

func TestScoreToFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","text":"The envoy said a truce was near."}`+"\n"), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	if _, stderr, code := runCmd(t, "", "score", "--quiet", "-o", out, in); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte(`{"schema":"stance/v1"`)) {
		t.Fatalf("output %q, %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

func TestTableFormat(t *testing.T) {
	stdout, stderr, code := runCmd(t, `{"id":"art-1","text":"“We will never accept a ceasefire that rewards aggression,” Defence Minister Ana Ruiz said on Tuesday."}`+"\n", "score", "--format", "table", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"SPEAKER", "TARGET", "STANCE", "ceasefire", "art-1"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
}

func TestGoldCheckFindsProblems(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "gold.jsonl")
	os.WriteFile(f, []byte(`{"id":"x","text":"He said “hi”.","split":"train","quotes":[{"start":9,"end":40,"kind":"direct","speaker":"A","speaker_mention":"He","cue":"said","stances":{}}]}`+"\n"), 0o644)
	stdout, _, code := runCmd(t, "", "corpus", "check", "--gold", f)
	if code != exitStrict || !strings.Contains(stdout, f+":1:") {
		t.Errorf("exit %d, output %q: want problems at %s:1", code, stdout, f)
	}
}

// A public stance-only data set in the rows format trains with no code
// change, and the model it writes scores documents.
func TestTrainOnRows(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id\ttarget\ttext\tstance\tsplit\n")
	favor := []string{"We welcome the ceasefire and call for it to hold", "A truce is what the civilians need now", "Both sides must respect the ceasefire", "We support an immediate cessation of hostilities"}
	against := []string{"A ceasefire now would only reward the aggressor", "We reject any truce that freezes the front", "No ceasefire until every soldier has left", "The truce is a trap and we will not accept it"}
	neutral := []string{"The ceasefire took effect at midnight", "Talks on a truce continued in Geneva", "The ceasefire was discussed at the meeting", "Observers reported on the truce line"}
	n := 0
	for rep := range 6 {
		for i := range 4 {
			for _, set := range []struct {
				label string
				texts []string
			}{{"FAVOR", favor}, {"AGAINST", against}, {"NONE", neutral}} {
				n++
				split := "train"
				if rep == 5 {
					split = "dev"
				}
				fmt.Fprintf(&b, "r%d\tceasefire\t%s, official %d said.\t%s\t%s\n", n, set.texts[i], rep, set.label, split)
			}
		}
	}
	rows := filepath.Join(dir, "rows.tsv")
	os.WriteFile(rows, []byte(b.String()), 0o644)
	model := filepath.Join(dir, "m.json.gz")
	if _, stderr, code := runCmd(t, "", "train", "--data", rows, "--cv", "2", "-o", model); code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	stdout, stderr, code := runCmd(t, `{"id":"x","text":"“We reject any truce that freezes the front,” the minister said."}`+"\n", "score", "--model", model, "-")
	if code != 0 || !strings.Contains(stdout, `"target":"ceasefire"`) {
		t.Fatalf("score with the trained model: exit %d, %s\n%s", code, stderr, stdout)
	}
}
