package models

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"hash"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestPredictUnchanged holds the default model's outputs on every quote of
// the labeled articles: Targets and Predict toward each target (and one the
// model does not know), down to the bits of every probability and evidence
// weight. A pure speed-up of feature extraction or scoring must leave it
// passing; a change to the features changes it, and the model is retrained.
// PredictTargets must agree with Predict exactly.
// testdata/predict.golden holds one digest per article (-update rewrites it).
func TestPredictUnchanged(t *testing.T) {
	arts, err := corpus.LoadGold(filepath.Join("..", "corpus", "data", "gold.jsonl"))
	if err != nil {
		t.Skip("no labeled set:", err)
	}
	m, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	targets := []string{"sanctions"}
	for _, tg := range m.TargetList() {
		targets = append(targets, tg.Name)
	}
	var got strings.Builder
	now := map[string]string{} // "id inputs" → outputs
	for _, a := range arts {
		in, out := sha256.New(), sha256.New()
		fmt.Fprintf(in, "%q\n", a.Text)
		for _, q := range a.Quotes {
			fmt.Fprintf(in, "%v %q %q\n", q.Spans(), q.Cue, q.Speaker)
			in := Input{Text: a.Text, Parts: q.Spans(), Cue: q.Cue, Speaker: q.Speaker}
			writeMatches(out, m.Targets(in))
			all := m.PredictTargets(in, targets, nil)
			for i, tg := range targets {
				p := m.Predict(in, tg)
				if !reflect.DeepEqual(p, all[i]) {
					t.Fatalf("%s: PredictTargets gives %+v, Predict %+v", a.ID, all[i], p)
				}
				writePrediction(out, p)
			}
		}
		key := a.ID + " " + hex.EncodeToString(in.Sum(nil))[:16]
		now[key] = hex.EncodeToString(out.Sum(nil))[:16]
		fmt.Fprintf(&got, "%s %s\n", key, now[key])
	}
	golden := filepath.Join("testdata", "predict.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	// Articles added to the labeled set since, or edited, are not compared.
	bad, compared := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("bad golden line %q", line)
		}
		g, ok := now[f[0]+" "+f[1]]
		if !ok {
			continue
		}
		compared++
		if g != f[2] {
			if bad++; bad <= 10 {
				t.Errorf("%s: outputs changed", f[0])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d articles changed", bad, compared)
	}
	if compared < 100 {
		t.Errorf("only %d articles compared: regenerate testdata/predict.golden (-update) from a known-good model", compared)
	}
	t.Logf("%d articles compared", compared)
}

func writeMatches(h hash.Hash, ms []Match) {
	w := bufio.NewWriter(h)
	for _, mt := range ms {
		fmt.Fprintf(w, "T %s %x %v\n", mt.Target, math.Float64bits(mt.Score), mt.Hits)
	}
	w.Flush()
}

func writePrediction(h hash.Hash, p Prediction) {
	w := bufio.NewWriter(h)
	fmt.Fprintf(w, "P %s %s %x %x %x %q\n", p.Target, p.Label,
		math.Float64bits(p.Probs[0]), math.Float64bits(p.Probs[1]), math.Float64bits(p.Probs[2]), p.Condition)
	for _, e := range p.Evidence {
		fmt.Fprintf(w, "E %q %d %d %x\n", e.Text, e.Start, e.End, math.Float64bits(e.Weight))
	}
	w.Flush()
}
