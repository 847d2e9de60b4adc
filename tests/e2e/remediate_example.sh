#!/usr/bin/env bash
# The remediation example (examples/remediate): its plan fixes by API what an API call can fix,
# names the manual steps for the rest, and every action has the contract's fields (contracts §8).
# Usage: bash remediate_example.sh <iamwarden-binary> <source-dir>
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" remediate plan "$src/examples/remediate/snapshot" -o "$tmp/plan.json" -q || { echo "FAIL: plan exit $?"; exit 1; }
python3 - "$tmp/plan.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert p["account"] == "123456789012" and p["created_at"], p
calls = {a["finding"]["id"]: [c["action"] for c in a["calls"]] for a in p["actions"] if not a["manual"]}
assert calls == {"role-max-session-long": ["UpdateRole"], "password-policy-weak": ["UpdateAccountPasswordPolicy"],
                 "access-key-unused": ["UpdateAccessKey"], "password-unused": ["DeleteLoginProfile"],
                 "role-trust-public": ["UpdateAssumeRolePolicy"]}, calls
manual = sorted(a["finding"]["id"] for a in p["actions"] if a["manual"])
assert manual == ["access-key-not-rotated", "user-direct-policy"], manual
for a in p["actions"]:
    assert a["risk"] in ("low", "medium", "high") and a["description"], a
    assert ("steps" in a) == a["manual"] and ("calls" in a) != a["manual"], a
key = [a for a in p["actions"] if a["finding"]["id"] == "access-key-unused"][0]["calls"][0]["parameters"]
assert key == {"UserName": "build-bot", "AccessKeyId": "AKIAEXAMPLEBUILDBOT1", "Status": "Inactive"}, key
risks = [a["risk"] for a in p["actions"] if not a["manual"]]
order = {"low": 0, "medium": 1, "high": 2}
assert risks == sorted(risks, key=order.get), risks
print("remediate_example: all checks passed")
PY
# A broken access-keys.json is bad input (file and position, exit 2), not "no keys".
cp -r "$src/examples/remediate/snapshot" "$tmp/snap"
printf '{"AccessKeyMetadata": [\n  {"UserName": "build-bot",\n' > "$tmp/snap/access-keys.json"
err=$("$bin" remediate plan "$tmp/snap" -o "$tmp/p2.json" 2>&1); rc=$?
[ $rc -eq 2 ] || { echo "FAIL: broken access-keys.json: exit $rc"; exit 1; }
grep -qE "access-keys.json:2:28: unexpected end of the file" <<<"$err" || { echo "FAIL: no file:line:column in: $err"; exit 1; }
printf '[]' > "$tmp/snap/access-keys.json"
"$bin" remediate plan "$tmp/snap" -o "$tmp/p3.json" -q 2>/dev/null; rc=$?
[ $rc -eq 2 ] || { echo "FAIL: access-keys.json of the wrong shape: exit $rc"; exit 1; }
