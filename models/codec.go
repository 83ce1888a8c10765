package models

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/stance-project/stance/corpus"
)

// The serialized format: gzip of two lines of JSON, the header and the
// weights. The header records the weights' SHA-256.
const (
	formatName    = "stance-model"
	formatVersion = "1.0"
	formatMajor   = 1
	maxModelBytes = 1 << 30
	maxWeight     = 1e4 // larger weights or biases mean a corrupt file
)

// Errors of Load. Each is wrapped with the model's name.
var (
	ErrFormat   = errors.New("models: not a stance model file")
	ErrVersion  = errors.New("models: unsupported model format version")
	ErrChecksum = errors.New("models: model checksum mismatch (corrupt file)")
	ErrCorrupt  = errors.New("models: corrupt model file")
)

// header is the first line of a model file.
type header struct {
	Format        string          `json:"format"`
	Version       string          `json:"version"`
	ModelVersion  string          `json:"model_version"`
	Features      FeatureConfig   `json:"features"`
	Labels        []corpus.Label  `json:"labels"`
	Targets       []corpus.Target `json:"targets"`
	TrainChecksum string          `json:"train_checksum"`
	TrainExamples int             `json:"train_examples"`
	L2            float64         `json:"l2"`
	ClassWeight   string          `json:"class_weight"`
	Temperature   float64         `json:"temperature"`
	RelThreshold  float64         `json:"relevance_threshold"`
	Consistency   float64         `json:"speaker_consistency,omitempty"` // see consistency.go
	WeightsSHA256 string          `json:"weights_sha256"`
}

// encLinear is a linear model's weights in the file: the hashed indices of
// the non-zero rows as base64 of delta-coded uvarints, and their weights as
// base64 of little-endian float32, row-major.
type encLinear struct {
	K    int       `json:"k"`
	Rows int       `json:"rows"`
	Bias []float64 `json:"bias"`
	Idx  string    `json:"idx"`
	W    string    `json:"w"`
}

type encWeights struct {
	Stance    encLinear  `json:"stance"`
	Relevance *encLinear `json:"relevance"`
}

func encodeLinear(m *linear) encLinear {
	e := encLinear{K: m.k, Bias: m.b}
	var idx, w []byte
	prev := 0
	var tmp [binary.MaxVarintLen64]byte
	for r := 0; r < len(m.w)/m.k; r++ {
		row := m.w[r*m.k : r*m.k+m.k]
		nz := false
		for _, x := range row {
			if x != 0 {
				nz = true
			}
		}
		if !nz {
			continue
		}
		n := binary.PutUvarint(tmp[:], uint64(r-prev))
		idx = append(idx, tmp[:n]...)
		prev = r
		for _, x := range row {
			w = binary.LittleEndian.AppendUint32(w, math.Float32bits(x))
		}
		e.Rows++
	}
	e.Idx = base64.StdEncoding.EncodeToString(idx)
	e.W = base64.StdEncoding.EncodeToString(w)
	return e
}

func decodeLinear(e encLinear, hashBits int) (*linear, error) {
	if e.K < 2 || e.K > 16 || len(e.Bias) != e.K || e.Rows < 0 {
		return nil, fmt.Errorf("%w: bad linear shape k=%d bias=%d rows=%d", ErrCorrupt, e.K, len(e.Bias), e.Rows)
	}
	for _, b := range e.Bias {
		if !(math.Abs(b) <= maxWeight) {
			return nil, fmt.Errorf("%w: bias %v out of range", ErrCorrupt, b)
		}
	}
	idx, err := base64.StdEncoding.DecodeString(e.Idx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	w, err := base64.StdEncoding.DecodeString(e.W)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(w) != e.Rows*e.K*4 {
		return nil, fmt.Errorf("%w: %d weight bytes for %d rows", ErrCorrupt, len(w), e.Rows)
	}
	d := 1 << hashBits
	m := &linear{k: e.K, w: make([]float32, d*e.K), b: e.Bias}
	r := 0
	for i := range e.Rows {
		delta, n := binary.Uvarint(idx)
		if n <= 0 {
			return nil, fmt.Errorf("%w: bad row index", ErrCorrupt)
		}
		idx = idx[n:]
		r += int(delta)
		if r >= d || (i > 0 && delta == 0) {
			return nil, fmt.Errorf("%w: row index %d out of range", ErrCorrupt, r)
		}
		for c := range e.K {
			x := math.Float32frombits(binary.LittleEndian.Uint32(w[(i*e.K+c)*4:]))
			if !(math.Abs(float64(x)) <= maxWeight) {
				return nil, fmt.Errorf("%w: weight %v out of range", ErrCorrupt, x)
			}
			m.w[r*e.K+c] = x
		}
	}
	if len(idx) != 0 {
		return nil, fmt.Errorf("%w: trailing index bytes", ErrCorrupt)
	}
	return m.pack(), nil
}

// marshal returns the uncompressed file content.
func (m *Model) marshal() ([]byte, error) {
	ew := encWeights{Stance: encodeLinear(m.stance)}
	if m.rel != nil {
		r := encodeLinear(m.rel)
		ew.Relevance = &r
	}
	wb, err := json.Marshal(ew)
	if err != nil {
		return nil, err
	}
	h := m.hdr
	sum := sha256.Sum256(wb)
	h.WeightsSHA256 = hex.EncodeToString(sum[:])
	hb, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(hb)+len(wb)+2)
	out = append(append(append(out, hb...), '\n'), wb...)
	return append(out, '\n'), nil
}

