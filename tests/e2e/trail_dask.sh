#!/usr/bin/env bash
# The Python module and the Dask integration (python/iamwarden) against the CLI: on a generated
# multi-file corpus whose principals act across files (lib/trail_corpus.py), `python3 -m
# iamwarden.dask detect` on a LocalCluster of 2 workers, files split into many tasks, reports
# exactly the findings of `iamwarden trail detect` (same order, same fields, same summary); a
# baseline learned on the workers and merged equals the CLI's (as detect --baseline sees it);
# iamwarden.detect() in-process agrees too; bad input exits 2.
# Needs the module built (pybind11-dev) and python3-distributed.
# Usage: bash trail_dask.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
. "$src/tests/e2e/lib/missing.sh"
. "$src/tests/e2e/lib/dask.sh"
use_python_module "$bin"
py=$(python_with distributed) || missing "Dask (python3-distributed)" "apt-get install python3-distributed"
# Findings and summary of a JSON report, normalized.
norm() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps([d['findings'], d.get('summary')], sort_keys=True))" "$1"; }
dask() { timeout 300 "$py" -m iamwarden.dask "$@" --workers 2 --files-per-task 3 -q 2>>"$tmp/dask.err"; }

python3 "$src/tests/e2e/lib/trail_corpus.py" "$tmp/logs" 14 60
"$bin" trail detect "$tmp/logs" --format json -o "$tmp/cli.json" -q 2>/dev/null
dask detect "$tmp/logs" --format json -o "$tmp/dask.json"; rc=$?
check "dask detect exits 1 on findings (rc=$rc)" '[ $rc -eq 1 ]'
check "dask detect = trail detect (findings in order, summary)" '[ -s "$tmp/dask.json" ] && [ "$(norm "$tmp/cli.json")" = "$(norm "$tmp/dask.json")" ]'
check "cross-file detections are in the comparison" \
  'grep -q access-denied-burst "$tmp/dask.json" && grep -q console-login-failures "$tmp/dask.json" && grep -q new-region "$tmp/dask.json"'
check "the broken file is a warning" 'grep -q "iamwarden: warning: .*9999_broken.json" "$tmp/dask.err"'

"$bin" trail baseline "$tmp/logs" --until 2026-11-01T00:30:00Z -o "$tmp/cli.db" -q 2>/dev/null
dask baseline "$tmp/logs" --until 2026-11-01T00:30:00Z --output "$tmp/dask.db"; rc=$?
check "dask baseline exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
for b in cli dask; do
  "$bin" trail detect "$tmp/logs" --since 2026-11-01T00:30:01Z --baseline "$tmp/$b.db" --format json -o "$tmp/$b-new.json" -q 2>/dev/null
done
check "merged baseline = CLI baseline (detect --baseline)" '[ "$(norm "$tmp/cli-new.json")" = "$(norm "$tmp/dask-new.json")" ]'
check "the baseline run reports first-seen-api" 'grep -q first-seen-api "$tmp/cli-new.json"'
dask detect "$tmp/logs" --since 2026-11-01T00:30:01Z --baseline "$tmp/dask.db" --format json -o "$tmp/dask-new2.json"
check "dask detect --baseline = trail detect --baseline" '[ "$(norm "$tmp/cli-new.json")" = "$(norm "$tmp/dask-new2.json")" ]'

check "iamwarden.detect() in-process = trail detect" \
  '[ "$("$py" -c "import iamwarden,json,sys; print(json.dumps(iamwarden.detect([sys.argv[1]]), sort_keys=True))" "$tmp/logs")" = "$(python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))[\"findings\"], sort_keys=True))" "$tmp/cli.json")" ]'

dask detect "$tmp/no-such-dir" > /dev/null; rc=$?
check "a missing prefix exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
"$py" -m iamwarden.dask detect "$tmp/logs" --since yesterday -q > /dev/null 2>&1; rc=$?
check "a bad --since exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
[ $fail -ne 0 ] && sed 's/^/  dask stderr: /' "$tmp/dask.err" | tail -20
exit $fail
