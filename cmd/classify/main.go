// Command classify finds quotations in news articles, says who said them,
// which tracked targets they address, and the speaker's stance toward each.
//
//	classify score [flags] INPUT...   score a corpus into stance/v1 records
//	classify corpus stats|check       describe or check a corpus or a labeled set
//	classify version                  print the module and model versions
//
// Exit status: 0 success (error records are counted, not fatal), 1 failure,
// 2 usage error, 3 a --strict run wrote error records, 130 interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes, decided here only.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitStrict      = 3
	exitInterrupted = 130
)

// errUsage marks a usage error; errStrict a --strict run with error records.
var (
	errUsage  = errors.New("usage")
	errStrict = errors.New("error records written")
)

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Unwrap() error { return errUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills the process the usual way
	}()
	os.Exit(exitCode(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "classify:", err)
		return exitUsage
	case errors.Is(err, errStrict):
		fmt.Fprintln(stderr, "classify:", err)
		return exitStrict
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "classify: interrupted")
		return exitInterrupted
	}
	fmt.Fprintln(stderr, "classify:", err)
	return exitFailure
}

const mainUsage = `classify finds quotations in news articles, says who said them, which
tracked targets (peace, ceasefire, security guarantees, or your own) they
address, and the speaker's stance toward each.

Usage:
  classify score [flags] INPUT...    score a corpus (folder, JSONL, CSV/TSV, gzip/zstd, - for stdin)
  classify serve [flags]             serve scoring over HTTP (POST /v1/score; see serve -h)
  classify train [flags]             train a stance model on labeled data
  classify eval [flags]              evaluate a model against gold labels
  classify corpus stats|check ...    describe or validate a corpus or a labeled set
  classify aggregate [flags] [FILE]  where each speaker stands on each target, from stance/v1 records
  classify suggest [flags] [FILE]    pick the quotes most worth labeling next, for annotation
  classify version                   print the module and model versions
  classify help [COMMAND]            show help

Run 'classify COMMAND -h' for a command's flags.

Exit status: 0 success (error records are counted, not fatal), 1 failure,
2 usage error, 3 a --strict run wrote error records, 130 interrupted.
`

// run is main without the process: testable with any arguments and streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return usagef("no command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "score":
		return cmdScore(ctx, rest, stdin, stdout, stderr)
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "train":
		return cmdTrain(ctx, rest, stdout, stderr)
	case "eval":
		return cmdEval(ctx, rest, stdout, stderr)
	case "corpus":
		return cmdCorpus(ctx, rest, stdout, stderr)
	case "aggregate":
		return cmdAggregate(ctx, rest, stdin, stdout, stderr)
	case "suggest":
		return cmdSuggest(ctx, rest, stdin, stdout, stderr)
	case "version":
		return cmdVersion(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" && rest[0][0] != '-' {
			return run(ctx, []string{rest[0], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, mainUsage)
		return nil
	}
	fmt.Fprint(stderr, mainUsage)
	return usagef("unknown command %q", cmd)
}

// parseFlags parses args with fs, allowing flags after positional
// arguments ("score corpus/ --format table"), and returns the positionals.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// helpOr turns the error of parseFlags into the command's result: for -h
// the usage and flags go to stdout and the command succeeds; any other
// error is returned.
func helpOr(err error, fs *flag.FlagSet, stdout io.Writer, usage string) error {
	if errors.Is(err, flag.ErrHelp) {
		helpFor(fs, stdout, usage)
		return nil
	}
	return err
}

// helpFor prints a command's usage and flags to w.
func helpFor(fs *flag.FlagSet, w io.Writer, usage string) {
	fmt.Fprint(w, usage)
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}
