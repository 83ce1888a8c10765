// Package corpus holds the vocabulary every other package of stance shares
// (Document, Span, Target, Stance), the readers that turn article corpora into
// Documents, and the labeled evaluation set: its format, loader, validator and
// fixed splits.
//
// # Offsets
//
// Every Span is a pair of Unicode code-point offsets [Start, End) into the
// document text exactly as read. Internal byte offsets carry a Byte suffix.
//
// # Concurrency
//
// Values are plain data. A Reader is not safe for concurrent use.
package corpus
