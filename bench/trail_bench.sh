#!/usr/bin/env bash
# CloudTrail at scale: EVENTS events (default 1,000,000) written as S3 delivery files (.json.gz,
# FILES_EVENTS events a file, in the AWSLogs layout) by bench/gen_trail.py, then `trail detect`
# with the built-in detections (and with the example Sigma rule) timed with the release build,
# side by side with `zcat | jq` reading the same files. Prints wall time, CPU, peak memory and
# throughput in MB/s of uncompressed JSON.
# SIGMA=PATH loads other Sigma rules than the example one (a file or a directory, such as SigmaHQ's
# rules/cloud/aws/cloudtrail).
# Usage: bench/trail_bench.sh [BUILD_DIR] (default build/release).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/release}/iamwarden
dir=${DIR:-/tmp/iamwarden-trail-bench}
events=${EVENTS:-1000000}
rm -rf "$dir"
python3 "$src/bench/gen_trail.py" "$dir" "$events" "${FILE_EVENTS:-2000}"
raw=$(find "$dir" -name '*.json.gz' -exec zcat {} + | wc -c)
echo "events: $events in $(find "$dir" -name '*.json.gz' | wc -l) files, $(du -sh "$dir" | cut -f1) gzip, $((raw / 1000000)) MB JSON"
run() {  # run LABEL COMMAND...
  local label=$1 t; shift
  t=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" > /dev/null 2>&1 || [ $? -eq 1 ]
  read -r wall user sys peak < <(tail -n 1 "$t"); rm -f "$t"
  printf '| %s | %s s | %s s | %d MiB | %s MB/s |\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((peak / 1024))" \
    "$(echo "scale=0; $raw / 1000000 / $wall" | bc)"
}
echo "| run | wall | cpu | peak memory | JSON throughput |"
echo "|---|---|---|---|---|"
run "trail detect (built-ins), --threads 1" "$bin" trail detect "$dir" --threads 1 --format json -o "$dir.json" -q
run "trail detect (built-ins), --threads 2" "$bin" trail detect "$dir" --threads 2 --format json -o "$dir.json" -q
sigma=${SIGMA:-$src/examples/trail/admin-policy-attached.yml}
run "trail detect (built-ins + Sigma), --threads 1" "$bin" trail detect --threads 1 "$dir" --sigma "$sigma" --format json -o "$dir.json" -q
run "trail detect (built-ins + Sigma), --threads 2" "$bin" trail detect --threads 2 "$dir" --sigma "$sigma" --format json -o "$dir.json" -q
if command -v jq > /dev/null; then
  run "zcat \| jq (select StopLogging)" bash -c "find '$dir' -name '*.json.gz' -print0 | xargs -0 zcat | jq -c '.Records[] | select(.eventName == \"StopLogging\")'"
fi
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('findings:', len(d['findings']), d['summary'])" "$dir.json"
