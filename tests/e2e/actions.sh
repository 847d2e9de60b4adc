#!/usr/bin/env bash
# End-to-end test of `iamwarden actions expand|show`: exit codes, text and JSON outputs.
#   bash tests/e2e/actions.sh <path-to-iamwarden> <source-dir>
set -u
bin=${1:?usage: actions.sh <iamwarden> <source-dir>}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run NAME EXPECTED_EXIT ARGS...: runs the binary, stdout to $tmp/NAME.out, stderr to .err.
run() {
  local name=$1 expected=$2
  shift 2
  "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local code=$?
  if [ "$code" -ne "$expected" ]; then
    fail "$name: 'iamwarden $*' exited $code, expected $expected; stderr: $(head -c 400 "$tmp/$name.err")"
  fi
}

# expect_line NAME LINE: the exact line is in NAME's stdout.
expect_line() {
  grep -Fxq -- "$2" "$tmp/$1.out" || fail "$1: no line '$2' in output"
}

# expect_text NAME FILE TEXT: FILE (out or err) of NAME contains TEXT.
expect_text() {
  grep -Fq -- "$3" "$tmp/$1.$2" || fail "$1: '$3' not in std$2: $(head -c 400 "$tmp/$1.$2")"
}

valid_json() {
  python3 -m json.tool "$tmp/$1.out" >/dev/null 2>&1 || fail "$1: output is not valid JSON"
}

# json_check NAME PYTHON-EXPRESSION: the expression over the parsed output `d` is true.
json_check() {
  python3 - "$tmp/$1.out" "$2" <<'EOF' || fail "$1: JSON check failed: $2"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
}

# --- expand, text -----------------------------------------------------------------------------
run expand_get 0 actions expand 's3:Get*'
expect_line expand_get "s3:GetObject"
expect_line expand_get "s3:GetBucketPolicy"
if grep -v '^s3:Get' "$tmp/expand_get.out" | grep -q .; then
  fail "expand_get: a line does not start with s3:Get"
fi
[ "$(wc -l <"$tmp/expand_get.out")" -gt 50 ] || fail "expand_get: fewer than 50 actions"
sort -c "$tmp/expand_get.out" 2>/dev/null || fail "expand_get: output not sorted"

run expand_all 0 actions expand '*'
[ "$(wc -l <"$tmp/expand_all.out")" -gt 15000 ] || fail "expand_all: fewer than 15000 actions"

run expand_case 0 actions expand 'IAM:passrole'
[ "$(cat "$tmp/expand_case.out")" = "iam:PassRole" ] || fail "expand_case: got $(cat "$tmp/expand_case.out")"

run expand_q 0 actions expand 'iam:?etUser'
[ "$(cat "$tmp/expand_q.out")" = "iam:GetUser" ] || fail "expand_q: got $(cat "$tmp/expand_q.out")"

# --- expand, json -----------------------------------------------------------------------------
run expand_json 0 actions expand 'iam:*User' --format json
valid_json expand_json
json_check expand_json 'd["pattern"] == "iam:*User" and "iam:GetUser" in d["actions"] and all(a.startswith("iam:") and a.endswith("User") for a in d["actions"])'

run expand_file 0 actions expand 's3:Put*' --format json --output "$tmp/out.json"
[ -s "$tmp/expand_file.out" ] && fail "expand_file: stdout should be empty with --output"
python3 -m json.tool "$tmp/out.json" >/dev/null 2>&1 || fail "expand_file: --output file is not valid JSON"
grep -q '"s3:PutObject"' "$tmp/out.json" || fail "expand_file: s3:PutObject missing from --output file"

# --- expand, errors ---------------------------------------------------------------------------
run expand_unknown_service 2 actions expand 'ec3:Describe*'
expect_text expand_unknown_service err "did you mean ec2"
[ -s "$tmp/expand_unknown_service.out" ] && fail "expand_unknown_service: stdout not empty"

run expand_typo 2 actions expand 's3:GetObjet'
expect_text expand_typo err "did you mean s3:GetObject"

run expand_nothing 2 actions expand 's3:NoSuchThing*'
expect_text expand_nothing err "no action matches"

run expand_no_arg 2 actions expand
run expand_bad_format 2 actions expand 's3:Get*' --format yaml
run actions_no_sub 2 actions

# --- show, text -------------------------------------------------------------------------------
run show_get 0 actions show s3:GetObject
expect_line show_get "s3:GetObject"
expect_text show_get out "access level:   Read"
expect_text show_get out 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'
expect_text show_get out "s3:ExistingObjectTag/<key>"

run show_case 0 actions show IAM:PASSROLE
expect_line show_case "iam:PassRole"
expect_text show_case out "access level:   Write"
expect_text show_case out "role (required)"
expect_text show_case out "iam:PassedToService"

run show_star 0 actions show sts:GetCallerIdentity
expect_text show_star out 'takes only Resource "*"'

# --- show, json -------------------------------------------------------------------------------
run show_json 0 actions show s3:ListBucket --format json
valid_json show_json
json_check show_json 'd["action"] == "s3:ListBucket" and d["service"] == "s3" and d["access_level"] == "List"'
json_check show_json 'any(r["name"] == "bucket" and r["arn_format"] == "arn:${Partition}:s3:::${BucketName}" for r in d["resource_types"])'
json_check show_json 'all(set(k) == {"name", "type"} for k in d["condition_keys"]) and any(k["name"] == "s3:prefix" for k in d["condition_keys"])'

run show_json_pm 0 actions show iam:AttachRolePolicy --format json
valid_json show_json_pm
json_check show_json_pm 'd["access_level"] == "Permissions management" and d["resource_types"][0]["required"] is True'

# --- show, errors -----------------------------------------------------------------------------
run show_typo 2 actions show s3:GetObjet
expect_text show_typo err "did you mean s3:GetObject"
[ -s "$tmp/show_typo.out" ] && fail "show_typo: stdout not empty"

run show_unknown_service 2 actions show ec3:DescribeInstances
expect_text show_unknown_service err "did you mean ec2"

run show_pattern 2 actions show 's3:Get*'
expect_text show_pattern err "actions expand"

run show_no_colon 2 actions show GetObject

if [ "$failures" -ne 0 ]; then
  echo "actions.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "actions.sh: all checks passed"
