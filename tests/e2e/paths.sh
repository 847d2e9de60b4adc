#!/usr/bin/env bash
# End-to-end checks of `iamwarden paths`, `who-can` and `can`: exit codes 0/1/2, the JSON shape of
# contracts.md §5, text and Graphviz output, clear errors for bad input.
# Usage: bash paths.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cases=$src/tests/cases/graph
A=111122223333

# paths: json shape (contracts §5), exit 1 when some principal can escalate
"$bin" paths "$cases/self-escalation" --format json > "$tmp/self.json"; rc=$?
check "paths with findings exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "paths json shape" 'python3 - "$tmp/self.json" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
assert "paths" in d and set(d) <= {"paths", "undecided"}, d.keys()
assert d["paths"], "no paths"
for p in d["paths"]:
    assert {"principal", "target", "steps"} <= set(p), p
    assert p["target"] == "admin" or p["target"].startswith("arn:aws:iam::")
    for s in p["steps"]:
        assert {"method", "from", "to", "permissions", "resource"} <= set(s), s
        assert set(s) <= {"method", "from", "to", "permissions", "resource", "conditions", "notes", "granted_by"}, s
        assert isinstance(s["permissions"], list) and s["permissions"]
dev = [p for p in d["paths"] if p["principal"] == "arn:aws:iam::$A:user/dev"][0]
assert dev["steps"][0].pop("granted_by") == ["iam:CreatePolicyVersion: dev-policy statement 0"], dev
assert dev["steps"][0] == {"method": "iam-create-policy-version", "from": "arn:aws:iam::$A:user/dev",
    "to": "arn:aws:iam::$A:user/dev", "permissions": ["iam:CreatePolicyVersion"],
    "resource": "arn:aws:iam::$A:policy/dev-policy"}, dev
assert not [p for p in d["paths"] if "decoy" in p["principal"]]
PY'

# paths: no principal can escalate -> exit 0, empty list
out=$("$bin" paths "$cases/credential-access" --format json); rc=$?
check "paths without findings exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "paths empty json" 'python3 -c "import json,sys; assert json.loads(sys.argv[1])[\"paths\"] == []" "$out"'

# text: one readable chain per principal
out=$("$bin" paths "$cases/principal-access")
check "text chain" 'grep -q "user/hop --\[sts-assume-role\]--> role/hop-role" <<<"$out"'
check "text gate" 'grep -q "gated by conditions on aws:MultiFactorAuthPresent" <<<"$out"'

# dot: a digraph Graphviz accepts
"$bin" paths "$cases/new-passrole" --format dot > "$tmp/g.dot"
check "dot header" 'head -1 "$tmp/g.dot" | grep -q "^digraph escalation {"'
check "dot edge" 'grep -q "lambda-passrole-create-invoke" "$tmp/g.dot"'
# The DOT grammar the writer uses (graphviz is not needed): quoted ids, attribute lists, and
# edges between declared nodes.
check "dot grammar" 'python3 - "$tmp/g.dot" <<\PY
import re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0] == "digraph escalation {" and lines[-1] == "}", (lines[0], lines[-1])
qid = r"\"(?:[^\"\\]|\\.)*\""
value = "(?:" + qid + r"|[A-Za-z0-9_.#]+)"
attrs = r"\[[A-Za-z]+=" + value + r"(?:, [A-Za-z]+=" + value + r")*\]"
nodes, edges = set(), []
for line in lines[1:-1]:
    line = line.strip()
    if re.fullmatch(r"(rankdir=LR|node " + attrs + ");", line): continue
    m = re.fullmatch("(" + qid + ") " + attrs + ";", line)
    if m: nodes.add(m.group(1)); continue
    m = re.fullmatch("(" + qid + ") -> (" + qid + ") " + attrs + ";", line)
    assert m, "not DOT: " + line
    edges.append((m.group(1), m.group(2)))
assert edges and all(a in nodes and b in nodes for a, b in edges), edges
PY'

# --all lists both routes of a principal with two
out=$("$bin" paths "$cases/principal-access" --all --format json)
check "--all two routes" 'python3 -c "
import json,sys
d = json.loads(sys.argv[1])
assert len([p for p in d[\"paths\"] if p[\"principal\"].endswith(\":user/two-ways\")]) == 2" "$out"'

# bad input -> 2 with a message
"$bin" paths "$tmp/nope" > /dev/null 2> "$tmp/err"; rc=$?
check "missing snapshot exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "iamwarden:" "$tmp/err"'
"$bin" paths "$cases/self-escalation" --format yaml > /dev/null 2> "$tmp/err"; rc=$?
check "bad format exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "not a format of paths: use text, json or dot" "$tmp/err"'
"$bin" paths "$cases/self-escalation" --max-depth 0 > /dev/null 2>&1; rc=$?
check "bad depth exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

# who-can: direct and transitive
out=$("$bin" who-can sts:AssumeRole "arn:aws:iam::$A:role/named-admin" --snapshot "$cases/principal-access"); rc=$?
check "who-can exits 1 when someone can (rc=$rc)" '[ $rc -eq 1 ]'
check "who-can names the trusted user" 'grep -q "user/named: directly" <<<"$out"'
out=$("$bin" who-can s3:GetObject arn:aws:s3:::bucket/key --snapshot "$cases/principal-access" --transitive --format json)
check "who-can transitive json" 'python3 -c "
import json,sys
d = json.loads(sys.argv[1])
dev = [p for p in d[\"principals\"] if p[\"principal\"].endswith(\":user/dev\")][0]
assert dev[\"direct\"] is False and dev[\"path\"][\"steps\"][0][\"method\"] == \"sts-assume-role\"" "$out"'
"$bin" who-can notanaction arn:aws:s3:::b --snapshot "$cases/principal-access" > /dev/null 2> "$tmp/err"; rc=$?
check "who-can bad action exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "ACTION must look like" "$tmp/err"'

# can: yes 0, no 1, unknown principal 2
"$bin" can "arn:aws:iam::$A:user/named" sts:AssumeRole "arn:aws:iam::$A:role/named-admin" --snapshot "$cases/principal-access" > "$tmp/out"; rc=$?
check "can yes exits 0 (rc=$rc)" '[ $rc -eq 0 ] && grep -q "^yes" "$tmp/out"'
"$bin" can "arn:aws:iam::$A:user/dev" s3:GetObject arn:aws:s3:::b/k --snapshot "$cases/principal-access" > "$tmp/out"; rc=$?
check "can no exits 1 (rc=$rc)" '[ $rc -eq 1 ] && grep -q "^no" "$tmp/out" && grep -q "through escalation: sts-assume-role" "$tmp/out"'
"$bin" can "arn:aws:iam::$A:user/ghost" s3:GetObject arn:aws:s3:::b/k --snapshot "$cases/principal-access" > /dev/null 2> "$tmp/err"; rc=$?
check "can unknown principal exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "not a user or role" "$tmp/err"'

exit $fail
