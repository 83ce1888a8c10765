package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// JSONLReader reads one document per line of JSON objects. Blank lines are
// skipped. Lines may be of any length; a line longer than the configured
// maximum becomes an ErrTooLarge error without being held in memory whole.
type JSONLReader struct {
	lines              *lineReader
	name               string
	idField, textField string
	dateField          string
	scratch            []byte // for unescaping, reused
}

// NewJSONLReader returns a reader of JSONL from r; name is the source path
// used in Source ("-" for stdin).
func NewJSONLReader(r io.Reader, name string, cfg ReaderConfig) *JSONLReader {
	return &JSONLReader{
		lines:     newLineReader(r, cfg.maxBytes()),
		name:      name,
		idField:   orDefault(cfg.IDField, "id"),
		textField: orDefault(cfg.TextField, "text"),
		dateField: orDefault(cfg.DateField, "date"),
	}
}

// Read returns the next document. See Reader.
func (j *JSONLReader) Read() (Document, error) {
	for {
		line, tooLong, err := j.lines.next()
		if err == io.EOF {
			return Document{}, io.EOF
		}
		if err != nil {
			return Document{}, fmt.Errorf("read %s: %w", j.name, err)
		}
		src := j.name + ":" + strconv.Itoa(j.lines.line)
		doc := Document{Source: src}
		if tooLong {
			return doc, &ReadError{Source: src, Err: ErrTooLarge, Detail: fmt.Sprintf("line longer than %d bytes", j.lines.max)}
		}
		if j.lines.line == 1 {
			line = bytes.TrimPrefix(line, utf8BOM) // written by some Windows tools
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		return j.parse(line, doc)
	}
}

func (j *JSONLReader) parse(line []byte, doc Document) (Document, error) {
	fail := func(err error, detail string) (Document, error) {
		return doc, &ReadError{Source: doc.Source, Err: err, Detail: detail}
	}
	if !utf8.Valid(line) {
		// encoding/json would silently turn bad bytes into U+FFFD.
		return fail(ErrInvalidUTF8, "line is not valid UTF-8")
	}
	if f, ok, scratch := scanObject(line, j.idField, j.dateField, j.textField, j.scratch); ok {
		j.scratch = scratch
		return j.fromFields(f, doc)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return fail(ErrMalformedJSON, err.Error())
	}
	if raw, ok := obj[j.idField]; ok {
		doc.ID = scalarString(raw)
	}
	if raw, ok := obj[j.dateField]; ok {
		doc.Date = scalarString(raw)
	}
	raw, ok := obj[j.textField]
	if !ok || bytes.Equal(raw, []byte("null")) {
		return fail(ErrMissingField, fmt.Sprintf("no %q field", j.textField))
	}
	if err := json.Unmarshal(raw, &doc.Text); err != nil {
		return fail(ErrWrongType, fmt.Sprintf("field %q is not a string", j.textField))
	}
	return doc, nil
}

// fromFields finishes a document from the fields the fast path found, as
// parse does from encoding/json's map.
func (j *JSONLReader) fromFields(f jsonFields, doc Document) (Document, error) {
	if f.id != nil {
		doc.ID, j.scratch = fastScalar(f.id, j.scratch)
	}
	if f.date != nil {
		doc.Date, j.scratch = fastScalar(f.date, j.scratch)
	}
	if f.text == nil || string(f.text) == "null" {
		return doc, &ReadError{Source: doc.Source, Err: ErrMissingField, Detail: fmt.Sprintf("no %q field", j.textField)}
	}
	if f.text[0] != '"' {
		return doc, &ReadError{Source: doc.Source, Err: ErrWrongType, Detail: fmt.Sprintf("field %q is not a string", j.textField)}
	}
	doc.Text, j.scratch = fastScalar(f.text, j.scratch)
	return doc, nil
}

var utf8BOM = []byte("\ufeff")

// scalarString returns a JSON string's value, a number's or boolean's
// literal text, and "" for anything else.
func scalarString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	case '{', '[', 'n':
		return ""
	}
	return string(raw)
}
