#!/usr/bin/env bash
# The public reference account dump (../shared/reference/cloudsplaining-example) replicated
# COPIES times (default 100: 7,800 roles, 4,400 users, its AWS-managed policies), then the whole
# commands a user runs on it, each timed once with GNU time (wall, CPU, peak memory):
# audit, paths, a direct who-can and a can. Release build. Skips, saying so, without ../shared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release/iamwarden"
source="$root/../shared/reference/cloudsplaining-example/authorization-details.json"
if [ ! -f "$source" ]; then echo "reference_scale: SKIP (no $source)"; exit 0; fi
dir=${DIR:-/tmp/iamwarden-ref}
copies=${COPIES:-100}
rm -rf "$dir"
python3 "$root/bench/replicate_snapshot.py" "$source" "$copies" "$dir"
t() { /usr/bin/time -f "  wall %e s, user %U s, sys %S s, peak %M KiB" "$@" > /dev/null || [ $? -eq 1 ]; }
echo "audit:";   t "$bin" audit "$dir" --format json -o "$dir.audit.json"
echo "paths:";   t "$bin" paths "$dir" --format json -o "$dir.paths.json"
echo "who-can iam:PassRole *:"; t "$bin" who-can iam:PassRole '*' --snapshot "$dir" --format json -o "$dir.who.json"
echo "can:";     t "$bin" can arn:aws:iam::200611803367:user/privesc4-CreateAccessKey-user iam:CreateAccessKey '*' --snapshot "$dir"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('findings:', len(d['findings'])); print('paths:', len(json.load(open(sys.argv[2]))['paths']))" "$dir.audit.json" "$dir.paths.json"
