// Command goldbuild turns authored labeled articles (quotes given by text)
// into the gold format (quotes given by code-point offsets), checking that
// every quote is found. Usage: goldbuild -o gold.jsonl src/*.jsonl
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/stance-project/stance/corpus"
)

func main() {
	out := flag.String("o", "", "output gold JSONL (default: check only)")
	flag.Parse()
	var w io.Writer = io.Discard
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		bw := bufio.NewWriter(f)
		defer bw.Flush()
		w = bw
	}
	bad, n, q := 0, 0, 0
	seen := map[string]string{}
	for _, path := range flag.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for i, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			a, err := corpus.DecodeAuthored(line)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s:%d: %v\n", path, i+1, err)
				bad++
				continue
			}
			if prev, ok := seen[a.ID]; ok {
				fmt.Fprintf(os.Stderr, "%s:%d: duplicate id %s (first in %s)\n", path, i+1, a.ID, prev)
				bad++
				continue
			}
			seen[a.ID] = fmt.Sprintf("%s:%d", path, i+1)
			g, err := corpus.BuildGold(a)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s:%d: %v\n", path, i+1, err)
				bad++
				continue
			}
			if errs := corpus.ValidateArticle(g, nil); len(errs) > 0 {
				for _, e := range errs {
					fmt.Fprintf(os.Stderr, "%s:%d: %v\n", path, i+1, e)
				}
				bad++
				continue
			}
			b, _ := json.Marshal(g) // a GoldArticle always marshals
			w.Write(append(b, '\n'))
			n++
			q += len(g.Quotes)
		}
	}
	fmt.Fprintf(os.Stderr, "%d articles, %d quotes, %d bad\n", n, q, bad)
	if bad > 0 {
		os.Exit(1)
	}
}
