package models

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stance-project/stance/corpus"
)

func TestTrainPredictToy(t *testing.T) {
	m := toyModel(t)
	text := "The minister spoke.\n“We call for an immediate ceasefire to save lives.” she said."
	in := seedInput(t, text, "We call for an immediate ceasefire to save lives.")
	ms := m.Targets(in)
	if len(ms) != 1 || ms[0].Target != "ceasefire" {
		t.Fatalf("Targets = %+v, want ceasefire only", ms)
	}
	if got := corpus.SliceRunes(text, ms[0].Hits[0].Start, ms[0].Hits[0].End); got != "ceasefire" {
		t.Errorf("hit text %q, want ceasefire", got)
	}
	p := m.Predict(in, "ceasefire")
	if p.Label != corpus.Favor {
		t.Errorf("label %s (%v), want favor", p.Label, p.Probs)
	}
	if s := p.Probs[0] + p.Probs[1] + p.Probs[2]; s < 1-1e-9 || s > 1+1e-9 {
		t.Errorf("probs sum to %v", s)
	}
	if len(p.Evidence) == 0 {
		t.Fatal("no evidence")
	}
	for _, e := range p.Evidence {
		if got := corpus.SliceRunes(text, e.Start, e.End); got != e.Text {
			t.Errorf("evidence %q does not match its span text %q", e.Text, got)
		}
	}
}

func TestCondition(t *testing.T) {
	m := toyModel(t)
	text := "He explained:\n“The security guarantees—which I prefer to call deterrence—are all contingent on peace.”"
	in := seedInput(t, text, "The security guarantees—which I prefer to call deterrence—are all contingent on peace.")
	if p := m.Predict(in, "security_guarantees"); p.Condition != "peace" {
		t.Errorf("condition %q, want peace", p.Condition)
	}
	if p := m.Predict(in, "peace"); p.Condition != "" {
		t.Errorf("peace condition %q, want none", p.Condition)
	}
	text = "“We will accept a truce as long as it is monitored by the UN,” he said."
	in = seedInput(t, text, "We will accept a truce as long as it is monitored by the UN,")
	if p := m.Predict(in, "ceasefire"); p.Condition != "monitored by the un" {
		t.Errorf("condition %q, want a phrase", p.Condition)
	}
}

