package models

import (
	"math"
	"slices"
	"sync"

	"github.com/stance-project/stance/corpus"
)

// An Input is one quote to score, located in its document.
type Input struct {
	Text    string        // the whole document text as read
	Parts   []corpus.Span // the quote's content spans, code points into Text, in order
	Cue     string        // the cue verb as written, "" if none
	Speaker string        // may be ""
	Role    string        // the speaker's role when the speaker is unnamed ("journalist"), "" if none
}

// A Match is a target the quote addresses, with the relevance score in
// [0, 1] and the lexicon hits (code points into Text; hits in the quote, or
// in its immediate context when the quote itself has none).
type Match struct {
	Target string
	Score  float64
	Hits   []corpus.Span
}

// Evidence is one phrase that contributed to a prediction: its text, its
// code-point span in the document and its contribution to the chosen
// label's score (in logits).
type Evidence struct {
	Text   string  `json:"text"`
	Start  int     `json:"start"`
	End    int     `json:"end"`
	Weight float64 `json:"weight"`
}

// A Prediction is the stance of one quote toward one target.
type Prediction struct {
	Target    string
	Label     corpus.Label
	Probs     [3]float64 // in corpus.Labels order: favor, against, neutral; sums to 1
	Condition string     // "" or a target name or a short phrase
	Evidence  []Evidence // strongest first
}

// A Model finds the targets a quote addresses and predicts the speaker's
// stance toward each. It is immutable after loading and safe for concurrent
// use; its only shared mutable state, the subword cache, is synchronized.
type Model struct {
	hdr      header
	ext      *extractor
	targets  []compiledTarget
	byName   map[string]int
	stance   *linear
	rel      *linear // nil: relevance by lexicon only
	pool     *sync.Pool
	checksum string
}

// maxEvidence is the number of evidence phrases a prediction lists.
const maxEvidence = 3

func newModel(hdr header, ext *extractor, stance, rel *linear) *Model {
	m := &Model{hdr: hdr, ext: ext, stance: stance, rel: rel,
		pool: &sync.Pool{New: func() any { return new(view) }}}
	m.setTargets(hdr.Targets)
	return m
}

func (m *Model) setTargets(ts []corpus.Target) {
	m.hdr.Targets = slices.Clone(ts)
	m.targets = make([]compiledTarget, len(ts))
	m.byName = make(map[string]int, len(ts))
	for i, t := range ts {
		m.targets[i] = compileTarget(t)
		m.byName[t.Name] = i
	}
}

// Version returns the model's version string, set at training.
func (m *Model) Version() string { return m.hdr.ModelVersion }

// Checksum returns "sha256:" and the hex SHA-256 of the model's
// uncompressed serialized form.
func (m *Model) Checksum() string { return m.checksum }

// TargetList returns the targets the model tracks, in order.
func (m *Model) TargetList() []corpus.Target { return slices.Clone(m.hdr.Targets) }

// Features returns the model's feature settings.
func (m *Model) Features() FeatureConfig { return m.ext.cfg }

// Temperature returns the calibration temperature applied to the scores.
func (m *Model) Temperature() float64 { return m.hdr.Temperature }

// WithTargets returns a copy of m that tracks its targets plus ts (a target
// of the same name is replaced). Weights are shared; a new target is scored
// through the target-independent features and its lexicon.
func (m *Model) WithTargets(ts []corpus.Target) *Model {
	c := *m
	c.setTargets(mergeTargets(m.hdr.Targets, ts))
	return &c
}

func (m *Model) getView() *view { return m.pool.Get().(*view) }
func (m *Model) putView(v *view) {
	// A view grown by a huge quote (a stray mark can open one that runs to
	// the end of a long document) is dropped, so that memory stays flat.
	if cap(v.feats) > maxPooledFeats || cap(v.low) > 4*maxPooledFeats {
		return
	}
	m.pool.Put(v)
}

// maxPooledFeats bounds the feature buffer of a pooled view.
const maxPooledFeats = 1 << 20

