#!/usr/bin/env bash
# End-to-end checks of `iamwarden guardrails`: generate every guardrail, their test suites pass,
# every SCP lints clean as an SCP (nothing medium or above) and is under the SCP size limit, the
# manifest lists them; verify against a small snapshot reports what each blocks (exit 0), and a
# break-glass principal that would lose access is a lock-out (exit 1); unknown names, missing
# parameters and bad input exit 2.
# Usage: bash guardrails.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
snapshot="$src/examples/guardrails/snapshot"
py() { python3 -c "$1" "${@:2}"; }

# --list: every guardrail with its description.
out=$("$bin" guardrails generate --list); rc=$?
check "--list exit 0 (rc=$rc)" '[ $rc -eq 0 ]'
for n in deny-root protect-logging protect-security-services deny-leave-org region-allowlist require-imdsv2 \
         protect-iam-roles deny-access-key-creation; do
  check "--list names $n" 'grep -q "^$n " <<<"$out"'
done
"$bin" guardrails generate --list --format json > "$tmp/list.json"
check "--list json" 'py "import json,sys; d=json.load(open(sys.argv[1])); assert len(d[\"guardrails\"]) >= 8" "$tmp/list.json"'

# generate all.
dir="$tmp/scps"
out=$("$bin" guardrails generate --baseline all --regions eu-west-1,eu-central-1 --protected-roles 'OrgAdmin*' \
      --break-glass 'arn:aws:iam::*:role/BreakGlass' -o "$dir" 2>&1); rc=$?
check "generate all exit 0 (rc=$rc): $out" '[ $rc -eq 0 ]'
check "generate names the limit" 'grep -q "SCP limit 5120" <<<"$out"'
for n in deny-root protect-logging protect-security-services deny-leave-org region-allowlist require-imdsv2 \
         protect-iam-roles deny-access-key-creation; do
  check "$n.json written" '[ -s "$dir/$n.json" ]'
  check "$n.test.json written" '[ -s "$dir/$n.test.json" ]'
  check "$n.json under 5120 characters" '[ "$(wc -m < "$dir/$n.json")" -le 5120 ]'
