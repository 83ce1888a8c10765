package pipeline_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/stance-project/stance/corpus"
	"github.com/stance-project/stance/models"
	"github.com/stance-project/stance/pipeline"
	"github.com/stance-project/stance/pipeline/quotes"
)

type printSink struct{}

func (printSink) Write(r *pipeline.Record) error {
	for _, q := range r.Quotes {
		fmt.Printf("%s %s: %q (%s via %s)\n", q.ID, q.Kind, q.Text, q.Speaker.Name, q.Speaker.Via)
	}
	return nil
}
func (printSink) Close() error { return nil }

func ExampleRun() {
	text := "GENEVA (Wire) — Foreign Minister Ana Ruiz on Monday rejected the plan.\n" +
		"“We will not accept a truce that freezes the front,” Ruiz told reporters.\n" +
		"She added: “Our delegation stays in Geneva for as long as it takes.”\n"
	src, _ := corpus.OpenReader(strings.NewReader(text), "article.txt", corpus.ReaderConfig{})
	model, _ := models.LoadDefault()
	x, _ := quotes.NewExtractor(quotes.Config{})
	sum, err := pipeline.Run(context.Background(), src, pipeline.Steps(x, model), printSink{}, pipeline.Config{Workers: 1})
	fmt.Println(sum.Read, sum.Written, sum.Errored, err)
	// Output:
	// article.txt#q1 direct: "We will not accept a truce that freezes the front," (Ana Ruiz via alias)
	// article.txt#q2 direct: "Our delegation stays in Geneva for as long as it takes." (Ana Ruiz via pronoun)
	// 1 1 0 <nil>
}
