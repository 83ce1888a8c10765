package quotes

import (
	"context"
	"strings"
	"testing"

	"github.com/stance-project/stance/corpus"
)

// want is one expected quote: kind, text, and (when set) speaker and via.
type want struct {
	kind, text, speaker, via string
}

func extract(t testing.TB, text string) *Doc {
	t.Helper()
	ex, err := NewExtractor(Config{NER: NEROff})
	if err != nil {
		t.Fatal(err)
	}
	d := &Doc{Text: text}
	ctx := context.Background()
	for _, f := range []func(context.Context, *Doc) error{ex.Entities, ex.Quotes, ex.Speakers} {
		if err := f(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func TestQuotesTable(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"straight double", `"We will not retreat," said Ana Ruiz.`,
			[]want{{corpus.KindDirect, "We will not retreat,", "Ana Ruiz", ViaCue}}},
		{"curly double", `“The talks are over,” Pedro Lima told reporters on Monday.`,
			[]want{{corpus.KindDirect, "The talks are over,", "Pedro Lima", ViaCue}}},
		{"curly single", `‘We are ready to talk,’ said Ana Ruiz, the foreign minister.`,
			[]want{{corpus.KindDirect, "We are ready to talk,", "Ana Ruiz", ViaCue}}},
		{"straight single", `'We are ready to talk,' said Ana Ruiz.`,
			[]want{{corpus.KindDirect, "We are ready to talk,", "Ana Ruiz", ViaCue}}},
		{"guillemets", `«Nobody has come to our village since May,» said Hassan Nouri, a farmer.`,
			[]want{{corpus.KindDirect, "Nobody has come to our village since May,", "Hassan Nouri", ViaCue}}},
		{"german marks", `„The war must end before the winter“, said Karl Brandt.`,
			[]want{{corpus.KindDirect, "The war must end before the winter", "Karl Brandt", ViaCue}}},
		{"apostrophes are not quotes", `Ukraine’s army doesn’t expect a repeat of the ’90s, and the rebels' 'peace' talk isn't new.`,
			nil},
		{"possessive inside single marks", `‘Our soldiers’ families are tired of waiting,’ said Ana Ruiz.`,
			[]want{{corpus.KindDirect, "Our soldiers’ families are tired of waiting,", "Ana Ruiz", ViaCue}}},
		{"nested quotes belong to the outer one", `“He told me ‘never again’ and walked out of the room,” said Ana Ruiz.`,
			[]want{{corpus.KindDirect, "He told me ‘never again’ and walked out of the room,", "Ana Ruiz", ViaCue}}},
		{"nested straight quotes", `"They keep saying "we want peace" but they shell us every night," said Ana Ruiz.`,
			[]want{{corpus.KindDirect, `They keep saying "we want peace" but they shell us every night,`, "Ana Ruiz", ViaCue}}},
		{"block quotes with carry-over",
			"Foreign Minister Ana Ruiz spoke to the council for an hour. She said:\n“We will not accept a truce that freezes the front.”\n“Our partners understand this, and so do our soldiers.”\nThe council adjourned.",
			[]want{
				{corpus.KindBlock, "We will not accept a truce that freezes the front.", "Ana Ruiz", ViaPronoun},
				{corpus.KindBlock, "Our partners understand this, and so do our soldiers.", "Ana Ruiz", ViaCarryover},
			}},
		{"unmarked block after a colon cue",
			"Pedro Lima answered the critics at the end of the meeting. He explained:\nThe plan was never a surrender. It was a way to stop the shelling of our towns.\n",
			[]want{{corpus.KindBlock, "The plan was never a surrender. It was a way to stop the shelling of our towns.", "Pedro Lima", ViaPronoun}}},
		{"split quote", "Pedro Lima was blunt. “We will not,” he said, “accept a truce that freezes the front.”",
			[]want{{corpus.KindSplit, "We will not, accept a truce that freezes the front.", "Pedro Lima", ViaPronoun}}},
		{"pronoun trap inside the quote", "Ana Ruiz met reporters in Geneva.\n\n“I spoke with Pedro Lima yesterday and he agreed to meet again next week,” she said.",
			[]want{{corpus.KindDirect, "I spoke with Pedro Lima yesterday and he agreed to meet again next week,", "Ana Ruiz", ViaPronoun}}},
		{"surname alias", "Foreign Minister Ana Ruiz arrived in Geneva on Sunday.\n\n“The offer stands until Friday,” Ruiz said.",
			[]want{{corpus.KindDirect, "The offer stands until Friday,", "Ana Ruiz", ViaAlias}}},
		{"role alias", "Kremlin spokesman Dmitry Sokolov spoke on Monday.\n\n“The door remains open for talks,” the spokesman said.",
			[]want{{corpus.KindDirect, "The door remains open for talks,", "Dmitry Sokolov", ViaAlias}}},
		{"inverted cue with appositive", `“The door is open,” said Dmitry Sokolov, the Kremlin spokesman.`,
			[]want{{corpus.KindDirect, "The door is open,", "Dmitry Sokolov", ViaCue}}},
		{"organization", `“Talks will resume next week,” the Foreign Ministry said.`,
			[]want{{corpus.KindDirect, "Talks will resume next week,", "Foreign Ministry", ViaOrganization}}},
		{"anonymous source", "A senior official, speaking on condition of anonymity, said the deal was close.",
			[]want{{corpus.KindIndirect, "the deal was close", "unknown", ViaAnonymous}}},
		{"indirect with that", "Ana Ruiz said that the ceasefire would hold until the spring.",
			[]want{{corpus.KindIndirect, "the ceasefire would hold until the spring", "Ana Ruiz", ViaCue}}},
		{"indirect before the cue", "Talks on a prisoner exchange will resume next week, Pedro Lima said.",
			[]want{{corpus.KindIndirect, "Talks on a prisoner exchange will resume next week", "Pedro Lima", ViaCue}}},
		{"according to", "According to the ministry, forty soldiers were killed in the attack.",
			[]want{{corpus.KindIndirect, "forty soldiers were killed in the attack", "ministry", ViaOrganization}}},
		{"noun phrase after a cue is narration", "Ana Ruiz called for a ceasefire. Pedro Lima urged both sides to talk.",
			nil},
		{"transcript turns", "Ana Ruiz: We are ready to sign today.\n\nQ: Are you sure about the date?\n\nA: Yes, we are sure.",
			[]want{
				{corpus.KindDirect, "We are ready to sign today.", "Ana Ruiz", ViaTranscript},
				{corpus.KindDirect, "Are you sure about the date?", "unknown", ViaTranscript},
				{corpus.KindDirect, "Yes, we are sure.", "Ana Ruiz", ViaTranscript},
			}},
		{"run-on press transcript", "Talks with Testland President of Testland Pedro Lima: Colleagues, we begin. Thank you. Question: Will you sign the treaty? Pedro Lima: Yes, we will sign it.",
			[]want{
				{corpus.KindDirect, "Colleagues, we begin. Thank you.", "Pedro Lima", ViaTranscript},
				{corpus.KindDirect, "Will you sign the treaty?", "unknown", ViaTranscript},
				{corpus.KindDirect, "Yes, we will sign it.", "Pedro Lima", ViaTranscript},
			}},
		{"capitalized transcript labels", "The host, Ana Ruiz, spoke with Pedro Lima.\n\nANA RUIZ: Will the truce hold this time?\n\nLIMA: Nobody knows yet.",
			[]want{
				{corpus.KindDirect, "Will the truce hold this time?", "Ana Ruiz", ViaTranscript},
				{corpus.KindDirect, "Nobody knows yet.", "Pedro Lima", ViaTranscript},
			}},
		{"titles and scare quotes are not quotes", `She appeared on Channel Five’s “Morning Brief” to discuss the so-called “peacekeepers” and the “Minsk” format.`,
			nil},
		{"unclosed mark stops at the paragraph end", "“We will never sign this paper\n\nThe talks collapsed on Monday after a long night.",
			[]want{{corpus.KindDirect, "We will never sign this paper", "", ""}}},
		{"multi-paragraph quote", "Ana Ruiz read her statement.\n“The first part of our plan is a ceasefire.\n“The second part is a treaty.”",
			[]want{{corpus.KindDirect, "The first part of our plan is a ceasefire. The second part is a treaty.", "Ana Ruiz", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := extract(t, tc.text)
			var got []want
			for _, q := range d.Quotes {
				w := want{kind: q.Kind, text: q.Text}
				if q.Speaker != nil {
					w.speaker, w.via = q.Speaker.Name, q.Speaker.Via
				}
				got = append(got, w)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d quotes %+v, want %d %+v", len(got), got, len(tc.want), tc.want)
			}
			for i := range got {
				g, w := got[i], tc.want[i]
				if g.kind != w.kind || g.text != w.text || (w.speaker != "" && g.speaker != w.speaker) || (w.via != "" && g.via != w.via) {
					t.Errorf("quote %d: got %+v, want %+v", i, g, w)
				}
			}
			checkInvariants(t, d)
		})
	}
}

// checkInvariants holds for every output: spans in range, ordered and
// disjoint, Text equal to the slice or the joined parts, mentions in range.
func checkInvariants(t testing.TB, d *Doc) {
	t.Helper()
	runes := []rune(d.Text)
	n := len(runes)
	slice := func(s, e int) string { return string(runes[s:e]) }
	prevEnd := 0
	for i, q := range d.Quotes {
		if q.Start < prevEnd || q.Start < 0 || q.End > n || q.Start >= q.End {
			t.Fatalf("quote %d: bad span [%d,%d) after %d in %d runes", i, q.Start, q.End, prevEnd, n)
		}
		prevEnd = q.End
		spans := []corpus.Span{{Start: q.Start, End: q.End}}
		if len(q.Parts) > 0 {
			spans = spans[:0]
			last := q.Start
			for _, p := range q.Parts {
				if p[0] < last || p[1] <= p[0] || p[1] > q.End {
					t.Fatalf("quote %d: bad parts %v in [%d,%d)", i, q.Parts, q.Start, q.End)
				}
				last = p[1]
				spans = append(spans, corpus.Span{Start: p[0], End: p[1]})
			}
			if q.Parts[0][0] != q.Start || q.Parts[len(q.Parts)-1][1] != q.End {
				t.Fatalf("quote %d: parts %v do not run from start to end [%d,%d)", i, q.Parts, q.Start, q.End)
			}
		}
		var parts []string
		for _, sp := range spans {
			parts = append(parts, slice(sp.Start, sp.End))
		}
		if want := strings.Join(parts, " "); q.Text != want {
			t.Fatalf("quote %d: text %q, want %q", i, q.Text, want)
		}
		if s := q.Speaker; s != nil && s.Mention != "" {
			if s.Start < 0 || s.End > n || s.Start > s.End || slice(s.Start, s.End) != s.Mention {
				t.Fatalf("quote %d: bad mention %+v", i, *s)
			}
		}
	}
}

func TestDocWithoutStages(t *testing.T) {
	// Speakers on quotes made elsewhere, without Entities or Quotes.
	ex, _ := NewExtractor(Config{NER: NEROff})
	text := "“Talks will resume next week,” said Ana Ruiz."
	d := &Doc{Text: text, Quotes: []Quote{{Start: 1, End: 29, Kind: corpus.KindDirect, Text: text[3:31]}}}
	if err := ex.Speakers(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if s := d.Quotes[0].Speaker; s == nil || s.Name != "Ana Ruiz" {
		t.Fatalf("speaker %+v, want Ana Ruiz", s)
	}
	// out-of-range quotes get no speaker and no panic
	d = &Doc{Text: "short", Quotes: []Quote{{Start: 3, End: 99}}}
	if err := ex.Speakers(context.Background(), d); err != nil || d.Quotes[0].Speaker != nil {
		t.Fatalf("err %v speaker %+v", err, d.Quotes[0].Speaker)
	}
}

func TestCancelled(t *testing.T) {
	ex, _ := NewExtractor(Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := &Doc{Text: strings.Repeat("“A quote,” he said. ", 10)}
	for _, f := range []func(context.Context, *Doc) error{ex.Entities, ex.Quotes, ex.Speakers} {
		if err := f(ctx, d); err == nil {
			t.Fatal("want context error")
		}
	}
}

func TestNewExtractorConfig(t *testing.T) {
	if _, err := NewExtractor(Config{MaxNERCalls: -1}); err == nil {
		t.Fatal("want error for negative MaxNERCalls")
	}
}
