#!/usr/bin/env bash
# `iamwarden simulate` as a whole process on a large request set (docs/benchmarks.md, "simulate:
# whole process"): bench/gen_simulate_batch.py writes COUNT requests with realistic conditions
# against one realistic policy set, as a contracts §4 batch file and as NDJSON; each form is
# timed with GNU time (wall, CPU, peak memory), the best of RUNS runs. The NDJSON answers must
# equal the batch's before any number is printed. With node and @cloud-copilot/iam-simulate in
# build/npm (scripts/bootstrap.sh), both tools then decide the first PEER_COUNT requests, each
# timed as a whole process (iam-simulate: one runSimulation call per request; it runs as a
# separate program only, AGPL). Prints Markdown tables.
# Usage: bench/simulate_batch.sh [BUILD_DIR] (default build/release); COUNT=150000 RUNS=3
# PEER_COUNT=2000 SEED=1 BASELINE=path/to/another/iamwarden (adds its rows, for comparisons).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
bin=$build/iamwarden
count=${COUNT:-150000}
runs=${RUNS:-3}
peer_count=${PEER_COUNT:-2000}
npm=${NPM_DIR:-$root/build/npm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$bin" ] || { echo "no $bin: build the release first (make build)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 1; }

python3 "$root/bench/gen_simulate_batch.py" "$count" "$tmp" "${SEED:-1}"
echo "input: $count requests; batch.json $(wc -c < "$tmp/batch.json") bytes, requests.ndjson" \
     "$(wc -c < "$tmp/requests.ndjson") bytes, policies $(wc -c < "$tmp/policies.json") bytes" >&2

# The answers agree before anything is timed.
"$bin" simulate --request "$tmp/batch.json" --format json > "$tmp/batch.out"
"$bin" simulate --request "$tmp/policies.json" --requests "$tmp/requests.ndjson" --format json > "$tmp/ndjson.out"
{ printf '{"results":['; paste -sd, "$tmp/ndjson.out" | tr -d '\n'; printf ']}\n'; } > "$tmp/joined.out"
cmp -s "$tmp/joined.out" "$tmp/batch.out" || { echo "NDJSON answers differ from the batch's" >&2; exit 1; }
python3 - "$tmp/ndjson.out" >&2 <<'PY'
import collections, json, sys
c = collections.Counter(json.loads(l)["decision"] for l in open(sys.argv[1]))
print("answers agree; decisions:", ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
PY

# best BIN FORM...: the fastest of $runs runs as "wall user sys maxrss_kb".
best() {
  local best_line="" best_wall=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > /dev/null
    read -r wall user sys rss < "$tmp/time"
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall=$wall
      best_line="$wall $user $sys $rss"
    fi
  done
  echo "$best_line"
}
row() {  # row LABEL N wall user sys rss
  awk -v label="$1" -v n="$2" -v wall="$3" -v user="$4" -v sys="$5" -v rss="$6" 'BEGIN {
    printf "| %s | %.2f s | %.2f s | %.0f MiB | %\047.0f |\n", label, wall, user + sys, rss / 1024, n / wall }'
}

echo "load average before timing: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| command ($count requests, --format json) | wall | CPU (user+sys) | peak RSS | decisions/s (wall) |"
echo "|---|---:|---:|---:|---:|"
tools=("iamwarden=$bin")
[ -n "${BASELINE:-}" ] && tools+=("baseline=$BASELINE")
for t in "${tools[@]}"; do
  name=${t%%=*}
  b=${t#*=}
  # shellcheck disable=SC2046
  row "$name batch: \`simulate --request batch.json\`" "$count" \
    $(best "$b" simulate --request "$tmp/batch.json" --format json)
  if [ "$name" = iamwarden ]; then
    # shellcheck disable=SC2046
    row "$name NDJSON: \`simulate --request policies.json --requests requests.ndjson\`" "$count" \
      $(best "$b" simulate --request "$tmp/policies.json" --requests "$tmp/requests.ndjson" --format json)
  fi
done
echo "load average after timing: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# iam-simulate on equal terms: the same first requests, whole process each.
if ! command -v node > /dev/null || [ ! -d "$npm/node_modules/@cloud-copilot/iam-simulate" ]; then
  echo "(iam-simulate skipped: needs node and $npm/node_modules/@cloud-copilot/iam-simulate)" >&2
  exit 0
fi
head -n "$peer_count" "$tmp/requests.ndjson" > "$tmp/peer.ndjson"
"$bin" simulate --request "$tmp/policies.json" --requests "$tmp/peer.ndjson" --format json \
  | python3 -c 'import json,sys; print("\n".join(json.loads(l)["decision"] for l in sys.stdin))' > "$tmp/ours.txt"
node "$root/bench/simulate_iam_simulate.mjs" "$npm" "$tmp/policies.json" "$tmp/peer.ndjson" > "$tmp/theirs.txt"
same=$(paste -d' ' "$tmp/ours.txt" "$tmp/theirs.txt" | awk '$1 == $2' | wc -l)
version=$(node -e "console.log(require('$npm/node_modules/@cloud-copilot/iam-simulate/package.json').version)")
echo
echo "| whole process, first $peer_count requests (NDJSON in, decisions out) | wall | CPU (user+sys) | peak RSS | decisions/s (wall) |"
echo "|---|---:|---:|---:|---:|"
# shellcheck disable=SC2046
row "iamwarden \`simulate --requests\`" "$peer_count" \
  $(best "$bin" simulate --request "$tmp/policies.json" --requests "$tmp/peer.ndjson" --format json)
# shellcheck disable=SC2046
row "@cloud-copilot/iam-simulate $version (node $(node --version), \`runSimulation\` per request)" "$peer_count" \
  $(best node "$root/bench/simulate_iam_simulate.mjs" "$npm" "$tmp/policies.json" "$tmp/peer.ndjson")
echo
echo "decisions equal on $same of $peer_count requests"
