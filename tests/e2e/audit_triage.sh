#!/usr/bin/env bash
# What to fix first: the audit's text layout, its one-screen summary on a terminal, and the
# finding filters of audit and lint (--min-severity, --checks, --skip-checks).
# Usage: bash audit_triage.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
snap=$src/tests/cases/audit/all-ids

# To a pipe or a file: every finding, criticals and escalation paths first.
"$bin" audit "$snap" > "$tmp/full.txt" 2> "$tmp/err"
check "header first: $(head -2 "$tmp/full.txt")" 'head -1 "$tmp/full.txt" | grep -q "^audit of .*all-ids: account [0-9]\{12\}; as of "'
check "counts second" 'sed -n 2p "$tmp/full.txt" | grep -Eq "^[0-9]+ findings: [0-9]+ critical, [0-9]+ high"'
check "fix-first before high" '[ "$(grep -n "^== Fix first" "$tmp/full.txt" | cut -d: -f1)" -lt "$(grep -n "^== high" "$tmp/full.txt" | cut -d: -f1)" ]'
check "a pipe gets every finding" '! grep -q "use --verbose" "$tmp/full.txt" && grep -q "fix: " "$tmp/full.txt"'

# On a terminal: a one-screen summary, unless --verbose.
if command -v script > /dev/null; then
  NO_COLOR=1 script -qec "\"$bin\" audit \"$snap\"" /dev/null > "$tmp/tty.txt" 2>&1
  check "terminal summary is short ($(wc -l < "$tmp/tty.txt") lines)" '[ "$(wc -l < "$tmp/tty.txt")" -le 45 ]'
  check "terminal summary points to --verbose" 'grep -q "not listed: use --verbose" "$tmp/tty.txt"'
  NO_COLOR=1 script -qec "\"$bin\" audit \"$snap\" --verbose" /dev/null > "$tmp/verbose.txt" 2>&1
  check "--verbose lists every finding" '! grep -q "use --verbose" "$tmp/verbose.txt" && grep -q "fix: " "$tmp/verbose.txt"'
fi

# Filters: severity floor, only some checks, some checks left out; exit code follows them.
"$bin" audit "$snap" --format json --min-severity high > "$tmp/high.json"
check "--min-severity high keeps high and critical" 'python3 - "$tmp/high.json" <<PY
import json, sys
s = {f["severity"] for f in json.load(open(sys.argv[1]))["findings"]}
sys.exit(0 if s and s <= {"high", "critical"} else 1)
PY'
"$bin" audit "$snap" --format json --checks root-mfa-disabled,role-unused > "$tmp/only.json"
check "--checks keeps only those ids" 'python3 -c "import json,sys; ids={f[\"id\"] for f in json.load(open(sys.argv[1]))[\"findings\"]}; sys.exit(ids != {\"root-mfa-disabled\", \"role-unused\"})" "$tmp/only.json"'
"$bin" audit "$snap" --format json --skip-checks role-unused > "$tmp/skip.json"
check "--skip-checks leaves the id out" '! grep -q "\"role-unused\"" "$tmp/skip.json" && grep -q "\"root-mfa-disabled\"" "$tmp/skip.json"'
"$bin" audit "$snap" --checks role-unused --fail-on high > /dev/null; rc=$?
check "filtered-out findings do not fail the run (rc=$rc)" '[ $rc -eq 0 ]'

# Unknown ids: exit 2 with the id named; lint takes the same options.
"$bin" audit "$snap" --checks root-mfa-disabled,role-unsued > /dev/null 2> "$tmp/err"; rc=$?
check "unknown id exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "unknown id is named: $(cat "$tmp/err")" 'grep -q "unknown check id .role-unsued." "$tmp/err"'
"$bin" lint "$src/examples/policies" --skip-checks nope > /dev/null 2> "$tmp/err"; rc=$?
check "lint: unknown id exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "unknown check id .nope." "$tmp/err"'
"$bin" lint "$src/examples/policies" --format json --min-severity critical > "$tmp/lint.json"
check "lint --min-severity critical" 'python3 -c "import json,sys; s={f[\"severity\"] for f in json.load(open(sys.argv[1]))[\"findings\"]}; sys.exit(s - {\"critical\"} != set())" "$tmp/lint.json"'

[ $fail -eq 0 ] && echo "audit triage: ok"
exit $fail