func TestRoundTripAndDeterminism(t *testing.T) {
	m := toyModel(t)
	var b1 bytes.Buffer
	if err := m.Save(&b1); err != nil {
		t.Fatal(err)
	}
	m2 := toyModel(t)
	var b2 bytes.Buffer
	if err := m2.Save(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Fatal("training twice gave different model bytes")
	}
	path := filepath.Join(t.TempDir(), "m.json.gz")
	if err := os.WriteFile(path, b1.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Checksum() != m.Checksum() || l.Version() != m.Version() {
		t.Errorf("checksum/version %s %s, want %s %s", l.Checksum(), l.Version(), m.Checksum(), m.Version())
	}
	var b3 bytes.Buffer
	if err := l.Save(&b3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b3.Bytes()) {
		t.Error("save → load → save changed the bytes")
	}
	text := "“Negotiations with this regime are pointless,” he said, “and we want no talks.”"
	in := seedInput(t, text, "Negotiations with this regime are pointless,")
	if d := cmp.Diff(m.Predict(in, "peace"), l.Predict(in, "peace")); d != "" {
		t.Errorf("loaded model predicts differently (-trained +loaded):\n%s", d)
	}
	if d := cmp.Diff(m.TargetList(), l.TargetList()); d != "" {
		t.Error(d)
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestLoadRejectsBadFiles(t *testing.T) {
	m := toyModel(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	raw, err := io.ReadAll(must(gzip.NewReader(bytes.NewReader(good))))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(raw)
	i := bytes.IndexByte(flipped, '\n') + 40
	flipped[i] ^= 1
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrFormat},
		{"not gzip", []byte("hello"), ErrFormat},
		{"truncated", good[:len(good)/2], ErrCorrupt},
		{"truncated end", good[:len(good)-3], ErrCorrupt},
		{"corrupt weights", gz(flipped), ErrChecksum},
		{"other version", gz(bytes.Replace(raw, []byte(`"version":"1.0"`), []byte(`"version":"2.0"`), 1)), ErrVersion},
		{"no version", gz(bytes.Replace(raw, []byte(`"version":"1.0"`), []byte(`"version":""`), 1)), ErrVersion},
		{"other format", gz(bytes.Replace(raw, []byte(`"format":"stance-model"`), []byte(`"format":"x"`), 1)), ErrFormat},
		{"header only", gz(raw[:bytes.IndexByte(raw, '\n')]), ErrFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m")
			os.WriteFile(path, c.data, 0o644)
			_, err := LoadFile(path)
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestConcurrentUse(t *testing.T) {
	m := toyModel(t)
	text := "“We welcome the peace talks,” she said. “A truce now would only let the enemy regroup.”"
	in := seedInput(t, text, "We welcome the peace talks,")
	want := m.Predict(in, "peace")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := m.Predict(in, "peace"); !cmp.Equal(got, want) {
					t.Error("concurrent predictions differ")
					return
				}
				m.Targets(in)
			}
		})
	}
	wg.Wait()
}

func TestWithTargetsNewTarget(t *testing.T) {
	m := toyModel(t)
	nt := corpus.Target{Name: "sanctions", Lexicon: []corpus.LexEntry{{Phrase: "sanction"}, {Phrase: "embargo", Weight: 2}}}
	m2 := m.WithTargets([]corpus.Target{nt})
	if len(m.TargetList()) != 3 || len(m2.TargetList()) != 4 {
		t.Fatalf("targets %d and %d, want 3 and 4", len(m.TargetList()), len(m2.TargetList()))
	}
	text := "“We reject the new sanctions and the oil embargo,” he said."
	in := seedInput(t, text, "We reject the new sanctions and the oil embargo,")
	var names []string
	for _, mt := range m2.Targets(in) {
		names = append(names, mt.Target)
		if mt.Target == "sanctions" && len(mt.Hits) != 2 {
			t.Errorf("hits %v, want 2", mt.Hits)
		}
	}
	if !strings.Contains(strings.Join(names, ","), "sanctions") {
		t.Errorf("Targets = %v, want sanctions among them", names)
	}
	p := m2.Predict(in, "sanctions")
	if p.Label == "" || p.Target != "sanctions" {
		t.Errorf("prediction %+v", p)
	}
}

func TestEmptyAndOddInputs(t *testing.T) {
	m := toyModel(t)
	for _, in := range []Input{
		{},
		{Text: "abc", Parts: []corpus.Span{{Start: 0, End: 0}}},
		{Text: "abc", Parts: []corpus.Span{{Start: 2, End: 99}}},
		{Text: "“”", Parts: []corpus.Span{{Start: 1, End: 1}}},
		{Text: "🙂 peace 🙂", Parts: []corpus.Span{{Start: 0, End: 9}}},
	} {
		p := m.Predict(in, "peace")
		if s := p.Probs[0] + p.Probs[1] + p.Probs[2]; s < 0.999 || s > 1.001 {
			t.Errorf("%+v: probs %v", in, p.Probs)
		}
		m.Targets(in)
	}
}

func TestBadSpansStayInDocument(t *testing.T) {
	m := toyModel(t)
	text := "“We call for a ceasefire,” he said. “Peace talks now.”"
	n := len([]rune(text))
	for _, parts := range [][]corpus.Span{
		{{Start: -5, End: 10}},
		{{Start: 40, End: 500}},
		{{Start: 30, End: 20}},
		{{Start: 37, End: 53}, {Start: 1, End: 24}},
		{{Start: 900, End: 1000}},
	} {
		in := Input{Text: text, Parts: parts}
		p := m.Predict(in, "ceasefire")
		for _, e := range p.Evidence {
			if e.Start < 0 || e.End > n || e.Start >= e.End || corpus.SliceRunes(text, e.Start, e.End) != e.Text {
				t.Errorf("%v: evidence %+v outside the document or mismatched", parts, e)
			}
		}
		for _, mt := range m.Targets(in) {
			for _, h := range mt.Hits {
				if h.Start < 0 || h.End > n || h.Start >= h.End {
					t.Errorf("%v: hit %+v outside the document", parts, h)
				}
			}
		}
	}
}

func TestExamplesFromGold(t *testing.T) {
	arts := toyGold(t, 4) // 12 quotes, the 12th addresses no target
	all := AllExamplesFromGold(arts)
	st := ExamplesFromGold(arts)
	if len(all) != 12*3 || len(st) != 11 {
		t.Fatalf("%d examples, %d stance examples; want 36 and 11", len(all), len(st))
	}
	for _, ex := range st {
		if ex.Label == corpus.Unrelated {
			t.Fatal("ExamplesFromGold returned an Unrelated example")
		}
	}
	// Negatives derived from stance examples cover every other target of
	// each quote that has one.
	m := toyModel(t)
	got := m.withNegatives(st)
	if want := 11 * 3; len(got) != want {
		t.Errorf("withNegatives: %d examples, want %d", len(got), want)
	}
	if len(m.withNegatives(all)) != len(all) {
		t.Error("withNegatives added examples to complete data")
	}
}
