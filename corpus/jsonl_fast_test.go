package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// parseReference is the JSONL reader's parse with encoding/json only (the
// reader before its fast path): what the fast path must agree with.
func parseReference(line []byte, doc Document, idField, dateField, textField string) (Document, error) {
	fail := func(err error, detail string) (Document, error) {
		return doc, &ReadError{Source: doc.Source, Err: err, Detail: detail}
	}
	if !utf8.Valid(line) {
		return fail(ErrInvalidUTF8, "line is not valid UTF-8")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return fail(ErrMalformedJSON, err.Error())
	}
	if raw, ok := obj[idField]; ok {
		doc.ID = scalarString(raw)
	}
	if raw, ok := obj[dateField]; ok {
		doc.Date = scalarString(raw)
	}
	raw, ok := obj[textField]
	if !ok || bytes.Equal(raw, []byte("null")) {
		return fail(ErrMissingField, fmt.Sprintf("no %q field", textField))
	}
	if err := json.Unmarshal(raw, &doc.Text); err != nil {
		return fail(ErrWrongType, fmt.Sprintf("field %q is not a string", textField))
	}
	return doc, nil
}

// checkSameParse compares the reader's parse of line with the reference,
// and the fast path's verdict with encoding/json's.
func checkSameParse(t *testing.T, line []byte, idField, dateField, textField string) {
	t.Helper()
	j := &JSONLReader{name: "f", idField: idField, dateField: dateField, textField: textField}
	got, gerr := j.parse(line, Document{Source: "f:1"})
	want, werr := parseReference(line, Document{Source: "f:1"}, idField, dateField, textField)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parse(%q) = %+v, want %+v", line, got, want)
	}
	if fmt.Sprint(gerr) != fmt.Sprint(werr) {
		t.Fatalf("parse(%q) error %v, want %v", line, gerr, werr)
	}
	if utf8.Valid(line) {
		if _, ok, _ := scanObject(line, idField, dateField, textField, nil); ok {
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
				t.Fatalf("fast path accepted %q, encoding/json: %v", line, err)
			}
		}
	}
}

func TestJSONLFast(t *testing.T) {
	lines := []string{
		`{"id":"a","text":"Hello."}`,
		` { "id" : 1 , "text" : "x\n\"y\"" , "date" : "2024-01-02" } `,
		`{"id":-0.5e+3,"text":"\u00e9\ud83d\ude00\ud800x\udc00\u0041"}`,
		`{"id":true,"text":"a","id":"b"}`,
		`{"id":{"x":[1,2,{"y":null}]},"text":"t","meta":[[],{},"s",false]}`,
		`{"\u0069d":"esc","te\u0078t":"k"}`,
		`{"id":"a"}`, `{"text":null}`, `{"text":1}`, `{"text":["a"]}`, `{}`, `null`, `[]`, `"x"`,
		`{"text":"a",}`, `{"text":"a"} x`, `{"text":"a\'"}`, `{"text":"a` + "\t" + `"}`, `{"text":01}`,
		`{"text":"a","n":1.}`, `{"text":"a","n":-}`, `{"text":"a","n":1e}`, `{"text":"a","n":tru}`,
		`{"text":"\u12"}`, `{"text":"x"`, `{"text" "x"}`, `{text:"x"}`, "{\"text\":\"\xff\"}",
		`{"id":"` + strings.Repeat("[", 2000) + `"}`, `{"a":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `,"text":"deep"}`,
		`{"a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `,"text":"deeper than encoding/json allows"}`,
		`{"text":"a\/b\b\f\r\t\\"}`, `{"id":"","text":""}`, `{"id":null,"date":{},"text":" "}`,
	}
	for _, l := range lines {
		checkSameParse(t, []byte(l), "id", "date", "text")
		checkSameParse(t, []byte(l), "id", "text", "text")
	}
}

// FuzzJSONLFast holds the fast path to encoding/json's results: the same
// document or the same error, for any line and field names.
func FuzzJSONLFast(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Hello.","date":"2024"}`), "id", "text")
	f.Add([]byte(`{"id":1e5,"text":"\ud83d\ude00 \ud800 \"x\"","x":[{"y":[]}]}`), "id", "text")
	f.Add([]byte(`{"\u0069d":"a","body":"x"}`), "id", "body")
	f.Add([]byte(` {"id" : null , "text":true} `), "id", "text")
	f.Fuzz(func(t *testing.T, line []byte, idField, textField string) {
		checkSameParse(t, line, idField, "date", textField)
	})
}
