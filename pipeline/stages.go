package pipeline

import (
	"context"
	"strconv"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline/quotes"
)

// Entities finds the candidate speakers of a document: names,
// organizations and roles (see quotes.Extractor.Entities).
type Entities struct{ X *quotes.Extractor }

// Process implements Stage.
func (s Entities) Process(ctx context.Context, rec *Record) error {
	rec.work.Text = rec.Doc.Text
	return s.X.Entities(ctx, &rec.work)
}

// Quotes finds every quotation: direct, block, split, indirect and
// transcript turns (see quotes.Extractor.Quotes).
type Quotes struct{ X *quotes.Extractor }

// Process implements Stage.
func (s Quotes) Process(ctx context.Context, rec *Record) error {
	rec.work.Text = rec.Doc.Text
	return s.X.Quotes(ctx, &rec.work)
}

// Speakers says who said each quote, and copies the quotes into the record
// with their ids (doc_id#q1, #q2, ...).
type Speakers struct{ X *quotes.Extractor }

// Process implements Stage.
func (s Speakers) Process(ctx context.Context, rec *Record) error {
	if len(rec.work.Quotes) == 0 {
		return nil
	}
	if err := s.X.Speakers(ctx, &rec.work); err != nil {
		return err
	}
	rec.Quotes = rec.Quotes[:0]
	for i, q := range rec.work.Quotes {
		rec.Quotes = append(rec.Quotes, Quote{ID: rec.DocID + "#q" + strconv.Itoa(i+1), Quote: q, Targets: []TargetStance{}})
	}
	return nil
}

// Targets decides which targets each quote addresses (lexicon matches in
// the quote and its context, and the model's relevance score).
type Targets struct{ M *models.Model }

// Process implements Stage.
func (s Targets) Process(ctx context.Context, rec *Record) error {
	for i := range rec.Quotes {
		q := &rec.Quotes[i]
		for _, m := range s.M.Targets(modelInput(rec, q)) {
			q.Targets = append(q.Targets, TargetStance{Target: m.Target})
		}
	}
	return nil
}

// Stance scores the speaker's stance in each quote toward each target it
// addresses, with calibrated probabilities, a condition and evidence.
type Stance struct{ M *models.Model }

// Process implements Stage.
func (s Stance) Process(ctx context.Context, rec *Record) error {
	// the whole document at once: a speaker's quotes inform each other
	var qs []models.DocQuote
	var idx []int
	for i := range rec.Quotes {
		q := &rec.Quotes[i]
		if len(q.Targets) == 0 {
			continue
		}
		names := make([]string, len(q.Targets))
		for j := range q.Targets {
			names[j] = q.Targets[j].Target
		}
		qs = append(qs, models.DocQuote{In: modelInput(rec, q), Targets: names})
		idx = append(idx, i)
	}
	if len(qs) == 0 {
		return nil
	}
	all := s.M.PredictDocument(qs)
	for k, i := range idx {
		q := &rec.Quotes[i]
		preds := all[k]
		for j := range q.Targets {
			t := &q.Targets[j]
			p := preds[j]
			t.Stance = p.Label
			t.Probs = Probs{Favor: p.Probs[0], Against: p.Probs[1], Neutral: p.Probs[2]}
			t.Condition = nil
			if p.Condition != "" {
				c := p.Condition
				t.Condition = &c
			}
			t.Evidence = p.Evidence
			if t.Evidence == nil {
				t.Evidence = []models.Evidence{}
			}
		}
	}
	return nil
}

func modelInput(rec *Record, q *Quote) models.Input {
	in := models.Input{Text: rec.Doc.Text, Cue: q.Cue}
	if q.Speaker != nil {
		in.Speaker, in.Role = q.Speaker.Name, q.Speaker.Role
	}
	if len(q.Parts) == 0 {
		in.Parts = []corpus.Span{{Start: q.Start, End: q.End}}
	} else {
		in.Parts = make([]corpus.Span, len(q.Parts))
		for i, p := range q.Parts {
			in.Parts[i] = corpus.Span{Start: p[0], End: p[1]}
		}
	}
	return in
}

// Steps returns the standard pipeline: normalize, segment, entities,
// quotes, speakers, targets, stance.
func Steps(x *quotes.Extractor, m *models.Model) []Step {
	return []Step{
		{"normalize", Normalize{}},
		{"segment", Segment{}},
		{"entities", Entities{x}},
		{"quotes", Quotes{x}},
		{"speakers", Speakers{x}},
		{"targets", Targets{m}},
		{"stance", Stance{m}},
	}
}
