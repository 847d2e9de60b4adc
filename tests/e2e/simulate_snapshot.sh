#!/usr/bin/env bash
# simulate --snapshot: the principal's policies, groups, boundary and SCPs come from a snapshot.
set -uo pipefail
bin=$1; src=$2
snap="$src/tests/cases/audit/all-ids"
A=arn:aws:iam::111122223333
fail=0
expect() {  # expect NAME CODE DECISION ARGS...
  local name=$1 code=$2 decision=$3; shift 3
  local out rc
  out=$("$bin" simulate --snapshot "$snap" --format json "$@" 2>&1); rc=$?
  if [ "$rc" -ne "$code" ]; then echo "FAIL: $name: exit $rc, expected $code: $out"; fail=1; return; fi
  [ -z "$decision" ] && return
  got=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["decision"])' "$out" 2>/dev/null)
  [ "$got" = "$decision" ] || { echo "FAIL: $name: decision $got, expected $decision"; fail=1; }
}
# alice is in the admins group (AdministratorAccess).
expect "group policy grants" 0 allow --principal $A:user/alice --action iam:CreateUser --resource $A:user/x
# dave is in admins too, but his read-only boundary caps him.
expect "boundary caps" 1 implicit_deny --principal $A:user/dave --action iam:CreateUser --resource $A:user/x
expect "boundary allows reads" 0 allow --principal $A:user/dave --action s3:GetObject --resource arn:aws:s3:::b/k
# a session of break-glass (AdministratorAccess), found by role name.
expect "session of a role" 0 allow --principal arn:aws:sts::111122223333:assumed-role/break-glass/s \
  --action ec2:RunInstances --resource '*'
# the trust policy of open-role comes from the snapshot: it trusts {"AWS": "*"}.
expect "trust policy from snapshot" 0 allow --principal $A:user/alice --action sts:AssumeRole --resource $A:role/open-role
expect "unknown principal" 2 "" --principal $A:user/nobody --action s3:GetObject --resource '*'
expect "missing snapshot" 2 "" --principal $A:user/alice --action s3:GetObject --resource '*' --snapshot /nonexistent

# An organization folder: the principal's account is picked; policies carry their names.
org="$src/examples/org"
out=$("$bin" simulate --snapshot "$org" --principal arn:aws:iam::111100001111:user/payments.0 \
  --action iam:CreateUser --resource '*' --format json 2>/dev/null); rc=$?
if [ $rc -ne 0 ] || ! python3 -c '
import json, sys
d = json.loads(sys.argv[1])
names = [m.get("name", "") for m in d["matched"]]
assert d["decision"] == "allow", d
assert "AdministratorAccess (via group admins)" in names, names
assert any(n.startswith("FullAWSAccess (") for n in names), names
' "$out"; then echo "FAIL: org folder with policy names (rc $rc): $out"; fail=1; fi
text=$("$bin" simulate --snapshot "$org" --principal arn:aws:iam::111100001111:user/payments.0 \
  --action iam:CreateUser --resource '*' 2>/dev/null)
echo "$text" | grep -q "identity\[1\] AdministratorAccess (via group admins) statement 0" || { echo "FAIL: text names the policy: $text"; fail=1; }
err=$("$bin" simulate --snapshot "$org" --principal arn:aws:iam::999999999999:user/x --action s3:GetObject --resource '*' 2>&1); rc=$?
{ [ $rc -eq 2 ] && echo "$err" | grep -q "no account 999999999999 among its 2 accounts"; } || { echo "FAIL: unknown account in org folder (rc $rc): $err"; fail=1; }
[ $fail -eq 0 ] && echo "simulate --snapshot e2e: ok"
exit $fail
