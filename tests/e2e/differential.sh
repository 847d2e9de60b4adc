#!/usr/bin/env bash
# Differential check against @cloud-copilot/iam-simulate on a small fixed-seed sample (500
# generated requests): fails on any decision disagreement not listed as known in
# tests/differential/known.json. Skips when node or the package (scripts/bootstrap.sh) is missing.
# Usage: bash differential.sh <iamwarden-binary> <source-dir>
set -u
bin=$1
src=$2
npm=${NPM_DIR:-$src/build/npm}
if ! command -v node > /dev/null 2>&1; then echo "SKIP: node not found"; exit 0; fi
if ! command -v python3 > /dev/null 2>&1; then echo "SKIP: python3 not found"; exit 0; fi
if [ ! -f "$npm/node_modules/@cloud-copilot/iam-simulate/package.json" ]; then
  echo "SKIP: @cloud-copilot/iam-simulate not installed in $npm (run scripts/bootstrap.sh)"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$src/tests/differential
python3 "$d/gen.py" --seed 7 --requests 500 --out "$tmp" || { echo "FAIL: generator"; exit 1; }
node "$d/iam_simulate_runner.cjs" "$npm" "$tmp"/s*.json > "$tmp/theirs.jsonl" || { echo "FAIL: iam-simulate runner"; exit 1; }
python3 "$d/compare.py" --bin "$bin" --dir "$tmp" --theirs "$tmp/theirs.jsonl" --known "$d/known.json"
