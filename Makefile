# statusdash: every task a developer or CI runs.
GO        ?= go
BIN       ?= bin/statusdash
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X statusdash/app/cli.version=$(VERSION)
STATICCHECK ?= $(shell command -v staticcheck 2>/dev/null || echo $(HOME)/go/bin/staticcheck)
FUZZTIME  ?= 10s
# The race detector needs cgo and a C compiler; without one the tests run without it.
RACE      ?= $(shell command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)

.PHONY: run reset build test lint fmt generate migrate bootstrap e2e bench fuzz clean

## run: build, migrate, provision the sample catalog when the database is empty, serve on :8080
run: build
	$(BIN) migrate up
	$(BIN) bootstrap provision --if-empty
	$(BIN) serve

## reset: delete the embedded database, so the next `make run` provisions the sample catalog again
reset:
	rm -f instance/statusdash.db instance/statusdash.db-wal instance/statusdash.db-shm

## build: compile the single statusdash binary into bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) .

## test: vet and run every test with the race detector; the summary lists skipped tests and the variable that enables each
## (a package may take long on a loaded machine: each gets 30 minutes instead of go test's 10)
## (PostgreSQL, Redis and Chromium parts run when their SDB_TEST_* variables are set)
test:
	$(GO) vet ./...
	@test -n "$(RACE)" || echo "make test: no C compiler for the race detector; testing without it"
	$(GO) tool gotestsum --format pkgname-and-test-fails --format-hide-empty-pkg -- -count=1 -timeout 30m $(RACE) ./...

## lint: gofmt, go vet and staticcheck must be clean; buf lint on the typed API's .proto files, and
## buf breaking against the .proto files of git branch main (skipped while main has none)
lint:
	cd app/api && $(GO) tool buf lint
	@if [ -n "$$(git ls-tree -r --name-only main -- app/api/proto 2>/dev/null | grep '\.proto$$')" ]; then \
		echo "buf breaking against branch main"; \
		cd app/api && $(GO) tool buf breaking --against "$$(git rev-parse --git-common-dir)#branch=main,subdir=app/api"; \
	else echo "buf breaking: branch main has no .proto files yet, nothing to compare against"; fi
	@unformatted=$$(gofmt -l main.go app migrations templates static); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-ed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$(STATICCHECK) ./...

## fmt: format the Go code
fmt:
	gofmt -w main.go app migrations

## generate: regenerate the typed API's Go code (app/api/gen) from app/api/proto with the buf,
## protoc-gen-go and protoc-gen-connect-go pinned in go.mod
generate:
	rm -rf app/api/gen
	cd app/api && $(GO) tool buf generate

## migrate: apply pending migrations to the configured database
migrate: build
	$(BIN) migrate up

## bootstrap: provision the catalog named by SDB_CATALOG (default instance/catalog.yaml)
bootstrap: build
	$(BIN) bootstrap provision

## e2e: the end-to-end tests in headless Chromium with JavaScript disabled (Chromium required)
e2e:
	SDB_TEST_REQUIRE_BROWSER=1 $(GO) test -count=1 -run 'E2E' -v ./app/e2e/

## fuzz: run each fuzz target for FUZZTIME
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./app/bootstrap/
	$(GO) test -run '^$$' -fuzz FuzzHTML -fuzztime $(FUZZTIME) ./app/markdown/
	$(GO) test -run '^$$' -fuzz FuzzEscapeText -fuzztime $(FUZZTIME) ./app/markdown/
	$(GO) test -run '^$$' -fuzz FuzzLocal -fuzztime $(FUZZTIME) ./app/redirect/
	$(GO) test -run '^$$' -fuzz FuzzParseDefinition -fuzztime $(FUZZTIME) ./app/monitor/probe/
	$(GO) test -run '^$$' -fuzz FuzzParseStatusRanges -fuzztime $(FUZZTIME) ./app/monitor/probe/
	$(GO) test -run '^$$' -fuzz FuzzParseURL -fuzztime $(FUZZTIME) ./app/notify/mail/
	$(GO) test -run '^$$' -fuzz FuzzParseNoteID -fuzztime $(FUZZTIME) ./app/api/typed/

## bench: Go benchmarks, the monitoring worker's throughput (30 s per database; PostgreSQL when
## SDB_TEST_POSTGRES_URL is set), one update's notification fan-out to 10,000 subscribers, the
## time until / shows a target's outage, then the load benchmark with wrk against nginx
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./app/...
	SDB_BENCH_WORKER=1 $(GO) test -run '^$$' -bench WorkerThroughput -benchtime 1x ./app/monitor/worker/
	# One incident update to 10,000 subscribers (half mail, half webhooks, loopback sinks): the API's
	# answer with and without them, deliveries per second, memory; SDB_BENCH_WORKERS=20,50,100 compares.
	SDB_BENCH_FANOUT=1 $(GO) test -run '^$$' -bench NotificationFanOut -benchtime 1x -timeout 60m ./app/notify/dispatch/
	# Time from a loopback target going down (and back up) to / showing it, through serve's own
	# worker and an HTTP check every 10 s; 3 runs, SQLite and PostgreSQL side by side, about 3 minutes.
	$(GO) run ./app/loadbench --detect --binary $(BIN)
	$(GO) run ./app/loadbench --binary $(BIN)

clean:
	rm -rf bin
