package models

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// ErrRows reports a stance-only rows file that cannot be read.
var ErrRows = errors.New("models: bad stance rows")

// maxRowBytes caps one row.
const maxRowBytes = 1 << 20

// ReadRows reads stance-only rows: JSON Lines objects with the fields id,
// target, text, stance and optionally split, or tab-separated values with
// a header naming those columns (any order, case-insensitive; extra columns
// are ignored). Stance labels are parsed by corpus.ParseLabel, so NONE is
// neutral. Each row becomes an example whose quote is the whole text, its
// ArticleID the row id. The format is chosen by the first non-blank byte
// ('{' for JSONL). name is used in errors as name:line.
func ReadRows(r io.Reader, name string) ([]Example, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(4096) // a short read only means a short file
	if b := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(b) > 0 && b[0] == '{' {
		return readRowsJSONL(br, name)
	}
	return readRowsTSV(br, name)
}

type row struct {
	ID     string `json:"id"`
	Target string `json:"target"`
	Text   string `json:"text"`
	Stance string `json:"stance"`
	Split  string `json:"split"`
}

func (rw row) example(where string) (Example, error) {
	if rw.Target == "" || rw.Text == "" || rw.Stance == "" {
		return Example{}, fmt.Errorf("%s: %w: missing target, text or stance", where, ErrRows)
	}
	if !utf8.ValidString(rw.Text) {
		return Example{}, fmt.Errorf("%s: %w: text is not valid UTF-8", where, ErrRows)
	}
	l, err := corpus.ParseLabel(rw.Stance)
	if err != nil {
		return Example{}, fmt.Errorf("%s: %w: %v", where, ErrRows, err)
	}
	split := strings.ToLower(strings.TrimSpace(rw.Split))
	switch split {
	case "", corpus.SplitTrain, corpus.SplitDev, corpus.SplitTest:
	default:
		return Example{}, fmt.Errorf("%s: %w: unknown split %q", where, ErrRows, rw.Split)
	}
	n := utf8.RuneCountInString(rw.Text)
	return Example{
		Input:     Input{Text: rw.Text, Parts: []corpus.Span{{Start: 0, End: n}}},
		Target:    strings.TrimSpace(rw.Target),
		Label:     l,
		ArticleID: rw.ID,
		Split:     split,
	}, nil
}

func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		b, err := br.ReadSlice('\n')
		line = append(line, b...)
		if len(line) > maxRowBytes {
			return nil, fmt.Errorf("%w: line longer than %d bytes", ErrRows, maxRowBytes)
		}
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

func readRowsJSONL(br *bufio.Reader, name string) ([]Example, error) {
	var out []Example
	for ln := 1; ; ln++ {
		b, err := readLine(br)
		if err != nil && err != io.EOF {
			return out, fmt.Errorf("%s:%d: %w", name, ln, err)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			var rw row
			if jerr := json.Unmarshal(b, &rw); jerr != nil {
				return out, fmt.Errorf("%s:%d: %w: %v", name, ln, ErrRows, jerr)
			}
			where := fmt.Sprintf("%s:%d", name, ln)
			if rw.ID == "" {
				rw.ID = where
			}
			ex, xerr := rw.example(where)
			if xerr != nil {
				return out, xerr
			}
			out = append(out, ex)
		}
		if err == io.EOF {
			return out, nil
		}
	}
}

func readRowsTSV(br *bufio.Reader, name string) ([]Example, error) {
	cr := csv.NewReader(br)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	hdr, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: %w: header: %v", name, ErrRows, err)
	}
	col := map[string]int{}
	for i, h := range hdr {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"target", "text", "stance"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s:1: %w: header has no %q column (want id, target, text, stance[, split])", name, ErrRows, need)
		}
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []Example
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		where := fmt.Sprintf("%s:%d", name, line)
		if err != nil {
			return out, fmt.Errorf("%s: %w: %v", where, ErrRows, err)
		}
		rw := row{ID: get(rec, "id"), Target: get(rec, "target"), Text: get(rec, "text"), Stance: get(rec, "stance"), Split: get(rec, "split")}
		if rw.ID == "" {
			rw.ID = where
		}
		ex, err := rw.example(where)
		if err != nil {
			return out, err
		}
		out = append(out, ex)
	}
}

// ReadExamples reads labeled data in either format: gold articles (JSON
// Lines whose objects have "quotes") become examples by ExamplesFromGold,
// anything else is read as stance-only rows by ReadRows.
func ReadExamples(r io.Reader, name string) ([]Example, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	line, _ := readLine(br) // the first line, to sniff; errors surface below
	rest := io.MultiReader(bytes.NewReader(line), br)
	var probe map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimSpace(line), &probe) == nil {
		if _, ok := probe["quotes"]; ok {
			arts, err := corpus.ReadGold(rest, name)
			if err != nil {
				return nil, err
			}
			return ExamplesFromGold(arts), nil
		}
	}
	return ReadRows(rest, name)
}

// SplitExamples divides examples by their Split; an example without one
// goes where corpus.SplitOf puts its ArticleID.
func SplitExamples(exs []Example) (train, dev, test []Example) {
	for _, ex := range exs {
		sp := ex.Split
		if sp == "" {
			sp = corpus.SplitOf(ex.ArticleID)
		}
		switch sp {
		case corpus.SplitTrain:
			train = append(train, ex)
		case corpus.SplitDev:
			dev = append(dev, ex)
		default:
			test = append(test, ex)
		}
	}
	return
}
