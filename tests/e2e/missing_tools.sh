#!/usr/bin/env bash
# A test whose tool is missing never passes: it is skipped visibly (exit 77, shown by CTest as
# "Skipped"), and under CI it fails. Checked on the browser test with a chromium that is not there.
# Usage: bash missing_tools.sh <iamwarden-binary> <source-dir>
set -u
bin=$1
src=$2
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
browser=$src/tests/e2e/html_browser.sh

out=$(env -u CI IW_CHROMIUM=/nonexistent/chromium bash "$browser" "$bin" "$src" 2>&1); rc=$?
check "without CI: skipped with exit 77 (rc=$rc): $out" '[ $rc -eq 77 ] && grep -q "^SKIP: /nonexistent/chromium not found" <<<"$out"'
out=$(CI=false IW_CHROMIUM=/nonexistent/chromium bash "$browser" "$bin" "$src" 2>&1); rc=$?
check "CI=false: skipped (rc=$rc)" '[ $rc -eq 77 ]'
out=$(CI=true IW_CHROMIUM=/nonexistent/chromium bash "$browser" "$bin" "$src" 2>&1); rc=$?
check "CI=true: fails (rc=$rc): $out" '[ $rc -eq 1 ] && grep -q "^FAIL: /nonexistent/chromium not found" <<<"$out"'
# CTest maps exit 77 to "Skipped", not "Passed", for every end-to-end script.
check "every e2e test has SKIP_RETURN_CODE 77" 'ctest --test-dir "$(dirname "$bin")" --show-only=json-v1 | python3 -c "
import json, sys
tests = [t for t in json.load(sys.stdin)[\"tests\"] if t[\"name\"].startswith(\"e2e.\")]
codes = {t[\"name\"]: {p[\"name\"]: p[\"value\"] for p in t.get(\"properties\", [])}.get(\"SKIP_RETURN_CODE\") for t in tests}
assert tests and all(c == 77 for c in codes.values()), codes
"'

exit $fail
