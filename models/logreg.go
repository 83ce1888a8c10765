package models

import (
	"fmt"
	"math"
	"math/bits"
	"slices"

	"gonum.org/v1/gonum/optimize"
)

// A dataset holds sparse examples over a compact feature index: example i
// has features idx[off[i]:off[i+1]] with values val[...], class y[i].
type dataset struct {
	off []int
	idx []int32
	val []float32
	y   []int
	nf  int // number of compact features
}

func (d *dataset) len() int { return len(d.y) }

// A rawSet collects examples over hashed feature indices.
type rawSet struct {
	off []int
	idx []uint32
	val []float32
	y   []int
}

func (r *rawSet) add(fs []feat, y int) {
	if len(r.off) == 0 {
		r.off = append(r.off, 0)
	}
	for _, f := range fs {
		r.idx = append(r.idx, f.idx)
		r.val = append(r.val, f.val)
	}
	r.off = append(r.off, len(r.idx))
	r.y = append(r.y, y)
}

// compact builds the training dataset: features that occur in fewer than
// minDF examples are dropped, the rest are numbered by descending document
// frequency (ties by hashed index) so that frequent weights share cache
// lines, and each example's features are sorted with repeats summed.
// names maps compact indices back to hashed ones.
func (r *rawSet) compact(minDF int) (d *dataset, names []uint32) {
	df := map[uint32]int{}
	last := map[uint32]int{}
	for i := 0; i+1 < len(r.off); i++ {
		for j := r.off[i]; j < r.off[i+1]; j++ {
			h := r.idx[j]
			if l, ok := last[h]; !ok || l != i {
				df[h]++
				last[h] = i
			}
		}
	}
	for h, n := range df {
		if n >= minDF {
			names = append(names, h)
		}
	}
	slices.SortFunc(names, func(a, b uint32) int {
		if df[a] != df[b] {
			return df[b] - df[a]
		}
		return int(int64(a) - int64(b))
	})
	id := make(map[uint32]int32, len(names))
	for i, h := range names {
		id[h] = int32(i)
	}
	d = &dataset{nf: len(names), off: []int{0}, y: slices.Clone(r.y)}
	type iv struct {
		i int32
		v float32
	}
	var buf []iv
	for i := 0; i+1 < len(r.off); i++ {
		buf = buf[:0]
		for j := r.off[i]; j < r.off[i+1]; j++ {
			if k, ok := id[r.idx[j]]; ok {
				buf = append(buf, iv{k, r.val[j]})
			}
		}
		slices.SortFunc(buf, func(a, b iv) int { return int(a.i - b.i) })
		for k, e := range buf {
			if k > 0 && e.i == buf[k-1].i {
				d.val[len(d.val)-1] += e.v
				continue
			}
			d.idx = append(d.idx, e.i)
			d.val = append(d.val, e.v)
		}
		d.off = append(d.off, len(d.idx))
	}
	return d, names
}

// A logreg is a multinomial logistic regression objective over a dataset
// subset: the class-weighted mean negative log-likelihood plus
// l2/2·‖W‖² (the biases are not penalized). Parameters are laid out
// feature-major, x[f*k+c], followed by the k biases.
type logreg struct {
	d    *dataset
	rows []int     // the examples used
	ew   []float64 // per-row weight, summing to 1
	k    int
	l2   float64

	z []float64
}

func newLogreg(d *dataset, rows []int, k int, l2 float64, classWeight []float64) *logreg {
	lr := &logreg{d: d, rows: rows, k: k, l2: l2, z: make([]float64, k)}
	lr.ew = make([]float64, len(rows))
	var tot float64
	for i, r := range rows {
		w := 1.0
		if classWeight != nil {
			w = classWeight[d.y[r]]
		}
		lr.ew[i] = w
		tot += w
	}
	if tot > 0 {
		for i := range lr.ew {
			lr.ew[i] /= tot
		}
	}
	return lr
}

func (lr *logreg) dim() int { return lr.d.nf*lr.k + lr.k }

// eval computes the loss at x and, when grad is not nil, its gradient, in
// one pass over the data.
func (lr *logreg) eval(x, grad []float64) float64 {
	k, d := lr.k, lr.d
	nw := d.nf * k
	if len(x) != nw+k || (grad != nil && len(grad) != len(x)) {
		panic(fmt.Sprintf("models: parameter length %d, want %d", len(x), nw+k))
	}
	if grad != nil {
		clear(grad)
	}
	if k == 3 {
		return lr.eval3(x, grad)
	}
	bias := x[nw:]
	z := lr.z
	var loss float64
	for i, r := range lr.rows {
		copy(z, bias)
		for j := d.off[r]; j < d.off[r+1]; j++ {
			base := int(d.idx[j]) * k
			v := float64(d.val[j])
			for c := range k {
				z[c] += v * x[base+c]
			}
		}
		lse := logSumExp(z)
		y := d.y[r]
		loss += lr.ew[i] * (lse - z[y])
		if grad == nil {
			continue
		}
		for c := range k {
			p := math.Exp(z[c] - lse)
			if c == y {
				p--
			}
			z[c] = lr.ew[i] * p
		}
		for j := d.off[r]; j < d.off[r+1]; j++ {
			base := int(d.idx[j]) * k
			v := float64(d.val[j])
			for c := range k {
				grad[base+c] += v * z[c]
			}
		}
		for c := range k {
			grad[nw+c] += z[c]
		}
	}
	return loss + lr.reg(x, grad)
}

