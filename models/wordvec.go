package models

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Word vectors learned without labels: the positive pointwise mutual
// information (PPMI) of words and their neighbours in unlabeled text,
// reduced by a truncated SVD. They let the linear model generalize from a
// word seen in training to words used alike ("truce", "ceasefire",
// "pause"), which hashed n-grams cannot.

// WordVecConfig configures BuildWordVectors. Its zero value works.
type WordVecConfig struct {
	Dim      int // vector size; 0: 64
	MinCount int // least occurrences of a word; 0: 5
	MaxVocab int // most frequent words kept; 0: 12000
	Contexts int // most frequent words used as contexts; 0: 3000
	Window   int // neighbours on each side; 0: 4
	Clusters int // k-means clusters of the vectors; 0: 256
}

func (c *WordVecConfig) defaults() {
	if c.Dim == 0 {
		c.Dim = 64
	}
	if c.MinCount == 0 {
		c.MinCount = 5
	}
	if c.MaxVocab == 0 {
		c.MaxVocab = 12000
	}
	if c.Contexts == 0 {
		c.Contexts = 3000
	}
	if c.Window == 0 {
		c.Window = 2
	}
	if c.Clusters == 0 {
		c.Clusters = 256
	}
}

// wordVectors maps a word (by the hash of its lower-cased form, token.h)
// to its row: a unit vector quantized to int8 and a cluster id.
type wordVectors struct {
	dim     int
	keys    []uint64 // open-addressing table of word hashes (0: empty)
	rows    []int32  // the row of keys[i]
	vec     []int8   // dim per row, value/127
	cluster []uint16
	// packed holds each row's values plus 128 as bytes, eight to a word
	// (dim/8 words per row, one cache line for 64 dimensions; nil when dim
	// is not a multiple of 8), for sums in 16-bit lanes.
	packed []uint64
}

// packLanes fills wv.packed from wv.vec.
func (wv *wordVectors) packLanes() {
	if wv.dim%8 != 0 {
		return
	}
	wv.packed = make([]uint64, len(wv.vec)/8)
	for i := range wv.packed {
		var w uint64
		for l := range 8 {
			w |= uint64(int(wv.vec[8*i+l])+128) << (8 * l)
		}
		wv.packed[i] = w
	}
}

// lookup returns the row of the word with hash h, or -1.
func (wv *wordVectors) lookup(h uint64) int32 {
	if h == 0 {
		return -1
	}
	mask := uint64(len(wv.keys) - 1)
	for i := (h * 0x9e3779b97f4a7c15) >> 32 & mask; ; i = (i + 1) & mask {
		switch wv.keys[i] {
		case h:
			return wv.rows[i]
		case 0:
			return -1
		}
	}
}

// insert adds the word with hash h at row r (h ≠ 0; the table is never
// full: it has at least twice as many slots as words).
func (wv *wordVectors) insert(h uint64, r int32) {
	mask := uint64(len(wv.keys) - 1)
	for i := (h * 0x9e3779b97f4a7c15) >> 32 & mask; ; i = (i + 1) & mask {
		if wv.keys[i] == 0 || wv.keys[i] == h {
			wv.keys[i], wv.rows[i] = h, r
			return
		}
	}
}

// The file form: gzipped JSON.
type encWordVectors struct {
	Format   string   `json:"format"`
	Dim      int      `json:"dim"`
	Clusters int      `json:"clusters"`
	Words    []string `json:"words"`
	Vec      string   `json:"vec"`     // base64 of int8, dim per word
	Cluster  string   `json:"cluster"` // base64 of little-endian uint16 per word
}

const wordVecFormat = "stance-wordvec-1"

