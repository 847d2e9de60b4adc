#!/usr/bin/env bash
# A CI gate never passes on input it could not check: `iamwarden lint` exits 2 for a file that
# is not valid JSON (its json-syntax finding stays in the report), for a directory without
# policies, and for a file named on the command line that is no IAM policy; in directories,
# JSON files that are no IAM policy (package.json, CloudFormation templates) are skipped and
# counted on stderr; what was scanned is said on stderr.
# Usage: bash lint_inputs.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cases=$src/tests/cases/cli
# lint NAME ARGS...: stdout to $tmp/NAME.out, stderr to $tmp/NAME.err, exit code in $rc.
lint() { local name=$1; shift; "$bin" lint "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; rc=$?; }
err() { head -c 600 "$tmp/$1.err"; }

# Invalid JSON: exit 2 whatever --fail-on, located error on stderr, finding kept in the report.
lint broken "$cases/broken.json" --fail-on critical --format json
check "broken exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "broken located on stderr: $(err broken)" 'grep -q "^iamwarden: .*tests/cases/cli/broken.json:8:5: not valid JSON: " "$tmp/broken.err"'
check "broken json-syntax in the report" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert [f[\"id\"] for f in d[\"findings\"]] == [\"json-syntax\"]" "$tmp/broken.out"'
# ...also among good policies, whose findings are still reported.
mkdir "$tmp/some-broken"
cp "$cases/broken.json" "$src/examples/policies/legacy-admin.json" "$tmp/some-broken/"
lint some_broken "$tmp/some-broken" --format json
check "a broken file among policies exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "the other policies are linted" 'grep -q "\"admin-wildcard\"" "$tmp/some_broken.out"'

# A directory without policies: exit 2, never "no findings".
mkdir "$tmp/empty" && echo "not json" > "$tmp/empty/readme.txt"
lint empty "$tmp/empty"
check "empty directory exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "empty directory message: $(err empty)" 'grep -q "no policy files found in $tmp/empty" "$tmp/empty.err"'
check "empty directory prints no report" '[ ! -s "$tmp/empty.out" ]'
lint only_other "$cases/not-policies"
check "directory of non-policies exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "directory of non-policies message: $(err only_other)" 'grep -q "no policy files found in .*not-policies" "$tmp/only_other.err"'
check "directory of non-policies counts the skipped: $(err only_other)" 'grep -q "skipped 2 files that are not IAM policies" "$tmp/only_other.err"'

# A directory with a policy, package.json and a CloudFormation template: only the policy.
lint mixed "$cases/mixed" --format json
check "mixed exits 0 (rc=$rc): $(err mixed)" '[ $rc -eq 0 ]'
check "mixed skipped note: $(err mixed)" 'grep -qx "skipped 2 files that are not IAM policies: .*mixed/package.json, .*mixed/template.json" "$tmp/mixed.err"'
check "mixed reports no non-policy file" '! grep -q "package.json\|template.json" "$tmp/mixed.out"'
lint mixed_text "$cases/mixed"
check "text mode says what was scanned: $(err mixed_text)" 'grep -qx "scanned 1 policy" "$tmp/mixed_text.err"'
lint mixed_quiet "$cases/mixed" --quiet
check "--quiet says nothing: $(err mixed_quiet)" '[ ! -s "$tmp/mixed_quiet.err" ]'

# A non-policy named on the command line (or on stdin): exit 2 with the reason.
lint package "$cases/mixed/package.json"
check "package.json exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "package.json message: $(err package)" 'grep -q "package.json: not an IAM policy: a JSON object without a Statement" "$tmp/package.err"'
lint template "$cases/mixed/template.json"
check "template exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "template message: $(err template)" 'grep -q "template.json: not an IAM policy: a CloudFormation template (it has AWSTemplateFormatVersion)" "$tmp/template.err"'
"$bin" lint - < "$cases/not-policies/list.json" > /dev/null 2> "$tmp/stdin.err"; rc=$?
check "stdin list exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "<stdin>: not an IAM policy: a JSON array, not an object" "$tmp/stdin.err"'
# A policy without a Statement but with an IAM Version is a (broken) policy, not skipped.
echo '{"Version": "2012-10-17"}' > "$tmp/no-statement.json"
lint no_statement "$tmp/no-statement.json" --format json
check "Version-only policy is linted (rc=$rc)" '[ $rc -eq 1 ] && grep -q "\"policy-grammar\"" "$tmp/no_statement.out"'

exit $fail
