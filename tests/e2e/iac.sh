#!/usr/bin/env bash
# End-to-end checks of `iamwarden iac` (contracts.md §7): exit codes 0/1/2, the JSON `iac`
# object and locations in the code, inline suppressions, unresolved placeholders, --paths,
# SARIF with relative paths, and clear errors for bad input.
# Usage: bash iac.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cd "$src" || exit 2

# CloudFormation example: findings (exit 1), the iac object on every finding, suppression by Metadata.
"$bin" iac examples/iac/cloudformation/template.yaml --format json > "$tmp/cfn.json" 2> "$tmp/cfn.err"; rc=$?
check "cfn with findings exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "cfn json: iac object, locations, suppression" 'python3 - "$tmp/cfn.json" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
fs = d["findings"]
assert fs
for f in fs:
    assert set(f["iac"]) == {"address", "file", "line"}, f
    assert f["iac"]["file"] == "examples/iac/cloudformation/template.yaml", f
    assert f["location"]["file"] == "examples/iac/cloudformation/template.yaml", f
    assert f["location"]["line"] > 0 and f["location"]["column"] > 0, f
ids = {f["id"] for f in fs}
assert "public-principal" not in ids, "Metadata suppression with a reason must suppress"
assert "trust-oidc-unrestricted" in ids
pe = [f for f in fs if f["id"] == "privilege-escalation"]
assert pe and pe[0]["iac"]["address"] == "DeployRole" and pe[0]["resource"] == "arn:aws:iam::123456789012:role/ci-deploy-prod", pe
assert "checkov:CKV_AWS_110" in pe[0]["related"], pe[0]
un = [f for f in fs if f["id"] == "iac-unresolved"]
assert len(un) == 1 and un[0]["severity"] == "info" and "ArtifactBucketName" in un[0]["message"], un
PY'
check "cfn notes the suppressed finding" 'grep -q "1 finding suppressed inline" "$tmp/cfn.err"'

# --account names the resources.
"$bin" iac examples/iac/cloudformation/template.yaml --account 111122223333 --format json > "$tmp/acct.json" 2> /dev/null
check "--account in resource ARNs" 'grep -q "arn:aws:iam::111122223333:role/ci-deploy-prod" "$tmp/acct.json"'

# --paths: the CI role that can attach policies to itself is an escalation path.
"$bin" iac examples/iac/terraform --paths --format json > "$tmp/tf.json" 2> /dev/null; rc=$?
check "terraform --paths exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "terraform --paths reports the CI role" 'python3 - "$tmp/tf.json" <<PY
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
p = [f for f in fs if f["id"] == "privilege-escalation-principal"]
assert p, [f["id"] for f in fs]
assert p[0]["iac"]["address"] == "module.ci.aws_iam_role.deploy", p[0]
assert p[0]["resource"] == "arn:aws:iam::123456789012:role/ci-deploy-prod", p[0]
assert p[0]["location"]["file"] == "examples/iac/terraform/modules/ci/main.tf", p[0]
assert not [f for f in fs if f["id"] == "public-principal"], "comment suppression with a reason must suppress"
PY'
"$bin" iac examples/iac/terraform --format json > "$tmp/tf-nopaths.json" 2> /dev/null
check "without --paths no principal findings" '! grep -q privilege-escalation-principal "$tmp/tf-nopaths.json"'

# Suppression without a reason: a finding, and it suppresses nothing.
mkdir -p "$tmp/sup"
cat > "$tmp/sup/main.tf" <<'TF'
# iamwarden:ignore admin-wildcard
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
TF
"$bin" iac "$tmp/sup" --format json > "$tmp/sup.json" 2> /dev/null; rc=$?
check "suppression without reason exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "suppression-without-reason reported, admin-wildcard kept" 'python3 - "$tmp/sup.json" <<PY
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
ids = sorted(f["id"] for f in fs)
assert ids == ["admin-wildcard", "suppression-without-reason"], ids
s = [f for f in fs if f["id"] == "suppression-without-reason"][0]
assert s["severity"] == "low" and s["location"]["line"] == 1, s
PY'

# Unresolved placeholder in a Principal never makes a trust public; in Action it matches anything.
mkdir -p "$tmp/unres"
cat > "$tmp/unres/main.tf" <<'TF'
variable "who" {}
variable "actions" {}
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = var.who }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "x"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }] })
  }
}
TF
"$bin" iac "$tmp/unres" --format json > "$tmp/unres.json" 2> /dev/null
check "placeholders: unresolved once each, no public trust, assumed admin" 'python3 - "$tmp/unres.json" <<PY
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
ids = [f["id"] for f in fs]
assert "public-principal" not in ids, ids
un = [f for f in fs if f["id"] == "iac-unresolved"]
assert sorted(u["message"].split()[0] for u in un) == ["var.actions", "var.who"], un
a = [f for f in fs if f["id"] == "admin-wildcard"]
assert a and "var.actions" in a[0]["message"], a
assert "admin-wildcard" in [u for u in un if u["message"].startswith("var.actions")][0]["message"]
PY'
"$bin" iac "$tmp/unres" --var 'actions=["s3:ListBucket"]' --var who=arn:aws:iam::123456789012:role/x --format json > "$tmp/vars.json" 2> /dev/null
check "--var resolves the placeholders" '! grep -q "iac-unresolved\|admin-wildcard" "$tmp/vars.json"'

# A clean template exits 0; SARIF uses relative paths.
mkdir -p "$tmp/clean"
cat > "$tmp/clean/t.yaml" <<'Y'
Resources:
  R:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:ListBucket
            Resource: arn:aws:s3:::b
Y
(cd "$tmp" && "$bin" iac clean -q); rc=$?
check "clean template exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" iac examples/iac/cloudformation/template.yaml --format sarif -o "$tmp/out.sarif" 2> /dev/null
check "sarif uri is relative" 'grep -q "\"uri\": \"examples/iac/cloudformation/template.yaml\"" "$tmp/out.sarif"'

# Bad input: exit 2 with file:line:column.
printf 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: [a, b\n' > "$tmp/bad.yaml"
"$bin" iac "$tmp/bad.yaml" > /dev/null 2> "$tmp/bad.err"; rc=$?
check "broken template exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "broken template error is located" 'grep -q "bad.yaml:[0-9]*:[0-9]*:" "$tmp/bad.err"'
printf 'resource "x" {\n' > "$tmp/bad.tf"
mkdir -p "$tmp/badtf" && mv "$tmp/bad.tf" "$tmp/badtf/"
"$bin" iac "$tmp/badtf" > /dev/null 2> "$tmp/badtf.err"; rc=$?
check "broken Terraform exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
"$bin" iac "$tmp/nothing-here" > /dev/null 2>&1; rc=$?
check "missing path exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
mkdir -p "$tmp/empty" && echo '{"name": "x"}' > "$tmp/empty/package.json"
"$bin" iac "$tmp/empty" > /dev/null 2> "$tmp/empty.err"; rc=$?
check "no infrastructure code exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "no Terraform" "$tmp/empty.err"'
"$bin" iac examples/iac/terraform --account 12 > /dev/null 2>&1; rc=$?
check "bad --account exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

[ "$fail" -eq 0 ] && echo "iac: all checks passed"
exit "$fail"
