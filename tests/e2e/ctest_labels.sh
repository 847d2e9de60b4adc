#!/usr/bin/env bash
# CTest labels: every test has one of unit, cases, golden, fuzz, e2e; the GoogleTest discoveries
# (one per label) together list every test of the unit binary, once; `fast` leaves out the
# property tests and the slow end-to-end scripts.
# Usage: bash ctest_labels.sh <iamwarden-binary> <source-dir>   (the binary in its build directory)
set -u
bin=$1
build=$(dirname "$bin")
unit=$build/tests/iw_unit_tests
ctest --test-dir "$build" --show-only=json-v1 > "${TMPDIR:-/tmp}/iw-ctest-labels.$$.json" || exit 1
trap 'rm -f "${TMPDIR:-/tmp}/iw-ctest-labels.$$.json"' EXIT
# The unit binary's own list of tests ("Suite." lines, then "  Name" lines).
listed=$("$unit" --gtest_list_tests | awk '/^[^ ]/ {suite=$1} /^  / {print suite $1}' | sort)
python3 - "${TMPDIR:-/tmp}/iw-ctest-labels.$$.json" "$listed" <<'PY'
import collections, json, sys
tests = json.load(open(sys.argv[1]))["tests"]
listed = sys.argv[2].split("\n")
labels = {t["name"]: set(next((p["value"] for p in t.get("properties", []) if p["name"] == "LABELS"), []))
          for t in tests}
errors = []
kinds = {"unit", "cases", "golden", "fuzz", "e2e"}
for name, ls in labels.items():
    if not ls & kinds:
        errors.append(f"{name}: no label of {sorted(kinds)}: {sorted(ls)}")
# (CTest renames parameterized tests after their parameter: the counts are compared.)
gtest = [n for n in labels if not n.startswith(("e2e.", "fuzz_replay."))]
if len(gtest) != len(listed) or len(set(gtest)) != len(gtest):
    errors.append(f"discovered {len(gtest)} GoogleTest tests ({len(set(gtest))} names), the binary lists {len(listed)}")
fast = {n for n, ls in labels.items() if "fast" in ls}
if not any(n.startswith("EvalProperty.") for n in labels) or any(n.startswith("EvalProperty.") for n in fast):
    errors.append("EvalProperty tests must exist and not be fast")
if not any(n.startswith("Cases/LintCase.") for n in fast) or not any(n.startswith("fuzz_replay.") for n in fast):
    errors.append("the lint cases and fuzz replays must be fast")
if any("e2e" in labels[n] and "golden" not in labels[n] for n in fast):
    errors.append("only the golden end-to-end test is fast")
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY
