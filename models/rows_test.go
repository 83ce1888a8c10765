package models

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
)

func TestReadRows(t *testing.T) {
	jsonl := `{"id":"1","target":"Atheism","text":"God is dead.","stance":"FAVOR","split":"train"}

{"id":"2","target":"Atheism","text":"Пусть будет мир","stance":"NONE"}
`
	tsv := "ID\tTarget\tText\tStance\tExtra\n1\tAtheism\tGod is dead.\tFAVOR\tx\n2\tAtheism\tПусть будет мир\tNONE\ty\n"
	for name, in := range map[string]string{"jsonl": jsonl, "tsv": tsv} {
		exs, err := ReadRows(strings.NewReader(in), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(exs) != 2 || exs[0].Label != corpus.Favor || exs[1].Label != corpus.Neutral || exs[1].Target != "Atheism" {
			t.Fatalf("%s: %+v", name, exs)
		}
		if p := exs[1].Input.Parts[0]; p.Start != 0 || p.End != 15 {
			t.Errorf("%s: parts %v, want [0,15) in code points", name, p)
		}
		if exs[0].ArticleID != "1" {
			t.Errorf("%s: id %q", name, exs[0].ArticleID)
		}
	}
	for name, in := range map[string]string{
		"bad label": `{"id":"1","target":"a","text":"b","stance":"maybe"}`,
		"bad json":  `{"id":"1",`,
		"no column": "id\ttext\tstance\n1\tb\tfavor\n",
		"bad split": `{"id":"1","target":"a","text":"b","stance":"favor","split":"x"}`,
		"no text":   `{"id":"1","target":"a","text":"","stance":"favor"}`,
	} {
		if _, err := ReadRows(strings.NewReader(in), name); !errors.Is(err, ErrRows) {
			t.Errorf("%s: err = %v, want ErrRows", name, err)
		}
	}
}

func TestTrainOnRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("id\ttarget\ttext\tstance\n")
	pos := []string{"I love the new climate law", "climate action now, great plan", "we support climate policy"}
	neg := []string{"the climate law is a disaster", "stop this climate scam", "we oppose climate policy"}
	neu := []string{"the climate law was debated today", "a vote on climate policy is due", "climate bill text published"}
	for i := range 30 {
		for j, set := range [][]string{pos, neg, neu} {
			b.WriteString(strings.Join([]string{strings.Repeat("r", 1) + string(rune('a'+i%26)) + string(rune('0'+j)) + string(rune('A'+i/26)), "climate_policy", set[i%3], []string{"FAVOR", "AGAINST", "NONE"}[j]}, "\t") + "\n")
		}
	}
	exs, err := ReadRows(strings.NewReader(b.String()), "rows")
	if err != nil {
		t.Fatal(err)
	}
	f := DefaultFeatures()
	f.HashBits = 16
	m, rep, err := Train(TrainConfig{Features: &f, Folds: 3}, exs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RelTrain == 0 || rep.CalibratedOn != "cv" {
		t.Errorf("report %+v", rep)
	}
	in := Input{Text: "we oppose climate policy", Parts: []corpus.Span{{Start: 0, End: 24}}}
	if p := m.Predict(in, "climate_policy"); p.Label != corpus.Against {
		t.Errorf("predict %+v", p)
	}
	if ms := m.Targets(in); len(ms) != 1 || ms[0].Target != "climate_policy" {
		t.Errorf("targets %+v", ms)
	}
}

func TestReadExamplesSniffs(t *testing.T) {
	gold := toyGold(t, 3)
	var b strings.Builder
	for _, a := range gold {
		js, _ := json.Marshal(a)
		b.Write(js)
		b.WriteByte('\n')
	}
	exs, err := ReadExamples(strings.NewReader(b.String()), "gold")
	if err != nil || len(exs) != 3*3 {
		t.Fatalf("gold: %d examples, %v", len(exs), err)
	}
	exs, err = ReadExamples(strings.NewReader("id\ttarget\ttext\tstance\n1\tpeace\tWe want peace.\tfavor\n"), "rows")
	if err != nil || len(exs) != 1 {
		t.Fatalf("rows: %d examples, %v", len(exs), err)
	}
	tr, dv, te := SplitExamples(exs)
	if len(tr)+len(dv)+len(te) != 1 {
		t.Error("split lost an example")
	}
}
