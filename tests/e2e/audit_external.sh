#!/usr/bin/env bash
# The audit's external access section: every role trust policy and resource policy searched for
# principals outside the account (access external). A partner's role trust, a public bucket and a
# bucket open to the organization (other accounts of it are outside the account) are listed, the
# public one first in HTML, each with its conditions; a role for a service and a role of the
# account itself are not. JSON "external_access", text and HTML sections.
# Usage: bash audit_external.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
A=111122223333
P=444455556666
snap="$tmp/snap"; mkdir -p "$snap"
role() {  # NAME PRINCIPAL-JSON [CONDITION-JSON]
  printf '{"Path": "/", "RoleName": "%s", "RoleId": "AROA%s", "Arn": "arn:aws:iam::%s:role/%s", "CreateDate": "2026-01-01T00:00:00Z", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": %s, "Action": "sts:AssumeRole"%s}]}, "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [], "RoleLastUsed": {}}' \
    "$1" "$(echo "$1" | tr 'a-z-' 'A-Z_')" "$A" "$1" "$2" "${3:+, \"Condition\": $3}"
}
cat > "$snap/authorization-details.json" <<JSON
{"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [
 $(role vendor "{\"AWS\": \"arn:aws:iam::$P:root\"}" '{"StringEquals": {"sts:ExternalId": "acme-7"}}'),
 $(role lambda-runner '{"Service": "lambda.amazonaws.com"}'),
 $(role ops "{\"AWS\": \"arn:aws:iam::$A:root\"}")]}
JSON
cat > "$snap/resource-policies.json" <<JSON
[{"arn": "arn:aws:s3:::acme-public-site", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-public-site/*"}]}},
 {"arn": "arn:aws:s3:::acme-org-data", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-org-data/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}}]
JSON
echo "{\"account_id\": \"$A\", \"taken_at\": \"2026-11-06T00:00:00Z\"}" > "$snap/snapshot.json"

"$bin" audit "$snap" --format json -o "$tmp/a.json" -q
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((e["resource"].split(":")[-1], e["kind"], e["public"]) for e in d["external_access"]))' "$tmp/a.json")
check "json: the vendor role, the public and the organization's bucket (got $got)" \
  "[ \"\$got\" = \"[('acme-org-data', 'resource policy', False), ('acme-public-site', 'resource policy', True), ('role/vendor', 'trust policy', False)]\" ]"
vendor=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=[e for e in d["external_access"] if e["resource"].endswith("/vendor")][0]; print(e["principals"], e["actions"], e["conditions"])' "$tmp/a.json")
check "json: vendor's principal, action and external id (got $vendor)" \
  "[ \"\$vendor\" = \"['AWS:arn:aws:iam::$P:root'] ['sts:AssumeRole'] ['StringEquals sts:ExternalId acme-7']\" ]"

"$bin" audit "$snap" -q > "$tmp/a.txt"
check "text: the section" 'grep -q "== External access: 3 ways in from outside the account (1 public)" "$tmp/a.txt"'
check "text: the bucket is public" 'grep -q "arn:aws:s3:::acme-public-site (resource policy, public): \* may s3:GetObject under no condition" "$tmp/a.txt"'
check "text: the organization's bucket with its condition" 'grep -q "acme-org-data (resource policy): \* may s3:GetObject when StringEquals aws:PrincipalOrgID o-a1b2c3d4e5" "$tmp/a.txt"'

"$bin" audit "$snap" --format html -o "$tmp/a.html" -q
check "html: the section and its tab" 'grep -q "id=\"external-access\"" "$tmp/a.html" && grep -q "href=\"#external-access\"" "$tmp/a.html"'
check "html: public first" 'python3 -c "import sys; t=open(sys.argv[1]).read(); s=t[t.index(\"id=\\\"external-access\\\"\"):]; sys.exit(0 if s.index(\"acme-public-site\") < s.index(\"role/vendor\") else 1)" "$tmp/a.html"'

# A snapshot without a way in says so (json: empty list; html: a sentence).
rm "$snap/resource-policies.json"
cat > "$snap/authorization-details.json" <<JSON
{"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [$(role lambda-runner '{"Service": "lambda.amazonaws.com"}')]}
JSON
"$bin" audit "$snap" --format json -o "$tmp/b.json" -q
check "json: none" '[ "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"external_access\"])" "$tmp/b.json")" = "[]" ]'
[ "$fail" -eq 0 ] && echo "audit_external: all checks passed"
exit "$fail"
