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
