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
[ $fail -eq 0 ] && echo "simulate --snapshot e2e: ok"
exit $fail
