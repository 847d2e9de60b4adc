#!/usr/bin/env bash
# Every subcommand takes the same --format, -o/--output and -q/--quiet (and --fail-on where
# results have severities), from one place: the formats are validated with an error that lists
# them, -o writes the file and says so on stderr, --quiet silences that note.
# Usage: bash common_options.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
A=111122223333
graph=$src/tests/cases/graph

# Every command's --help lists the common options; --fail-on exactly where it applies.
for cmd in "lint" "audit" "paths" "who-can" "can" "simulate" "test" "checks" "actions expand" \
           "actions show" "demo generate"; do
  # shellcheck disable=SC2086
  help=$("$bin" $cmd --help 2>&1)
  for opt in --format -o, --output -q, --quiet; do
    check "$cmd --help lists $opt" 'grep -q -- "$opt" <<<"$help"'
  done
  case $cmd in
    lint|audit|paths|who-can) check "$cmd has --fail-on" 'grep -q -- "--fail-on" <<<"$help"' ;;
    *) check "$cmd has no --fail-on" '! grep -q -- "--fail-on" <<<"$help"' ;;
  esac
done

# A format the command does not write: exit 2, and the message lists the ones it does.
bad_format() {  # NAME EXPECTED-LIST ARGS...
  local name=$1 list=$2; shift 2
  "$bin" "$@" --format yaml > "$tmp/out" 2> "$tmp/err"; local rc=$?
  check "$name --format yaml exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
  check "$name names its formats: $(head -c 300 "$tmp/err")" 'grep -q -- "--format: .yaml. is not a format of $name: use $list" "$tmp/err"'
  check "$name writes nothing on stdout" '[ ! -s "$tmp/out" ]'
}
bad_format lint "text, json, sarif, csv, junit, asff, ocsf or html" lint "$src/examples/policies"
bad_format test "text, json or junit" test "$src/examples/tests/passrole.yaml"
bad_format paths "text, json or dot" paths "$graph/self-escalation"
bad_format "actions show" "text or json" actions show s3:GetObject
bad_format checks "text, json or markdown" checks
# The case of a format name does not matter.
"$bin" checks --format JSON > "$tmp/checks.json"; rc=$?
check "--format JSON accepted (rc=$rc)" '[ $rc -eq 0 ] && python3 -m json.tool "$tmp/checks.json" > /dev/null'

# The README's command: policy tests as JUnit into a file, and a note saying what was written.
(cd "$src" && "$bin" test examples/tests/*.yaml --format junit -o "$tmp/policy-tests.xml") 2> "$tmp/err"; rc=$?
check "test -o exits 0 (rc=$rc): $(cat "$tmp/err")" '[ $rc -eq 0 ]'
check "test -o wrote JUnit" 'python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$tmp/policy-tests.xml"'
check "test -o says what it wrote: $(cat "$tmp/err")" 'grep -Eqx "wrote $tmp/policy-tests.xml \([0-9]+ cases, 0 failed\)" "$tmp/err"'

# -o on every other command writes the file and one note; --quiet writes only the file.
written() {  # NAME NOTE-REGEX ARGS...
  local name=$1 note=$2; shift 2
  rm -f "$tmp/result"
  "$bin" "$@" -o "$tmp/result" > "$tmp/out" 2> "$tmp/err"
  check "$name: file written" '[ -s "$tmp/result" ]'
  check "$name: stdout empty" '[ ! -s "$tmp/out" ]'
  check "$name: note '$note' in: $(cat "$tmp/err")" 'grep -Eqx "wrote $tmp/result \($note\)" "$tmp/err"'
  rm -f "$tmp/result"
  "$bin" "$@" -o "$tmp/result" --quiet > "$tmp/out" 2> "$tmp/err"
  check "$name --quiet: file written" '[ -s "$tmp/result" ]'
  check "$name --quiet: stderr empty: $(cat "$tmp/err")" '[ ! -s "$tmp/err" ]'
}
written lint "[0-9]+ findings" lint "$src/examples/policies/legacy-admin.json" --format sarif
written audit "[0-9]+ findings" audit "$src/tests/cases/audit/all-ids" --format html
written paths "[0-9]+ paths" paths "$graph/self-escalation" --format json
written who-can "[0-9]+ principals?" who-can sts:AssumeRole "arn:aws:iam::$A:role/named-admin" --snapshot "$graph/principal-access"
written can "1 answer" can "arn:aws:iam::$A:user/named" sts:AssumeRole "arn:aws:iam::$A:role/named-admin" --snapshot "$graph/principal-access"
written simulate "1 decision" simulate --principal "arn:aws:iam::$A:user/a" --action s3:GetObject --resource '*' \
  --identity-policy "$src/examples/policies/developer-s3-read.json" --format json
written "actions expand" "[0-9]+ actions" actions expand 's3:Get*'
written "actions show" "1 action" actions show s3:GetObject --format json
written checks "[0-9]+ checks" checks --format markdown
written "demo generate" "summary" demo generate "$tmp/org" --accounts 1 --users 1 --roles 1 --policies 1

# --fail-on on paths: a path counts at the severity of privilege-escalation-principal (high).
"$bin" paths "$graph/self-escalation" --fail-on high > /dev/null; rc=$?
check "paths --fail-on high exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
"$bin" paths "$graph/self-escalation" --fail-on critical > /dev/null; rc=$?
check "paths --fail-on critical exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" paths "$graph/self-escalation" --fail-on severe > /dev/null 2> "$tmp/err"; rc=$?
check "paths --fail-on severe exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "critical, high, medium, low or info" "$tmp/err"'
# who-can: an unconditional grant is high; none is critical.
"$bin" who-can sts:AssumeRole "arn:aws:iam::$A:role/named-admin" --snapshot "$graph/principal-access" --fail-on high > /dev/null; rc=$?
check "who-can --fail-on high exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
"$bin" who-can sts:AssumeRole "arn:aws:iam::$A:role/named-admin" --snapshot "$graph/principal-access" --fail-on critical > /dev/null; rc=$?
check "who-can --fail-on critical exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
# Every principal that can assume mfa-admin needs MFA (a condition it must meet): medium.
"$bin" who-can sts:AssumeRole "arn:aws:iam::$A:role/mfa-admin" --snapshot "$graph/principal-access" --fail-on high > /dev/null; rc=$?
check "who-can gated by MFA, --fail-on high exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" who-can sts:AssumeRole "arn:aws:iam::$A:role/mfa-admin" --snapshot "$graph/principal-access" --fail-on medium > /dev/null; rc=$?
check "who-can gated by MFA, --fail-on medium exits 1 (rc=$rc)" '[ $rc -eq 1 ]'

exit $fail
