package eval_test

import (
	"fmt"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/eval"
)

func ExampleComputeStance() {
	items := []eval.StanceItem{
		{ArticleID: "a", Target: "peace", Gold: corpus.Favor, Pred: corpus.Favor},
		{ArticleID: "a", Target: "peace", Gold: corpus.Favor, Pred: corpus.Favor},
		{ArticleID: "a", Target: "ceasefire", Gold: corpus.Against, Pred: corpus.Neutral},
		{ArticleID: "b", Target: "peace", Gold: corpus.Against, Pred: corpus.Against},
		{ArticleID: "b", Target: "ceasefire", Gold: corpus.Against, Pred: corpus.Against},
		{ArticleID: "b", Target: "ceasefire", Gold: corpus.Neutral, Pred: corpus.Neutral},
		{ArticleID: "b", Target: "ceasefire", Gold: corpus.Unrelated, Pred: corpus.Favor},
	}
	m := eval.ComputeStance(items)
	fmt.Printf("F_avg %.3f (baseline %.3f), macro-F1 %.3f, accuracy %.3f, n=%d from %d articles\n",
		m.FAvg, m.Baseline.FAvg, m.MacroF1, m.Accuracy, m.N, m.Articles)
	for _, c := range m.Classes {
		fmt.Printf("%-9s P %.3f R %.3f F1 %.3f support %d\n", c.Label, c.Precision, c.Recall, c.F1, c.Support)
	}
	for _, t := range m.Targets {
		fmt.Printf("%s: F_avg %.3f over %d items (baseline predicts %s)\n", t.Target, t.FAvg, t.N, m.Majority[t.Target])
	}
	// Output:
	// F_avg 0.800 (baseline 0.686), macro-F1 0.756, accuracy 0.714, n=7 from 2 articles
	// favor     P 0.667 R 1.000 F1 0.800 support 2
	// against   P 1.000 R 0.667 F1 0.800 support 3
	// neutral   P 0.500 R 1.000 F1 0.667 support 1
	// unrelated P 0.000 R 0.000 F1 0.000 support 1
	// ceasefire: F_avg 0.333 over 4 items (baseline predicts against)
	// peace: F_avg 1.000 over 3 items (baseline predicts favor)
}
