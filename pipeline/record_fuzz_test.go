package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

// encodeRecord writes rec as the JSONL sink does.
func encodeRecord(t *testing.T, rec *Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	sink := NewJSONLSink(&buf)
	if err := sink.Write(rec); err != nil {
		t.Fatalf("encode record: %v", err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// knownCodes are the error codes a record may carry.
var knownCodes = map[string]bool{
	CodeEmpty: true, CodeInvalidUTF8: true, CodeBinary: true, CodeStageFailed: true,
	"malformed_json": true, "missing_field": true, "wrong_type": true, "too_large": true,
	"malformed_csv": true, "unreadable": true, "read_failed": true,
}

// FuzzRecordRoundTrip scores fuzzed text with the default pipeline and
// checks the stance/v1 record: it encodes (no NaN or other unencodable
// value), as one line; it decodes into a Record that encodes to the same
// bytes; its spans lie in the text with the quote text equal to its slice;
// and an error, if any, has a known code (never panic).
func FuzzRecordRoundTrip(f *testing.F) {
	f.Add("", "doc")
	f.Add(`“We want peace,” the envoy said. "A ceasefire is not enough," she added.`, "a")
	f.Add("He explained:\n\n“Security guarantees are contingent on peace.”\n", "b\n\"c")
	f.Add("bad \xff utf-8 \"quote\"", "\xff")
	f.Add("nul \x00 byte", "")
	f.Add("“Split,” he said, “quote.” «Guillemets» „low“ ‘single’ 「CJK」", "π")
	if seed, err := os.ReadFile(filepath.Join("..", "corpus", "sample", "articles", "b2-0008.txt")); err == nil {
		f.Add(string(seed), "b2-0008")
	}
	steps := defaultSteps(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, text, id string) {
		if len(text) > 1<<16 {
			return
		}
		// A hang is a failure too: the fuzzer would only stall on it.
		watchdog := time.AfterFunc(20*time.Second, func() {
			panic(fmt.Sprintf("scoring took over 20 s: text %q", text))
		})
		defer watchdog.Stop()
		doc := corpus.Document{ID: id, Source: "fuzz:1", Text: text}
		rec := newRecord(0, doc)
		for _, step := range steps {
			if rec.Err != nil {
				break
			}
			apply(ctx, step, rec)
		}
		if rec.Err != nil && !knownCodes[rec.Err.Code] {
			t.Fatalf("error code %q (%s): %s", rec.Err.Code, rec.Err.Stage, rec.Err.Message)
		}

		checkSameJSON(t, rec) // the sink's encoder writes encoding/json's bytes
		b1 := encodeRecord(t, rec)
		if bytes.IndexByte(b1, '\n') != len(b1)-1 {
			t.Fatalf("record is not one line: %q", b1)
		}
		var back Record
		if err := json.Unmarshal(b1, &back); err != nil {
			t.Fatalf("record does not decode: %v\n%s", err, b1)
		}
		b2 := encodeRecord(t, &back)
		if utf8.ValidString(id) && !bytes.Equal(b1, b2) {
			t.Fatalf("round trip changed the record:\n%s\n%s", b1, b2)
		}
		// An id with invalid UTF-8 is written with \ufffd escapes, which
		// decode to U+FFFD, written as itself: from then on the bytes hold.
		var again Record
		if err := json.Unmarshal(b2, &again); err != nil {
			t.Fatalf("re-encoded record does not decode: %v\n%s", err, b2)
		}
		if b3 := encodeRecord(t, &again); !bytes.Equal(b2, b3) {
			t.Fatalf("second round trip changed the record:\n%s\n%s", b2, b3)
		}
		if back.Schema != Schema || back.DocID == "" || back.Source != "fuzz:1" {
			t.Fatalf("schema %q, doc_id %q, source %q", back.Schema, back.DocID, back.Source)
		}
		if rec.Err != nil {
			if len(rec.Quotes) != 0 {
				t.Fatalf("error record with quotes")
			}
			return
		}

		runes := []rune(text)
		inText := func(what string, start, end int) {
			if start < 0 || end < start || end > len(runes) {
				t.Fatalf("%s span [%d,%d) outside a text of %d code points", what, start, end, len(runes))
			}
		}
		for _, q := range rec.Quotes {
			inText("quote", q.Start, q.End)
			if len(q.Parts) == 0 && q.Text != string(runes[q.Start:q.End]) {
				t.Fatalf("quote text %q, slice [%d,%d) is %q", q.Text, q.Start, q.End, string(runes[q.Start:q.End]))
			}
			prev := q.Start
			for _, p := range q.Parts {
				inText("part", p[0], p[1])
				if p[0] < prev {
					t.Fatalf("parts out of order: %v", q.Parts)
				}
				prev = p[1]
			}
			if !utf8.ValidString(q.Text) {
				t.Fatalf("quote text is not UTF-8: %q", q.Text)
			}
			if q.Speaker != nil {
				inText("speaker", q.Speaker.Start, q.Speaker.End)
			}
			for _, ts := range q.Targets {
				sum := ts.Probs.Favor + ts.Probs.Against + ts.Probs.Neutral
				if sum < 0.999 || sum > 1.001 {
					t.Fatalf("target %s: probabilities sum to %v", ts.Target, sum)
				}
				for _, e := range ts.Evidence {
					inText("evidence", e.Start, e.End)
				}
			}
		}
	})
}
