# stance: build, test and measure. `make test` is what CI runs.
GO       ?= go
FUZZTIME ?= 30s
FUZZMIN  ?= 10s
PKGS     := ./...
GOLD     := corpus/data/gold.jsonl

.PHONY: build test unit race lint vet fmt fuzz fuzz-short bench bench-compare golden gold model report check sample beam-test

build:
	$(GO) build -o bin/classify ./cmd/classify

## test: everything CI checks — formatting, vet, unit tests, the race
## detector on the concurrent packages, the labeled set's validity and a
## short run of every fuzz target.
test: lint unit race gold-check fuzz-short

## beam-test: the Beam pipeline (beam/, its own module: the Beam SDK is
## hundreds of modules, kept out of the core build) — vet, then its tests on
## Beam's in-process prism runner, compared with `classify score`. Run after
## `test`, from the same build and module caches. Measured on 2 cores: about
## 8 min with an empty GOCACHE (12 CPU-min, on a busy machine), 30 s warm.
beam-test:
	cd beam && $(GO) vet ./... && $(GO) test -count=1 ./...

unit:
	$(GO) test -count=1 $(PKGS)

race:
	$(GO) test -count=1 -race ./pipeline/... ./corpus/...

lint: fmt vet

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt: unformatted files:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

## gold: rebuild the labeled set from its hand-written sources.
gold:
	$(GO) run ./corpus/internal/goldbuild -o $(GOLD) corpus/data/src/*.jsonl

gold-check:
	@if [ -f $(GOLD) ]; then $(GO) run ./cmd/classify corpus check --gold $(GOLD); fi

## fuzz: every fuzz target for FUZZTIME each (a duration, or Nx executions).
## Minimizing a new input is capped at FUZZMIN so it cannot eat the budget.
## fuzz-short counts executions rather than seconds: with a time budget the
## fuzzer fails with "context deadline exceeded" when the deadline falls in
## the middle of minimizing an input, which is noise, not a finding.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN) $$pkg; \
	  done; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=4000x FUZZMIN=200x

## bench: every benchmark (per stage, sinks, end to end, the pathological
## inputs) with one and two workers, BENCHCOUNT runs each, into bench.txt.
## Besides MB/s (wall clock) they report cpu-MB/s (over the process's CPU
## time), steadier on a shared machine.
BENCHCOUNT ?= 5
BENCHTIME  ?= 1x
BENCHFLAGS  = -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -count $(BENCHCOUNT) -cpu 1,2 -timeout 60m
BENCHSTAT  := $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

bench:
	$(GO) test $(BENCHFLAGS) $(PKGS) | tee bench.txt

## bench-compare: the benchmarks of the last commit (exported with git
## archive into a temporary directory beside a link to ../shared; the work
## tree and the repository are left alone) against
## those of the work tree, compared with benchstat.
bench-compare:
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	mkdir $$tmp/repo && ln -s $(abspath ../shared) $$tmp/shared && \
	git archive HEAD | tar -x -C $$tmp/repo && \
	(cd $$tmp/repo && $(GO) test $(BENCHFLAGS) $(PKGS)) > $$tmp/bench-base.txt && \
	$(GO) test $(BENCHFLAGS) $(PKGS) > bench.txt && \
	$(BENCHSTAT) $$tmp/bench-base.txt bench.txt

## golden: regenerate golden files; review the diff.
golden:
	$(GO) test ./... -update

## model: learn the word vectors (unlabeled: the press releases in
## ../shared/data/press and the train split's article texts), then train the
## default model on the labeled train split (hyperparameters by
## cross-validation on train, calibration on dev) and write its test-split
## REPORT.md. Two runs: the second embeds the vectors the first wrote.
model: gold
	$(GO) run ./models/internal/trainer -gold $(GOLD) -press ../shared/data/press -wordvec models/default/wordvec.json.gz
	$(GO) run ./models/internal/trainer -gold $(GOLD) -out models/default

check: test
