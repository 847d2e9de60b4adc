#!/usr/bin/env bash
# make fuzz: run every libFuzzer target of build/fuzz for SECONDS seconds each, starting from
# the checked-in corpus (new interesting inputs are kept in build/fuzz/corpus-<name>).
# A crash stops the run; its input is saved as fuzz/crash-* and must become a named case.
set -euo pipefail
dir=${1:-build/fuzz}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
for bin in "$dir"/fuzz/fuzz_*; do
  name=$(basename "$bin"); corpus=${name#fuzz_}
  work="$dir/corpus-$corpus"; mkdir -p "$work"
  echo "== $name for ${seconds}s"
  "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="$root/fuzz/" "$work" "$root/fuzz/corpus/$corpus"
done
