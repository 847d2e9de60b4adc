#!/usr/bin/env bash
# ASFF (Security Hub) findings carry the real account, region and times: the snapshot's account
# and taken_at (FirstObservedAt), --region (default AWS_REGION, else AWS_DEFAULT_REGION, else
# us-east-1), the generation time for CreatedAt/UpdatedAt; lint takes the account from --account.
# Usage: bash asff_fields.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
snap=$src/tests/cases/audit/all-ids
# asff FILE ACCOUNT REGION OBSERVED: every finding has them, and a CreatedAt of today.
asff() {
  python3 - "$@" <<'PY'
import datetime, json, sys
path, account, region, observed = sys.argv[1:5]
findings = json.load(open(path))
today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
assert findings, "no findings"
for f in findings:
    assert f["AwsAccountId"] == account, f["AwsAccountId"]
    assert f["ProductArn"] == f"arn:aws:securityhub:{region}:{account}:product/{account}/default", f["ProductArn"]
    assert all(r["Region"] == region for r in f["Resources"]), f["Resources"]
    assert f["CreatedAt"].startswith(today) and f["UpdatedAt"] == f["CreatedAt"], f["CreatedAt"]
    assert f.get("FirstObservedAt", "") == observed, f.get("FirstObservedAt")
PY
}
env -u AWS_REGION -u AWS_DEFAULT_REGION "$bin" audit "$snap" --format asff > "$tmp/a.json" 2> /dev/null
check "audit: snapshot account, us-east-1 by default, taken_at" 'asff "$tmp/a.json" 111122223333 us-east-1 2026-11-01T00:00:00Z'
AWS_DEFAULT_REGION=eu-west-1 "$bin" audit "$snap" --format asff > "$tmp/b.json" 2> /dev/null
check "audit: AWS_DEFAULT_REGION" 'asff "$tmp/b.json" 111122223333 eu-west-1 2026-11-01T00:00:00Z'
AWS_REGION=ap-south-1 AWS_DEFAULT_REGION=eu-west-1 "$bin" audit "$snap" --format asff --region eu-central-1 > "$tmp/c.json" 2> /dev/null
check "audit: --region wins" 'asff "$tmp/c.json" 111122223333 eu-central-1 2026-11-01T00:00:00Z'
AWS_REGION=ap-south-1 "$bin" lint "$src/examples/policies" --format asff --account 444455556666 > "$tmp/l.json" 2> /dev/null
check "lint: --account and AWS_REGION" 'asff "$tmp/l.json" 444455556666 ap-south-1 ""'
"$bin" lint "$src/examples/policies" --format asff > /dev/null 2> "$tmp/err"
check "lint without --account says so: $(cat "$tmp/err")" 'grep -q "asff without --account" "$tmp/err"'
"$bin" audit "$snap" --format asff --region 'eu west' > /dev/null 2> "$tmp/err"; rc=$?
check "a bad --region exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "region" "$tmp/err"'
[ $fail -eq 0 ] && echo "asff fields: ok"
exit $fail
