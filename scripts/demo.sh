#!/usr/bin/env bash
# make demo: what iamwarden does, on the bundled examples.
#   1. audit the example organization (examples/org: two generated accounts) and write the
#      HTML report;  2. its privilege-escalation paths;  3. lint example policies;  4. run the
#      example policy unit tests.
set -uo pipefail
bin=${1:-build/release/iamwarden}
cd "$(dirname "$0")/.."
out=build/demo
mkdir -p "$out"
bold() { if [ -t 1 ]; then printf '\033[1m%s\033[0m\n' "$*"; else printf '%s\n' "$*"; fi; }
check() {  # exit codes 0 and 1 are results; 2 and above are failures
  if [ "$1" -ge 2 ]; then echo "iamwarden failed (exit $1)" >&2; exit "$1"; fi
}

bold "== 1. iamwarden audit examples/org   (an organization of 2 generated accounts)"
"$bin" audit examples/org --format html -o "$out/report.html"; check $?
echo "critical findings (the full report has every severity):"
"$bin" audit examples/org | grep -E '  critical  |^[0-9]+ findings'; check "${PIPESTATUS[0]}"
echo

bold "== 2. iamwarden paths examples/org   (who can become admin, and how: the first three)"
"$bin" paths examples/org > "$out/paths.txt"; check $?
head -9 "$out/paths.txt"
echo

bold "== 3. iamwarden lint examples/policies"
"$bin" lint examples/policies --format text | grep -E '^examples/.*:[0-9]+:[0-9]+|findings \('; check "${PIPESTATUS[0]}"
echo

bold "== 4. iamwarden test examples/tests/*   (policy unit tests: least privilege, MFA, PassRole, ExternalId, SCP)"
"$bin" test examples/tests/*.yaml examples/tests/*.json | tail -8; check "${PIPESTATUS[0]}"
echo

bold "HTML report: $(pwd)/$out/report.html"
echo "More: $bin audit examples/org --format sarif -o audit.sarif | $bin simulate --help | $bin actions show s3:GetObject"
