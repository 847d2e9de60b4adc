# The README's two commands, and the targets around them.
#   make demo   set up, build, and run iamwarden on the bundled examples
#   make test   set up, build (ASan+UBSan), and run every test
JOBS ?= $(shell nproc)

.PHONY: all setup build debug demo test bench fuzz clean

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

fuzz: setup
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@scripts/fuzz.sh build/fuzz $(or $(SECONDS),60)

clean:
	rm -rf build/release build/debug build/fuzz
