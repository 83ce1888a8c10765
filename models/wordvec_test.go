package models

import (
	"bytes"
	"fmt"
	"testing"
)

// wordVecTexts is a small synthetic corpus: two groups of words that occur
// in the same contexts within a group.
func wordVecTexts() []string {
	var texts []string
	for i := range 60 {
		var b bytes.Buffer
		for j := range 40 {
			g := (i + j) % 2
			fmt.Fprintf(&b, "the g%dw%d and g%dw%d with g%dctx%d. ", g, j%7, g, (j+3)%7, g, (i*j)%5)
		}
		texts = append(texts, b.String())
	}
	return texts
}

func TestBuildWordVectorsDeterministicAndLoads(t *testing.T) {
	cfg := WordVecConfig{Dim: 4, MinCount: 2, Clusters: 3, Contexts: 40}
	var a, b bytes.Buffer
	if err := BuildWordVectors(wordVecTexts(), cfg, &a); err != nil {
		t.Fatal(err)
	}
	if err := BuildWordVectors(wordVecTexts(), cfg, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two builds on the same texts differ")
	}
	wv, sum, err := loadWordVectors(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if wv.dim != 4 || len(sum) != len("sha256:")+64 {
		t.Fatalf("dim %d, checksum %q", wv.dim, sum)
	}
	for _, w := range []string{"the", "g0w1", "g1ctx2"} {
		r := wv.lookup(hashString(w))
		if r < 0 {
			t.Fatalf("%q has no vector", w)
		}
		var norm float64
		for _, q := range wv.vec[int(r)*4 : int(r)*4+4] {
			norm += float64(q) * float64(q) / (127 * 127)
		}
		if norm < 0.9 || norm > 1.1 {
			t.Errorf("%q: squared norm %.3f, want about 1", w, norm)
		}
		if int(wv.cluster[r]) >= 3 {
			t.Errorf("%q: cluster %d out of range", w, wv.cluster[r])
		}
	}
	if wv.lookup(hashString("absent")) >= 0 {
		t.Error("a word not in the texts has a vector")
	}
}

func TestBuildWordVectorsTooLittleText(t *testing.T) {
	var buf bytes.Buffer
	if err := BuildWordVectors([]string{"a few words only"}, WordVecConfig{}, &buf); err == nil {
		t.Fatal("no error on too little text")
	}
}

func TestLoadWordVectorsCorrupt(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not gzip")} {
		if _, _, err := loadWordVectors(b); err == nil {
			t.Errorf("%q: no error", b)
		}
	}
}

func TestEmbeddedWordVectors(t *testing.T) {
	wv, _, err := embeddedWordVectors()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"ceasefire", "truce", "peace", "guarantees"} {
		if wv.lookup(hashString(w)) < 0 {
			t.Errorf("%q has no embedded vector", w)
		}
	}
}
