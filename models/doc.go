// Package models finds which tracked targets a quotation addresses and
// predicts the speaker's stance toward each (favor, against, neutral) with
// calibrated probabilities, a condition and the evidence behind it.
//
// # Model
//
// A Model holds two linear models over one hashed feature space: a binary
// relevance model (does the quote address target T?) and a multinomial
// logistic regression for the stance. Features are computed from the quote
// and its attribution, with two embedded resources: the WordPiece vocabulary
// and word vectors learned without labels:
//
//   - word 1–3-grams, stemmed word unigrams and character 4-grams (inside
//     word boundaries) of the lower-cased quote, each block L2-normalized
//     (the default keeps one character order: 3–5-grams scored no better
//     in cross-validation or on dev and cost a third of the lookups);
//   - the quote's mean word vector and its word-cluster 1–2-grams, from
//     vectors learned without labels (PPMI of word co-occurrence, truncated
//     SVD, spherical k-means; BuildWordVectors) on unlabeled press releases
//     and the training articles' text, embedded as default/wordvec.json.gz;
//   - WordPiece pieces from github.com/sugarme/tokenizer with the embedded
//     bert-base-uncased vocabulary, memoized per word type in a bounded,
//     concurrency-safe cache;
//   - negation scope (not, never, no, without … up to the next punctuation),
//     modal and conditional markers, the cue verb, rhetorical questions, the
//     words near each mention of the target and the sentences that mention it,
//     a small hand-written polarity lexicon (flipped in negation scope; by
//     the person of the pronoun before it, and by whether it governs a
//     target mention after it or describes one before it in the same
//     clause), the words of the attribution around the quote, and the
//     kind of speaker (named, unnamed, or an unnamed questioner of the
//     press, whose questions take no side), alone and with a question;
//   - every block but the character n-grams also conjoined with the target
//     (feature augmentation), so one model serves all targets and a new
//     target transfers through the shared, unconjoined features.
//
// Training (Train) minimizes the class-weighted L2-regularized negative
// log-likelihood with gonum's L-BFGS, chooses the L2 strength and class
// weighting by cross-validation on the training split only, and fits a
// temperature on the dev split. Training is deterministic.
//
// # Speed
//
// To score one quote toward several targets, PredictTargets reads the quote
// and computes its target-independent features once (the stance stage uses
// it); the result equals calling Predict per target. Scoring reads only the
// hashed rows that carry a weight, and feature extraction is linear in the
// quote's length. PERF.md at the repository root has the figures.
//
// # Targets are data
//
// A target is a corpus.Target: a name, a description, lexicon phrases with
// optional weights, and examples. Lexicon phrases match case-insensitively
// on word boundaries, with inflections (talks, negotiating, truces) and
// multiword terms ("cessation of hostilities"); a word ending in '*' matches
// as a prefix. The three default targets ship embedded (DefaultTargets);
// LoadTargets reads more from JSON or YAML and WithTargets adds them.
//
// # Files
//
// A model file is gzipped JSON: a header line (format name and version,
// feature settings, labels, targets, training-data checksum, calibration,
// the weights' SHA-256) and a weights line. Load refuses unknown major
// versions, truncated or corrupt files and checksum mismatches with errors
// wrapping ErrVersion, ErrCorrupt, ErrChecksum or ErrFormat. The default
// model is embedded (LoadDefault) and needs no file on disk;
// models/default/REPORT.md gives its test-split figures.
//
// # Offsets
//
// All spans (Input.Parts, Match.Hits, Evidence) are Unicode code-point
// offsets [start, end) into the document text exactly as read.
//
// # Concurrency
//
// A Model is immutable after loading or training and safe for concurrent
// use; scratch buffers come from a sync.Pool and the subword cache is
// synchronized. The package starts no goroutines.
package models
