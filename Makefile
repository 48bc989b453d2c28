# Plumbline: `make run` serves the product with demo data and test payments (the built-in TEST MODE
# Stripe, loopback only); `make test` runs every test suite.
.PHONY: run test test-failover test-pitr setup data build build-debug bench fuzz fuzz-merge format clean

BIN := build/release/plumbline

run: setup data build
	mkdir -p var
	$(BIN) migrate
	PLUMBLINE_DEMO_DATA=on PLUMBLINE_TEST_PAYMENTS=on $(BIN) serve

test: setup data
	bash scripts/test.sh

# Issue 19 item 5, about 30 s, not part of `make test`: a primary and a synchronous streaming
# replica, the replica promoted under load (FAILOVER_SYNC=off: asynchronous, reports losses).
test-failover: build
	node scripts/failover-drill.mjs

# PostgreSQL point-in-time recovery with pgBackRest, restored and checked on a second cluster
# (about 1.5 minutes; docs/operations.md, "PostgreSQL: point-in-time recovery"). Run `make setup` once first, as for `make test`.
test-pitr: data build
	bash scripts/pg-pitr-drill.sh

setup:
	bash scripts/setup.sh

data:
	node scripts/build-zips.mjs
	node scripts/build-passwords.mjs
	bash scripts/copy-assets.sh

build:
	cmake --preset release >/dev/null
	cmake --build --preset release --target plumbline

build-debug:
	cmake --preset debug >/dev/null
	cmake --build --preset debug

bench: setup data build
	cmake --build --preset release --target store_bench
	bash bench/run.sh

# Each libFuzzer target for FUZZ_SECONDS (default 60; about 11 minutes for all ten), then a crash or
# the executions per target (docs/reliability.md). fuzz-merge minimises fuzz/corpus/ with the finds.
fuzz: setup
	bash fuzz/run.sh

fuzz-merge: setup
	bash fuzz/run.sh merge

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'fuzz/*.cpp' 'fuzz/*.hpp')

clean:
	rm -rf build