// BuildWordVectors learns word vectors from texts and writes them to w in
// the form the models package embeds (default/wordvec.json.gz). The result
// depends only on the texts, in order, and cfg.
func BuildWordVectors(texts []string, cfg WordVecConfig, w io.Writer) error {
	cfg.defaults()
	// Tokenize every text into word ids (by lower-cased form).
	type wc struct {
		word string
		n    int
	}
	ids := map[string]int32{}
	var words []wc
	var docs [][]int32
	var low []byte
	var toks []token
	for _, t := range texts {
		low, toks = tokenize(t, 0, len(t), 0, 0, low[:0], toks[:0])
		var doc []int32
		for _, tk := range toks {
			if !tk.word {
				doc = append(doc, -1) // punctuation takes a place in the window but is no word
				continue
			}
			s := string(low[tk.lo:tk.hi])
			id, ok := ids[s]
			if !ok {
				id = int32(len(words))
				ids[s] = id
				words = append(words, wc{word: s})
			}
			words[id].n++
			doc = append(doc, id)
		}
		docs = append(docs, doc)
	}
	order := make([]int32, len(words))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(a, b int) bool {
		wa, wb := words[order[a]], words[order[b]]
		if wa.n != wb.n {
			return wa.n > wb.n
		}
		return wa.word < wb.word
	})
	rowOf := make([]int32, len(words))
	colOf := make([]int32, len(words))
	for i := range rowOf {
		rowOf[i], colOf[i] = -1, -1
	}
	var vocab []string
	for rank, id := range order {
		if words[id].n < cfg.MinCount {
			break
		}
		if rank < cfg.MaxVocab {
			rowOf[id] = int32(len(vocab))
			vocab = append(vocab, words[id].word)
		}
		if rank < cfg.Contexts {
			colOf[id] = int32(rank)
		}
	}
	nr, nc := len(vocab), min(cfg.Contexts, len(vocab))
	if nr < cfg.Dim+10 {
		return errors.New("models: too little text for word vectors")
	}
	// Co-occurrence counts within the window (punctuation counts as a
	// position but not as a word).
	counts := make([]map[int32]float64, nr)
	for i := range counts {
		counts[i] = map[int32]float64{}
	}
	for _, doc := range docs {
		for i, a := range doc {
			if a < 0 || rowOf[a] < 0 {
				continue
			}
			r := rowOf[a]
			for j := max(i-cfg.Window, 0); j <= min(i+cfg.Window, len(doc)-1); j++ {
				if j == i || doc[j] < 0 || colOf[doc[j]] < 0 {
					continue
				}
				counts[r][colOf[doc[j]]]++
			}
		}
	}
	// PPMI with context-distribution smoothing (alpha 0.75).
	rowSum := make([]float64, nr)
	colSum := make([]float64, nc)
	var total float64
	for r, m := range counts {
		for c, n := range m {
			rowSum[r] += n
			colSum[c] += n
			total += n
		}
	}
	var colAlpha float64
	for _, n := range colSum {
		colAlpha += math.Pow(n, 0.75)
	}
	type entry struct {
		c int32
		v float64
	}
	rows := make([][]entry, nr)
	for r, m := range counts {
		cs := make([]int32, 0, len(m))
		for c := range m {
			cs = append(cs, c)
		}
		slices.Sort(cs)
		for _, c := range cs {
			pmi := math.Log(m[c] * colAlpha / (rowSum[r] * math.Pow(colSum[c], 0.75)))
			if pmi > 0 {
				rows[r] = append(rows[r], entry{c, pmi})
			}
		}
	}
	// Randomized truncated SVD: A (nr × nc) ≈ U S Vᵀ.
	k := cfg.Dim + 16
	rng := rand.New(rand.NewPCG(1, 2))
	omega := mat.NewDense(nc, k, nil)
	for i := range nc {
		for j := range k {
			omega.Set(i, j, rng.NormFloat64())
		}
	}
	mulA := func(x *mat.Dense) *mat.Dense { // A x: (nr × k)
		out := mat.NewDense(nr, k, nil)
		for r, es := range rows {
			row := out.RawRowView(r)
			for _, e := range es {
				xr := x.RawRowView(int(e.c))
				for j := range k {
					row[j] += e.v * xr[j]
				}
			}
		}
		return out
	}
	mulAT := func(y *mat.Dense) *mat.Dense { // Aᵀ y: (nc × k)
		out := mat.NewDense(nc, k, nil)
		for r, es := range rows {
			yr := y.RawRowView(r)
			for _, e := range es {
				row := out.RawRowView(int(e.c))
				for j := range k {
					row[j] += e.v * yr[j]
				}
			}
		}
		return out
	}
	// orth orthonormalizes the columns of y in place (modified
	// Gram-Schmidt, twice for stability) and returns it.
	orth := func(y *mat.Dense) *mat.Dense {
		n, kk := y.Dims()
		cols := make([][]float64, kk)
		for j := range kk {
			cols[j] = mat.Col(nil, j, y)
		}
		for range 2 {
			for j := range kk {
				for i := range j {
					var d float64
					for r := range n {
						d += cols[i][r] * cols[j][r]
					}
					for r := range n {
						cols[j][r] -= d * cols[i][r]
					}
				}
				var norm float64
				for _, x := range cols[j] {
					norm += x * x
				}
				if norm = math.Sqrt(norm); norm > 0 {
					for r := range cols[j] {
						cols[j][r] /= norm
					}
				}
			}
		}
		for j := range kk {
			y.SetCol(j, cols[j])
		}
		return y
	}
	y := orth(mulA(omega))
	for range 3 {
		y = orth(mulA(orth(mulAT(y))))
	}
	bt := mulAT(y) // (nc × k) = (Qᵀ A)ᵀ
	var svd mat.SVD
	if !svd.Factorize(bt, mat.SVDThin) {
		return errors.New("models: word vectors: SVD failed")
	}
	var vb mat.Dense
	svd.VTo(&vb) // k × k: B = Qᵀ A = V_b S U_bᵀ, so U = Q V_b
	s := svd.Values(nil)
	var u mat.Dense
	u.Mul(y, &vb)
	vecs := make([][]float64, nr)
	for r := range nr {
		v := make([]float64, cfg.Dim)
		var norm float64
		for j := range cfg.Dim {
			v[j] = u.At(r, j) * math.Sqrt(s[j])
			norm += v[j] * v[j]
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for j := range v {
				v[j] /= norm
			}
		}
		vecs[r] = v
	}
	// A fixed sign per dimension: the sum over the 500 most frequent words
	// is positive.
	for j := range cfg.Dim {
		var sum float64
		for r := range min(nr, 500) {
			sum += vecs[r][j]
		}
		if sum < 0 {
			for r := range nr {
				vecs[r][j] = -vecs[r][j]
			}
		}
	}
	clusters := kmeans(vecs, cfg.Clusters)
	enc := encWordVectors{Format: wordVecFormat, Dim: cfg.Dim, Clusters: cfg.Clusters, Words: vocab}
	q := make([]byte, 0, nr*cfg.Dim)
	for _, v := range vecs {
		for _, x := range v {
			q = append(q, byte(int8(math.Round(max(-1, min(1, x))*127))))
		}
	}
	enc.Vec = base64.StdEncoding.EncodeToString(q)
	cb := make([]byte, 0, 2*nr)
	for _, c := range clusters {
		cb = append(cb, byte(c), byte(c>>8))
	}
	enc.Cluster = base64.StdEncoding.EncodeToString(cb)
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := json.NewEncoder(zw).Encode(enc); err != nil {
		return err
	}
	return zw.Close()
}

