#!/usr/bin/env bash
# `trail detect --threads N` and `trail baseline --threads N` give the same output for any N: the
# same findings in the same order (stateful detections whose events straddle files included) and
# the same warnings, on a generated multi-file corpus (lib/trail_corpus.py).
# Usage: bash trail_threads.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
# The report without its generation time.
norm() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d.pop('generated_at', None); print(json.dumps(d, sort_keys=True))" "$1"; }

python3 "$src/tests/e2e/lib/trail_corpus.py" "$tmp/logs" 16 60
for n in 1 2 4; do
  "$bin" trail detect "$tmp/logs" --threads "$n" --format json > "$tmp/d$n.json" 2>"$tmp/d$n.err"; rc=$?
  check "detect --threads $n exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
  norm "$tmp/d$n.json" > "$tmp/d$n.norm"
  "$bin" trail baseline "$tmp/logs" --threads "$n" --until 2026-11-01T00:30:00Z -o "$tmp/b$n.db" -q 2>/dev/null
  "$bin" trail detect "$tmp/logs" --threads "$n" --since 2026-11-01T00:30:01Z --baseline "$tmp/b$n.db" --format json \
    -o "$tmp/n$n.json" -q 2>/dev/null
  norm "$tmp/n$n.json" > "$tmp/n$n.norm"
done
ids() { python3 -c "import json,sys; print(sorted({f['id'] for f in json.load(open(sys.argv[1]))['findings']}))" "$1"; }
check "the corpus exercises cross-file detections" \
  'ids "$tmp/d1.json" | grep -q access-denied-burst && ids "$tmp/d1.json" | grep -q console-login-failures && ids "$tmp/d1.json" | grep -q new-region'
check "the baseline run reports first-seen-api" 'ids "$tmp/n1.json" | grep -q first-seen-api'
for n in 2 4; do
  check "detect --threads $n = --threads 1" 'cmp -s "$tmp/d1.norm" "$tmp/d$n.norm"'
  check "detect stderr --threads $n = --threads 1" 'cmp -s "$tmp/d1.err" "$tmp/d$n.err"'
  check "baseline --threads $n = --threads 1 (as detect --baseline sees it)" 'cmp -s "$tmp/n1.norm" "$tmp/n$n.norm"'
done
check "the broken file is a warning" 'grep -q "9999_broken.json" "$tmp/d1.err"'
# The same events in one file give the same findings as the corpus in many (file and record aside).
python3 - "$tmp/logs" "$tmp/one.json" <<'PY'
import glob, gzip, json, sys
records = []
for p in sorted(glob.glob(sys.argv[1] + "/*.json*")):
    if "broken" in p: continue
    data = gzip.open(p).read() if p.endswith(".gz") else open(p, "rb").read()
    records += json.loads(data)["Records"]
json.dump({"Records": records}, open(sys.argv[2], "w"))
PY
"$bin" trail detect "$tmp/one.json" --format json -o "$tmp/one-out.json" -q 2>/dev/null
strip() { python3 -c "import json,sys; print([(f['id'], f['message'], f['event']['eventID']) for f in json.load(open(sys.argv[1]))['findings']])" "$1"; }
check "many files = one file of the same events" '[ "$(strip "$tmp/d1.json")" = "$(strip "$tmp/one-out.json")" ]'
"$bin" trail detect "$tmp/logs" --threads -1 >/dev/null 2>&1; rc=$?
check "--threads -1 is a usage error (rc=$rc)" '[ $rc -eq 2 ]'
exit $fail
