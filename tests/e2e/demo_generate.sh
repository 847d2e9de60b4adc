#!/usr/bin/env bash
# demo generate: the same seed gives the same bytes; --realistic adds AWS-managed job-function
# shapes (multi-KB, every action pattern known to the catalog) attached to about a third of the
# principals, and conditions on customer policies; audit and paths read the result.
# Usage: bash demo_generate.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"

"$bin" demo generate "$tmp/a" --accounts 2 --users 30 --roles 60 --policies 40 --seed 7 >/dev/null
"$bin" demo generate "$tmp/b" --accounts 2 --users 30 --roles 60 --policies 40 --seed 7 >/dev/null
check "same seed, same bytes" "diff -r '$tmp/a' '$tmp/b' >/dev/null"
"$bin" demo generate "$tmp/r" --accounts 1 --users 60 --roles 120 --policies 40 --seed 7 --realistic >/dev/null
"$bin" demo generate "$tmp/r2" --accounts 1 --users 60 --roles 120 --policies 40 --seed 7 --realistic >/dev/null
check "realistic: same seed, same bytes" "diff -r '$tmp/r' '$tmp/r2' >/dev/null"
check "realistic differs from the plain account" "! diff -q '$tmp/a/account-00/authorization-details.json' '$tmp/r/account-00/authorization-details.json' >/dev/null"

python3 - "$tmp/r/account-00/authorization-details.json" "$tmp/shapes" <<'PY' || fail=1
import json, os, sys
d = json.load(open(sys.argv[1]))
os.makedirs(sys.argv[2])
shapes = {p["PolicyName"]: p for p in d["Policies"] if p["Arn"].startswith("arn:aws:iam::aws:policy/")}
want = {"AdministratorAccess", "ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit", "PowerUserAccess"}
assert set(shapes) == want, set(shapes)
for name in want - {"AdministratorAccess"}:
    doc = shapes[name]["PolicyVersionList"][0]["Document"]
    text = json.dumps(doc)
    assert name == "PowerUserAccess" or len(text) > 4000, (name, len(text))
    json.dump(doc, open(os.path.join(sys.argv[2], name + ".json"), "w"))
principals = d["UserDetailList"] + d["RoleDetailList"]
holding = [p for p in principals
           if any(a["PolicyArn"].split("/")[-1] in want - {"AdministratorAccess"} for a in p["AttachedManagedPolicies"])]
share = len(holding) / len(principals)
assert 0.2 < share < 0.45, share
conditioned = sum("Condition" in json.dumps(p["PolicyVersionList"]) for p in d["Policies"])
assert conditioned > 10, conditioned
PY

# The shapes are written from the catalog: no unknown action, no invalid pattern.
out=$("$bin" lint "$tmp"/shapes/*.json --format json 2>/dev/null)
check "AWS-managed shapes lint without unknown actions" \
  "python3 -c 'import json,sys; d=json.load(sys.stdin); bad=[f for f in d[\"findings\"] if f[\"id\"] in (\"unknown-action\",\"invalid-action\",\"unknown-service\")]; sys.exit(1 if bad else 0)' <<<\"\$out\""

"$bin" audit "$tmp/r/account-00" --format json -o "$tmp/audit.json" -q; rc=$?
check "audit of the realistic account runs (exit 0/1, got $rc)" "[ $rc -le 1 ]"
check "audit finds escalation in it" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(f[\"id\"]==\"privilege-escalation-principal\" for f in d[\"findings\"]) else 1)' '$tmp/audit.json'"
"$bin" paths "$tmp/r/account-00" --format json -o "$tmp/paths.json" -q; rc=$?
check "paths of the realistic account runs (exit 0/1, got $rc)" "[ $rc -le 1 ]"
exit $fail
