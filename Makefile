# crmscan: the two set-up commands are `make demo` and `make test`.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
BIN      := bin/crmscan
FUZZTIME ?= 300000x

.PHONY: all build test demo bench bench-ir pgo fuzz lint testdata golden clean eval eval-real

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/crmscan

# The README's test command; .ci/run runs it. The memory tests measure a
# child's peak RSS, which the race detector multiplies: they skip under
# -race and run on their own after the suite, on an otherwise idle machine.
# The tests build without the binary's profile (-pgo=off, see pgo): with it
# the test binary of cmd/crmscan would compile every dependency a second
# time, minutes on CI, for no test that needs it.
test: lint
	$(GO) test -pgo=off -race -count=1 ./...
	$(GO) test -pgo=off -count=1 -run '^TestMemory' ./cmd/crmscan

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Scan the bundled sample CRM exports: a text summary on stdout and report.json.
demo: build
	./$(BIN) scan -o report.json -f text testdata/crm
	@echo "wrote report.json"

# Detector and reader benchmarks (MB/s), then side by side in one run: the
# whole scan of a generated 266 MiB Dutch export (23 typed columns) beside
# ripgrep, a shared-strings workbook, and a 1,000,000-row contacts table in
# each database the environment names (CRMSCAN_TEST_*_URL) beside its own
# client. BENCH_FLAGS=-xlsx=0 skips the workbook.
BENCH_FLAGS ?= -xlsx 1700000 -db
bench: build
	$(GO) test -run=NONE -bench=. -benchmem ./detectors/... ./scanner/...
	$(GO) run ./internal/bench -bin $(BIN) -size 266 $(BENCH_FLAGS)

# The profile the compiler builds crmscan with (profile-guided
# optimisation: go build reads cmd/crmscan/default.pgo by itself): CPU
# profiles of one run of each scan of `make bench`, merged. Make it again
# after large changes to the scanning code; a stale profile still builds.
pgo: build
	rm -rf .pgo && mkdir .pgo
	$(GO) run ./internal/bench -bin $(BIN) -size 266 -runs 1 -profiles .pgo $(BENCH_FLAGS)
	$(GO) tool pprof -proto .pgo/*.prof > cmd/crmscan/default.pgo
	rm -rf .pgo

# Instructions to scan 8 MB of the generated export, counted by valgrind
# (apt-get install valgrind), and the functions that execute the most:
# repeatable to a few tenths of a per cent where times on a shared machine
# vary by ten, so a 2% change shows. Build from a clean tree to compare.
# The binary keeps its symbols (no -s -w), for the function names.
bench-ir:
	$(GO) build -trimpath -o bin/crmscan-symbols ./cmd/crmscan
	$(GO) run ./internal/bench -bin bin/crmscan-symbols -ir 8

# A short fuzz pass of every fuzz target.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for t in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/func //'); do \
	    echo "fuzz $$pkg $$t"; \
	    $(GO) test -run=NONE -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$pkg; \
	  done; \
	done

# Precision and recall per kind and note category on the labelled corpus
# (testdata/eval); fails when a target of issue 3 is missed.
eval:
	$(GO) run ./internal/eval

# Regenerate the sample exports (committed) and the golden reports.
testdata:
	$(GO) run ./internal/gen/gencrm testdata/crm

golden:
	$(GO) test ./cmd/crmscan -run Golden -update

clean:
	rm -rf bin report.json

# Column precision, recall and F1 on real CRM/ERP demo data
# (../shared/data/realworld, labels/*.tsv), and apart from it the other
# vendors' data in testdata/realworld; fails when a target of issue 14 is
# missed. DIR=path scans another realworld folder.
eval-real:
	$(GO) run ./internal/evalreal $(if $(DIR),-dir $(DIR))
