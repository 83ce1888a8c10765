package pipeline

import (
	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline/quotes"
)

// Schema is the version of the output record. Within stance/v1 only optional
// fields may be added; anything else is stance/v2.
const Schema = "stance/v1"

// A Record is one document flowing through the pipeline and, serialized as
// JSON, one stance/v1 output line. Its exported JSON fields are the schema;
// working state is unexported.
type Record struct {
	Schema string       `json:"schema"`
	DocID  string       `json:"doc_id"`
	Source string       `json:"source"`
	Date   *string      `json:"date"`
	Quotes []Quote      `json:"quotes"`
	Err    *RecordError `json:"error"`

	// Seq is the record's position in the input, from 0.
	Seq int64 `json:"-"`
	// Doc is the document as read.
	Doc corpus.Document `json:"-"`

	work   quotes.Doc // what the quote stages fill in
	weight int64      // bytes of in-flight budget held
}

// A Quote is one quotation with the targets it addresses.
type Quote struct {
	ID string `json:"id"`
	quotes.Quote
	Targets []TargetStance `json:"targets"`
}

// A TargetStance is the speaker's stance in one quote toward one target.
type TargetStance struct {
	Target    string            `json:"target"`
	Stance    corpus.Label      `json:"stance"`
	Condition *string           `json:"condition"`
	Probs     Probs             `json:"probs"`
	Evidence  []models.Evidence `json:"evidence"`
}

// Probs is a probability distribution over the stance labels.
type Probs struct {
	Favor   float64 `json:"favor"`
	Against float64 `json:"against"`
	Neutral float64 `json:"neutral"`
}

// A RecordError says why a document has no result. Code is stable.
type RecordError struct {
	Code    string `json:"code"`
	Stage   string `json:"stage"`
	Message string `json:"message"`
}

func (e *RecordError) Error() string { return e.Stage + ": " + e.Code + ": " + e.Message }

// Stable error codes beyond the readers' (corpus.Code).
const (
	CodeEmpty       = "empty"
	CodeInvalidUTF8 = "invalid_utf8"
	CodeBinary      = "binary"
	CodeStageFailed = "stage_failed"
	CodePanic       = "panic"
)

// HasQuotes reports whether the record holds at least one quote.
func (r *Record) HasQuotes() bool { return len(r.Quotes) > 0 }

// Failed reports whether the record carries an error.
func (r *Record) Failed() bool { return r.Err != nil }

// newRecord makes the record for a document read at position seq.
func newRecord(seq int64, doc corpus.Document) *Record {
	id := doc.ID
	if id == "" {
		id = doc.Source
	}
	r := &Record{Schema: Schema, Seq: seq, Doc: doc, DocID: id, Source: doc.Source, Quotes: []Quote{}}
	if doc.Date != "" {
		d := doc.Date
		r.Date = &d
	}
	return r
}
