#!/usr/bin/env bash
# End-to-end checks of `iamwarden access` (contracts.md §9): diff and the checks answer pass (0),
# fail with a counterexample (1) that `simulate` decides the same way, unknown (2); the JSON
# answer shape; external findings (ids, "access" object, zones, every report format); errors.
# Usage: bash access.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cases=$src/tests/cases/access
ext=$src/tests/cases/access-external

# diff: pass -> 0, JSON shape
"$bin" access diff "$cases/diff-narrow-actions/old.json" "$cases/diff-narrow-actions/new.json" --format json > "$tmp/pass.json"; rc=$?
check "diff pass exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "diff pass json" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert set(d) == {\"result\", \"counterexample\", \"reason\"}, d
assert d[\"result\"] == \"pass\" and d[\"counterexample\"] is None and d[\"reason\"], d" "$tmp/pass.json"'

# diff: fail -> 1, a counterexample simulate allows under NEW (the request file as printed)
"$bin" access diff "$cases/diff-expansion-to-wildcard/old.json" "$cases/diff-expansion-to-wildcard/new.json" --format json > "$tmp/fail.json"; rc=$?
check "diff fail exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "diff fail json" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d[\"result\"] == \"fail\", d
c = d[\"counterexample\"]
assert {\"principal\", \"action\", \"resource\", \"context\", \"identity_policies\"} <= set(c), c
assert c[\"action\"].lower().startswith(\"sqs:get\"), c
assert c[\"action\"].lower() not in (\"sqs:getqueueattributes\", \"sqs:getqueueurl\"), c
json.dump(c, open(sys.argv[2], \"w\"))" "$tmp/fail.json" "$tmp/request.json"'
"$bin" simulate --request "$tmp/request.json" --format json > "$tmp/sim.json"; rc=$?
check "simulate allows the counterexample (rc=$rc)" '[ $rc -eq 0 ] && grep -q "\"allow\"" "$tmp/sim.json"'
python3 - "$tmp/request.json" "$cases/diff-expansion-to-wildcard/old.json" > "$tmp/request-old.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["identity_policies"] = [json.load(open(sys.argv[2]))]
print(json.dumps(c))
PY
"$bin" simulate --request "$tmp/request-old.json" --format json > /dev/null; rc=$?
check "simulate denies the counterexample under OLD (rc=$rc)" '[ $rc -eq 1 ]'

# diff text output names the counterexample
out=$("$bin" access diff "$cases/diff-deny-removed/old.json" "$cases/diff-deny-removed/new.json"); rc=$?
check "diff text fail exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "diff text names the action" 'grep -qi "s3:DeleteBucket" <<< "$out" && grep -q "counterexample" <<< "$out"'

# diff: unknown -> 2 (policy variables beside a numeric condition: outside the solver), never pass
"$bin" access diff "$cases/diff-variables-numeric-unknown/old.json" "$cases/diff-variables-numeric-unknown/new.json" --format json > "$tmp/unk.json"; rc=$?
check "diff unknown exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "diff unknown json" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); assert d[\"result\"] == \"unknown\" and d[\"counterexample\"] is None and d[\"reason\"], d" "$tmp/unk.json"'

# diff --kind resource and trust
"$bin" access diff --kind resource "$cases/diff-resource-principal-to-star/old.json" "$cases/diff-resource-principal-to-star/new.json" > /dev/null; rc=$?
check "diff --kind resource fail (rc=$rc)" '[ $rc -eq 1 ]'
"$bin" access diff --kind trust "$cases/diff-trust-remove-account/old.json" "$cases/diff-trust-remove-account/new.json" > /dev/null; rc=$?
check "diff --kind trust pass (rc=$rc)" '[ $rc -eq 0 ]'

# bad input -> 2 with file:line:column
printf '{"Version": "2012-10-17", "Statement": [\n  {"Effect": "Allow",, }]}' > "$tmp/bad.json"
err=$("$bin" access diff "$tmp/bad.json" "$cases/diff-identical/new.json" 2>&1 >/dev/null); rc=$?
check "bad policy exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "bad policy located ($err)" 'grep -q "bad.json:2:" <<< "$err"'
"$bin" access diff "$tmp/missing.json" "$cases/diff-identical/new.json" > /dev/null 2>&1; rc=$?
check "missing file exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

# check-not-granted
"$bin" access check-not-granted "$cases/not-granted-passrole-pass/policy.json" --action iam:PassRole > /dev/null; rc=$?
check "check-not-granted pass (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" access check-not-granted "$cases/not-granted-same-resource-fail/policy.json" --action s3:GetObject \
  --resource "arn:aws:s3:::example-bucket/reports/q1.csv" --format json > "$tmp/ng.json"; rc=$?
check "check-not-granted fail (rc=$rc)" '[ $rc -eq 1 ]'
check "check-not-granted counterexample" 'python3 -c "
import json,sys; c=json.load(open(sys.argv[1]))[\"counterexample\"]
assert c[\"action\"] == \"s3:GetObject\" and c[\"resource\"] == \"arn:aws:s3:::example-bucket/reports/q1.csv\", c" "$tmp/ng.json"'

# check-no-public
"$bin" access check-no-public "$cases/no-public-star/policy.json" --format json > "$tmp/np.json"; rc=$?
check "check-no-public fail (rc=$rc)" '[ $rc -eq 1 ]'
check "check-no-public counterexample is simulate-able" 'python3 -c "
import json,sys; c=json.load(open(sys.argv[1]))[\"counterexample\"]; json.dump(c, open(sys.argv[2], \"w\"))" "$tmp/np.json" "$tmp/np-req.json" &&
  "$bin" simulate --request "$tmp/np-req.json" > /dev/null'
"$bin" access check-no-public "$cases/no-public-vpce/policy.json" > /dev/null; rc=$?
check "check-no-public pass for a VPC endpoint (rc=$rc)" '[ $rc -eq 0 ]'

# external: snapshot, zone account
"$bin" access external "$ext/snapshot" --format json > "$tmp/ext.json"; rc=$?
check "external with findings exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "external findings" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
got = sorted((f[\"id\"], f[\"resource\"]) for f in d[\"findings\"])
want = sorted([(\"public-access\", \"arn:aws:s3:::public-site\"), (\"external-access\", \"arn:aws:s3:::org-data\"),
  (\"external-access\", \"arn:aws:s3:::vpce-data\"), (\"external-access\", \"arn:aws:iam::111122223333:role/deploy\")])
assert got == want, got
for f in d[\"findings\"]:
    a = f[\"access\"]
    assert set(a) == {\"principals\", \"actions\", \"conditions\", \"public\"}, a
    assert a[\"public\"] == (f[\"id\"] == \"public-access\"), f
    assert f[\"account\"] == \"111122223333\" and f[\"message\"] and f[\"location\"][\"line\"] > 0, f
deploy = [f for f in d[\"findings\"] if f[\"resource\"].endswith(\"role/deploy\")][0]
assert deploy[\"access\"][\"principals\"] == [\"AWS:arn:aws:iam::444455556666:root\"], deploy
assert deploy[\"access\"][\"actions\"] == [\"sts:AssumeRole\"], deploy
vpce = [f for f in d[\"findings\"] if f[\"resource\"].endswith(\"vpce-data\")][0]
assert vpce[\"access\"][\"conditions\"] == {\"StringEquals\": {\"aws:SourceVpce\": [\"vpce-1a2b3c4d\"]}}, vpce
" "$tmp/ext.json"'

# external: the organization is the zone -> the org-restricted bucket is inside
"$bin" access external "$ext/snapshot" --zone org:o-a1b2c3d4e5 --format json > "$tmp/org.json"
check "org zone suppresses aws:PrincipalOrgID" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert not [f for f in d[\"findings\"] if f[\"resource\"].endswith(\"org-data\")], d" "$tmp/org.json"'
"$bin" access external "$ext/snapshot" --zone org:o-zzzzzzzzzz --format json > "$tmp/org2.json"
check "another org stays external" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert [f for f in d[\"findings\"] if f[\"resource\"].endswith(\"org-data\")], d" "$tmp/org2.json"'

# external: every report format, lone policy file needs --account
for f in text sarif csv junit asff ocsf html; do
  "$bin" access external "$ext/snapshot" --format "$f" -o "$tmp/ext.$f" 2>/dev/null; rc=$?
  check "external --format $f (rc=$rc)" '[ $rc -eq 1 ] && [ -s "$tmp/ext.$f" ]'
done
check "sarif names public-access" 'grep -q "public-access" "$tmp/ext.sarif"'
err=$("$bin" access external "$ext/bucket-public.json" 2>&1 >/dev/null); rc=$?
check "lone policy without --account exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q -- "--account" <<< "$err"'
"$bin" access external "$ext/bucket-public.json" --account 111122223333 --format json > "$tmp/lone.json"; rc=$?
check "lone policy with --account (rc=$rc)" '[ $rc -eq 1 ] && grep -q "public-access" "$tmp/lone.json"'
"$bin" access external "$ext/snapshot" --zone org:bogus > /dev/null 2>&1; rc=$?
check "bad --zone exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

[ "$fail" -eq 0 ] && echo "access: all checks passed"
exit "$fail"
