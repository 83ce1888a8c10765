// Package quotes finds every quotation in a news article, says who said it,
// and hands both to the later stages of stance: it is the quote finder and
// speaker resolver of the pipeline.
//
// # Stages
//
// An Extractor runs in three stages over one Doc, in order:
//
//   - Entities fills Doc.Names with candidate speakers: runs of capitalized
//     words classified by fast rules (titles, organization and place words,
//     the document's own lower-case vocabulary, aliases to full names used
//     elsewhere in the document). With Config.NER set to NERFallback,
//     prose's entity tagger is asked only about an undecided single word
//     right next to a cue verb, on that short clause, at most
//     Config.MaxNERCalls times per document; the default is rules only
//     (on the labeled set the tagger changed no speaker, at a large cost).
//   - Quotes fills Doc.Quotes with every quotation, in document order and
//     non-overlapping, spanned as the annotation guide (corpus/GUIDE.md)
//     says: direct quotes in marks of every style ("…", “…”, ‘…’, '…', «…»,
//     „…“) without the marks, nested marks belonging to the outer quote;
//     multi-paragraph quotes (one part per paragraph); split quotes
//     interrupted by their attribution (parts); block quotes after a colon
//     line and their follow-on paragraphs; transcript turns ("Name: …",
//     "Q: …", "CHAIR (Name): …", up to the next turn or the paragraph end);
//     and indirect speech ("X said (that) …", "…, X said", "according to X,
//     …"). Titles, names and scare quotes in marks are dropped; an unclosed
//     mark stops at its paragraph end.
//   - Speakers sets Quote.Speaker and Quote.Cue from the attribution around
//     each quote (cue verbs before or after it, inverted "said Name"),
//     resolving pronouns to the most recent compatible person outside any
//     quotation, surnames and roles ("the minister", "the President of X")
//     to full names, organizations, anonymous sources ("unknown" with a
//     role) and carrying a speaker over to follow-on paragraphs.
//     Organizations are named as written, without "the", through
//     "for"/"and"/"of the" when capitalized words follow ("Centre for
//     Disease Prevention and Control"); an acronym given in parentheses or
//     an appositive is the name ("… Front (NVDF)", "…, MINTESTO, said"), and
//     a bare acronym of three or more letters takes the full name spelled
//     out earlier ("the RSF" -> "Rapid Support Forces"). Sentence-initial
//     plurals ("Traders say") are group sources; a subject is never taken
//     from inside a quotation; a name that follows "in"/"near" anywhere in
//     the document is a place, not a pronoun antecedent.
//
// Every scanner is a single left-to-right pass over the text or one
// paragraph, so time is linear in the input, whatever it holds (thousands
// of quotation marks, no white space, mixed scripts). No stage panics on
// valid UTF-8.
//
// # Offsets
//
// All exported offsets (Quote.Start/End/Parts, Speaker.Start/End,
// Name.Start/End) are Unicode code points [start, end) into Doc.Text
// exactly as read. Work is done in bytes; one rune index per document
// converts. The stages segment the text themselves (paragraphs at line
// breaks, sentences that do not end inside a quotation) and do not read
// Doc.Sentences.
//
// # Concurrency
//
// An Extractor is immutable after NewExtractor and safe for concurrent use
// by many goroutines, each with its own Doc; it starts no goroutines and the
// package has no mutable package-level state. A Doc is not safe for
// concurrent use.
//
// # Example
//
//	ex, _ := quotes.NewExtractor(quotes.Config{})
//	d := &quotes.Doc{Text: text}
//	_ = ex.Entities(ctx, d)
//	_ = ex.Quotes(ctx, d)
//	_ = ex.Speakers(ctx, d)
//	for _, q := range d.Quotes { fmt.Println(q.Kind, q.Text, q.Speaker) }
package quotes
