package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/eval"
	"github.com/stance-project/stance/pipeline"
)

const suggestUsage = `Usage: classify suggest --corpus INPUT [flags] [FILE...]

Picks the quotes whose labels would most improve the model, from stance/v1
records (FILEs, or standard input) scored from the corpus INPUT, and writes
them for annotation.

A quote's uncertainty is the entropy (in bits, at most log2 3 = 1.58) of
the model's stance probabilities, taken for the target it is least sure
about; quotes that address no target are not candidates. The most
uncertain quotes are taken in rounds of one per target (so every target
gets its share; within a round, the most uncertain first), at most --per-speaker from one speaker until no
other candidate is left, and never a near-duplicate of a quote already
picked (the same wording in another article, say: 60% of word trigrams
shared). Articles already in --gold are passed over.

Output is the authoring format of the labeled set (one JSON article a line:
id, text and the picked quotes, each with its "quote" text, the model's
kind, speaker, mention and cue to check, and empty "stances"), which
'classify corpus merge' folds into the gold set. The document texts come
from --corpus (read like 'classify score' reads it), matched by doc_id.

Before merging, the annotator must, for each article:
  - add every other quote of the article, in document order: gold articles
    are exhaustive, and a quote left out would count as a quote the model
    wrongly found;
  - label every quote's stances (a quote left with {} addresses no target),
    and check its kind, speaker, mention and cue (an anonymous speaker is
    "unknown" with a role). An "after" field anchors a quote whose text also
    occurs earlier in the article.

Exit status: 0 success, 1 failure (unreadable input, a doc_id missing from
the corpus, or a quote whose text differs from the corpus text), 2 usage.
`

type suggestOptions struct {
	inputs     []string
	corpusPath string
	n          int
	output     string
	gold       string
	perSpeaker int
	reader     corpus.ReaderConfig
	quiet      bool
}

func cmdSuggest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var o suggestOptions
	fs := flag.NewFlagSet("suggest", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 50, "number of quotes to pick")
	fs.StringVar(&o.corpusPath, "corpus", "", "the corpus `INPUT` the records were scored from (for the texts)")
	fs.StringVar(&o.output, "o", "", "write the articles to `FILE` instead of stdout")
	fs.StringVar(&o.gold, "gold", "", "pass over articles already in this labeled `FILE`")
	fs.IntVar(&o.perSpeaker, "per-speaker", 3, "at most `N` quotes of one speaker while other candidates remain")
	fs.BoolVar(&o.quiet, "quiet", false, "no summary on standard error")
	addReaderFlags(fs, &o.reader)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return helpOr(err, fs, stdout, suggestUsage)
	}
	o.inputs = pos
	return runSuggest(ctx, o, stdin, stdout, stderr)
}

// A candidate is one scored quote that could be labeled.
type candidate struct {
	doc      string // doc_id
	docSeq   int    // position of the record in the input
	quote    pipeline.Quote
	entropy  float64 // bits, of the target the model is least sure about
	target   string  // that target
	speaker  string  // normalized speaker, "unknown\x00doc\x00role" for anonymous ones
	shingles map[uint64]bool
}

