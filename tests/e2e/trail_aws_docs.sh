#!/usr/bin/env bash
# `iamwarden trail detect` on real CloudTrail records: the examples of the AWS CloudTrail User
# Guide (tests/data/aws-docs-cloudtrail, MIT-0). Checks the exact findings (id, severity, file)
# every built-in detection gives on them — root sign-ins and root calls, sign-ins without MFA
# (high for root), a failed UpdateTrail as logging tampering, nothing for the ordinary calls, the
# MFA checks and the sign-ins with MFA — and that the guide's one malformed record is a warning
# naming its file, line and column while the other files are read; and that findings spilled to
# disk (IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY) give the same report in every format.
# Usage: bash trail_aws_docs.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"

data=$src/tests/data/aws-docs-cloudtrail
"$bin" trail detect "$data" --format json -o "$tmp/out.json" 2> "$tmp/err"; rc=$?
check "exit 1: findings (rc=$rc)" '[ $rc -eq 1 ]'
check "the malformed record is a warning at its line and column" \
  'grep -q "log-iam-create-role.json: not valid JSON at 19:124: control character inside a string" "$tmp/err"'
check "every other file is read (the Insights example holds two records)" 'grep -q "read 18 events from 18 files, 1 warning" "$tmp/err"'

python3 - "$tmp/out.json" > "$tmp/got" << 'PY'
import json, os, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print(f["id"], f["severity"], os.path.basename(f["location"]["file"]), f["resource"])
PY
sort "$tmp/got" > "$tmp/got.sorted"
cat > "$tmp/want" << 'WANT'
console-login-no-mfa high signin-root-success-no-mfa.json arn:aws:iam::111122223333:root
console-login-no-mfa medium signin-iam-user-success-no-mfa.json arn:aws:iam::111122223333:user/anaya
logging-tampered high log-error-update-trail.json arn:aws:iam::123456789012:user/Alice
root-activity high signin-root-failure.json arn:aws:iam::111122223333:root
root-activity high signin-root-mfa-changed.json arn:aws:iam::111122223333:root
root-activity high signin-root-password-changed.json arn:aws:iam::111122223333:root
root-activity high signin-root-success-mfa.json arn:aws:iam::111122223333:root
root-activity high signin-root-success-no-mfa.json arn:aws:iam::111122223333:root
WANT
sort "$tmp/want" -o "$tmp/want"
check "the findings are exactly the expected ones" 'diff "$tmp/want" "$tmp/got.sorted"'

python3 - "$tmp/out.json" > "$tmp/messages" << 'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print(f["message"])
PY
check "a failed root sign-in is worded as a failed attempt" \
  'grep -q "the root user called signin:ConsoleLogin from 192.0.2.0 at 2022-11-10T16:24:34Z (attempt, failed: Failed authentication)" "$tmp/messages"'
check "the failed UpdateTrail names its error code" 'grep -q "UpdateTrail on name myTrail2.*(attempt, failed: TrailNotFoundException)" "$tmp/messages"'

# Findings beyond the memory limit wait sorted on disk: the same report, byte for byte.
IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY=1 "$bin" trail detect "$data" --format json -o "$tmp/spilled.json" 2> /dev/null
check "a report of spilled findings equals the one held in memory" 'cmp -s "$tmp/out.json" "$tmp/spilled.json"'
"$bin" trail detect "$data" --format text -o "$tmp/out.txt" 2> /dev/null
IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY=1 "$bin" trail detect "$data" --format text -o "$tmp/spilled.txt" 2> /dev/null
check "the same for the text report" '[ -s "$tmp/out.txt" ] && cmp -s "$tmp/out.txt" "$tmp/spilled.txt"'
# and for every other format (the time a report was made normalized: two runs, two times)
when() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/TIME/g; s/[0-9]{13}/MILLIS/g' "$1"; }
for format in csv sarif junit asff ocsf html; do
  "$bin" trail detect "$data" --format $format -o "$tmp/out.$format" 2> /dev/null
  IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY=1 "$bin" trail detect "$data" --format $format -o "$tmp/spilled.$format" 2> /dev/null
  check "the same for the $format report" '[ -s "$tmp/out.$format" ] && [ "$(when "$tmp/out.$format")" = "$(when "$tmp/spilled.$format")" ]'
done
TMPDIR=$tmp/missing IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY=1 "$bin" trail detect "$data" --format json -o "$tmp/x.json" 2> "$tmp/notmp.err"; rc=$?
check "no directory for the temporary files: a clear error, exit 2 (rc=$rc)" \
  '[ $rc -eq 2 ] && grep -q "cannot create a temporary file in $tmp/missing for the findings (set TMPDIR" "$tmp/notmp.err"'
IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY=0 "$bin" trail detect "$data" --format json -o "$tmp/zero.json" 2> "$tmp/zero.err"; rc=$?
check "a limit of 0 is refused (rc=$rc)" '[ $rc -eq 2 ] && grep -q "IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY must be a positive number" "$tmp/zero.err"'

"$bin" trail detect "$data" --strict -q > /dev/null 2>&1; rc=$?
check "--strict: the warning makes it exit 2 (rc=$rc)" '[ $rc -eq 2 ]'
exit $fail
