package quotes

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
)

var fuzzSeeds = []string{
	`"We will not retreat," said Ana Ruiz.`,
	"“We will not,” he said, “accept a truce.”",
	"She said:\n“Block one.”\n“Block two.”",
	"Q: Will you sign?\n\nA: Yes.",
	"President of Testland Pedro Lima: We begin. Question: Why? Pedro Lima: Because.",
	"‘Our soldiers’ families,’ she said. Ukraine’s ’90s don’t matter.",
	"«Nobody came,» said Hassan Nouri. „Never“, said Karl Brandt.",
	"“Unclosed\n\nNext paragraph, officials said.",
	"According to the ministry, forty soldiers were killed.",
	strings.Repeat(`"`, 50) + strings.Repeat("“‘«„", 20),
	"日本語のテキスト「引用」と“English” mixed עברית ‏“שלום”",
	"",
	"\"\n\"\n",
}

func FuzzQuotes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	ex, err := NewExtractor(Config{NER: NEROff})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // the pipeline rejects invalid UTF-8 before this stage
		}
		d := &Doc{Text: text}
		ctx := context.Background()
		done := make(chan error, 1)
		go func() {
			err := ex.Entities(ctx, d)
			if err == nil {
				err = ex.Quotes(ctx, d)
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no result after 10s on %d bytes: %q", len(text), text)
		}
		checkInvariants(t, d)
		for _, n := range d.Names {
			if n.Start < 0 || n.End > utf8.RuneCountInString(text) || n.Start > n.End || corpus.SliceRunes(text, n.Start, n.End) != n.Text {
				t.Fatalf("bad name %+v", n)
			}
		}
	})
}

func FuzzSpeakers(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i, i+7)
	}
	ex, err := NewExtractor(Config{NER: NEROff})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		if !utf8.ValidString(text) {
			return
		}
		ctx := context.Background()
		d := &Doc{Text: text}
		for _, st := range []func(context.Context, *Doc) error{ex.Entities, ex.Quotes, ex.Speakers} {
			if err := st(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		checkInvariants(t, d)
		// Speakers alone on an arbitrary quote made elsewhere: no panic,
		// mentions in range.
		d2 := &Doc{Text: text, Quotes: []Quote{{Start: a, End: b, Kind: corpus.KindDirect}}}
		if err := ex.Speakers(ctx, d2); err != nil {
			t.Fatal(err)
		}
		n := utf8.RuneCountInString(text)
		if s := d2.Quotes[0].Speaker; s != nil && s.Mention != "" {
			if s.Start < 0 || s.End > n || corpus.SliceRunes(text, s.Start, s.End) != s.Mention {
				t.Fatalf("bad mention %+v", *s)
			}
		}
	})
}