// Targets returns the targets the quote addresses, in the model's target
// order: those whose relevance score reaches the model's threshold. The
// score combines lexicon hits in the quote and its immediate context with a
// learned relevance model; a model without one uses the lexicon alone.
func (m *Model) Targets(in Input) []Match {
	if len(in.Parts) == 0 {
		return nil
	}
	v := m.getView()
	defer m.putView(v)
	m.ext.load(v, &in)
	matchAll(v, m.targets)
	var out []Match
	var zGen, z, p [2]float64
	if m.rel != nil {
		m.ext.relGeneric(v)
		m.rel.scores(v.relGen, zGen[:])
	}
	for t := range m.targets {
		var q float64
		for _, h := range v.hits {
			if h.target == t && !h.ctx {
				q += h.weight
			}
		}
		var score float64
		if m.rel != nil {
			m.ext.relTarget(v, m.targets, t)
			z = zGen
			m.rel.addScores(v.feats, z[:])
			softmax(z[:], 1, p[:])
			score = p[1]
		} else {
			score = 1 - math.Exp(-q)
		}
		if score < m.hdr.RelThreshold || (m.rel == nil && q == 0) {
			continue
		}
		mt := Match{Target: m.targets[t].t.Name, Score: score}
		for pass := 0; pass < 2 && len(mt.Hits) == 0; pass++ {
			for _, h := range v.hits {
				if h.target != t || h.ctx != (pass == 1) {
					continue
				}
				toks := v.toks
				if h.ctx {
					toks = v.ctx
				}
				mt.Hits = append(mt.Hits, corpus.Span{Start: toks[h.i].start, End: toks[h.j-1].end})
			}
		}
		out = append(out, mt)
	}
	return out
}

// Predict returns the speaker's stance in the quote toward the named
// target. A target the model does not know is scored through the
// target-independent features and its name as its only lexicon phrase. An
// empty quote gets the model's prior.
func (m *Model) Predict(in Input, target string) Prediction {
	v := m.getView()
	defer m.putView(v)
	ts, t := m.targets, 0
	if k, ok := m.byName[target]; ok {
		t = k
	} else {
		ts = append(slices.Clip(ts), autoTarget(target))
		t = len(ts) - 1
	}
	m.ext.load(v, &in)
	matchQuote(v, ts)
	return m.predict(v, &in, ts, t, target)
}

// PredictTargets appends to dst the predictions for the quote toward each
// of targets, in order: the same as calling Predict for each, but the quote
// is read and its target-independent features computed once. The quote
// stands alone: PredictDocument also weighs the speaker's other quotes.
func (m *Model) PredictTargets(in Input, targets []string, dst []Prediction) []Prediction {
	// alone, even when targets repeats one
	return append(dst, m.predictDocument([]DocQuote{{In: in, Targets: targets}}, 0)[0]...)
}

// predict scores the quote loaded in v, with the hits of ts, toward ts[t].
func (m *Model) predict(v *view, in *Input, ts []compiledTarget, t int, target string) Prediction {
	r := m.score(v, in, ts, t, target, false)
	return m.finish(&r, r.z)
}

// A scored pair is a quote × target before its label is decided: the raw
// class scores, the condition, and the evidence for the best class by the
// scores (or for every class, when the document's other quotes may still
// change the label).
type scored struct {
	target string
	z      [3]float64
	cond   string
	ev     [3][]Evidence
}

// score computes the raw scores of the quote loaded in v toward ts[t] and
// the evidence for the best class, or for all three with all.
func (m *Model) score(v *view, in *Input, ts []compiledTarget, t int, target string, all bool) scored {
	m.ext.stance(v, ts, t, in)
	r := scored{target: target}
	v.contr = append(v.contr[:0], make([]float64, 3*len(v.toks))...)
	m.stance.scoresTokens(v.feats, r.z[:], v.contr)
	r.cond = condition(v, ts, t)
	var p [3]float64
	best := m.label(r.z, &p)
	for c := range 3 {
		if all || c == best {
			r.ev[c] = m.explain(v, in, c)
		}
	}
	return r
}

// label writes the calibrated probabilities of scores z into p and returns
// the index of the most probable class.
func (m *Model) label(z [3]float64, p *[3]float64) int {
	softmax(z[:], m.hdr.Temperature, p[:])
	best := 0
	for c := 1; c < 3; c++ {
		if p[c] > p[best] {
			best = c
		}
	}
	return best
}

// finish turns scores z (r's own, or r's adjusted by the speaker's other
// quotes) into the calibrated prediction.
func (m *Model) finish(r *scored, z [3]float64) Prediction {
	pr := Prediction{Target: r.target, Condition: r.cond}
	best := m.label(z, &pr.Probs)
	pr.Label = corpus.Labels[best]
	pr.Evidence = r.ev[best]
	return pr
}

// autoTarget is a target known only by name: its lexicon is the name, with
// underscores read as spaces.
func autoTarget(name string) compiledTarget {
	phrase := []rune(name)
	for i, r := range phrase {
		if r == '_' {
			phrase[i] = ' '
		}
	}
	return compileTarget(corpus.Target{Name: name, Lexicon: []corpus.LexEntry{{Phrase: string(phrase)}}})
}

// Uncalibrated returns a copy of m that applies no temperature (T = 1), for
// measuring calibration.
func (m *Model) Uncalibrated() *Model {
	c := *m
	c.hdr.Temperature = 1
	return &c
}
