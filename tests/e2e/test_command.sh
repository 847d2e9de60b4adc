#!/usr/bin/env bash
# End-to-end checks of `iamwarden test`: the shipped example suites pass (exit 0), a failing
# suite exits 1 and names its failed cases, bad suites and policy files exit 2 with file:line,
# and the JUnit and JSON outputs are well-formed.
# Usage: bash test_command.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cases="$src/tests/cases/testsuite"
xml_ok() { python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$1"; }

# The example suites: every case passes.
out=$("$bin" test "$src"/examples/tests/*.yaml "$src"/examples/tests/*.json 2>&1); rc=$?
check "examples exit 0 (rc=$rc): $out" '[ $rc -eq 0 ]'
check "examples summary" 'grep -q "5 suites, [0-9]* cases: [0-9]* passed, 0 failed" <<<"$out"'
check "examples no color when not a tty" '! grep -q $'"'"'\x1b'"'"' <<<"$out"'
"$bin" test "$src"/examples/tests/*.yaml "$src"/examples/tests/*.json --format junit --output "$tmp/examples.xml"; rc=$?
check "examples junit exit 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "examples junit well-formed" 'xml_ok "$tmp/examples.xml"'
check "examples junit has 5 testsuites" '[ "$(grep -c "<testsuite " "$tmp/examples.xml")" -eq 5 ]'
check "examples junit no failures" '! grep -q "<failure" "$tmp/examples.xml"'

# A deliberately failing suite: exit 1, the failed cases are named with the explanation.
out=$("$bin" test "$cases/failing.yaml"); rc=$?
check "failing suite exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "failing case named" 'grep -q "✗ writes data (wrongly expected to be allowed)" <<<"$out"'
check "failing case expected vs actual" 'grep -q "expected allow, got implicit_deny" <<<"$out"'
check "failing case explained" 'grep -q "denied by identity: no identity-based policy allows the request" <<<"$out"'
check "statement located" 'grep -q "identity\[0\] statement 0 (Sid \"Read\"): Allow at .*policies/read-only.json:4:5" <<<"$out"'
check "passing case shown" 'grep -q "✓ reads data" <<<"$out"'
check "failing summary" 'grep -q "1 suite, 4 cases: 1 passed, 3 failed" <<<"$out"'
"$bin" test "$cases/failing.yaml" --format junit --output "$tmp/failing.xml"; rc=$?
check "failing junit exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "failing junit well-formed" 'xml_ok "$tmp/failing.xml"'
check "failing junit counts" 'grep -q "<testsuite name=\"deliberately failing\" file=\"[^\"]*failing.yaml\" tests=\"4\" failures=\"3\"" "$tmp/failing.xml"'
check "failing junit failure element" 'grep -q "<failure type=\"policy-test\" message=\"expected allow, got implicit_deny\">" "$tmp/failing.xml"'
out=$("$bin" test "$cases/failing.yaml" --format json); rc=$?
check "failing json exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "failing json parses" 'python3 -c "import json,sys; d=json.load(sys.stdin); assert d[\"summary\"][\"failed\"] == 3 and len(d[\"results\"]) == 4" <<<"$out"'
# A passing and a failing suite together: still 1.
"$bin" test "$src/examples/tests/passrole.yaml" "$cases/failing.yaml" >/dev/null; rc=$?
check "mixed suites exit 1 (rc=$rc)" '[ $rc -eq 1 ]'

# Bad input: exit 2 with file:line:column, nothing on stdout.
expect_error() {  # name, pattern, suite...
  local name=$1 pattern=$2; shift 2
  local out err rc
  out=$("$bin" test "$@" 2>"$tmp/err"); rc=$?
  err=$(cat "$tmp/err")
  check "$name exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
  check "$name message: $err" 'grep -q -- "$pattern" <<<"$err"'
  check "$name prints no results" '[ -z "$out" ]'
}
expect_error "unknown key" 'malformed.yaml:8:5: unknown key "expected" in a case (did you mean "expect"?)' "$cases/malformed.yaml"
expect_error "missing policy file" 'missing-policy.yaml:5:7: cannot read policy file .*policies/does-not-exist.json' "$cases/missing-policy.yaml"
expect_error "broken policy" 'policies/broken.json:4:[0-9]*: invalid JSON' "$cases/broken-policy.yaml"
expect_error "bad operator" 'policies/bad-operator.json:5:[0-9]*: .*StringEqualz' "$cases/bad-operator.json"
expect_error "bad yaml" 'bad-yaml.yaml:5:[0-9]*: invalid YAML' "$cases/bad-yaml.yaml"
expect_error "bad suite before a good one" 'malformed.yaml:8:5' "$src/examples/tests/passrole.yaml" "$cases/malformed.yaml"
expect_error "missing suite" 'cannot read suite .*nope.yaml' "$tmp/nope.yaml"
printf '{"cases": [\n  {"name": "x", "principal": "arn:aws:iam::111122223333:user/a",\n   "action": "s3:GetObject", "expect": "allow",,}]}\n' > "$tmp/bad.json"
expect_error "bad json" 'bad.json:3:[0-9]*: invalid JSON' "$tmp/bad.json"
printf '\x00\xff\xfe garbage [[[ {{{ &a *b' > "$tmp/garbage.yaml"
out=$("$bin" test "$tmp/garbage.yaml" 2>&1); rc=$?
check "garbage exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
out=$("$bin" test "$cases/failing.yaml" --format xml 2>&1); rc=$?
check "bad format exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
out=$("$bin" test 2>&1); rc=$?
check "no suite exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

exit $fail
