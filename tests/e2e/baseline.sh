#!/usr/bin/env bash
# Findings baselines (audit and lint): --write-baseline records today's findings; --baseline
# then reports, and fails on, only the findings that are new; a file that is not a baseline is
# an error that names it (exit 2).
# Usage: bash baseline.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$1"; }
snap=$src/tests/cases/audit/all-ids

# Audit: the baseline of a run hides every finding of the same run; exit 0 then.
"$bin" audit "$snap" --format json --write-baseline "$tmp/base.json" > "$tmp/all.json"
total=$(count "$tmp/all.json")
check "the audit has findings ($total)" '[ "$total" -gt 0 ]'
check "baseline file shape" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"iamwarden_baseline\"]==1 and len(d[\"fingerprints\"])>0" "$tmp/base.json"'
"$bin" audit "$snap" --format json --baseline "$tmp/base.json" > "$tmp/none.json" 2> "$tmp/err"; rc=$?
check "nothing new: exit 0 (got $rc)" '[ "$rc" -eq 0 ]'
check "nothing new: no findings" '[ "$(count "$tmp/none.json")" -eq 0 ]'
check "a note counts what the baseline hid" 'grep -q "in the baseline" "$tmp/err"'

# A baseline missing one fingerprint: exactly that finding comes back, and fails the run.
python3 - "$tmp/base.json" "$tmp/less.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["fingerprints"] = d["fingerprints"][1:]
json.dump(d, open(sys.argv[2], "w"))
PY
"$bin" audit "$snap" --format json --baseline "$tmp/less.json" > "$tmp/new.json" 2> /dev/null; rc=$?
check "one new finding is reported ($(count "$tmp/new.json"))" '[ "$(count "$tmp/new.json")" -ge 1 ] && [ "$(count "$tmp/new.json")" -lt "$total" ]'
check "one new finding fails the gate (got $rc)" '[ "$rc" -eq 1 ]'

# Lint: moved lines keep their fingerprint.
policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
echo "$policy" > "$tmp/p.json"
"$bin" lint "$tmp/p.json" --format json --write-baseline "$tmp/lint-base.json" > /dev/null
printf '\n\n%s\n' "$policy" > "$tmp/p.json"
"$bin" lint "$tmp/p.json" --format json --baseline "$tmp/lint-base.json" > "$tmp/lint.json" 2> /dev/null; rc=$?
check "lint: moved lines are not new (exit $rc)" '[ "$rc" -eq 0 ] && [ "$(count "$tmp/lint.json")" -eq 0 ]'

# Not a baseline: exit 2, naming the file.
echo '{"findings": []}' > "$tmp/bad.json"
"$bin" audit "$snap" --baseline "$tmp/bad.json" > /dev/null 2> "$tmp/err"; rc=$?
check "not a baseline: exit 2 (got $rc)" '[ "$rc" -eq 2 ]'
check "not a baseline: names the file" 'grep -q "bad.json:1:1" "$tmp/err"'

[ "$fail" -eq 0 ] && echo "baseline: ok"
exit "$fail"