// reg adds the L2 penalty's gradient to grad (when not nil) and returns the
// penalty.
func (lr *logreg) reg(x, grad []float64) float64 {
	nw := lr.d.nf * lr.k
	var reg float64
	if grad != nil {
		g := grad[:nw]
		for i, w := range x[:nw] {
			reg += w * w
			g[i] += lr.l2 * w
		}
	} else {
		for _, w := range x[:nw] {
			reg += w * w
		}
	}
	return lr.l2 / 2 * reg
}

// eval3 is eval for three classes, unrolled.
func (lr *logreg) eval3(x, grad []float64) float64 {
	d := lr.d
	nw := d.nf * 3
	b0, b1, b2 := x[nw], x[nw+1], x[nw+2]
	var loss float64
	var g0, g1, g2 float64
	for i, r := range lr.rows {
		idx := d.idx[d.off[r]:d.off[r+1]]
		val := d.val[d.off[r]:d.off[r+1]]
		val = val[:len(idx)]
		z0, z1, z2 := b0, b1, b2
		for j, f := range idx {
			base := int(f) * 3
			w := x[base : base+3 : base+3]
			v := float64(val[j])
			z0 += v * w[0]
			z1 += v * w[1]
			z2 += v * w[2]
		}
		m := max(z0, z1, z2)
		e0, e1, e2 := math.Exp(z0-m), math.Exp(z1-m), math.Exp(z2-m)
		sum := e0 + e1 + e2
		lse := m + math.Log(sum)
		y := d.y[r]
		zy := z0
		if y == 1 {
			zy = z1
		} else if y == 2 {
			zy = z2
		}
		ew := lr.ew[i]
		loss += ew * (lse - zy)
		if grad == nil {
			continue
		}
		p0, p1, p2 := e0/sum, e1/sum, e2/sum
		switch y {
		case 0:
			p0--
		case 1:
			p1--
		default:
			p2--
		}
		p0, p1, p2 = ew*p0, ew*p1, ew*p2
		g0 += p0
		g1 += p1
		g2 += p2
		for j, f := range idx {
			base := int(f) * 3
			g := grad[base : base+3 : base+3]
			v := float64(val[j])
			g[0] += v * p0
			g[1] += v * p1
			g[2] += v * p2
		}
	}
	if grad != nil {
		grad[nw], grad[nw+1], grad[nw+2] = g0, g1, g2
	}
	return loss + lr.reg(x, grad)
}

