#!/usr/bin/env bash
# An organization folder is one graph: a user of one account that may assume an administrator
# role of another account (which trusts the first) has a path to admin; the second account's
# SCPs, not the first's, decide whether that role is admin. paths, audit, who-can --transitive and can
# all see the edge.
# Usage: bash org_paths.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
A=111111111111
B=222222222222
ROLE=arn:aws:iam::$B:role/OrganizationAccountAccessRole
DEV=arn:aws:iam::$A:user/dev

# make_org DIR DENY_IN_B: writes an organization folder of accounts A and B; with DENY_IN_B=1, an
# SCP of B denies everything but reads.
make_org() {
  python3 - "$1" "$2" "$A" "$B" <<'PY'
import json, os, sys
out, deny, a, b = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4]
admin = {"PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMIN", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess",
         "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1, "IsAttachable": True,
         "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": True,
                                "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}
def write(acct, details, scps):
    d = os.path.join(out, "account-" + acct)
    os.makedirs(d)
    json.dump(details, open(os.path.join(d, "authorization-details.json"), "w"))
    json.dump({"account_id": acct, "taken_at": "2026-11-01T00:00:00Z"}, open(os.path.join(d, "snapshot.json"), "w"))
    json.dump({"levels": scps}, open(os.path.join(d, "scps.json"), "w"))
full = {"target": "r-root", "policies": [{"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}
dev = {"UserName": "dev", "UserId": "AIDADEV", "Arn": f"arn:aws:iam::{a}:user/dev", "Path": "/", "GroupList": [],
       "AttachedManagedPolicies": [], "Tags": [],
       "UserPolicyList": [{"PolicyName": "assume-org-role", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::*:role/OrganizationAccountAccessRole"}]}}]}
write(a, {"UserDetailList": [dev], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}, [full])
role = {"RoleName": "OrganizationAccountAccessRole", "RoleId": "AROAORG", "Path": "/",
        "Arn": f"arn:aws:iam::{b}:role/OrganizationAccountAccessRole",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{a}:root"}, "Action": "sts:AssumeRole"}]},
        "RolePolicyList": [], "InstanceProfileList": [], "Tags": [],
        "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}
scps = [full]
if deny:
    scps.append({"target": b, "policies": [{"name": "ReadOnlyGuard", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotAction": ["s3:Get*", "s3:List*"], "Resource": "*"}]}}]})
write(b, {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [role], "Policies": [admin]}, scps)
PY
}

make_org "$tmp/open" 0
"$bin" paths "$tmp/open" --format json > "$tmp/paths.json" 2> /dev/null
check "paths: dev reaches the other account's admin role" 'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
p = [x for x in d[\"paths\"] if x[\"principal\"] == sys.argv[2]]
assert p, d
assert p[0][\"steps\"][-1][\"to\"] == sys.argv[3] or p[0][\"target\"] == sys.argv[3], p
" "$tmp/paths.json" "$DEV" "$ROLE"'
"$bin" can "$DEV" sts:AssumeRole "$ROLE" --snapshot "$tmp/open" > "$tmp/can.txt" 2>&1; rc=$?
check "can: dev may assume the role of the other account (exit $rc: $(cat "$tmp/can.txt"))" '[ "$rc" -eq 0 ]'
"$bin" who-can iam:CreateUser '*' --snapshot "$tmp/open" --transitive --format json > "$tmp/who.json" 2> /dev/null
check "who-can --transitive: dev through the role" 'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert any(p[\"principal\"] == sys.argv[2] and \"path\" in p for p in d[\"principals\"]), d
" "$tmp/who.json" "$DEV"'

"$bin" audit "$tmp/open" --format json > "$tmp/audit.json" 2> /dev/null
check "audit: the same path, as dev's privilege-escalation-principal in account A" 'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d[\"findings\"] if x[\"id\"] == \"privilege-escalation-principal\" and x[\"resource\"] == sys.argv[2]]
assert len(f) == 1 and f[0][\"account\"] == sys.argv[3], f
" "$tmp/audit.json" "$DEV" "$A"'

# The role's own account denies everything but reads: it is not admin, so there is no path.
make_org "$tmp/guarded" 1
"$bin" paths "$tmp/guarded" --format json > "$tmp/guarded.json" 2> /dev/null
check "paths: B's SCP (not A's) keeps the role from admin" 'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert not [x for x in d[\"paths\"] if x[\"principal\"] == sys.argv[2]], d
" "$tmp/guarded.json" "$DEV"'

[ "$fail" -eq 0 ] && echo "org paths: ok"
exit "$fail"
