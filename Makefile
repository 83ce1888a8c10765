# stance: build, test and measure. `make test` is what CI runs.
GO       ?= go
FUZZTIME ?= 30s
PKGS     := ./...
GOLD     := corpus/data/gold.jsonl

.PHONY: build test unit race lint vet fmt fuzz fuzz-short bench bench-compare golden gold model report check sample

build:
	$(GO) build -o bin/classify ./cmd/classify

## test: everything CI checks — formatting, vet, unit tests, the race
## detector on the concurrent packages, the labeled set's validity and a
## short run of every fuzz target.
test: lint unit race gold-check fuzz-short

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

## fuzz: every fuzz target for FUZZTIME each.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=5s

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 $(PKGS) | tee bench.txt

bench-compare:
	@command -v benchstat >/dev/null || $(GO) install golang.org/x/perf/cmd/benchstat@latest
	@rm -rf /tmp/stance-bench-base && git worktree add -f /tmp/stance-bench-base HEAD~1 >/dev/null
	cd /tmp/stance-bench-base && $(GO) test -run '^$$' -bench . -benchmem -count 5 ./... > /tmp/stance-bench-base.txt
	@git worktree remove --force /tmp/stance-bench-base
	$(GO) test -run '^$$' -bench . -benchmem -count 5 $(PKGS) > bench.txt
	benchstat /tmp/stance-bench-base.txt bench.txt

## golden: regenerate golden files; review the diff.
golden:
	$(GO) test ./... -update

## model: train the default model on the labeled train split (hyperparameters
## by cross-validation on train, calibration on dev) and write its test-split
## REPORT.md.
model: gold
	$(GO) run ./models/internal/trainer -gold $(GOLD) -out models/default

check: test
