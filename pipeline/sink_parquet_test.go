package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline/quotes"
)

// teeSink writes every record to several sinks.
type teeSink []Sink

func (t teeSink) Write(r *Record) error {
	for _, s := range t {
		if err := s.Write(r); err != nil {
			return err
		}
	}
	return nil
}

func (t teeSink) Close() error {
	var errs []error
	for _, s := range t {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// A column's physical type and whether it may be null.
type colType struct {
	kind     parquet.Kind
	utf8     bool
	optional bool
}

var wantColumnTypes = map[string]colType{
	"doc_id": {parquet.ByteArray, true, false}, "source": {parquet.ByteArray, true, false},
	"quote_id": {parquet.ByteArray, true, true}, "quote_start": {parquet.Int64, false, true},
	"quote_end": {parquet.Int64, false, true}, "quote_text": {parquet.ByteArray, true, true},
	"kind": {parquet.ByteArray, true, true}, "speaker": {parquet.ByteArray, true, true},
	"speaker_via": {parquet.ByteArray, true, true}, "speaker_confidence": {parquet.Double, false, true},
	"cue": {parquet.ByteArray, true, true}, "target": {parquet.ByteArray, true, true},
	"stance": {parquet.ByteArray, true, true}, "condition": {parquet.ByteArray, true, true},
	"p_favor": {parquet.Double, false, true}, "p_against": {parquet.Double, false, true},
	"p_neutral": {parquet.Double, false, true}, "evidence": {parquet.ByteArray, true, true},
	"error_code": {parquet.ByteArray, true, true},
}

// checkParquetAgainstJSONL reads the Parquet file back with parquet-go and
// compares every value of every row with the flat rows derived, by code
// independent of Flatten, from the JSONL output of the same records. It
// also checks the column names and types, zstd compression, the schema
// metadata, and a typed read-back (FlatRow) against Flatten of the decoded
// JSONL. It returns the file for further checks.
func checkParquetAgainstJSONL(t *testing.T, pq, jsonl []byte) *parquet.File {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatalf("open parquet: %v", err)
	}

	// Schema: names in order, types, nullability.
	var names []string
	for _, path := range f.Schema().Columns() {
		names = append(names, strings.Join(path, "."))
	}
	if diff := cmp.Diff(FlatColumns(), names); diff != "" {
		t.Fatalf("parquet columns (-want +got):\n%s", diff)
	}
	for _, field := range f.Schema().Fields() {
		want := wantColumnTypes[field.Name()]
		_, isString := logicalValue(field.Type().LogicalType()).(*format.StringType)
		got := colType{field.Type().Kind(), isString, field.Optional()}
		if got != want {
			t.Errorf("column %s: type %+v, want %+v", field.Name(), got, want)
		}
	}
	if v, ok := f.Lookup("stance.schema"); !ok || v != Schema {
		t.Errorf("metadata stance.schema = %q, %v; want %q", v, ok, Schema)
	}
	for i, rg := range f.Metadata().RowGroups {
		for _, c := range rg.Columns {
			if c.MetaData.Codec != format.Zstd {
				t.Fatalf("row group %d column %v: codec %v, want ZSTD", i, c.MetaData.PathInSchema, c.MetaData.Codec)
			}
		}
	}

	// Expected values, column by column, from the JSONL as generic JSON.
	var want []map[string]any
	var recs []*Record
	sc := bufio.NewScanner(bytes.NewReader(jsonl))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var obj map[string]any
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
			t.Fatalf("JSONL line: %v", err)
		}
		want = append(want, flatFromJSON(t, obj)...)
		rec := new(Record)
		if err := json.Unmarshal(sc.Bytes(), rec); err != nil {
			t.Fatalf("JSONL line into Record: %v", err)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	// Actual values, read as untyped rows.
	var got []map[string]any
	for _, rg := range f.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 7)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				m := map[string]any{}
				for _, v := range row {
					name := FlatColumns()[v.Column()]
					switch {
					case v.IsNull():
						m[name] = nil
					case v.Kind() == parquet.Int64:
						m[name] = v.Int64()
					case v.Kind() == parquet.Double:
						m[name] = v.Double()
					case v.Kind() == parquet.ByteArray:
						m[name] = string(v.ByteArray())
					default:
						t.Fatalf("column %s: unexpected kind %v", name, v.Kind())
					}
				}
				got = append(got, m)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("read rows: %v", err)
			}
		}
		rows.Close()
	}
	if len(got) != len(want) {
		t.Fatalf("parquet has %d rows, JSONL gives %d", len(got), len(want))
	}
	for i := range want {
		for _, col := range FlatColumns() {
			g, w := got[i][col], want[i][col]
			if col == "evidence" && g != nil && w != nil {
				g, w = decodeAny(t, g.(string)), decodeAny(t, w.(string))
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("row %d (%v) column %s: parquet %#v, JSONL %#v", i, want[i]["doc_id"], col, g, w)
			}
		}
	}

	// Typed read-back equals Flatten of the records decoded from JSONL.
	typed, err := parquet.Read[FlatRow](bytes.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatalf("typed read: %v", err)
	}
	var flat []FlatRow
	for _, r := range recs {
		flat = Flatten(flat, r)
	}
	if diff := cmp.Diff(flat, typed); diff != "" {
		t.Errorf("typed read-back (-Flatten(JSONL) +parquet):\n%s", diff)
	}
	return f
}

