#!/usr/bin/env bash
# Authorization engine, side by side: iamwarden (bench/eval_bench.cc, Google Benchmark) vs
# @cloud-copilot/iam-simulate (bench/eval_iam_simulate.mjs, node, one warm process) on the same
# request mix (bench/eval_mix.mjs), one core each. Checks that the decisions agree, then prints a
# Markdown table. Usage: bench/eval_vs_iam_simulate.sh [BUILD_DIR] (default build/release).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build/release}
npm=${NPM_DIR:-$src/build/npm}
seconds=${SECONDS_PER_RUN:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
req=$tmp/requests.json
node "$src/bench/eval_mix.mjs" > "$req"

# decisions must agree before timing means anything
"$build/iamwarden" simulate --request "$req" --format json > "$tmp/ours.json"
taskset -c 0 node "$src/bench/eval_iam_simulate.mjs" "$npm" "$req" "$seconds" > "$tmp/theirs.json"
python3 - "$tmp/ours.json" "$tmp/theirs.json" <<'PY'
import json, sys
ours = [r["decision"] for r in json.load(open(sys.argv[1]))["results"]]
theirs = json.load(open(sys.argv[2]))["decisions"]
bad = [i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
if bad or len(ours) != len(theirs):
    print(f"decisions disagree on {len(bad)} of {len(ours)} requests (first: {bad[:5]})", file=sys.stderr)
    sys.exit(1)
print(f"decisions agree on all {len(ours)} requests", file=sys.stderr)
PY

IW_EVAL_REQUESTS=$req taskset -c 0 "$build/bench/eval_bench" --benchmark_min_time="$seconds" \
  --benchmark_format=json > "$tmp/bench.json" 2> /dev/null
python3 - "$tmp/bench.json" "$tmp/theirs.json" <<'PY'
import json, sys
b = {x["name"]: x for x in json.load(open(sys.argv[1]))["benchmarks"]}
t = json.load(open(sys.argv[2]))
ours = b["BM_Evaluate"]["decisions/s"]
ours_x = b["BM_EvaluateExplain"]["decisions/s"]
rows = [("iamwarden `Engine::evaluate` (compiled once, explain=false)", ours),
        ("iamwarden `Engine::evaluate` (explain=true)", ours_x),
        ("iam-simulate 0.1.173 `runSimulation` (validated, public API)", t["runSimulation"])]
print("| engine | decisions/s (1 core) | iamwarden (explain=false) is |")
print("|---|---:|---:|")
for name, v in rows:
    ratio = "—" if v == ours else f"{ours / v:.2f}×" if ours / v < 10 else f"**{ours / v:,.0f}× faster**"
    print(f"| {name} | {v:,.0f} | {ratio} |")
PY
