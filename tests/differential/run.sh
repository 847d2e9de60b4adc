#!/usr/bin/env bash
# Differential run: N generated requests (default 10000, seed 4) through iamwarden and
# @cloud-copilot/iam-simulate; prints counts, agreements and every disagreement class.
# Usage: tests/differential/run.sh [N] [SEED] [IAMWARDEN] (binary default: build/release/iamwarden)
# Exit 1 on a disagreement not listed in tests/differential/known.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
n=${1:-10000}
seed=${2:-4}
bin=${3:-$src/build/release/iamwarden}
npm=${NPM_DIR:-$src/build/npm}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$here/gen.py" --seed "$seed" --requests "$n" --out "$out"
node "$here/iam_simulate_runner.cjs" "$npm" "$out"/s*.json > "$out/theirs.jsonl"
python3 "$here/compare.py" --bin "$bin" --dir "$out" --theirs "$out/theirs.jsonl" --known "$here/known.json" \
  ${REPORT:+--report "$REPORT"}
