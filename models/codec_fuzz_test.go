package models

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// gzipBytes compresses b as a model file is.
func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withChecksum returns the header hdr with weights_sha256 set to that of
// weights, or hdr unchanged when it is not a JSON object.
func withChecksum(hdr, weights []byte) []byte {
	var h map[string]json.RawMessage
	if json.Unmarshal(hdr, &h) != nil || h == nil {
		return hdr
	}
	sum := sha256.Sum256(weights)
	h["weights_sha256"], _ = json.Marshal(hex.EncodeToString(sum[:])) // a string always marshals
	b, err := json.Marshal(h)
	if err != nil {
		return hdr
	}
	return b
}

// isLoadError reports whether err is one of Load's documented errors.
func isLoadError(err error) bool {
	return errors.Is(err, ErrFormat) || errors.Is(err, ErrVersion) || errors.Is(err, ErrChecksum) || errors.Is(err, ErrCorrupt)
}

// checkScores checks that a loaded model scores a quote with finite
// probabilities that sum to 1.
func checkScores(t *testing.T, m *Model) {
	t.Helper()
	text := "“We want peace and a ceasefire, with security guarantees,” the minister said."
	in := Input{Text: text, Parts: []corpus.Span{{Start: 1, End: 56}}, Cue: "said", Speaker: "the minister"}
	m.Targets(in)
	for _, target := range []string{"peace", "ceasefire", "security_guarantees", "some new target"} {
		p := m.Predict(in, target)
		sum := 0.0
		for _, x := range p.Probs {
			if math.IsNaN(x) || x < 0 || x > 1 {
				t.Fatalf("%s: probabilities %v", target, p.Probs)
			}
			sum += x
		}
		if math.Abs(sum-1) > 1e-6 {
			t.Fatalf("%s: probabilities %v sum to %v", target, p.Probs, sum)
		}
		for _, e := range p.Evidence {
			if math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
				t.Fatalf("%s: evidence weight %v", target, e.Weight)
			}
		}
	}
}

// FuzzLoadContent fuzzes what is inside a model file's gzip layer, the
// header line and the weights line, where FuzzLoad's mutations of the
// compressed bytes rarely reach. With fix set, the header's checksum is
// made to match the weights, so the weights decoder is fuzzed too. A model
// either loads and scores with finite probabilities summing to 1, or fails
// with one of Load's documented errors; it never panics.
func FuzzLoadContent(f *testing.F) {
	m := toyModel(f)
	content, err := m.marshal()
	if err != nil {
		f.Fatal(err)
	}
	hdr, weights, _ := bytes.Cut(bytes.TrimSuffix(content, []byte("\n")), []byte("\n"))
	f.Add(hdr, weights, false)
	f.Add(hdr, weights, true)
	f.Add(bytes.Replace(hdr, []byte(`"version":"1.0"`), []byte(`"version":"2.0"`), 1), weights, true)
	f.Add(hdr, weights[:len(weights)/2], true)
	f.Add(hdr, []byte(`{"stance":{"k":3,"rows":1,"bias":[0,0,0],"idx":"AA==","w":"AACAfwAAgH8AAIB/"}}`), true) // NaN weights
	f.Fuzz(func(t *testing.T, hdr, weights []byte, fix bool) {
		if fix {
			hdr = withChecksum(hdr, weights)
		}
		file := append(append(append([]byte{}, hdr...), '\n'), weights...)
		m, err := read(bytes.NewReader(gzipBytes(t, append(file, '\n'))))
		if err != nil {
			if !isLoadError(err) {
				t.Fatalf("error wraps none of ErrFormat, ErrVersion, ErrChecksum, ErrCorrupt: %v", err)
			}
			return
		}
		checkScores(t, m)
	})
}

// TestLoadDamaged loads damaged copies of a model file: each fails with a
// clear error of the documented kind.
func TestLoadDamaged(t *testing.T) {
	m := toyModel(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	content, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	hdr, weights, _ := bytes.Cut(bytes.TrimSuffix(content, []byte("\n")), []byte("\n"))
	flipped := bytes.Clone(weights)
	flipped[len(flipped)/2] ^= 0x01
	cases := []struct {
		name string
		file []byte
		want error
	}{
		{"empty", nil, ErrFormat},
		{"not gzip", []byte("{\"format\":\"stance-model\"}\n{}\n"), ErrFormat},
		{"truncated gzip", good[:len(good)/2], ErrCorrupt},
		{"truncated to its header", good[:12], ErrCorrupt},
		{"last byte cut", good[:len(good)-1], ErrCorrupt},
		{"no weights line", gzipBytes(t, hdr), ErrFormat},
		{"weights cut short", gzipBytes(t, append(append(bytes.Clone(hdr), '\n'), weights[:len(weights)/2]...)), ErrChecksum},
		{"a weight bit flipped", gzipBytes(t, append(append(bytes.Clone(hdr), '\n'), flipped...)), ErrChecksum},
		{"version 2", gzipBytes(t, append(append(bytes.Replace(hdr, []byte(`"version":"1.0"`), []byte(`"version":"2.0"`), 1), '\n'), weights...)), ErrVersion},
		{"another format", gzipBytes(t, append(append(bytes.Replace(hdr, []byte(`"format":"stance-model"`), []byte(`"format":"other"`), 1), '\n'), weights...)), ErrFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := read(bytes.NewReader(c.file))
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
		})
	}
	if _, err := read(bytes.NewReader(good)); err != nil {
		t.Fatalf("the undamaged file: %v", err)
	}
}

// TestLoadRejectsOverflowingModel loads a model whose weights pass the
// checksum but overflow: its probabilities would be NaN, which the JSONL
// sink cannot write, so a scoring run would stop at its first quote. (Found
// by FuzzLoadContent; Load must reject such weights and biases.)
func TestLoadRejectsOverflowingModel(t *testing.T) {
	m := toyModel(t)
	content, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	hdr, _, _ := bytes.Cut(content, []byte("\n"))
	weights := []byte(`{"stance":{"k":3,"rows":0,"bias":[1e308,-1e308,0],"idx":"","w":""}}`)
	file := append(append(withChecksum(hdr, weights), '\n'), weights...)
	m, err = read(bytes.NewReader(gzipBytes(t, append(file, '\n'))))
	if err == nil {
		checkScores(t, m)
		t.Fatal("an overflowing model loaded")
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("error %v, want ErrCorrupt", err)
	}
}
