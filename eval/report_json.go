package eval

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the report as one indented JSON object whose "version"
// is ReportVersion. Every figure carries the number of items (n) and
// articles it rests on, every class its support, every bin its count. It
// returns an error if the quote metrics cannot be encoded or the write
// fails.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("eval: encode report: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// ReadReport decodes a report written by WriteJSON. Quotes decodes as
// generic JSON values (map[string]any). It fails on a version other than
// ReportVersion.
func ReadReport(r io.Reader) (*Report, error) {
	var rep Report
	if err := json.NewDecoder(r).Decode(&rep); err != nil {
		return nil, fmt.Errorf("eval: decode report: %w", err)
	}
	if rep.Version != ReportVersion {
		return nil, fmt.Errorf("eval: report version %q, want %q", rep.Version, ReportVersion)
	}
	return &rep, nil
}
