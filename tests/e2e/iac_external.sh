#!/usr/bin/env bash
# End-to-end checks of external and public access decided from infrastructure code: `iac`
# reports public-access and external-access with the "access" object of `access external` and
# the "iac" object, and `access external` reads a Terraform or CloudFormation tree the same way.
# Inputs: tests/cases/iac/tf_external_access (zone org:o-a1b2c3d4e5) and cfn_external_access.
# Usage: bash iac_external.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cd "$src" || exit 2
tf=tests/cases/iac/tf_external_access
cfn=tests/cases/iac/cfn_external_access

# Terraform: the public bucket is public-access; the organization's bucket is not reported, the
# statement for another organization is external-access.
"$bin" iac $tf --zone org:o-a1b2c3d4e5 --format json > "$tmp/tf.json" 2> /dev/null; rc=$?
check "iac on the public bucket exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "iac: public-access and external-access with access and iac objects" 'python3 - "$tmp/tf.json" <<PY
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
pub = [f for f in fs if f["id"] == "public-access"]
ext = [f for f in fs if f["id"] == "external-access"]
assert len(pub) == 1, pub
p = pub[0]
assert p["resource"] == "arn:aws:s3:::public-site", p
assert p["access"] == {"principals": ["*"], "actions": ["s3:GetObject"], "conditions": {}, "public": True}, p["access"]
assert p["iac"]["address"] == "aws_s3_bucket_policy.site" and p["iac"]["file"].endswith("main.tf"), p["iac"]
assert p["location"]["sid"] == "PublicRead" and p["location"]["line"] > 0, p["location"]
assert len(ext) == 1 and ext[0]["location"]["sid"] == "OtherOrgList", ext
assert ext[0]["access"]["public"] is False and "o-zzzzzzzzzz" in json.dumps(ext[0]["access"]["conditions"]), ext[0]
PY'

# With the account as the zone, the organization's other accounts are outside it.
"$bin" iac $tf --format json > "$tmp/tf-account.json" 2> /dev/null
check "zone account: the organization's bucket is external-access" 'python3 -c "import json,sys; fs=json.load(open(sys.argv[1]))[\"findings\"]; e=[f for f in fs if f[\"id\"]==\"external-access\"]; assert e and all(f[\"iac\"][\"address\"]==\"aws_s3_bucket_policy.shared\" and not f[\"access\"][\"public\"] for f in e), fs" "$tmp/tf-account.json"'

# CloudFormation: a trust to another account is external-access; a service principal is not.
"$bin" iac $cfn --account 111122223333 --format json > "$tmp/cfn.json" 2> /dev/null
check "iac: partner trust is external-access, the service trust is not" 'python3 - "$tmp/cfn.json" <<PY
import json, sys
fs = [f for f in json.load(open(sys.argv[1]))["findings"] if f["id"] in ("external-access", "public-access")]
assert len(fs) == 1, fs
f = fs[0]
assert f["id"] == "external-access" and f["resource"] == "arn:aws:iam::111122223333:role/audit-from-partner", f
assert f["account"] == "111122223333" and f["iac"]["address"] == "AuditRole", f
assert f["access"]["principals"] == ["AWS:arn:aws:iam::444455556666:root"], f["access"]
assert f["access"]["conditions"] == {"StringEquals": {"sts:ExternalId": ["partner-7f3a"]}}, f["access"]
PY'

# access external on the same trees: the same findings.
"$bin" access external $tf --zone org:o-a1b2c3d4e5 --format json > "$tmp/ax-tf.json" 2> "$tmp/ax-tf.err"; rc=$?
check "access external on Terraform exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "access external on Terraform = the access findings of iac" 'python3 - "$tmp/ax-tf.json" "$tmp/tf.json" <<PY
import json, sys
key = lambda f: (f["id"], f["resource"], f["location"]["file"], f["location"]["line"], f["iac"]["address"], json.dumps(f["access"], sort_keys=True))
a = sorted(key(f) for f in json.load(open(sys.argv[1]))["findings"])
b = sorted(key(f) for f in json.load(open(sys.argv[2]))["findings"] if f["id"] in ("public-access", "external-access"))
assert a and a == b, (a, b)
PY'
check "access external on Terraform counts the resource policies" 'grep -q "analysed 2 policies" "$tmp/ax-tf.err"'
"$bin" access external $cfn/template.yaml --account 111122223333 --format json > "$tmp/ax-cfn.json" 2> /dev/null; rc=$?
check "access external on a template exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "access external on a template: the partner trust" 'python3 -c "import json,sys; fs=json.load(open(sys.argv[1]))[\"findings\"]; assert [(f[\"id\"], f[\"iac\"][\"address\"]) for f in fs]==[(\"external-access\",\"AuditRole\")], fs" "$tmp/ax-cfn.json"'

# A policy file is still a policy file, and an unreadable template is exit 2 naming the file.
printf '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' > "$tmp/trust.json"
"$bin" access external "$tmp/trust.json" --account 111122223333 > /dev/null 2>&1; rc=$?
check "a service trust policy file: exit 0 (rc=$rc)" '[ $rc -eq 0 ]'
printf 'Resources:\n  Bad: [unclosed\n' > "$tmp/bad.yaml"
"$bin" access external "$tmp/bad.yaml" > /dev/null 2> "$tmp/bad.err"; rc=$?
check "a broken template exits 2 naming it (rc=$rc)" '[ $rc -eq 2 ] && grep -q "bad.yaml:" "$tmp/bad.err"'

# access diff on two versions of the code: policies paired by address.
mkdir -p "$tmp/old" "$tmp/new" "$tmp/same"
cp $tf/main.tf "$tmp/old/main.tf"
cp $tf/main.tf "$tmp/same/main.tf"
python3 - "$tmp/old/main.tf" "$tmp/new/main.tf" <<PY
import sys
s = open(sys.argv[1]).read()
s = s.replace('Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }', '')
open(sys.argv[2], "w").write(s)
PY
"$bin" access diff "$tmp/old" "$tmp/new" --format json > "$tmp/diff.json" 2> /dev/null; rc=$?
check "access diff on code: dropping the organization condition fails (rc=$rc)" '[ $rc -eq 1 ]'
check "access diff on code: the reason names the address" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"result\"]==\"fail\" and d[\"reason\"].startswith(\"aws_s3_bucket_policy.shared (resource policy)\") and d[\"counterexample\"][\"action\"]==\"s3:GetObject\", d" "$tmp/diff.json"'
"$bin" access diff "$tmp/new" "$tmp/old" > /dev/null 2>&1; rc=$?
check "access diff on code: adding the condition passes (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" access diff "$tmp/old" "$tmp/same" --format json > "$tmp/same.json" 2> /dev/null; rc=$?
check "access diff on identical code passes (rc=$rc)" '[ $rc -eq 0 ] && grep -q "\"pass\"" "$tmp/same.json"'
"$bin" access diff "$tmp/old" $cfn > "$tmp/added.txt" 2> /dev/null; rc=$?
check "access diff: a policy new in NEW is compared with deny-all (rc=$rc)" '[ $rc -eq 1 ] && grep -q "new in NEW" "$tmp/added.txt"'

exit $fail
