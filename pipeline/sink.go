package pipeline

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// JSONLSink writes one stance/v1 JSON line per record.
type JSONLSink struct {
	w   *bufio.Writer
	enc *json.Encoder // for records the hand-written encoder leaves to it
	buf []byte        // one encoded record, reused
}

// NewJSONLSink returns a sink writing to w. Close flushes it; it does not
// close w.
func NewJSONLSink(w io.Writer) *JSONLSink {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &JSONLSink{w: bw, enc: enc}
}

// Write implements Sink.
func (s *JSONLSink) Write(rec *Record) error {
	if fastSchemaOK() {
		if b, ok := appendRecord(s.buf[:0], rec); ok {
			_, err := s.w.Write(b)
			if cap(b) <= 1<<20 {
				s.buf = b
			}
			return err
		}
	}
	return s.enc.Encode(rec)
}

// Close implements Sink.
func (s *JSONLSink) Close() error { return s.w.Flush() }

// TableSink writes a readable table, one row per quote × target: speaker,
// target, stance, confidence, an excerpt of the quote, and the article. Error
// records get one row with their code. With AllQuotes, quotes addressing no
// target get a row too.
type TableSink struct {
	w         *bufio.Writer
	AllQuotes bool
	Width     int // of the quote column, in characters (default 60)
	rows      int
	header    bool
}

// NewTableSink returns a table sink writing to w.
func NewTableSink(w io.Writer) *TableSink {
	return &TableSink{w: bufio.NewWriter(w), Width: 60}
}

const tableFormat = "%-22s  %-19s  %-8s  %5s  %-*s  %s\n"

// Write implements Sink.
func (s *TableSink) Write(rec *Record) error {
	if !s.header {
		s.header = true
		fmt.Fprintf(s.w, tableFormat, "SPEAKER", "TARGET", "STANCE", "CONF", s.Width, "QUOTE", "ARTICLE")
	}
	article := clip(rec.DocID, 40)
	if rec.Err != nil {
		s.rows++
		_, err := fmt.Fprintf(s.w, tableFormat, "-", "-", "error", "", s.Width, clip(rec.Err.Code+": "+rec.Err.Message, s.Width), article)
		return err
	}
	for _, q := range rec.Quotes {
		speaker := "?"
		if q.Speaker != nil {
			speaker = q.Speaker.Name
		}
		text := clip(strings.Join(strings.Fields(q.Text), " "), s.Width)
		if len(q.Targets) == 0 && s.AllQuotes {
			s.rows++
			fmt.Fprintf(s.w, tableFormat, clip(speaker, 22), "-", "-", "", s.Width, text, article)
		}
		for _, t := range q.Targets {
			s.rows++
			conf := max(t.Probs.Favor, t.Probs.Against, t.Probs.Neutral)
			stance := string(t.Stance)
			if t.Condition != nil {
				stance += "*"
			}
			if _, err := fmt.Fprintf(s.w, tableFormat, clip(speaker, 22), clip(t.Target, 19), stance, fmt.Sprintf("%.2f", conf), s.Width, text, article); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close implements Sink.
func (s *TableSink) Close() error {
	if s.rows > 0 {
		fmt.Fprintln(s.w, "\n* the stance carries a condition (see the JSONL output)")
	}
	return s.w.Flush()
}

// clip shortens s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
