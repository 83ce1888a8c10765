package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stance-project/stance/models"
)

// Formats returns the output formats NewSink knows.
func Formats() []string { return []string{"jsonl", "csv", "parquet"} }

// ErrFormat is the cause of NewSink's error for an unknown format.
var ErrFormat = errors.New("pipeline: unknown output format")

// NewSink returns the sink for an output format: "jsonl" (stance/v1
// records, one JSON line each), "csv" or "parquet" (the flat form, see
// FlatRow). Its Close must be called to complete the output; it does not
// close w. An unknown format gives an error wrapping ErrFormat.
func NewSink(format string, w io.Writer) (Sink, error) {
	switch format {
	case "jsonl":
		return NewJSONLSink(w), nil
	case "csv":
		return NewCSVSink(w), nil
	case "parquet":
		return NewParquetSink(w), nil
	}
	return nil, fmt.Errorf("%w %q (want %s)", ErrFormat, format, strings.Join(Formats(), ", "))
}

// A FlatRow is one row of the flat form of stance/v1, which the CSV and
// Parquet sinks write: one row per quote × target. A quote that addresses
// no target gives one row with no target; a document with no quote gives one
// row with no quote fields; an error record gives one row with its
// ErrorCode. So every input document appears at least once, in input order.
//
// A nil field is absent (empty in CSV, null in Parquet). Offsets are
// Unicode code points into the document text as read, as in the record.
// Evidence is the JSON array of the record's evidence
// ([{"text","start","end","weight"}]), or nil when the row has no target.
type FlatRow struct {
	DocID             string   `parquet:"doc_id"`
	Source            string   `parquet:"source"`
	QuoteID           *string  `parquet:"quote_id,optional"`
	QuoteStart        *int64   `parquet:"quote_start,optional"`
	QuoteEnd          *int64   `parquet:"quote_end,optional"`
	QuoteText         *string  `parquet:"quote_text,optional"`
	Kind              *string  `parquet:"kind,optional,dict"`
	Speaker           *string  `parquet:"speaker,optional,dict"`
	SpeakerVia        *string  `parquet:"speaker_via,optional,dict"`
	SpeakerConfidence *float64 `parquet:"speaker_confidence,optional"`
	Cue               *string  `parquet:"cue,optional,dict"`
	Target            *string  `parquet:"target,optional,dict"`
	Stance            *string  `parquet:"stance,optional,dict"`
	Condition         *string  `parquet:"condition,optional,dict"`
	PFavor            *float64 `parquet:"p_favor,optional"`
	PAgainst          *float64 `parquet:"p_against,optional"`
	PNeutral          *float64 `parquet:"p_neutral,optional"`
	Evidence          *string  `parquet:"evidence,optional"`
	ErrorCode         *string  `parquet:"error_code,optional,dict"`
}

// FlatColumns returns the column names of the flat form, in order: the
// CSV header and the Parquet schema's columns.
func FlatColumns() []string { return slices.Clone(flatColumns) }

var flatColumns = []string{
	"doc_id", "source", "quote_id", "quote_start", "quote_end", "quote_text",
	"kind", "speaker", "speaker_via", "speaker_confidence", "cue",
	"target", "stance", "condition", "p_favor", "p_against", "p_neutral",
	"evidence", "error_code",
}

// Flatten appends the flat rows of rec to dst and returns the extended
// slice. Strings are made valid UTF-8 the way encoding/json does (each bad
// byte becomes U+FFFD), so flat values equal the JSONL output's.
func Flatten(dst []FlatRow, rec *Record) []FlatRow {
	base := FlatRow{DocID: validUTF8(rec.DocID), Source: validUTF8(rec.Source)}
	if rec.Err != nil {
		base.ErrorCode = strPtr(rec.Err.Code)
		return append(dst, base)
	}
	if len(rec.Quotes) == 0 {
		return append(dst, base)
	}
	for i := range rec.Quotes {
		q := &rec.Quotes[i]
		row := base
		row.QuoteID = strPtr(q.ID)
		row.QuoteStart = int64Ptr(int64(q.Start))
		row.QuoteEnd = int64Ptr(int64(q.End))
		row.QuoteText = strPtr(q.Text)
		row.Kind = strPtr(q.Kind)
		if q.Speaker != nil {
			row.Speaker = strPtr(q.Speaker.Name)
			row.SpeakerVia = strPtr(q.Speaker.Via)
			row.SpeakerConfidence = float64Ptr(q.Speaker.Confidence)
		}
		if q.Cue != "" {
			row.Cue = strPtr(q.Cue)
		}
		if len(q.Targets) == 0 {
			dst = append(dst, row)
			continue
		}
		for j := range q.Targets {
			t := &q.Targets[j]
			tr := row
			tr.Target = strPtr(t.Target)
			tr.Stance = strPtr(string(t.Stance))
			if t.Condition != nil {
				tr.Condition = strPtr(*t.Condition)
			}
			tr.PFavor = float64Ptr(t.Probs.Favor)
			tr.PAgainst = float64Ptr(t.Probs.Against)
			tr.PNeutral = float64Ptr(t.Probs.Neutral)
			tr.Evidence = strPtr(evidenceJSON(t.Evidence))
			dst = append(dst, tr)
		}
	}
	return dst
}

// Strings returns the row's values in FlatColumns order as CSV fields:
// absent values are empty, integers decimal, floats in the shortest form
// that reads back exactly.
func (r *FlatRow) Strings(dst []string) []string {
	return append(dst[:0],
		r.DocID, r.Source, str(r.QuoteID), intStr(r.QuoteStart), intStr(r.QuoteEnd), str(r.QuoteText),
		str(r.Kind), str(r.Speaker), str(r.SpeakerVia), floatStr(r.SpeakerConfidence), str(r.Cue),
		str(r.Target), str(r.Stance), str(r.Condition), floatStr(r.PFavor), floatStr(r.PAgainst), floatStr(r.PNeutral),
		str(r.Evidence), str(r.ErrorCode),
	)
}

// evidenceJSON encodes ev as the record does, as a JSON array.
func evidenceJSON(ev []models.Evidence) string {
	if ev == nil {
		ev = []models.Evidence{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		// Evidence holds strings, ints and finite floats; encoding it
		// cannot fail unless the model produced NaN or Inf.
		panic("pipeline: encode evidence: " + err.Error())
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// validUTF8 replaces each byte of s that is not part of valid UTF-8 with
// U+FFFD, as encoding/json does when it writes a string.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func strPtr(s string) *string {
	s = validUTF8(s)
	return &s
}

func int64Ptr(n int64) *int64       { return &n }
func float64Ptr(f float64) *float64 { return &f }

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func intStr(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func floatStr(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}
