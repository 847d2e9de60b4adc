#!/usr/bin/env bash
# Audit at organization scale: a generated account with ROLES roles, USERS users and POLICIES
# customer-managed policies (defaults: the issue's 10,000 / 2,000 / 20,000; REALISTIC=1 adds the
# AWS-managed job-function shapes, conditions and multi-KB documents of --realistic), audited with the
# release build; prints wall time, CPU time and peak memory (GNU time) and the finding count.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release/iamwarden"
dir=${DIR:-/tmp/iamwarden-scale}
rm -rf "$dir"
"$bin" demo generate "$dir" --accounts 1 --users "${USERS:-2000}" --roles "${ROLES:-10000}" \
       --policies "${POLICIES:-20000}" --seed 1 ${REALISTIC:+--realistic} > /dev/null
echo "snapshot: $(du -sh "$dir" | cut -f1) ($dir)"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: wall %e s, user %U s, sys %S s, peak %M KiB" \
    "$bin" audit "$dir" --format json -o "$dir.json" || [ $? -eq 1 ]
done
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('findings:', len(d['findings']), d['summary'])" "$dir.json"