func logSumExp(z []float64) float64 {
	m := z[0]
	for _, v := range z[1:] {
		m = max(m, v)
	}
	var s float64
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// fitConfig sets the optimizer's limits.
type fitConfig struct {
	maxIter int
	tol     float64
}

// fit minimizes the objective with L-BFGS from x0 (nil: zeros). Loss and
// gradient come from one pass: gonum asks for them separately at the same
// point, so the last evaluation is cached.
func (lr *logreg) fit(x0 []float64, fc fitConfig) ([]float64, error) {
	n := lr.dim()
	if x0 == nil {
		x0 = make([]float64, n)
	}
	var lastX, lastG []float64
	var lastF float64
	at := func(x []float64) {
		if lastX != nil && slices.Equal(x, lastX) {
			return
		}
		if lastX == nil {
			lastX, lastG = make([]float64, n), make([]float64, n)
		}
		copy(lastX, x)
		lastF = lr.eval(x, lastG)
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 { at(x); return lastF },
		Grad: func(g, x []float64) { at(x); copy(g, lastG) },
	}
	maxIter := fc.maxIter
	if maxIter == 0 {
		maxIter = 100
	}
	tol := fc.tol
	if tol == 0 {
		tol = 1e-5
	}
	set := &optimize.Settings{
		MajorIterations:   maxIter,
		GradientThreshold: tol,
		Converger:         &optimize.FunctionConverge{Absolute: tol, Relative: tol, Iterations: 5},
	}
	res, err := optimize.Minimize(p, x0, set, &optimize.LBFGS{Store: 6})
	if res == nil {
		return nil, fmt.Errorf("models: fit: %w", err)
	}
	// Hitting the iteration limit or a line-search stall still leaves a
	// usable point: only a missing result is an error.
	return res.X, nil
}

// A linear model scores hashed features: weights w[idx*k+c] and biases b.
// Only a small share of the hashed rows have a nonzero weight, so scoring
// reads a bit set of those rows (nz, small enough to stay in cache) and
// their weights packed in row order (dw, k per row); a row outside nz adds
// exactly nothing, so skipping it gives the same scores to the last bit.
type linear struct {
	k int
	w []float32
	b []float64

	nz   []uint64  // bit idx: row idx has a nonzero weight
	rank []uint32  // rank[i]: nonzero rows in words nz[:i]
	dw   []float32 // the nonzero rows' weights, k per row
}

// pack builds nz, rank and dw from w. It must be called once w is final.
func (m *linear) pack() *linear {
	rows := len(m.w) / m.k
	m.nz = make([]uint64, (rows+63)/64)
	m.rank = make([]uint32, len(m.nz))
	m.dw = m.dw[:0]
	n := 0
	for r := range rows {
		if r%64 == 0 {
			m.rank[r/64] = uint32(n)
		}
		row := m.w[r*m.k : r*m.k+m.k]
		for _, x := range row {
			if x != 0 {
				m.nz[r/64] |= 1 << (r % 64)
				m.dw = append(m.dw, row...)
				n++
				break
			}
		}
	}
	return m
}

// row returns the offset in dw of row idx's weights, or -1 when they are
// all zero.
func (m *linear) row(idx uint32) int {
	word := m.nz[idx>>6]
	bit := uint64(1) << (idx & 63)
	if word&bit == 0 {
		return -1
	}
	return (int(m.rank[idx>>6]) + bits.OnesCount64(word&(bit-1))) * m.k
}

// scores writes the k class scores of fs into dst.
func (m *linear) scores(fs []feat, dst []float64) {
	copy(dst, m.b)
	m.addScores(fs, dst)
}

// addScores adds the weighted features fs to dst (no bias).
func (m *linear) addScores(fs []feat, dst []float64) {
	k := m.k
	if k == 3 {
		d0, d1, d2 := dst[0], dst[1], dst[2]
		for _, f := range fs {
			base := m.row(f.idx)
			if base < 0 {
				continue
			}
			w := m.dw[base : base+3 : base+3]
			v := f.val
			d0 += float64(v * w[0])
			d1 += float64(v * w[1])
			d2 += float64(v * w[2])
		}
		dst[0], dst[1], dst[2] = d0, d1, d2
		return
	}
	for _, f := range fs {
		base := m.row(f.idx)
		if base < 0 {
			continue
		}
		for c := range k {
			dst[c] += float64(f.val * m.dw[base+c])
		}
	}
}

// scoresTokens is scores for three classes that also spreads each
// feature's weighted contribution to every class over the quote tokens it
// came from: contr[3*t+c] (for explain). contr must be zeroed, 3 per token.
func (m *linear) scoresTokens(fs []feat, dst []float64, contr []float64) {
	d0, d1, d2 := m.b[0], m.b[1], m.b[2]
	for _, f := range fs {
		base := m.row(f.idx)
		if base < 0 {
			continue
		}
		w := m.dw[base : base+3 : base+3]
		a, b, c := float64(f.val*w[0]), float64(f.val*w[1]), float64(f.val*w[2])
		d0 += a
		d1 += b
		d2 += c
		if f.ti < 0 {
			continue
		}
		if span := f.tj - f.ti; span == 1 {
			t := contr[3*f.ti : 3*f.ti+3 : 3*f.ti+3]
			t[0] += a
			t[1] += b
			t[2] += c
		} else {
			inv := invSpan[min(span, int32(len(invSpan)-1))]
			a, b, c = a*inv, b*inv, c*inv
			for k := f.ti; k < f.tj; k++ {
				t := contr[3*k : 3*k+3 : 3*k+3]
				t[0] += a
				t[1] += b
				t[2] += c
			}
		}
	}
	dst[0], dst[1], dst[2] = d0, d1, d2
}

// toLinear expands compact parameters into a hashed model.
func toLinear(x []float64, names []uint32, k, hashBits int) *linear {
	m := &linear{k: k, w: make([]float32, (1<<hashBits)*k), b: make([]float64, k)}
	for f, h := range names {
		for c := range k {
			m.w[int(h)*k+c] += float32(x[f*k+c])
		}
	}
	copy(m.b, x[len(names)*k:])
	return m.pack()
}

// softmax writes the probabilities of scores z at temperature t into p.
func softmax(z []float64, t float64, p []float64) {
	m := math.Inf(-1)
	for _, v := range z {
		m = max(m, v/t)
	}
	var s float64
	for i, v := range z {
		p[i] = math.Exp(v/t - m)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
}