// kmeans clusters unit vectors by cosine (spherical k-means, 20 rounds),
// starting from evenly spaced rows among the most frequent; it returns the
// cluster of each vector.
func kmeans(vecs [][]float64, k int) []uint16 {
	n := len(vecs)
	k = min(k, n)
	dim := len(vecs[0])
	cent := make([][]float64, k)
	for c := range k {
		cent[c] = slices.Clone(vecs[c*min(n, 4*k)/k])
	}
	assign := make([]uint16, n)
	for range 20 {
		for i, v := range vecs {
			best, bs := 0, math.Inf(-1)
			for c, ce := range cent {
				var s float64
				for j := range dim {
					s += v[j] * ce[j]
				}
				if s > bs {
					best, bs = c, s
				}
			}
			assign[i] = uint16(best)
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, v := range vecs {
			ce := cent[assign[i]]
			for j := range dim {
				ce[j] += v[j]
			}
		}
		for _, ce := range cent {
			var norm float64
			for _, x := range ce {
				norm += x * x
			}
			if norm > 0 {
				norm = math.Sqrt(norm)
				for j := range ce {
					ce[j] /= norm
				}
			}
		}
	}
	return assign
}

// loadWordVectors reads the gzipped JSON form and returns the vectors and
// the SHA-256 of the bytes given.
func loadWordVectors(b []byte) (*wordVectors, string, error) {
	sum := sha256.Sum256(b)
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("models: word vectors: %w", err)
	}
	var enc encWordVectors
	if err := json.NewDecoder(zr).Decode(&enc); err != nil {
		return nil, "", fmt.Errorf("models: word vectors: %w", err)
	}
	if enc.Format != wordVecFormat || enc.Dim <= 0 {
		return nil, "", fmt.Errorf("models: word vectors: unknown format %q", enc.Format)
	}
	vec, err := base64.StdEncoding.DecodeString(enc.Vec)
	if err != nil {
		return nil, "", fmt.Errorf("models: word vectors: %w", err)
	}
	cl, err := base64.StdEncoding.DecodeString(enc.Cluster)
	if err != nil {
		return nil, "", fmt.Errorf("models: word vectors: %w", err)
	}
	n := len(enc.Words)
	if len(vec) != n*enc.Dim || len(cl) != 2*n {
		return nil, "", errors.New("models: word vectors: bad sizes")
	}
	size := 1
	for size < 2*n+2 {
		size *= 2
	}
	wv := &wordVectors{dim: enc.Dim, keys: make([]uint64, size), rows: make([]int32, size), vec: make([]int8, len(vec)), cluster: make([]uint16, n)}
	for i, b := range vec {
		wv.vec[i] = int8(b)
	}
	for i, w := range enc.Words {
		if h := hashString(w); h != 0 {
			wv.insert(h, int32(i)) // a later word of the same hash wins
		}
		wv.cluster[i] = uint16(cl[2*i]) | uint16(cl[2*i+1])<<8
	}
	wv.packLanes()
	return wv, "sha256:" + hex.EncodeToString(sum[:]), nil
}
