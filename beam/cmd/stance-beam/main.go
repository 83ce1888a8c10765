// Command stance-beam scores news articles into stance/v1 JSONL with an
// Apache Beam pipeline: the records `classify score` writes, on any Beam
// runner. See beam/README.md.
//
//	stance-beam --input 'corpus/*.jsonl.gz' --output records.jsonl [--counts counts.jsonl] [--runner prism|flink|spark|dataflow ...]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/stance-project/stance/beam/stancebeam"
	"github.com/stance-project/stance/corpus"
)

func main() {
	var o stancebeam.Options
	flag.StringVar(&o.Input, "input", "", "glob of the input files ('news/*.jsonl.gz'; a folder is not expanded): JSONL, CSV, TSV or text, plain, gzip or zstd (required)")
	flag.StringVar(&o.Output, "output", "", "stance/v1 JSONL records `FILE` (required)")
	flag.StringVar(&o.Counts, "counts", "", "also write quotes per speaker × target × stance as JSONL to `FILE`")
	flag.BoolVar(&o.Lines, "lines", false, "read JSONL with textio, splitting big files across workers (source is then the file path, without the line)")
	flag.StringVar(&o.Model.Model, "model", "", "model `FILE` (default: the embedded model)")
	flag.StringVar(&o.Model.Targets, "targets", "", "targets `FILE` (JSON or YAML) adding to or replacing the model's targets")
	flag.StringVar(&o.Reader.Format, "input-format", "", "input format: jsonl, csv, tsv or text (default: from the extension, else the first bytes)")
	flag.StringVar(&o.Reader.IDField, "id-field", "id", "JSONL field holding the document id")
	flag.StringVar(&o.Reader.TextField, "text-field", "text", "JSONL field holding the text")
	flag.StringVar(&o.Reader.DateField, "date-field", "date", "JSONL field or CSV column holding the date")
	flag.StringVar(&o.Reader.IDCol, "id-col", "", "CSV column holding the id")
	flag.StringVar(&o.Reader.TextCol, "text-col", "", "CSV column holding the text")
	flag.IntVar(&o.Reader.MaxDocBytes, "max-doc-bytes", corpus.DefaultMaxDocBytes, "larger documents become too_large error records")
	flag.Parse()
	beam.Init()

	if o.Input == "" || o.Output == "" {
		fmt.Fprintln(os.Stderr, "stance-beam: --input and --output are required")
		flag.Usage()
		os.Exit(2)
	}
	p, s := beam.NewPipelineWithRoot()
	stancebeam.Build(s, o)
	if err := beamx.Run(context.Background(), p); err != nil {
		fmt.Fprintf(os.Stderr, "stance-beam: %v\n", err)
		os.Exit(1)
	}
}
