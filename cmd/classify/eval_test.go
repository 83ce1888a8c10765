package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// eval_gold.jsonl holds 19 articles of the labeled set (12 train, 3 dev,
// 4 test), enough to run every mode of eval quickly.
const evalGoldFile = "testdata/eval_gold.jsonl"

func TestEvalTextReport(t *testing.T) {
	stdout, stderr, code := runCmd(t, "", "eval", "--gold", evalGoldFile, "--reps", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Stance, given gold quotes", "Stance, end to end", "macro-F1", "F_avg (pooled)",
		"confusion matrix", "expected calibration error", "Quotes and speakers", "speaker accuracy",
		"test split (4 articles)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// --errors 0 reports the figures without listing any quote of the split.
func TestEvalWithoutErrors(t *testing.T) {
	with, _, code := runCmd(t, "", "eval", "--gold", evalGoldFile, "--reps", "20")
	if code != 0 || !strings.Contains(with, "worst errors") {
		t.Fatalf("exit %d; the default report lists no worst errors", code)
	}
	stdout, stderr, code := runCmd(t, "", "eval", "--gold", evalGoldFile, "--reps", "20", "--errors", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "worst errors") {
		t.Error("--errors 0 still lists worst errors")
	}
	if !strings.Contains(stdout, "speaker accuracy") {
		t.Error("--errors 0 dropped the figures")
	}
}

func TestEvalJSONAndHTML(t *testing.T) {
	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "r.json")
	if _, stderr, code := runCmd(t, "", "eval", "--gold", evalGoldFile, "--split", "dev", "--reps", "20", "--format", "json", "-o", jsonOut); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Version string `json:"version"`
		Stance  *struct {
			Figures []struct {
				N int `json:"n"`
			} `json:"figures"`
		} `json:"stance"`
		Quotes *struct {
			Speaker struct{ N int } `json:"speaker"`
		} `json:"quotes"`
	}
	b, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Version == "" || rep.Stance == nil || len(rep.Stance.Figures) == 0 || rep.Stance.Figures[0].N == 0 || rep.Quotes == nil || rep.Quotes.Speaker.N == 0 {
		t.Errorf("JSON report misses figures or supports: %.300s", b)
	}
	stdout, stderr, code := runCmd(t, "", "eval", "--gold", evalGoldFile, "--reps", "20", "--format", "html")
	if code != 0 {
		t.Fatalf("html: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "<svg") || strings.Contains(stdout, "https://") || strings.Contains(stdout, "<script") {
		t.Error("HTML report is not self-contained with inline SVG")
	}
}

func TestEvalPredictionsAndCompare(t *testing.T) {
	dir := t.TempDir()
	// Score the gold texts once to get a prediction file.
	var in bytes.Buffer
	arts, err := os.ReadFile(evalGoldFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(arts), []byte("\n")) {
		var a struct{ ID, Text string }
		json.Unmarshal(line, &a)
		b, _ := json.Marshal(map[string]string{"id": a.ID, "text": a.Text})
		in.Write(append(b, '\n'))
	}
	stdout, stderr, code := runCmd(t, in.String(), "score", "--quiet", "-")
	if code != 0 {
		t.Fatalf("score: %s", stderr)
	}
	preds := filepath.Join(dir, "p.jsonl")
	os.WriteFile(preds, []byte(stdout), 0o644)
	// Predictions from the default model score like the model itself, end to end.
	fromFile, stderr, code := runCmd(t, "", "eval", "--gold", evalGoldFile, "--predictions", preds, "--reps", "20", "--format", "json")
	if code != 0 {
		t.Fatalf("eval predictions: %s", stderr)
	}
	fromModel, _, _ := runCmd(t, "", "eval", "--gold", evalGoldFile, "--reps", "20", "--format", "json")
	e2e := func(s string) string {
		var r struct {
			EndToEnd json.RawMessage `json:"end_to_end"`
		}
		json.Unmarshal([]byte(s), &r)
		return string(r.EndToEnd)
	}
	if e2e(fromFile) == "" || e2e(fromFile) != e2e(fromModel) {
		t.Error("end-to-end figures from a prediction file differ from the model's own")
	}
	// A paired comparison of a file with itself: no difference.
	out, stderr, code := runCmd(t, "", "eval", "--gold", evalGoldFile, "--reps", "50", "--format", "json", "--compare", preds, preds)
	if code != 0 {
		t.Fatalf("compare: %s", stderr)
	}
	var r struct {
		Comparisons []json.RawMessage `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Comparisons) == 0 {
		t.Fatalf("no comparisons in %q (%v)", out, err)
	}
	if !strings.Contains(string(r.Comparisons[0]), `"diff"`) {
		t.Errorf("comparison without a difference interval: %s", r.Comparisons[0])
	}
}

func TestEvalRowsAndCV(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.tsv")
	os.WriteFile(rows, []byte("id\ttarget\ttext\tstance\n"+
		"1\tceasefire\tWe reject any truce that freezes the front.\tAGAINST\n"+
		"2\tceasefire\tWe call on both sides to respect the ceasefire.\tFAVOR\n"+
		"3\tpeace\tThe delegations will meet again on Tuesday.\tNONE\n"), 0o644)
	stdout, stderr, code := runCmd(t, "", "eval", "--data", rows, "--reps", "20")
	if code != 0 || !strings.Contains(stdout, "3 quote-target items") {
		t.Fatalf("rows: exit %d: %s\n%s", code, stderr, stdout)
	}
	stdout, stderr, code = runCmd(t, "", "eval", "--gold", evalGoldFile, "--cv", "2", "--reps", "20", "--format", "json")
	if code != 0 {
		t.Fatalf("cv: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"cross_validation"`) {
		t.Error("cross-validation summary missing")
	}
}

func TestEvalUsage(t *testing.T) {
	for _, args := range [][]string{
		{"eval"},
		{"eval", "--gold", evalGoldFile, "--data", "x"},
		{"eval", "--gold", evalGoldFile, "--format", "pdf"},
		{"eval", "--gold", evalGoldFile, "--compare", "a"},
	} {
		if _, _, code := runCmd(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