func (m *Model) digest() (string, error) {
	b, err := m.marshal()
	if err != nil {
		return "", err
	}
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:]), nil
}

// Save writes the model: gzipped JSON, a header line then a weights line.
// The output is deterministic: the same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	b, err := m.marshal()
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return err
	}
	return zw.Close()
}

// Load reads a model named name from fsys. It fails, wrapping ErrFormat,
// ErrVersion, ErrChecksum or ErrCorrupt, when the file is not a model, is of
// an unsupported major version, is truncated or corrupt, or its weights do
// not match the checksum in its header.
func Load(fsys fs.FS, name string) (*Model, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", name, err)
	}
	defer f.Close()
	m, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", name, err)
	}
	return m, nil
}

// LoadFile reads a model from a file on disk; see Load.
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	defer f.Close()
	m, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", path, err)
	}
	return m, nil
}

func read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, maxModelBytes))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	hl, wl, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return nil, fmt.Errorf("%w: no header line", ErrFormat)
	}
	var h header
	if err := json.Unmarshal(hl, &h); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrFormat, err)
	}
	if h.Format != formatName {
		return nil, fmt.Errorf("%w: format %q", ErrFormat, h.Format)
	}
	major, _, _ := strings.Cut(h.Version, ".")
	if mj, err := strconv.Atoi(major); err != nil || mj != formatMajor {
		return nil, fmt.Errorf("%w: file has version %q, this build reads %d.x", ErrVersion, h.Version, formatMajor)
	}
	wl = bytes.TrimSuffix(wl, []byte("\n"))
	sum := sha256.Sum256(wl)
	if hex.EncodeToString(sum[:]) != h.WeightsSHA256 {
		return nil, ErrChecksum
	}
	if err := checkHeader(&h); err != nil {
		return nil, err
	}
	var ew encWeights
	if err := json.Unmarshal(wl, &ew); err != nil {
		return nil, fmt.Errorf("%w: weights: %v", ErrCorrupt, err)
	}
	st, err := decodeLinear(ew.Stance, h.Features.HashBits)
	if err != nil {
		return nil, err
	}
	if st.k != 3 {
		return nil, fmt.Errorf("%w: stance model has %d classes", ErrCorrupt, st.k)
	}
	var rel *linear
	if ew.Relevance != nil {
		if rel, err = decodeLinear(*ew.Relevance, h.Features.HashBits); err != nil {
			return nil, err
		}
		if rel.k != 2 {
			return nil, fmt.Errorf("%w: relevance model has %d classes", ErrCorrupt, rel.k)
		}
	}
	var pc *pieceCache
	if h.Features.Subwords {
		var vs string
		if pc, vs, err = embeddedPieces(); err != nil {
			return nil, err
		}
		if h.Features.Tokenizer != tokenizerID || h.Features.VocabSHA256 != vs {
			return nil, fmt.Errorf("%w: model needs tokenizer %s with vocabulary %s, this build has %s %s",
				ErrFormat, h.Features.Tokenizer, h.Features.VocabSHA256, tokenizerID, vs)
		}
	}
	ext := newExtractor(h.Features, pc)
	if h.Features.usesWordVecs() {
		wv, sum, err := embeddedWordVectors()
		if err != nil {
			return nil, err
		}
		if h.Features.WordVecs != sum {
			return nil, fmt.Errorf("%w: model needs word vectors %s, this build has %s", ErrFormat, h.Features.WordVecs, sum)
		}
		ext.setVecs(wv)
	}
	m := newModel(h, ext, st, rel)
	all := sha256.Sum256(b)
	m.checksum = "sha256:" + hex.EncodeToString(all[:])
	return m, nil
}

func checkHeader(h *header) error {
	f := &h.Features
	switch {
	case f.HashBits < 8 || f.HashBits > 22:
		return fmt.Errorf("%w: hash_bits %d", ErrCorrupt, f.HashBits)
	case f.WordMin < 1 || f.WordMax < f.WordMin || f.WordMax > 6:
		return fmt.Errorf("%w: word n-gram orders %d-%d", ErrCorrupt, f.WordMin, f.WordMax)
	case f.CharMin < 0 || f.CharMax < f.CharMin || f.CharMax > 8 || (f.CharMin == 0) != (f.CharMax == 0):
		return fmt.Errorf("%w: char n-gram orders %d-%d", ErrCorrupt, f.CharMin, f.CharMax)
	case f.ContextRunes < 0:
		return fmt.Errorf("%w: context_runes %d", ErrCorrupt, f.ContextRunes)
	case len(h.Labels) != 3 || h.Labels[0] != corpus.Favor || h.Labels[1] != corpus.Against || h.Labels[2] != corpus.Neutral:
		return fmt.Errorf("%w: label set %v", ErrCorrupt, h.Labels)
	case !(h.Temperature >= 0.01 && h.Temperature <= 100):
		return fmt.Errorf("%w: temperature %v", ErrCorrupt, h.Temperature)
	case !(h.RelThreshold >= 0 && h.RelThreshold <= 1):
		return fmt.Errorf("%w: relevance threshold %v", ErrCorrupt, h.RelThreshold)
	case !(h.Consistency >= 0 && h.Consistency <= 4):
		return fmt.Errorf("%w: speaker consistency %v", ErrCorrupt, h.Consistency)
	}
	for _, t := range h.Targets {
		if t.Name == "" {
			return fmt.Errorf("%w: target without a name", ErrCorrupt)
		}
	}
	return nil
}