func runSuggest(ctx context.Context, o suggestOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	if o.corpusPath == "" {
		return usagef("suggest: --corpus INPUT is required (the texts of the scored documents)")
	}
	if o.n < 1 {
		return usagef("suggest: --n must be at least 1")
	}
	if o.perSpeaker < 1 {
		return usagef("suggest: --per-speaker must be at least 1")
	}
	skip := map[string]bool{}
	if o.gold != "" {
		arts, err := corpus.LoadGold(o.gold)
		if err != nil {
			return err
		}
		for _, a := range arts {
			skip[a.ID] = true
		}
	}
	var cands []candidate
	seq := 0
	err := readRecords(ctx, o.inputs, stdin, func(rec *pipeline.Record) error {
		seq++
		if rec.Err != nil || skip[rec.DocID] {
			return nil
		}
		cands = append(cands, candidates(rec, seq)...)
		return nil
	})
	if err != nil {
		return err
	}
	picked, dups := pickSuggestions(cands, o.n, o.perSpeaker)
	texts, err := readTexts(ctx, o.corpusPath, o.reader, picked)
	if err != nil {
		return err
	}
	arts, err := authorSuggestions(picked, texts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, a := range arts {
		if err := enc.Encode(a); err != nil {
			return fmt.Errorf("suggest: encode %s: %w", a.ID, err)
		}
	}
	if err := writeOutput(o.output, stdout, buf.Bytes()); err != nil {
		return err
	}
	if !o.quiet {
		mean := 0.0
		for _, c := range picked {
			mean += c.entropy / float64(len(picked))
		}
		fmt.Fprintf(stderr, "picked %d quotes from %d articles (of %d candidate quotes; %d near-duplicates passed over); mean entropy %.2f bits\n",
			len(picked), len(arts), len(cands), dups, mean)
		fmt.Fprintln(stderr, "annotate them (add every other quote of each article, label every quote), then: classify corpus merge --gold GOLD --add FILE -o OUT")
	}
	return nil
}

// entropyBits returns the entropy of p in bits (0 for a certain
// prediction, log2 3 for a uniform one).
func entropyBits(p pipeline.Probs) float64 {
	h := 0.0
	for _, v := range []float64{p.Favor, p.Against, p.Neutral} {
		if v > 0 {
			h -= v * math.Log2(v)
		}
	}
	return h
}

// candidates returns a record's quotes that address a target, each with its
// highest entropy over targets.
func candidates(rec *pipeline.Record, seq int) []candidate {
	var out []candidate
	for _, q := range rec.Quotes {
		if len(q.Targets) == 0 {
			continue
		}
		c := candidate{doc: rec.DocID, docSeq: seq, quote: q, entropy: -1}
		for _, t := range q.Targets {
			if h := entropyBits(t.Probs); h > c.entropy {
				c.entropy, c.target = h, t.Target
			}
		}
		switch {
		case q.Speaker == nil:
			c.speaker = "unknown\x00" + rec.DocID
		case strings.EqualFold(strings.TrimSpace(q.Speaker.Name), "unknown") || strings.TrimSpace(q.Speaker.Name) == "":
			c.speaker = "unknown\x00" + rec.DocID + "\x00" + q.Speaker.Role
		default:
			c.speaker = eval.NormalizeName(q.Speaker.Name)
		}
		c.shingles = quoteShingles(q.Text)
		out = append(out, c)
	}
	return out
}

// quoteShingles returns the hashed word trigrams of a quote's text (lower
// case, letters and digits), or its whole word sequence when it has fewer
// than three words.
func quoteShingles(text string) map[uint64]bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	set := map[uint64]bool{}
	k := min(3, len(words))
	for i := 0; k > 0 && i+k <= len(words); i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+k] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		set[h.Sum64()] = true
	}
	return set
}

// nearDuplicateShare is the share of the smaller quote's trigrams two quotes
// must share to count as near-duplicates.
const nearDuplicateShare = 0.6

func nearDuplicate(a, b map[uint64]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return false
	}
	n := 0
	for h := range a {
		if b[h] {
			n++
		}
	}
	return float64(n)/float64(len(a)) >= nearDuplicateShare
}

// pickSuggestions picks up to n candidates: highest entropy first, taken in
// rounds of one per target (within a round, the most uncertain first), at most perSpeaker per speaker
// while candidates of other speakers remain, none a near-duplicate of one
// already picked. It returns the picks in the order picked and how many
// candidates were passed over as near-duplicates. It is deterministic:
// ties go to the earlier record and quote.
func pickSuggestions(cands []candidate, n, perSpeaker int) ([]candidate, int) {
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cands[b].entropy, cands[a].entropy) })
	queues := map[string][]int{}
	for _, i := range order {
		queues[cands[i].target] = append(queues[cands[i].target], i)
	}
	targets := sortedMapKeys(queues)
	used := make([]bool, len(cands))
	perSpk := map[string]int{}
	var picked []candidate
	dups := 0
	// take returns the next acceptable candidate of target t, passing over
	// (for good) near-duplicates of picks, or -1.
	take := func(t string, limit int) int {
		q := queues[t]
		for k := 0; k < len(q); k++ {
			i := q[k]
			if used[i] {
				continue
			}
			c := cands[i]
			dup := false
			for _, p := range picked {
				if nearDuplicate(c.shingles, p.shingles) {
					dup = true
					break
				}
			}
			if dup {
				used[i] = true
				dups++
				continue
			}
			if perSpk[c.speaker] >= limit {
				continue
			}
			return i
		}
		return -1
	}
	for _, limit := range []int{perSpeaker, math.MaxInt} {
		for len(picked) < n {
			// One round: each target's best candidate, best first.
			visited := map[string]bool{}
			progress := false
			for len(picked) < n {
				best, bestT := -1, ""
				for _, t := range targets {
					if visited[t] {
						continue
					}
					if i := take(t, limit); i >= 0 && (best < 0 || cands[i].entropy > cands[best].entropy) {
						best, bestT = i, t
					}
				}
				if best < 0 {
					break
				}
				visited[bestT] = true
				used[best] = true
				perSpk[cands[best].speaker]++
				picked = append(picked, cands[best])
				progress = true
			}
			if !progress {
				break
			}
		}
	}
	return picked, dups
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readTexts reads the corpus and returns the text of each document picked.
// A picked doc_id the corpus lacks is an error.
func readTexts(ctx context.Context, path string, cfg corpus.ReaderConfig, picked []candidate) (map[string]string, error) {
	want := map[string]bool{}
	for _, c := range picked {
		want[c.doc] = true
	}
	texts := map[string]string{}
	if len(want) == 0 {
		return texts, nil
	}
	src, _, err := openInputs([]string{path}, nil, cfg)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc, err := src.Read()
		if err == io.EOF {
			break
		}
		var re *corpus.ReadError
		if errors.As(err, &re) {
			continue // a bad line was an error record when scored: nothing of it is picked
		}
		if err != nil {
			return nil, fmt.Errorf("read corpus %s: %w", path, err)
		}
		id := doc.ID
		if id == "" {
			id = doc.Source
		}
		if want[id] {
			if _, dup := texts[id]; !dup {
				texts[id] = doc.Text
			}
		}
	}
	var missing []string
	for id := range want {
		if _, ok := texts[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("suggest: %d picked documents are not in %s (e.g. %q): was it the corpus that was scored?", len(missing), path, missing[0])
	}
	return texts, nil
}

