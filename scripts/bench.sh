#!/usr/bin/env bash
# make bench: every Google Benchmark of bench/ on the release build, one core each.
# Side-by-side runs against peers: bench/lint_vs_peers.sh (make bench-peers).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${IW_CORPUS:-/tmp/iamwarden-corpus.jsonl}
[ -s "$corpus" ] || python3 "$root/bench/gen_corpus.py" 10000 1 > "$corpus"
for b in "$root"/build/release/bench/*_bench; do
  echo "== $(basename "$b")"
  IW_CORPUS="$corpus" taskset -c 0 "$b" --benchmark_min_time=2
done