done
check "manifest lists 8 guardrails with file and description" 'py "
import json,sys
m=json.load(open(sys.argv[1]))
assert len(m[\"guardrails\"]) == 8, m
for g in m[\"guardrails\"]:
    assert g[\"file\"] == g[\"name\"] + \".json\" and g[\"description\"] and g[\"tests\"]
assert m[\"parameters\"][\"regions\"] == [\"eu-west-1\", \"eu-central-1\"]
" "$dir/guardrails.json"'

# The suites pass; the SCPs lint clean as SCPs.
out=$("$bin" test "$dir"/*.test.json 2>&1); rc=$?
check "generated suites pass (rc=$rc): $(tail -3 <<<"$out")" '[ $rc -eq 0 ] && grep -q "8 suites, .* 0 failed" <<<"$out"'
scps=$(py "import json,sys; print(' '.join(sys.argv[2] + '/' + g['file'] for g in json.load(open(sys.argv[1]))['guardrails']))" \
       "$dir/guardrails.json" "$dir")
# shellcheck disable=SC2086
out=$("$bin" lint --kind scp --fail-on medium $scps 2>&1); rc=$?
check "SCPs lint clean at medium (rc=$rc): $out" '[ $rc -eq 0 ]'

# verify against the example snapshot: BreakGlass and OrgAdmin keep access; Developer and
# ci-deployer are blocked.
"$bin" guardrails verify "$dir" --snapshot "$snapshot" --format json -o "$tmp/verify.json" 2>"$tmp/err"; rc=$?
check "verify exit 0 (rc=$rc): $(cat "$tmp/err")" '[ $rc -eq 0 ]'
check "verify reports what each guardrail blocks" 'py "
import json,sys
d=json.load(open(sys.argv[1]))
f=d[\"findings\"]
blocks=[x for x in f if x[\"id\"]==\"guardrail-blocks\"]
assert len(blocks)==8, [x[\"message\"] for x in f]
assert not [x for x in f if x[\"id\"]==\"guardrail-locks-out\"], f
logging=[x for x in blocks if x[\"guardrail\"][\"name\"]==\"protect-logging\"][0]
who={b[\"principal\"] for b in logging[\"guardrail\"][\"blocked\"]}
assert \"arn:aws:iam::111122223333:role/Developer\" in who, who
assert not any(\"BreakGlass\" in w for w in who), who
assert any(\"cloudtrail:StopLogging\" in a for b in logging[\"guardrail\"][\"blocked\"] for a in b[\"actions\"])
assert logging[\"severity\"]==\"info\" and logging[\"resource\"].endswith(\"protect-logging.json\")
keys=[x for x in blocks if x[\"guardrail\"][\"name\"]==\"deny-access-key-creation\"][0]
assert {b[\"principal\"] for b in keys[\"guardrail\"][\"blocked\"]} >= {\"arn:aws:iam::111122223333:user/ci-deployer\"}
" "$tmp/verify.json"'
out=$("$bin" guardrails verify "$dir" --snapshot "$snapshot" 2>&1); rc=$?
check "verify text exit 0 (rc=$rc)" '[ $rc -eq 0 ] && grep -q "guardrail-blocks" <<<"$out"'
"$bin" guardrails verify "$dir" --snapshot "$snapshot" --format sarif -o "$tmp/verify.sarif" 2>/dev/null
check "verify sarif" 'py "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"version\"]==\"2.1.0\"" "$tmp/verify.sarif"'

# A lock-out: deny-access-key-creation generated without break-glass, verified with BreakGlass
# as a principal that must keep access -> guardrail-locks-out, exit 1.
"$bin" guardrails generate --baseline deny-access-key-creation -o "$tmp/nobg" -q >/dev/null; rc=$?
check "generate one exit 0 (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" guardrails verify "$tmp/nobg" --snapshot "$snapshot" --break-glass 'arn:aws:iam::*:role/BreakGlass' \
  --format json -o "$tmp/lock.json" 2>/dev/null; rc=$?
check "lock-out exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "lock-out finding" 'py "
import json,sys
f=json.load(open(sys.argv[1]))[\"findings\"]
lock=[x for x in f if x[\"id\"]==\"guardrail-locks-out\"]
assert len(lock)==1, f
assert lock[0][\"severity\"]==\"high\" and lock[0][\"resource\"]==\"arn:aws:iam::111122223333:role/BreakGlass\"
assert lock[0][\"guardrail\"][\"principal_role\"]==\"break-glass\"
assert any(a.startswith(\"iam:CreateAccessKey\") for a in lock[0][\"guardrail\"][\"actions\"])
" "$tmp/lock.json"'

# A protected role that an edited SCP no longer exempts is locked out too.
"$bin" guardrails generate --baseline protect-iam-roles --protected-roles OrgAdmin -o "$tmp/roles" -q >/dev/null
py "
import json,sys
p=json.load(open(sys.argv[1]))
del p['Statement'][0]['Condition']
open(sys.argv[1],'w').write(json.dumps(p))
" "$tmp/roles/protect-iam-roles.json"
"$bin" guardrails verify "$tmp/roles" --snapshot "$snapshot" --format json -o "$tmp/roles.json" 2>/dev/null; rc=$?
check "protected role lock-out exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "protected role named" 'py "
import json,sys
f=json.load(open(sys.argv[1]))[\"findings\"]
assert [x for x in f if x[\"id\"]==\"guardrail-locks-out\" and x[\"resource\"].endswith(\":role/OrgAdmin\") and x[\"guardrail\"][\"principal_role\"]==\"protected\"], f
" "$tmp/roles.json"'

# The shipped example set is current, its suites pass and it verifies clean.
ex="$src/examples/guardrails"
"$bin" guardrails generate --baseline all --regions eu-west-1,eu-central-1 --protected-roles OrgAdmin \
  --break-glass 'arn:aws:iam::*:role/BreakGlass' -o "$tmp/example" -q >/dev/null
check "examples/guardrails/scps is current (regenerate it as its README says)" \
  'diff -r "$tmp/example" "$ex/scps" | grep -v "^< .*generator\|^> .*generator\|^---\|^[0-9,c]*$" | { ! grep -q .; }'
out=$("$bin" test "$ex"/scps/*.test.json 2>&1); rc=$?
check "example suites pass (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" guardrails verify "$ex/scps" --snapshot "$ex/snapshot" >/dev/null 2>&1; rc=$?
check "example verifies clean (rc=$rc)" '[ $rc -eq 0 ]'

# Bad input: exit 2 with a message.
out=$("$bin" guardrails generate --baseline deny-everything -o "$tmp/x" 2>&1); rc=$?
check "unknown name exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "unknown guardrail .deny-everything.*protect-logging" <<<"$out"'
out=$("$bin" guardrails generate --baseline region-allowlist -o "$tmp/x" 2>&1); rc=$?
check "region-allowlist without --regions exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "needs --regions" <<<"$out"'
out=$("$bin" guardrails generate --baseline protect-iam-roles -o "$tmp/x" 2>&1); rc=$?
check "protect-iam-roles without --protected-roles exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "needs --protected-roles" <<<"$out"'
out=$("$bin" guardrails generate --baseline deny-root --break-glass not-an-arn -o "$tmp/x" 2>&1); rc=$?
check "bad --break-glass exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "not an ARN" <<<"$out"'
regions=$(py "print(','.join('xx-region-%d' % i for i in range(1, 401)))")
out=$("$bin" guardrails generate --baseline region-allowlist --regions "$regions" -o "$tmp/huge" 2>&1); rc=$?
check "SCP over the limit exits 2 (rc=$rc): $out" '[ $rc -eq 2 ] && grep -q "over the SCP limit of 5120" <<<"$out" && [ ! -e "$tmp/huge" ]'
out=$("$bin" guardrails verify "$tmp/missing" --snapshot "$snapshot" 2>&1); rc=$?
check "verify without a manifest exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "guardrails.json" <<<"$out"'
mkdir -p "$tmp/bad" && printf '{"guardrails": [{"name": "x", "file": 3}]}\n' > "$tmp/bad/guardrails.json"
out=$("$bin" guardrails verify "$tmp/bad" --snapshot "$snapshot" 2>&1); rc=$?
check "bad manifest exits 2 with line:column (rc=$rc): $out" '[ $rc -eq 2 ] && grep -q "guardrails.json:1:[0-9]*:" <<<"$out"'
printf '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": "*"}]}' > "$tmp/bad/x.json"
printf '{"guardrails": [{"name": "x", "file": "x.json"}]}\n' > "$tmp/bad/guardrails.json"
out=$("$bin" guardrails verify "$tmp/bad" --snapshot "$snapshot" 2>&1); rc=$?
check "an SCP with a Principal exits 2 (rc=$rc): $out" '[ $rc -eq 2 ] && grep -q "x.json:1:[0-9]*: not a valid SCP" <<<"$out"'

exit $fail
