#!/usr/bin/env bash
# Differential check against @cloud-copilot/iam-simulate on a small fixed-seed sample (500
# generated requests): fails on any decision disagreement not listed as known in
# tests/differential/known.json. Without node or the package (scripts/bootstrap.sh) it is
# skipped, or fails under CI (lib/missing.sh).
# Usage: bash differential.sh <iamwarden-binary> <source-dir>
set -u
bin=$1
src=$2
npm=${NPM_DIR:-$src/build/npm}
# shellcheck source=lib/missing.sh
source "$(dirname "$0")/lib/missing.sh"
command -v node > /dev/null 2>&1 || missing node "run scripts/bootstrap.sh"
command -v python3 > /dev/null 2>&1 || missing python3 "run scripts/bootstrap.sh"
[ -f "$npm/node_modules/@cloud-copilot/iam-simulate/package.json" ] ||
  missing "@cloud-copilot/iam-simulate in $npm" "run scripts/bootstrap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$src/tests/differential
python3 "$d/gen.py" --seed 7 --requests 500 --out "$tmp" || { echo "FAIL: generator"; exit 1; }
node "$d/iam_simulate_runner.cjs" "$npm" "$tmp"/s*.json > "$tmp/theirs.jsonl" || { echo "FAIL: iam-simulate runner"; exit 1; }
python3 "$d/compare.py" --bin "$bin" --dir "$tmp" --theirs "$tmp/theirs.jsonl" --known "$d/known.json"
