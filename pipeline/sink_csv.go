package pipeline

import (
	"bufio"
	"io"
	"strings"
)

// CSVSink writes the flat form of stance/v1 (see FlatRow) as CSV per
// RFC 4180: UTF-8 without a byte-order mark, a header row of FlatColumns,
// records ended by CRLF, and a field quoted (with inner quotes doubled)
// when it holds a comma, a quote, CR or LF, or starts with a space. Field
// contents are written verbatim, line breaks inside quote text included.
type CSVSink struct {
	w      *bufio.Writer
	rows   []FlatRow
	fields []string
	header bool
}

// NewCSVSink returns a CSV sink writing to w. The header is written with
// the first record, or by Close when there was none. Close flushes; it does
// not close w.
func NewCSVSink(w io.Writer) *CSVSink {
	return &CSVSink{w: bufio.NewWriterSize(w, 256<<10)}
}

// Write implements Sink.
func (s *CSVSink) Write(rec *Record) error {
	if err := s.writeHeader(); err != nil {
		return err
	}
	s.rows = Flatten(s.rows[:0], rec)
	for i := range s.rows {
		s.fields = s.rows[i].Strings(s.fields)
		if err := s.writeFields(s.fields); err != nil {
			return err
		}
	}
	return nil
}

// Close implements Sink.
func (s *CSVSink) Close() error {
	if err := s.writeHeader(); err != nil {
		return err
	}
	return s.w.Flush()
}

func (s *CSVSink) writeHeader() error {
	if s.header {
		return nil
	}
	s.header = true
	return s.writeFields(flatColumns)
}

func (s *CSVSink) writeFields(fields []string) error {
	for i, f := range fields {
		if i > 0 {
			s.w.WriteByte(',')
		}
		if !csvNeedsQuotes(f) {
			s.w.WriteString(f)
			continue
		}
		s.w.WriteByte('"')
		for {
			j := strings.IndexByte(f, '"')
			if j < 0 {
				break
			}
			s.w.WriteString(f[:j+1])
			s.w.WriteByte('"')
			f = f[j+1:]
		}
		s.w.WriteString(f)
		s.w.WriteByte('"')
	}
	_, err := s.w.WriteString("\r\n")
	return err
}

func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	return f[0] == ' ' || f[0] == '\t' || strings.ContainsAny(f, ",\"\r\n")
}
