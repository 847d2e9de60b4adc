#!/usr/bin/env bash
# End-to-end checks of `iamwarden access` on policies with policy variables, which the SMT
# solver module decides: a proof (exit 0), a counterexample that `simulate` allows under NEW and
# denies under OLD (exit 1), unknown with the reason outside the solver's encoding (exit 2);
# check-not-granted with a variable resource; the text output.
# Usage: bash access_variables.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cases=$src/tests/cases/access

# pass: each user's home is inside home/* (proved by the solver, not by enumeration)
c=$cases/diff-variables-username-within-prefix-pass
"$bin" access diff "$c/old.json" "$c/new.json" --format json > "$tmp/pass.json"; rc=$?
check "variables pass exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "variables pass json" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d[\"result\"] == \"pass\" and d[\"counterexample\"] is None, d
assert \"SMT solver\" in d[\"reason\"], d" "$tmp/pass.json"'

# pass that needs the condition on aws:username and the resource together
c=$cases/diff-variables-condition-narrows-pass
"$bin" access diff "$c/old.json" "$c/new.json" > "$tmp/pass.txt"; rc=$?
check "condition + variable pass exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "text output says pass and how" 'grep -q "access diff: pass" "$tmp/pass.txt" && grep -q "SMT solver" "$tmp/pass.txt"'

# fail: ${aws:username} against ${aws:userid}; the counterexample is a request simulate decides the same way
c=$cases/diff-variables-username-vs-userid-fail
"$bin" access diff "$c/old.json" "$c/new.json" --format json > "$tmp/fail.json"; rc=$?
check "username vs userid fails (rc=$rc)" '[ $rc -eq 1 ]'
check "counterexample shape" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d[\"result\"] == \"fail\", d
c = d[\"counterexample\"]
assert c[\"action\"] == \"s3:GetObject\" and c[\"resource\"].startswith(\"arn:aws:s3:::example-bucket/home/\"), c
json.dump(c, open(sys.argv[2], \"w\"))
c[\"identity_policies\"] = [json.load(open(sys.argv[3]))]
json.dump(c, open(sys.argv[4], \"w\"))" "$tmp/fail.json" "$tmp/request.json" "$c/old.json" "$tmp/request-old.json"'
"$bin" simulate --request "$tmp/request.json" > /dev/null; rc=$?
check "simulate allows the counterexample under NEW (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" simulate --request "$tmp/request-old.json" > /dev/null; rc=$?
check "simulate denies the counterexample under OLD (rc=$rc)" '[ $rc -eq 1 ]'

# fail through a tag default: the counterexample carries the tag
c=$cases/diff-variables-default-fail
"$bin" access diff "$c/old.json" "$c/new.json" --format json > "$tmp/default.json"; rc=$?
check "default fails (rc=$rc)" '[ $rc -eq 1 ]'
check "the counterexample names the tag" 'python3 -c "
import json,sys; c=json.load(open(sys.argv[1]))[\"counterexample\"]
tag = {k.lower(): v for k, v in c[\"context\"].items()}.get(\"aws:principaltag/team\")
assert tag and tag != \"shared\" and (\"/\" + tag + \"/\") in c[\"resource\"], c" "$tmp/default.json"'

# check-not-granted with a variable resource
c=$cases/not-granted-variable-resource-pass
"$bin" access check-not-granted "$c/policy.json" --action s3:GetObject --resource 'arn:aws:s3:::example-bucket/shared/*' > /dev/null; rc=$?
check "not granted under shared/ (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" access check-not-granted "$c/policy.json" --action s3:GetObject --resource 'arn:aws:s3:::example-bucket/home/admin/*' --format json > "$tmp/ng.json"; rc=$?
check "granted to the user named admin (rc=$rc)" '[ $rc -eq 1 ]'
check "not-granted counterexample" 'python3 -c "
import json,sys; c=json.load(open(sys.argv[1]))[\"counterexample\"]
assert c[\"principal\"].endswith(\":user/admin\") and c[\"resource\"].startswith(\"arn:aws:s3:::example-bucket/home/admin/\"), c" "$tmp/ng.json"'

# unknown: a numeric condition beside the variables is outside the encoding; the reason says so
c=$cases/diff-variables-numeric-unknown
"$bin" access diff "$c/old.json" "$c/new.json" --format json > "$tmp/unk.json"; rc=$?
check "outside the encoding: unknown (rc=$rc)" '[ $rc -eq 2 ]'
check "unknown reason names what is not covered" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d[\"result\"] == \"unknown\" and \"NumericLessThan\" in d[\"reason\"], d" "$tmp/unk.json"'

# resource policies with variables stay unknown (the solver encodes identity policies)
cat > "$tmp/old-bucket.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"},
 "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/home/${aws:username}/*"}]}
JSON
"$bin" access diff --kind resource "$tmp/old-bucket.json" "$tmp/old-bucket.json" --format json > "$tmp/res.json"; rc=$?
check "resource policy with variables: unknown (rc=$rc)" '[ $rc -eq 2 ] && grep -q "identity policies only" "$tmp/res.json"'

[ "$fail" -eq 0 ] && echo "access_variables: all checks passed"
exit "$fail"
