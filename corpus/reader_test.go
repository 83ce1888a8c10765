package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// dump reads r to the end and renders every document or error, one a line.
func dump(t *testing.T, r Reader) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < 1000; i++ {
		doc, err := r.Read()
		if err == io.EOF {
			return b.String()
		}
		var re *ReadError
		switch {
		case errors.As(err, &re):
			fmt.Fprintf(&b, "%s\tid=%q\tERROR %s\n", doc.Source, doc.ID, Code(err))
		case err != nil:
			fmt.Fprintf(&b, "FATAL %v\n", err)
			return b.String()
		default:
			fmt.Fprintf(&b, "%s\tid=%q\tdate=%q\ttext=%q\n", doc.Source, doc.ID, doc.Date, doc.Text)
		}
	}
	t.Fatal("reader never ended")
	return ""
}

func TestReadersGolden(t *testing.T) {
	for _, name := range []string{"sample.jsonl", "sample.jsonl.gz", "sample.jsonl.zst", "sample.csv", "sample.tsv", "tree"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "readers", name)
			r, err := Open(path, ReaderConfig{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got := dump(t, r)
			// Compressed copies must read exactly like the plain file, but
			// for the source path.
			golden := filepath.Join("testdata", "readers", strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".zst")+".golden")
			got = strings.ReplaceAll(got, name+":", strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".zst")+":")
			if *update && name == strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".zst") {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./corpus -update)", err)
			}
			if got != string(want) {
				t.Errorf("read:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func read1(t *testing.T, input []byte, name string, cfg ReaderConfig) (Document, error) {
	t.Helper()
	r, err := OpenReader(bytes.NewReader(input), name, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r.Read()
}

func TestReaderCases(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	long := `{"id":"big","text":"` + strings.Repeat("x", 5000) + `"}` + "\n" + `{"id":"next","text":"ok"}` + "\n"
	cases := []struct {
		name     string
		input    []byte
		file     string
		cfg      ReaderConfig
		wantText string
		wantCode string // "" for no error
	}{
		{"jsonl sniffed on stdin", []byte(`  {"id":"s","text":"Hi."}`), "-", ReaderConfig{}, "Hi.", ""},
		{"text sniffed on stdin", []byte("Just text."), "-", ReaderConfig{}, "Just text.", ""},
		{"gzip sniffed on stdin", gz(`{"id":"g","text":"Zipped."}`), "-", ReaderConfig{}, "Zipped.", ""},
		{"custom fields", []byte(`{"key":"k","body":"Body text."}`), "x.jsonl", ReaderConfig{IDField: "key", TextField: "body"}, "Body text.", ""},
		{"invalid utf-8 in jsonl", []byte("{\"id\":\"u\",\"text\":\"bad \xff byte\"}"), "x.jsonl", ReaderConfig{}, "", "invalid_utf8"},
		{"line over the limit", []byte(long), "x.jsonl", ReaderConfig{MaxDocBytes: 1000}, "", "too_large"},
		{"text over the limit", bytes.Repeat([]byte("a"), 2000), "x.txt", ReaderConfig{MaxDocBytes: 1000}, "", "too_large"},
		{"deeply nested json", []byte(`{"id":"n","text":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`), "x.jsonl", ReaderConfig{}, "", "malformed_json"},
		{"utf-16 with bom", []byte{0xff, 0xfe, 'H', 0, 'i', 0, 0x1c, 0x20, 'x', 0, 0x1d, 0x20}, "x.txt", ReaderConfig{}, "Hi“x”", ""},
		{"csv text column chosen", []byte("id,headline,body\n1,Head,The body.\n"), "x.csv", ReaderConfig{}, "The body.", ""},
		{"csv named text column", []byte("id,a,b\n1,first,second\n"), "x.csv", ReaderConfig{TextCol: "b"}, "second", ""},
		{"crlf line endings", []byte("{\"id\":\"c\",\"text\":\"CRLF.\"}\r\n"), "x.jsonl", ReaderConfig{}, "CRLF.", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := read1(t, c.input, c.file, c.cfg)
			if c.wantCode == "" {
				if err != nil || doc.Text != c.wantText {
					t.Fatalf("got %q, %v; want %q", doc.Text, err, c.wantText)
				}
				return
			}
			var re *ReadError
			if !errors.As(err, &re) || Code(err) != c.wantCode {
				t.Fatalf("got %v; want a ReadError with code %s", err, c.wantCode)
			}
			if re.Source == "" {
				t.Error("the error names no source")
			}
		})
	}
}

func TestReaderGoesOnAfterLongLine(t *testing.T) {
	in := `{"id":"big","text":"` + strings.Repeat("x", 300000) + `"}` + "\n" + `{"id":"next","text":"ok"}` + "\n"
	r, err := OpenReader(strings.NewReader(in), "x.jsonl", ReaderConfig{MaxDocBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(); Code(err) != "too_large" {
		t.Fatalf("first read: %v, want too_large", err)
	}
	doc, err := r.Read()
	if err != nil || doc.ID != "next" || doc.Source != "x.jsonl:2" {
		t.Fatalf("second read: %+v, %v; want document next at x.jsonl:2", doc, err)
	}
}

func TestTruncatedGzipIsFinal(t *testing.T) {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	for i := range 2000 {
		fmt.Fprintf(w, "{\"id\":\"%d\",\"text\":\"Document number %d with some words in it.\"}\n", i, i)
	}
	w.Close()
	cut := b.Bytes()[:b.Len()/2]
	r, err := OpenReader(bytes.NewReader(cut), "x.jsonl.gz", ReaderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			t.Fatal("a truncated stream ended as if complete")
		}
		var re *ReadError
		if err != nil && !errors.As(err, &re) {
			break // the final error
		}
		n++
	}
	if n == 0 {
		t.Error("no document read before the cut")
	}
}

func TestTruncatedGzipInDirIsRecord(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(bytes.Repeat([]byte(`{"id":"x","text":"words words words"}`+"\n"), 5000))
	w.Close()
	os.WriteFile(filepath.Join(dir, "a.jsonl.gz"), b.Bytes()[:b.Len()/2], 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("After the broken file."), 0o644)
	r, err := Open(dir, ReaderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var unreadable, last string
	for {
		doc, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil && Code(err) == "unreadable" {
			unreadable = doc.Source
			continue
		}
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		last = doc.Text
	}
	if unreadable == "" || last != "After the broken file." {
		t.Errorf("unreadable %q, last %q: want an unreadable record and reading to go on", unreadable, last)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := OpenReader(strings.NewReader("x"), "x", ReaderConfig{Format: "xml"}); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.jsonl"), ReaderConfig{}); err == nil {
		t.Error("missing file accepted")
	}
}
