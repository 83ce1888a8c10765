// Package eval scores stance predictions against gold labels and writes
// evaluation reports.
//
// It scores values handed to it: gold and predicted labels, probabilities and
// article ids, packed as StanceItems. It never runs the pipeline or a model,
// so the same code scores a model, a prediction file or a baseline.
//
// # Items
//
// A StanceItem is one (quote, target) pair: its gold label, the predicted
// label and, when the model gave them, the probabilities of favor, against
// and neutral. A target the quote does not address is corpus.Unrelated (an
// empty label counts as Unrelated). Scoring "given gold quotes" uses one item
// per gold quote and tracked target (GoldItems builds them); scoring "end to
// end" also adds an item for every target of a predicted quote that matches
// no gold quote, and counts a gold quote the system missed as predicted
// Unrelated for all its targets (EndToEndItems).
//
// # Metrics
//
// ComputeStance gives per-class precision, recall and F1 (favor, against,
// neutral and unrelated), macro-F1 over the three stance classes, the
// SemEval-2016 F_avg = (F1 favor + F1 against) / 2, both pooled over targets
// and as the mean of per-target values, accuracy, the confusion matrix, the
// same figures per target, and the majority-class baseline beside all of
// them. Every figure carries its support. A ratio with a zero denominator is
// 0, as scikit-learn's zero_division=0 makes it.
//
// Bootstrap and PairedBootstrap give seeded percentile intervals by
// resampling articles, not quotes: quotes of one article are not
// independent. FAvgStat, MacroF1Stat and AccuracyStat are fast statistics
// for them, and Compare runs the paired bootstrap on all three for two
// prediction sets. Calibration gives the expected calibration error, the
// Brier score and the bins of a reliability diagram. Folds makes stratified
// K folds grouped by article; SummarizeFolds gives each figure's mean and
// spread over them. Quote and speaker scores are ScoreQuotes's.
//
// # Reports
//
// NewReport gathers all of it in a Report (the caller may add Comparisons,
// CrossValidation and the quote scores), which writes a terminal table
// (WriteText), versioned JSON (WriteJSON, schema ReportVersion) and a
// self-contained HTML page with inline SVG plots (WriteHTML): no scripts,
// fonts or other resources are loaded from anywhere.
//
//	items := eval.GoldItems(articles, nil) // one item per gold quote and target
//	for i := range items {
//		items[i].Pred, items[i].Probs = predict(items[i]) // the caller's model
//	}
//	r := eval.NewReport(items, nil, eval.ReportConfig{Seed: 1})
//	err := r.WriteText(os.Stdout)
//
// # Concurrency
//
// Functions are pure and start no goroutines; results are plain values.
// Output is deterministic: the same items and seed give the same bytes.
package eval
