#!/usr/bin/env bash
# audit --trail: used against granted per principal inside the audit. The unused-* findings of
# `trail usage` join the audit's, and the HTML report says, per principal, what it used and what
# it is granted but never used. A missing trail path is bad input (exit 2).
# Usage: bash audit_trail.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
A=111122223333
snap="$tmp/snap"; mkdir -p "$snap"
cat > "$snap/authorization-details.json" <<JSON
{"UserDetailList": [{"Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLEALICE", "Arn": "arn:aws:iam::$A:user/alice", "CreateDate": "2026-01-01T00:00:00Z", "GroupList": [], "AttachedManagedPolicies": [],
  "UserPolicyList": [{"PolicyName": "ops", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:CreateAccessKey", "cloudtrail:StopLogging", "s3:GetObject", "s3:PutObject"], "Resource": "*"}]}}]},
  {"Path": "/", "UserName": "idle", "UserId": "AIDAEXAMPLEIDLE", "Arn": "arn:aws:iam::$A:user/idle", "CreateDate": "2026-01-01T00:00:00Z", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": []}],
 "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
JSON
echo "{\"account_id\": \"$A\", \"taken_at\": \"2026-11-06T00:00:00Z\"}" > "$snap/snapshot.json"
events="$src/examples/trail/events.json"

"$bin" audit "$snap" --format json -o "$tmp/plain.json" -q; rc=$?
check "audit without --trail: no unused findings" \
  "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(any(f[\"id\"].startswith(\"unused-\") for f in d[\"findings\"]))' '$tmp/plain.json'"

"$bin" audit "$snap" --trail "$events" --format json -o "$tmp/trail.json" -q; rc=$?
check "audit --trail: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((f["id"], f["resource"].split("/")[-1]) for f in d["findings"] if f["id"].startswith("unused-")))' "$tmp/trail.json")
check "audit --trail: unused-permission alice, unused-user idle (got $got)" \
  "[ \"\$got\" = \"[('unused-permission', 'alice'), ('unused-user', 'idle')]\" ]"

"$bin" audit "$snap" --trail "$events" --format html -o "$tmp/audit.html" -q
check "html: alice's activity with what she never used" \
  'grep -q "activity: 2 actions used, last 2026-11-02" "$tmp/audit.html" && grep -q "granted but unused: s3:GetObject, s3:PutObject" "$tmp/audit.html"'
check "html: idle's activity" 'grep -q "activity: no successful call in the events" "$tmp/audit.html"'

"$bin" audit "$snap" --trail "$tmp/missing" -q >/dev/null 2>&1; rc=$?
check "missing trail path: exit 2 (rc=$rc)" '[ $rc -eq 2 ]'
[ "$fail" -eq 0 ] && echo "audit_trail: all checks passed"
exit "$fail"
