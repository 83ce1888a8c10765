// Package pipeline runs documents through the stages of stance — normalize,
// segment, entities, quotes, speakers, targets, stance — and writes one
// Record per document, in input order, to a Sink.
//
// # Records
//
// A Record is one document flowing through the pipeline; serialized as JSON
// it is one stance/v1 output line (Schema). A document that cannot be used
// (invalid UTF-8, empty, binary, unreadable, a stage's error or panic)
// becomes a record whose Err says why, with a stable code; it still reaches
// the sink, so every run accounts for every input: read = written + errored.
//
// # Running
//
// Run reads from a corpus.Reader and passes each record through a list of
// Steps. Each stage is a pool of workers joined by bounded channels; the
// sink restores input order within a bounded window, so memory stays flat
// whatever the corpus size. Steps returns the standard stages.
//
//	src, _ := corpus.Open("articles/", corpus.ReaderConfig{})
//	sink := pipeline.NewJSONLSink(os.Stdout)
//	sum, err := pipeline.Run(ctx, src, pipeline.Steps(extractor, model), sink, pipeline.Config{})
//
// # Offsets
//
// Every span in a record is a pair of Unicode code-point offsets
// [start, end) into the document text exactly as read.
//
// # Concurrency
//
// Run is the only code of stance that starts goroutines. Stages must be
// safe for concurrent use and must not keep a record after Process returns;
// a Sink is called from one goroutine.
package pipeline
