#!/usr/bin/env bash
# `simulate`, `can` and `who-can` still answer for an action that is not in the catalog, but
# warn on stderr with the nearest real name (the suggestion `actions show` makes); a known
# action gets no warning.
# Usage: bash misspelled_actions.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
A=111122223333
snap=$src/tests/cases/graph/principal-access
policy=$src/examples/policies/developer-s3-read.json
warning='iamwarden: warning: s3:GetObjet is not in the action catalog (did you mean s3:GetObject?)'

# run NAME EXPECTED-EXIT ARGS...: stderr to $tmp/NAME.err
run() {
  local name=$1 expected=$2; shift 2
  "$bin" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; local rc=$?
  check "$name exits $expected (rc=$rc): $(head -c 300 "$tmp/$name.err")" '[ $rc -eq $expected ]'
}
warned() { err=$tmp/$1.err; check "$1 warns: $(head -c 300 "$err")" 'grep -Fxq "$warning" "$err"'; }
silent() { err=$tmp/$1.err; check "$1 does not warn: $(head -c 300 "$err")" '! grep -q "warning" "$err"'; }

run simulate 1 simulate --principal "arn:aws:iam::$A:user/a" --action s3:GetObjet --resource '*' --identity-policy "$policy"
warned simulate
run simulate_ok 1 simulate --principal "arn:aws:iam::$A:user/a" --action s3:PutObject --resource '*' --identity-policy "$policy"
silent simulate_ok
# A batch warns once per unknown action.
cat > "$tmp/batch.json" <<JSON
{"requests": [{"principal": "arn:aws:iam::$A:user/a", "action": "s3:GetObjet", "resource": "*"},
              {"principal": "arn:aws:iam::$A:user/b", "action": "s3:GetObjet", "resource": "*"},
              {"principal": "arn:aws:iam::$A:user/b", "action": "ec3:DescribeInstances", "resource": "*"}]}
JSON
run batch 0 simulate --request "$tmp/batch.json" --format json
check "batch warns once for s3:GetObjet" '[ "$(grep -c "s3:GetObjet" "$tmp/batch.err")" -eq 1 ]'
check "batch names the unknown service" 'grep -Fq "ec3:DescribeInstances is not in the action catalog: unknown service '"'"'ec3'"'"' (did you mean ec2?)" "$tmp/batch.err"'
check "batch answers every request" 'python3 -c "import json,sys; assert len(json.load(open(sys.argv[1]))[\"results\"]) == 3" "$tmp/batch.out"'

run can 1 can "arn:aws:iam::$A:user/dev" s3:GetObjet arn:aws:s3:::b/k --snapshot "$snap"
warned can
# (the administrators of the snapshot can do anything, even an unknown action)
run who_can 1 who-can s3:GetObjet arn:aws:s3:::b/k --snapshot "$snap"
warned who_can
run who_can_ok 1 who-can sts:AssumeRole "arn:aws:iam::$A:role/named-admin" --snapshot "$snap"
silent who_can_ok
# The warning is not a note: --quiet keeps it.
run who_can_quiet 1 who-can s3:GetObjet arn:aws:s3:::b/k --snapshot "$snap" --quiet
warned who_can_quiet

exit $fail
