package pipeline

import (
	"context"
	"errors"

	"github.com/stance-project/stance/corpus"
)

// ScoreOne scores one document outside Run, for callers that schedule work
// themselves (a Beam DoFn, a serverless function). It makes the record
// exactly as Run does for a document read at position seq: readErr is the
// error the corpus reader returned with doc, if any, and becomes the
// record's error (stage "read", its corpus.Code) with no step run;
// otherwise the steps run in order, and the first one to fail or panic
// sets the record's error and ends the work. Serialized by a JSONLSink, the
// record is byte for byte the line Run would write for doc.
//
// Unlike Run, ScoreOne passes ctx to the stages as it is: cancelling it
// makes the stage running fail the record.
func ScoreOne(ctx context.Context, steps []Step, doc corpus.Document, readErr error, seq int64) *Record {
	rec := newRecord(seq, doc)
	if readErr != nil {
		msg := readErr.Error()
		var re *corpus.ReadError
		if errors.As(readErr, &re) {
			msg = re.Error()
		}
		rec.Err = &RecordError{Code: corpus.Code(readErr), Stage: "read", Message: msg}
		return rec
	}
	for _, step := range steps {
		apply(ctx, step, rec)
		if rec.Err != nil {
			break
		}
	}
	return rec
}
