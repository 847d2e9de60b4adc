#!/usr/bin/env bash
# End-to-end checks of `iamwarden simulate --requests FILE.ndjson`: the answers to NDJSON lines
# equal a batch's answers to the same requests (JSON and text), from a file or stdin, with blank
# lines and CRLF; policy flags replace the base file's layers; bad lines name file and line and
# exit 2 after the earlier answers; an input above the 64 MiB document limit streams.
# Usage: bash simulate_ndjson.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cd "$src" || exit 1

batch=tests/cases/cli/simulate/generated-batch.json
# The batch's requests, one per line.
python3 - "$batch" "$tmp/requests.ndjson" "$tmp/crlf.ndjson" <<'PY'
import json, sys
requests = json.load(open(sys.argv[1]))["requests"]
lines = [json.dumps(r) for r in requests]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
# Blank lines, CRLF, no final line break.
open(sys.argv[3], "w", newline="").write("\r\n  \r\n".join(lines))
PY
n=$(wc -l < "$tmp/requests.ndjson")

"$bin" simulate --request "$batch" --format json > "$tmp/batch.json"
"$bin" simulate --request "$batch" --requests "$tmp/requests.ndjson" --format json > "$tmp/ndjson.json"; rc=$?
check "ndjson exits 0 whatever the decisions (rc=$rc)" '[ $rc -eq 0 ]'
check "one answer per line ($n)" '[ "$(wc -l < "$tmp/ndjson.json")" -eq "$n" ]'
same_answers() {  # batch.json ndjson: the batch's results, element by element, byte for byte
  python3 - "$1" "$2" <<'PY'
import json, sys
batch = open(sys.argv[1]).read()
results = json.loads(batch)["results"]
lines = open(sys.argv[2]).read().split("\n")
assert lines[-1] == "", "no final line break"
lines = lines[:-1]
assert len(lines) == len(results), (len(lines), len(results))
for i, (line, result) in enumerate(zip(lines, results)):
    assert json.loads(line) == result, f"request {i}"
    assert json.dumps(result, separators=(",", ":")) == line, f"request {i}: not the batch's bytes"
# and the batch's text is exactly the lines joined by commas
assert batch == '{"results":[' + ",".join(lines) + "]}\n"
PY
}
check "ndjson answers equal the batch answers" 'same_answers "$tmp/batch.json" "$tmp/ndjson.json"'
"$bin" simulate --request "$batch" --requests - --format json < "$tmp/crlf.ndjson" > "$tmp/stdin.json"; rc=$?
check "stdin, blank lines and CRLF (rc=$rc)" '[ $rc -eq 0 ] && cmp -s "$tmp/stdin.json" "$tmp/ndjson.json"'

# Text: the batch's text, byte for byte (statement locations point into the same base file).
"$bin" simulate --request "$batch" > "$tmp/batch.txt"
"$bin" simulate --request "$batch" --requests "$tmp/requests.ndjson" > "$tmp/ndjson.txt"
check "ndjson text equals the batch text" 'cmp -s "$tmp/batch.txt" "$tmp/ndjson.txt"'

# A base file of policies only; a flag replaces its layer.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("requests"); json.dump(d, open(sys.argv[2], "w"))' \
  "$batch" "$tmp/policies.json"
"$bin" simulate --request "$tmp/policies.json" --requests "$tmp/requests.ndjson" --format json > "$tmp/base.json"
check "policies-only base decides the same" 'cmp -s "$tmp/base.json" "$tmp/ndjson.json"'
cat > "$tmp/deny-all.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
JSON
"$bin" simulate --request "$tmp/policies.json" --identity-policy "$tmp/deny-all.json" \
  --requests "$tmp/requests.ndjson" --format json > "$tmp/replaced.json"
check "--identity-policy replaces the base's identity policies" \
  '[ "$(grep -c "\"decision\":\"allow\"" "$tmp/replaced.json")" -eq 0 ] && [ "$(grep -c "identity\[1\]" "$tmp/replaced.json")" -eq 0 ]'
"$bin" simulate --requests "$tmp/requests.ndjson" --format json -o "$tmp/out.json" 2> "$tmp/note"; rc=$?
check "no policies at all: every request denied, written to -o (rc=$rc)" \
  '[ $rc -eq 0 ] && [ "$(grep -c implicit_deny "$tmp/out.json")" -eq "$n" ] && grep -q "wrote .*out.json ($n decisions)" "$tmp/note"'

# Bad lines: exit 2, file and line named, the answers before it written.
{ head -3 "$tmp/requests.ndjson"; echo; echo '{"principal": "arn:aws:iam::111122223333:user/a", "action": 7, "resource": "*"}'; head -2 "$tmp/requests.ndjson"; } > "$tmp/bad.ndjson"
"$bin" simulate --request "$batch" --requests "$tmp/bad.ndjson" --format json > "$tmp/bad.out" 2> "$tmp/bad.err"; rc=$?
check "bad line exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "bad line named with line and column" 'grep -q "bad.ndjson:5:[0-9]*: \"action\" must be a string" "$tmp/bad.err"'
check "answers before the bad line written" '[ "$(wc -l < "$tmp/bad.out")" -eq 3 ]'
{ head -1 "$tmp/requests.ndjson"; echo '{"principal": "bob", "action": "s3:GetObject", "resource": "*"}'; } > "$tmp/bob.ndjson"
err=$("$bin" simulate --requests "$tmp/bob.ndjson" 2>&1 >/dev/null); rc=$?
check "invalid principal exits 2 naming file:line (rc=$rc)" \
  '[ $rc -eq 2 ] && grep -q "bob.ndjson:2: principal \"bob\"" <<<"$err"'
python3 -c 'import sys; sys.stdout.write("{\"principal\": \"anonymous\", \"action\": \"s3:GetObject\", \"resource\": \"*\", \"comment\": \"" + "x" * (1 << 20) + "\"}\n")' > "$tmp/long.ndjson"
err=$("$bin" simulate --requests "$tmp/long.ndjson" 2>&1 >/dev/null); rc=$?
check "line over 1 MiB exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "long.ndjson:1: line longer than the limit of 1048576 bytes" <<<"$err"'
err=$("$bin" simulate --requests "$tmp/missing.ndjson" 2>&1 >/dev/null); rc=$?
check "missing file exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "missing.ndjson: cannot read" <<<"$err"'
err=$("$bin" simulate --requests "$tmp/requests.ndjson" --principal anonymous 2>&1 >/dev/null); rc=$?
check "--principal with --requests exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
err=$("$bin" simulate --request - --requests - 2>&1 < /dev/null >/dev/null); rc=$?
check "both from stdin exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

# Above the 64 MiB limit of a JSON document: streamed, every line answered.
line=$(head -1 "$tmp/requests.ndjson")
lines=$(( (65 << 20) / ${#line} + 1 ))
yes "$line" | head -n "$lines" | "$bin" simulate --request "$tmp/policies.json" --requests - --format json \
  | wc -l > "$tmp/count"; rc=${PIPESTATUS[2]}
check "$lines lines above 64 MiB answered (rc=$rc)" '[ $rc -eq 0 ] && [ "$(cat "$tmp/count")" -eq "$lines" ]'

[ $fail -eq 0 ] && echo "simulate ndjson e2e: ok"
exit $fail
