package corpus

import (
	"errors"
	"fmt"
)

// A Reader reads documents from a corpus, one at a time, in input order.
//
// Read returns the next document, or io.EOF at the end. A document that could
// not be read returns what is known of it (its Source, and its ID when one
// could be read) together with a *ReadError, and the Reader stays usable: the
// caller records the error and reads on, as encoding/csv's Read does after
// ErrFieldCount. Any other error is a failure of the source itself and is
// final.
//
// A Reader is not safe for concurrent use.
type Reader interface {
	Read() (Document, error)
}

// Sentinel causes of a ReadError. Each has a stable code, given by Code.
var (
	ErrMalformedJSON = errors.New("corpus: malformed JSON")
	ErrMissingField  = errors.New("corpus: missing field")
	ErrWrongType     = errors.New("corpus: field has the wrong type")
	ErrTooLarge      = errors.New("corpus: document too large")
	ErrInvalidUTF8   = errors.New("corpus: invalid UTF-8")
	ErrMalformedCSV  = errors.New("corpus: malformed CSV row")
	ErrUnreadable    = errors.New("corpus: unreadable input")
)

// A ReadError reports a document that could not be read. Reading may
// continue.
type ReadError struct {
	Source string // "path:line", or the path for whole files
	Detail string // what exactly was wrong, for people
	Err    error  // one of the sentinels above
}

func (e *ReadError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%s: %v", e.Source, e.Err)
	}
	return fmt.Sprintf("%s: %v: %s", e.Source, e.Err, e.Detail)
}

func (e *ReadError) Unwrap() error { return e.Err }

// Code returns the stable error code of a read error's cause: malformed_json,
// missing_field, wrong_type, too_large, invalid_utf8, malformed_csv,
// unreadable; "read_failed" for anything else.
func Code(err error) string {
	switch {
	case errors.Is(err, ErrMalformedJSON):
		return "malformed_json"
	case errors.Is(err, ErrMissingField):
		return "missing_field"
	case errors.Is(err, ErrWrongType):
		return "wrong_type"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrInvalidUTF8):
		return "invalid_utf8"
	case errors.Is(err, ErrMalformedCSV):
		return "malformed_csv"
	case errors.Is(err, ErrUnreadable):
		return "unreadable"
	}
	return "read_failed"
}

// Format names the layout of a corpus.
type Format string

// The corpus formats. FormatAuto detects the format from the file name's
// extension, and failing that from the first bytes.
const (
	FormatAuto  Format = ""
	FormatJSONL Format = "jsonl"
	FormatCSV   Format = "csv"
	FormatTSV   Format = "tsv"
	FormatText  Format = "text" // the whole input is one document
	FormatDir   Format = "dir"
)

// DefaultMaxDocBytes is the largest document read when ReaderConfig leaves
// MaxDocBytes zero: 16 MiB.
const DefaultMaxDocBytes = 16 << 20

// ReaderConfig says how to read a corpus. Its zero value reads JSONL with
// fields "id" and "text", CSV with columns "id" and "text" (or "body"), and
// documents of up to DefaultMaxDocBytes.
type ReaderConfig struct {
	Format      Format
	IDField     string // JSONL: field holding the id (default "id")
	TextField   string // JSONL: field holding the text (default "text")
	DateField   string // JSONL and CSV: field holding the date (default "date")
	IDCol       string // CSV: id column (default "id", else "link", else the row number)
	TextCol     string // CSV: text column (default "text", else "body", "content")
	MaxDocBytes int    // larger documents become ErrTooLarge records
}

func (c ReaderConfig) maxBytes() int {
	if c.MaxDocBytes > 0 {
		return c.MaxDocBytes
	}
	return DefaultMaxDocBytes
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
