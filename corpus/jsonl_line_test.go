package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// ParseJSONLine gives what JSONLReader gives for each non-blank line.
func TestParseJSONLineMatchesReader(t *testing.T) {
	lines := []string{
		"\ufeff" + `{"id":"1","text":"hello","date":"2025-01-02"}`,
		`{"id":2,"text":"number id"}`,
		`{"id":"3","text":`,
		"{\"id\":\"4\",\"text\":\"bad \xff\"}",
		`{"id":"5","body":"no text"}`,
		`{"id":"6","text":42}`,
		`{"doc":"7","content":"custom fields"}`,
		`{"id":"8","text":"` + strings.Repeat("x", 100) + `"}`,
		`[1,2]`,
	}
	for _, cfg := range []ReaderConfig{{}, {IDField: "doc", TextField: "content"}, {MaxDocBytes: 60}} {
		r := NewJSONLReader(strings.NewReader(strings.Join(lines, "\n")+"\n"), "in.jsonl", cfg)
		for i, line := range lines {
			want, wantErr := r.Read()
			if wantErr == io.EOF {
				t.Fatalf("reader ended at line %d", i+1)
			}
			got, gotErr := ParseJSONLine([]byte(line), "in.jsonl:"+strconv.Itoa(i+1), cfg)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%+v line %d: got %+v, want %+v", cfg, i+1, got, want)
			}
			var ge, we *ReadError
			if errors.As(gotErr, &ge) != errors.As(wantErr, &we) || (ge != nil && *ge != *we) {
				t.Errorf("%+v line %d: error %v, want %v", cfg, i+1, gotErr, wantErr)
			}
		}
	}
}

// FuzzParseJSONLine: any one-line input gives what JSONLReader gives.
func FuzzParseJSONLine(f *testing.F) {
	f.Add([]byte(`{"id":"1","text":"hello"}`))
	f.Add([]byte(`{"id":"1","text":`))
	f.Add([]byte("\ufeff{\"text\":\"bad \xff\"}"))
	f.Add([]byte(`{"id":null,"text":null,"date":[1]}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		if bytes.ContainsAny(line, "\r\n") || len(bytes.TrimSpace(bytes.TrimPrefix(line, utf8BOM))) == 0 {
			return // not one line, or skipped as blank (a byte-order mark alone is blank)
		}
		want, wantErr := NewJSONLReader(bytes.NewReader(line), "f.jsonl", ReaderConfig{}).Read()
		got, gotErr := ParseJSONLine(line, "f.jsonl:1", ReaderConfig{})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("error %v, want %v", gotErr, wantErr)
		}
	})
}
