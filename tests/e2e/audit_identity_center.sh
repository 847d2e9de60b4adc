#!/usr/bin/env bash
# The audit of IAM Identity Center permission sets (identity-center.json) through the binary, on
# examples/identity-center: admin-principal for AdministratorAccess and for a customer managed
# policy of "*" on "*", with the assignments in JSON; the inline policy's lint findings located in
# identity-center.json; permission-set-session-long and its threshold in the config file; a
# broken identity-center.json is exit 2 with file:line:column.
# Usage: bash audit_identity_center.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
snap="$tmp/snap"
cp -r "$src/examples/identity-center" "$snap"
ps=arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6

"$bin" audit "$snap" --format json -o "$tmp/a.json" -q; rc=$?
check "findings: exit 1 (got $rc)" '[ "$rc" = 1 ]'
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $1" "$tmp/a.json"; }
got=$(field 'print(sorted((f["id"], f["severity"]) for f in d["findings"] if f["resource"].endswith(("ps-0a1b2c3d4e5f6a7b", "ps-2c3d4e5f6a7b8c9d"))))')
check "admin-principal for AdministratorAccess and the customer managed admin policy (got $got)" \
  "[ \"\$got\" = \"[('admin-principal', 'high'), ('admin-principal', 'high')]\" ]"
got=$(field 'f=[f for f in d["findings"] if f["resource"].endswith("ps-0a1b2c3d4e5f6a7b")][0]; print(f["account"], f["location"]["file"].endswith("identity-center.json"), f["location"]["line"], [(a["account"], a["principal_type"], a["principal_id"]) for a in f["assignments"]])')
check "admin set: account, location and assignments (got $got)" \
  "[ \"\$got\" = \"111122223333 True 7 [('111122223333', 'GROUP', '9067a1b2c3-platform-admins'), ('444455556666', 'USER', '9067a1b2c3-alice')]\" ]"
got=$(field 'f=[f for f in d["findings"] if f["resource"].endswith("ps-0a1b2c3d4e5f6a7b")][0]; print("group 9067a1b2c3-platform-admins in 111122223333" in f["message"] and "user 9067a1b2c3-alice in 444455556666" in f["message"])')
check "admin set: the message names its holders" '[ "$got" = True ]'
got=$(field 'f=[f for f in d["findings"] if f["id"] == "allow-not-action"][0]; l=f["location"]; print(f["resource"].split("/")[-1], l["file"].endswith("identity-center.json"), l["line"], l["column"], l["statement"], l["sid"])')
check "inline policy lint located in identity-center.json (got $got)" '[ "$got" = "ps-3d4e5f6a7b8c9d0e True 51 55 0 AllButIam" ]'
got=$(field 'print(sorted(f["id"] for f in d["findings"] if f["resource"].endswith("ps-3d4e5f6a7b8c9d0e") and f["id"] in ("invalid-arn", "permission-set-session-long")))')
check "invalid-arn and the 12-hour session (got $got)" "[ \"\$got\" = \"['invalid-arn', 'permission-set-session-long']\" ]"
got=$(field 'print(len([f for f in d["findings"] if f["resource"].endswith("ps-1b2c3d4e5f6a7b8c")]))')
check "ReadOnly (view-only, not in the snapshot) has no finding (got $got)" '[ "$got" = 0 ]'

# The threshold of permission-set-session-long comes from the config file.
printf 'thresholds:\n  permission_set_max_session_seconds: 43200\n' > "$tmp/audit.yaml"
"$bin" audit "$snap" --config "$tmp/audit.yaml" --format json -q | python3 -c 'import json,sys; sys.exit(any(f["id"] == "permission-set-session-long" for f in json.load(sys.stdin)["findings"]))'; rc=$?
check "12 hours allowed by the config: no permission-set-session-long" '[ "$rc" = 0 ]'
"$bin" audit "$snap" --checks permission-set-session-long --format json -q > "$tmp/s.json"
got=$(python3 -c 'import json,sys; print([f["resource"].split("/")[-1] for f in json.load(open(sys.argv[1]))["findings"]])' "$tmp/s.json")
check "--checks permission-set-session-long (got $got)" "[ \"\$got\" = \"['ps-3d4e5f6a7b8c9d0e']\" ]"

# Text and SARIF carry the permission set findings.
"$bin" audit "$snap" -q > "$tmp/a.txt"
check "text: the admin set with its holders" 'grep -q "admin-principal  permission set AdministratorAccess .*assigned to group 9067a1b2c3-platform-admins" "$tmp/a.txt"'
"$bin" audit "$snap" --format sarif -o "$tmp/a.sarif" -q
got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["results"]; print(any(x["ruleId"] == "permission-set-session-long" and x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("identity-center.json") for x in r))' "$tmp/a.sarif")
check "sarif: permission-set-session-long located in identity-center.json (got $got)" '[ "$got" = True ]'

# HTML lists the permission sets among the principals, the admin ones marked.
"$bin" audit "$snap" --format html -o "$tmp/a.html" -q
check "html: the permission sets among the principals" 'grep -q "permission set" "$tmp/a.html" && grep -q "ps-1b2c3d4e5f6a7b8c" "$tmp/a.html"'

# A broken identity-center.json stops the audit: exit 2, file:line:column.
printf '{"instances": [\n  {"instance_arn": "arn:aws:sso:::instance/i", "permission_sets": [{"arn": "%s/ps-1", "session_duration": "8 hours"}]}\n]}\n' "$ps" > "$snap/identity-center.json"
"$bin" audit "$snap" -q > /dev/null 2> "$tmp/err"; rc=$?
check "bad session_duration: exit 2 (got $rc)" '[ "$rc" = 2 ]'
check "bad session_duration: located ($(cat "$tmp/err"))" 'grep -q "identity-center.json:2:[0-9]*: session_duration must be an ISO 8601 duration" "$tmp/err"'
printf '{"instances": [' > "$snap/identity-center.json"
"$bin" audit "$snap" -q > /dev/null 2> "$tmp/err"; rc=$?
check "truncated JSON: exit 2 with its position (got $rc: $(cat "$tmp/err"))" '[ "$rc" = 2 ] && grep -q "identity-center.json:1:[0-9]*:" "$tmp/err"'

exit $fail
