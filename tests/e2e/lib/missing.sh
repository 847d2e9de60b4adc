# Sourced by the end-to-end scripts that need a tool or data from outside this repository
# (node, chromium, the SARIF validator, ../shared).
#
# missing WHAT HINT: the test cannot run because WHAT is not there. Under CI (the CI variable
# set, as every CI service does, and not "false" or "0") the test fails, so a CI run never passes
# without running it. Elsewhere it is skipped visibly: exit 77, which CTest reports as "Skipped"
# (SKIP_RETURN_CODE in tests/CMakeLists.txt).
missing() {
  case ${CI:-} in
    ""|false|0) echo "SKIP: $1 not found ($2)"; exit 77 ;;
    *) echo "FAIL: $1 not found ($2); CI=$CI requires every test to run" >&2; exit 1 ;;
  esac
}
