package corpus

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"unicode/utf8"
)

// drain reads r to the end, checking the Reader contract: each call gives a
// document with valid UTF-8 text, a *ReadError naming its source, or a
// final error; and reading ends.
func drain(t *testing.T, r Reader, limit int) {
	for i := 0; ; i++ {
		if i > limit {
			t.Fatalf("more than %d documents from a %d-byte input", limit, limit)
		}
		doc, err := r.Read()
		if err == io.EOF {
			return
		}
		var re *ReadError
		if errors.As(err, &re) {
			if re.Source == "" || doc.Source == "" {
				t.Fatalf("read error without a source: %v", err)
			}
			continue
		}
		if err != nil {
			return // the source itself failed: final
		}
		if doc.Source == "" {
			t.Fatal("document without a source")
		}
	}
}

func FuzzJSONLReader(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Hello."}` + "\n" + `{"id":1,"text":"x"}`))
	f.Add([]byte("{\"id\":\"a\",\"text\":\"bad \xff\"}\n\n{\"text\":null}\n{\"text\":[1]}"))
	f.Add([]byte("{\"id\":\"x\",\"text\":\"" + string(bytes.Repeat([]byte("a"), 300)) + "\"}\r\n{"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewJSONLReader(bytes.NewReader(in), "fuzz.jsonl", ReaderConfig{MaxDocBytes: 256})
		drain(t, r, len(in)+1)
		// Every document read from valid UTF-8 lines is valid UTF-8.
		r = NewJSONLReader(bytes.NewReader(in), "fuzz.jsonl", ReaderConfig{})
		for {
			doc, err := r.Read()
			if err == io.EOF || (err != nil && !errors.As(err, new(*ReadError))) {
				break
			}
			if err == nil && !utf8.ValidString(doc.Text) {
				t.Fatalf("invalid UTF-8 text passed: %q", doc.Text)
			}
		}
	})
}

func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("id,text\n1,\"a, b\"\n2,c\n3\n"), false)
	f.Add([]byte("id\ttext\nx\t\"unterminated\n"), true)
	f.Add([]byte("text\n\"\"\"\n"), false)
	f.Fuzz(func(t *testing.T, in []byte, tsv bool) {
		comma := ','
		if tsv {
			comma = '\t'
		}
		drain(t, NewCSVReader(bytes.NewReader(in), "fuzz.csv", comma, ReaderConfig{MaxDocBytes: 256}), len(in)+1)
	})
}

func FuzzOpenReader(f *testing.F) {
	f.Add([]byte("\x1f\x8b\x08\x00"), "x")
	f.Add([]byte("\x28\xb5\x2f\xfd\x00"), "x.jsonl.zst")
	f.Add([]byte("\xff\xfeH\x00"), "x.txt")
	f.Fuzz(func(t *testing.T, in []byte, name string) {
		r, err := OpenReader(bytes.NewReader(in), name, ReaderConfig{MaxDocBytes: 4096})
		if err != nil {
			return
		}
		drain(t, r, len(in)+1)
	})
}
