package pipeline

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func writeAll(t *testing.T, sink Sink, recs []*Record) {
	t.Helper()
	for _, r := range recs {
		if err := sink.Write(r); err != nil {
			t.Fatalf("Write %s: %v", r.DocID, err)
		}
	}
	if err := sink.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func TestCSVSink(t *testing.T) {
	recs := flatTestRecords()
	var buf bytes.Buffer
	writeAll(t, NewCSVSink(&buf), recs)
	out := buf.Bytes()
	if !utf8.Valid(out) {
		t.Fatal("output is not valid UTF-8")
	}
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Error("output starts with a byte-order mark")
	}
	header := strings.Join(FlatColumns(), ",") + "\r\n"
	if !bytes.HasPrefix(out, []byte(header)) {
		t.Errorf("output starts %q, want header %q", out[:min(len(out), len(header))], header)
	}
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Error("last record does not end with CRLF")
	}

	// Go's reader turns CRLF inside a quoted field into LF, so compare
	// against the flat rows with that one change.
	r := csv.NewReader(bytes.NewReader(out))
	got, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	want := [][]string{FlatColumns()}
	for _, rec := range recs {
		for _, row := range Flatten(nil, rec) {
			f := row.Strings(nil)
			for i := range f {
				f[i] = strings.ReplaceAll(f[i], "\r\n", "\n")
			}
			want = append(want, f)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	// The CR LF inside the quote text is written verbatim, inside quotes.
	if !bytes.Contains(out, []byte(`"«Мир» — ok,`+"\r\n"+`line two 🕊"`)) {
		t.Error("quote text with CRLF not written verbatim and quoted")
	}
	if !bytes.Contains(out, []byte(`"split, ""quoted"""`)) {
		t.Error("inner quotes not doubled")
	}
}

func TestCSVSinkEmpty(t *testing.T) {
	var buf bytes.Buffer
	writeAll(t, NewCSVSink(&buf), nil)
	if got, want := buf.String(), strings.Join(FlatColumns(), ",")+"\r\n"; got != want {
		t.Errorf("empty run wrote %q, want the header %q", got, want)
	}
}

func TestCSVNeedsQuotes(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", false}, {"plain", false}, {"a,b", true}, {`say "x"`, true}, {"a\nb", true},
		{"a\rb", true}, {" lead", true}, {"\tlead", true}, {"trail ", false}, {"«»", false},
	}
	for _, tt := range tests {
		if got := csvNeedsQuotes(tt.in); got != tt.want {
			t.Errorf("csvNeedsQuotes(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestSinksReportWriteErrors(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			s, err := NewSink(f, failWriter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range flatTestRecords() {
				if err = s.Write(r); err != nil {
					break
				}
			}
			if cerr := s.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				t.Error("no error from a failing writer")
			}
		})
	}
}