func logicalValue(lt *format.LogicalType) format.LogicalTypeValue {
	if lt == nil {
		return nil
	}
	return lt.Value
}

func decodeAny(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("evidence %q: %v", s, err)
	}
	return v
}

// flatFromJSON derives the flat rows of one stance/v1 record from its
// generic JSON form, as a consumer reading the schema would.
func flatFromJSON(t *testing.T, rec map[string]any) []map[string]any {
	t.Helper()
	base := map[string]any{}
	for _, c := range FlatColumns() {
		base[c] = nil
	}
	base["doc_id"] = rec["doc_id"]
	base["source"] = rec["source"]
	if e, ok := rec["error"].(map[string]any); ok {
		base["error_code"] = e["code"]
		return []map[string]any{base}
	}
	qs := rec["quotes"].([]any)
	if len(qs) == 0 {
		return []map[string]any{base}
	}
	var rows []map[string]any
	for _, qv := range qs {
		q := qv.(map[string]any)
		row := maps(base)
		row["quote_id"] = q["id"]
		row["quote_start"] = int64(q["start"].(float64))
		row["quote_end"] = int64(q["end"].(float64))
		row["quote_text"] = q["text"]
		row["kind"] = q["kind"]
		if sp, ok := q["speaker"].(map[string]any); ok {
			row["speaker"] = sp["name"]
			row["speaker_via"] = sp["via"]
			row["speaker_confidence"] = sp["confidence"]
		}
		if cue := q["cue"].(string); cue != "" {
			row["cue"] = cue
		}
		ts := q["targets"].([]any)
		if len(ts) == 0 {
			rows = append(rows, row)
			continue
		}
		for _, tv := range ts {
			tg := tv.(map[string]any)
			r := maps(row)
			r["target"] = tg["target"]
			r["stance"] = tg["stance"]
			r["condition"] = tg["condition"]
			p := tg["probs"].(map[string]any)
			r["p_favor"], r["p_against"], r["p_neutral"] = p["favor"], p["against"], p["neutral"]
			ev, err := json.Marshal(tg["evidence"])
			if err != nil {
				t.Fatal(err)
			}
			r["evidence"] = string(ev)
			rows = append(rows, r)
		}
	}
	return rows
}

