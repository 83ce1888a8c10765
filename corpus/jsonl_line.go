package corpus

import (
	"bytes"
	"fmt"
)

// ParseJSONLine parses one line of a JSONL corpus (without its line ending)
// into a document, as JSONLReader does: the id, text and date fields named
// by cfg, source as the document's Source ("path:line"). A line that
// cannot be used returns what is known with a *ReadError (too_large,
// invalid_utf8, malformed_json, missing_field, wrong_type). A leading
// byte-order mark is removed. Callers that read lines themselves (a Beam
// pipeline, say) skip blank lines, as JSONLReader does: lines of white
// space, after any byte-order mark.
func ParseJSONLine(line []byte, source string, cfg ReaderConfig) (Document, error) {
	doc := Document{Source: source}
	if limit := cfg.maxBytes(); len(line) > limit {
		return doc, &ReadError{Source: source, Err: ErrTooLarge, Detail: fmt.Sprintf("line longer than %d bytes", limit)}
	}
	j := JSONLReader{
		name:      source,
		idField:   orDefault(cfg.IDField, "id"),
		textField: orDefault(cfg.TextField, "text"),
		dateField: orDefault(cfg.DateField, "date"),
	}
	return j.parse(bytes.TrimPrefix(line, utf8BOM), doc)
}
