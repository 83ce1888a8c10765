package corpus

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CSVReader reads one document per row of a CSV or TSV file with a header
// row (RFC 4180 quoting: fields may hold commas, quotes and newlines).
type CSVReader struct {
	r                       *csv.Reader
	name                    string
	cfg                     ReaderConfig
	idCol, textCol, dateCol int
	width                   int
	header                  bool
	rows                    int
}

// NewCSVReader returns a reader of CSV (comma ',') or TSV (comma '\t') from
// r; name is the source path used in Source.
func NewCSVReader(r io.Reader, name string, comma rune, cfg ReaderConfig) *CSVReader {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // checked against the header here, so the row can be reported
	cr.ReuseRecord = true
	if comma == '\t' {
		cr.LazyQuotes = true // TSV rarely quotes; a stray quote is text
	}
	return &CSVReader{r: cr, name: name, cfg: cfg}
}

// Read returns the next document. See Reader.
func (c *CSVReader) Read() (Document, error) {
	if !c.header {
		if err := c.readHeader(); err != nil {
			return Document{}, err
		}
	}
	for {
		rec, err := c.r.Read()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.rows++
			src := c.name + ":" + strconv.Itoa(pe.StartLine)
			return Document{Source: src}, &ReadError{Source: src, Err: ErrMalformedCSV, Detail: pe.Err.Error()}
		}
		if err == io.EOF {
			return Document{}, io.EOF
		}
		if err != nil {
			return Document{}, fmt.Errorf("read %s: %w", c.name, err)
		}
		line, _ := c.r.FieldPos(0) // valid after a successful Read
		src := c.name + ":" + strconv.Itoa(line)
		c.rows++
		doc := Document{Source: src, ID: "row" + strconv.Itoa(c.rows)}
		if len(rec) == 1 && rec[0] == "" {
			continue // a blank line
		}
		if len(rec) != c.width {
			return doc, &ReadError{Source: src, Err: ErrMalformedCSV, Detail: fmt.Sprintf("row has %d fields, header has %d", len(rec), c.width)}
		}
		if c.idCol >= 0 {
			doc.ID = rec[c.idCol]
		}
		if c.dateCol >= 0 {
			doc.Date = rec[c.dateCol]
		}
		if len(rec[c.textCol]) > c.cfg.maxBytes() {
			return doc, &ReadError{Source: src, Err: ErrTooLarge, Detail: fmt.Sprintf("text of %d bytes, limit %d", len(rec[c.textCol]), c.cfg.maxBytes())}
		}
		doc.Text = strings.Clone(rec[c.textCol])
		return doc, nil
	}
}

func (c *CSVReader) readHeader() error {
	hdr, err := c.r.Read()
	if err == io.EOF {
		return io.EOF
	}
	if err != nil {
		return fmt.Errorf("read header of %s: %w", c.name, err)
	}
	c.header = true
	c.width = len(hdr)
	find := func(want string, fallbacks ...string) int {
		names := append([]string{want}, fallbacks...)
		for _, n := range names {
			for i, h := range hdr {
				if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), n) {
					return i
				}
			}
		}
		return -1
	}
	if c.cfg.TextCol != "" {
		c.textCol = find(c.cfg.TextCol)
	} else {
		c.textCol = find("text", "body", "content", "article")
	}
	if c.textCol < 0 {
		return fmt.Errorf("%s: %w: no text column %q in header %q (use --text-col)", c.name, ErrMissingField, orDefault(c.cfg.TextCol, "text"), strings.Join(hdr, ","))
	}
	if c.cfg.IDCol != "" {
		if c.idCol = find(c.cfg.IDCol); c.idCol < 0 {
			return fmt.Errorf("%s: %w: no id column %q in header", c.name, ErrMissingField, c.cfg.IDCol)
		}
	} else {
		c.idCol = find("id", "doc_id", "link", "url")
	}
	c.dateCol = find(orDefault(c.cfg.DateField, "date"))
	return nil
}