// authorSuggestions writes the picks as authored articles: one per
// document, documents in input order, quotes in document order, stances
// empty. Each quote's text is taken from the document by its offsets and
// must equal the record's; an "after" anchor is added when the text also
// occurs before the quote's position.
func authorSuggestions(picked []candidate, texts map[string]string) ([]corpus.AuthoredArticle, error) {
	byDoc := map[string][]candidate{}
	for _, c := range picked {
		byDoc[c.doc] = append(byDoc[c.doc], c)
	}
	docs := sortedMapKeys(byDoc)
	slices.SortStableFunc(docs, func(a, b string) int { return cmp.Compare(byDoc[a][0].docSeq, byDoc[b][0].docSeq) })
	var out []corpus.AuthoredArticle
	for _, id := range docs {
		cs := byDoc[id]
		slices.SortFunc(cs, func(a, b candidate) int { return cmp.Compare(a.quote.Start, b.quote.Start) })
		text := texts[id]
		n := utf8.RuneCountInString(text)
		a := corpus.AuthoredArticle{ID: id, Text: text}
		posByte := 0
		for _, c := range cs {
			q := c.quote
			spans := [][2]int{{q.Start, q.End}}
			if len(q.Parts) > 0 {
				spans = q.Parts
			}
			var pieces []string
			for _, s := range spans {
				if s[0] < 0 || s[0] > s[1] || s[1] > n {
					return nil, fmt.Errorf("suggest: %s: span [%d,%d) outside the corpus text (%d code points): was --corpus the input that was scored?", q.ID, s[0], s[1], n)
				}
				pieces = append(pieces, corpus.SliceRunes(text, s[0], s[1]))
			}
			if got := strings.Join(pieces, " "); got != q.Text {
				return nil, fmt.Errorf("suggest: %s: the corpus text at [%d,%d) is %q, the record's quote %q: was --corpus the input that was scored?", q.ID, q.Start, q.End, clip(got), clip(q.Text))
			}
			aq := corpus.AuthoredQuote{Kind: q.Kind, Cue: q.Cue, Stances: map[string]corpus.Stance{}}
			if len(pieces) == 1 {
				aq.Quote = pieces[0]
			} else {
				aq.Parts = pieces
			}
			if sp := q.Speaker; sp != nil {
				aq.Speaker, aq.SpeakerMention, aq.Role = sp.Name, sp.Mention, sp.Role
			} else {
				aq.Speaker = "unknown"
			}
			startByte, _ := corpus.ByteRange(text, spans[0][0], spans[0][1])
			if k := strings.Index(text[posByte:], pieces[0]); posByte+k != startByte {
				aq.After = anchorBefore(text, startByte)
			}
			_, posByte = corpus.ByteRange(text, spans[len(spans)-1][0], spans[len(spans)-1][1])
			a.Quotes = append(a.Quotes, aq)
		}
		// Check that the annotation flow finds every quote where it is.
		g, err := corpus.BuildGold(a)
		if err != nil {
			return nil, fmt.Errorf("suggest: %s: %w", id, err)
		}
		for i, gq := range g.Quotes {
			if gq.Start != cs[i].quote.Start || gq.End != cs[i].quote.End {
				return nil, fmt.Errorf("suggest: %s: quote found at [%d,%d), not at [%d,%d)", cs[i].quote.ID, gq.Start, gq.End, cs[i].quote.Start, cs[i].quote.End)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// anchorBefore returns the shortest text ending at byte end (at least ten
// code points, when there are, and from the start of a word) whose first
// occurrence in text ends there. Any longer text ending there has that
// property too.
func anchorBefore(text string, end int) string {
	start := end
	for k := 0; start > 0; k++ {
		_, w := utf8.DecodeLastRuneInString(text[:start])
		start -= w
		if k < 9 {
			continue
		}
		if a := text[start:end]; strings.Index(text, a)+len(a) == end {
			for j := 0; j < 30 && start > 0; j++ {
				r, w := utf8.DecodeLastRuneInString(text[:start])
				if unicode.IsSpace(r) {
					break
				}
				start -= w
			}
			return text[start:end]
		}
	}
	return text[:end]
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:60]) + "…"
	}
	return s
}
