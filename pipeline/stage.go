package pipeline

import "context"

// A Stage adds one layer of annotation to rec. It must be safe for
// concurrent use and must not keep rec after returning. An error it returns
// becomes the record's error (code stage_failed unless it is a
// *RecordError); the record then skips the remaining stages.
type Stage interface {
	Process(ctx context.Context, rec *Record) error
}

// StageFunc adapts a function to a Stage.
type StageFunc func(ctx context.Context, rec *Record) error

// Process calls f(ctx, rec).
func (f StageFunc) Process(ctx context.Context, rec *Record) error { return f(ctx, rec) }

// A Step is a named stage in a pipeline.
type Step struct {
	Name  string
	Stage Stage
}

// A Sink writes finished records, in input order. It is called from one
// goroutine only.
type Sink interface {
	Write(rec *Record) error
	Close() error
}