func maps(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// TestParquetSinkMatchesJSONL writes the same records as JSONL and as
// Parquet and compares every Parquet value with the JSONL output.
func TestParquetSinkMatchesJSONL(t *testing.T) {
	var pq, jl bytes.Buffer
	writeAll(t, teeSink{NewParquetSink(&pq), NewJSONLSink(&jl)}, flatTestRecords())
	f := checkParquetAgainstJSONL(t, pq.Bytes(), jl.Bytes())
	if got := f.NumRows(); got != 7 {
		t.Errorf("%d rows, want 7", got)
	}
}

// TestParquetSinkRowGroups holds that row groups are cut by rows and by
// bytes, so the sink's memory does not grow with the corpus, and that the
// values survive the cuts.
func TestParquetSinkRowGroups(t *testing.T) {
	recs := flatTestRecords()
	var many []*Record
	for i := range 50 {
		r := *recs[i%len(recs)]
		r.DocID = fmt.Sprintf("%s-%d", r.DocID, i)
		many = append(many, &r)
	}
	tests := []struct {
		name              string
		maxRows, maxBytes int64
		minGroups         int
	}{
		{"by rows", 10, 1 << 30, 7},
		{"by bytes", 1 << 30, 2000, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pq, jl bytes.Buffer
			writeAll(t, teeSink{newParquetSink(&pq, tt.maxRows, tt.maxBytes), NewJSONLSink(&jl)}, many)
			f := checkParquetAgainstJSONL(t, pq.Bytes(), jl.Bytes())
			groups := f.RowGroups()
			if len(groups) < tt.minGroups {
				t.Errorf("%d row groups, want at least %d", len(groups), tt.minGroups)
			}
			for i, g := range groups {
				if g.NumRows() > tt.maxRows+2 { // a record's rows are never split
					t.Errorf("row group %d has %d rows, limit %d", i, g.NumRows(), tt.maxRows)
				}
			}
		})
	}
}

func TestParquetSinkEmpty(t *testing.T) {
	var pq bytes.Buffer
	writeAll(t, NewParquetSink(&pq), nil)
	f, err := parquet.OpenFile(bytes.NewReader(pq.Bytes()), int64(pq.Len()))
	if err != nil {
		t.Fatalf("an empty run is not a valid file: %v", err)
	}
	if f.NumRows() != 0 || len(f.Schema().Columns()) != len(FlatColumns()) {
		t.Errorf("empty file: %d rows, %d columns", f.NumRows(), len(f.Schema().Columns()))
	}
}

// TestParquetEndToEnd runs the default pipeline over the sample corpus
// and junk lines, writing JSONL and Parquet in one run, and compares the
// two. It needs the embedded model.
func TestParquetEndToEnd(t *testing.T) {
	m, err := models.LoadDefault()
	if err != nil {
		skipUnlessCI(t, "default model: %v", err)
	}
	x, err := quotes.NewExtractor(quotes.Config{})
	if err != nil {
		t.Fatal(err)
	}
	sample, err := readFileUp("corpus/sample/press.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	junk := "{bad json\n{\"id\":\"empty\",\"text\":\"\"}\n{\"id\":\"nofield\"}\n{\"id\":\"bin\",\"text\":\"\\u0000\\u0001\\u0002\"}\n" +
		"{\"id\":\"plain\",\"text\":\"No quotation in this one, just words.\"}\n"
	src := corpus.NewJSONLReader(strings.NewReader(string(sample)+junk), "e2e.jsonl", corpus.ReaderConfig{})
	var pq, jl bytes.Buffer
	sink := teeSink{NewParquetSink(&pq), NewJSONLSink(&jl)}
	sum, err := Run(context.Background(), src, Steps(x, m), sink, Config{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	f := checkParquetAgainstJSONL(t, pq.Bytes(), jl.Bytes())
	if sum.Errored == 0 || f.NumRows() < sum.Read {
		t.Errorf("summary %+v, %d parquet rows: want error records and at least one row per document", sum, f.NumRows())
	}
}

func skipUnlessCI(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// readFileUp reads a repository file from the package directory.
func readFileUp(rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join("..", filepath.FromSlash(rel)))
}
