#!/usr/bin/env bash
# End-to-end checks of `iamwarden simulate`: exit codes 0/1/2, JSON shape, batch and flag modes,
# clear errors for bad input. Usage: bash simulate.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"

A=111122223333
cat > "$tmp/allow.json" <<JSON
{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
JSON
cat > "$tmp/deny.json" <<JSON
{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}
JSON
cat > "$tmp/single.json" <<JSON
{"principal": "arn:aws:iam::$A:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
 "identity_policies": [$(cat "$tmp/allow.json")]}
JSON
cat > "$tmp/batch.json" <<JSON
{"identity_policies": [$(cat "$tmp/allow.json")],
 "requests": [{"principal": "arn:aws:iam::$A:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
              {"principal": "arn:aws:iam::$A:user/alice", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}]}
JSON

# single request: allow -> 0, JSON shape
out=$("$bin" simulate --request "$tmp/single.json" --format json); rc=$?
check "single allow exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
# JSON equality, whatever the whitespace.
same_json() { python3 -c 'import json,sys; sys.exit(json.loads(sys.argv[1]) != json.loads(sys.argv[2]))' "$1" "$2"; }
check "single allow json" 'same_json "$out" "{\"decision\": \"allow\", \"denied_by\": [], \"matched\": [{\"policy\": \"identity[0]\", \"statement\": 0, \"sid\": \"Read\", \"effect\": \"Allow\"}]}"'
# text explanation names the decision and the statement with its location
out=$("$bin" simulate --request "$tmp/single.json")
check "text names decision" 'grep -q "decision: allow" <<<"$out"'
check "text names statement location" 'grep -q "identity\[0\] statement 0 (Sid \"Read\"): Allow at .*single.json:" <<<"$out"'

# flag mode: implicit deny -> 1; explicit deny names the layer
out=$("$bin" simulate --principal "arn:aws:iam::$A:user/alice" --action s3:PutObject --resource arn:aws:s3:::b/k \
      --identity-policy "$tmp/allow.json" --format json); rc=$?
check "flag implicit deny exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "flag implicit deny json" 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(not (d[\"decision\"] == \"implicit_deny\" and d[\"denied_by\"] == [\"identity\"]))" "$out"'
out=$("$bin" simulate --principal "arn:aws:iam::$A:user/alice" --action s3:GetObject --resource arn:aws:s3:::b/k \
      --identity-policy "$tmp/allow.json" --scp "$tmp/deny.json"); rc=$?
check "scp deny exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "scp deny explained" 'grep -q "denied by scp" <<<"$out"'
out=$("$bin" simulate --principal "arn:aws:iam::$A:user/alice" --action s3:GetObject --resource arn:aws:s3:::b/k \
      --identity-policy "$tmp/allow.json" --context 'aws:TagKeys=a' --context 'aws:TagKeys=b' --format json); rc=$?
check "flag context list exits 0 (rc=$rc)" '[ $rc -eq 0 ]'

# batch: exit 0 whatever the decisions, results in order
out=$("$bin" simulate --request "$tmp/batch.json" --format json); rc=$?
check "batch exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "batch results" 'python3 -c "import json,sys; r=json.loads(sys.argv[1])[\"results\"]; sys.exit(not ([x[\"decision\"] for x in r] == [\"allow\", \"implicit_deny\"]))" "$out"'

# bad input -> 2 with a located message
printf '{"principal": "arn:aws:iam::%s:user/a",\n "action": "s3:GetObject", "resource": "*",\n "identity_policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"a:b": "c"}}}]}]}\n' $A > "$tmp/badop.json"
err=$("$bin" simulate --request "$tmp/badop.json" 2>&1 >/dev/null); rc=$?
check "unknown operator exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "unknown operator located" 'grep -q "badop.json:3:[0-9]*: .*StringEqualz" <<<"$err"'
err=$("$bin" simulate --principal bob --action s3:GetObject --resource '*' 2>&1 >/dev/null); rc=$?
check "bad principal exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "bad principal message" 'grep -q "principal \"bob\"" <<<"$err"'
err=$("$bin" simulate --principal "arn:aws:iam::$A:user/a" --action s3:GetObject --resource bucket 2>&1 >/dev/null); rc=$?
check "non-ARN resource exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
echo '{"principal": "anonymous", "action": ' > "$tmp/trunc.json"
err=$("$bin" simulate --request "$tmp/trunc.json" 2>&1 >/dev/null); rc=$?
check "malformed request exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "malformed request names file" 'grep -q "trunc.json:" <<<"$err"'
err=$("$bin" simulate --request "$tmp/missing.json" 2>&1 >/dev/null); rc=$?
check "missing file exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

[ $fail -eq 0 ] && echo "simulate e2e: ok"
exit $fail
