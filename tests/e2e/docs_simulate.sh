#!/usr/bin/env bash
# docs/simulate.md stays true: its example request files exist and decide as it says (the text
# answer shown is the binary's, byte for byte), the NDJSON example holds only request fields and
# is answered line by line, and `simulate --help` points to the page.
# Usage: bash docs_simulate.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cd "$src" || exit 1
doc=docs/simulate.md

for f in $(grep -o 'examples/requests/[A-Za-z0-9._-]*' "$doc" | sort -u); do
  check "$doc names $f, which exists" '[ -f "$f" ]'
done
check "simulate --help points to $doc" '"$bin" simulate --help | grep -q "docs/simulate.md"'

# The console example: the command after "$ " and its output, as the binary prints it.
python3 - "$doc" "$tmp" <<'PY' || fail=1
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"```console\n\$ (.*?)\n(.*?)```", text, re.S)
assert blocks, "no console example in " + sys.argv[1]
with open(sys.argv[2] + "/console", "w") as out:
    for command, output in blocks:
        out.write(command + "\0" + output + "\0")
PY
while IFS= read -r -d '' command && IFS= read -r -d '' expected; do
  args=${command#iamwarden }
  # shellcheck disable=SC2086
  actual=$(NO_COLOR=1 "$bin" $args 2>&1)
  check "console example '$command' prints what the page shows" '[ "$actual"$'"'"'\n'"'"' = "$expected" ]'
done < "$tmp/console"

# The batch decides allow, then the TLS-only deny, then no grant; exit 0 whatever they are.
out=$("$bin" simulate --request examples/requests/batch.json --format json); rc=$?
check "batch exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
decisions() { python3 -c 'import json,sys; print(" ".join(r["decision"] for r in json.loads(sys.argv[1])["results"]))' "$1"; }
check "batch decisions" '[ "$(decisions "$out")" = "allow explicit_deny implicit_deny" ]'

# NDJSON: one object per line with request fields only; with batch.json's policies, its lines
# decide as the batch's requests do, one answer per line.
python3 - examples/requests/requests.ndjson <<'PY' || fail=1
import json, sys
fields = {"principal", "action", "resource", "resource_account", "context"}
for n, line in enumerate(open(sys.argv[1]), 1):
    r = json.loads(line)
    assert isinstance(r, dict) and set(r) <= fields and {"principal", "action", "resource"} <= set(r), f"line {n}: {r}"
PY
out=$("$bin" simulate --request examples/requests/batch.json --requests examples/requests/requests.ndjson --format json); rc=$?
check "ndjson exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
lines() { python3 -c 'import json,sys; print(" ".join(json.loads(l)["decision"] for l in sys.argv[1].splitlines()))' "$1"; }
check "ndjson example decisions" '[ "$(lines "$out")" = "allow explicit_deny implicit_deny" ]'

exit $fail
