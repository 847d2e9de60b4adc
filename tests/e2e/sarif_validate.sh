#!/usr/bin/env bash
# Validates the golden SARIF files of tests/golden/report/, and the SARIF that
# `iamwarden lint examples/policies` writes, with Microsoft's SARIF Multitool:
# the SARIF 2.1.0 JSON schema plus GitHub code scanning's ingestion rules (--rule-kind Gh).
# Usage (CTest): bash sarif_validate.sh <iamwarden-binary> <source-dir>
# The multitool is a pinned npm package (tools/npm) that scripts/bootstrap.sh installs into
# <source-dir>/build/npm (override with IW_NPM_DIR); without it the test is skipped, or fails
# under CI (lib/missing.sh). It always exits 0, so this script reads the results of its output
# log and fails on any error.
set -euo pipefail
src=${2:?usage: sarif_validate.sh <iamwarden-binary> <source-dir>}
npm_dir=${IW_NPM_DIR:-$src/build/npm}
tool="$npm_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
# shellcheck source=lib/missing.sh
source "$(dirname "$0")/lib/missing.sh"
[ -f "$tool" ] || missing "$tool" "run scripts/bootstrap.sh"
[ -x "$tool" ] || chmod u+x "$tool"  # its postinstall script only sets this bit

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="${DOTNET_BUNDLE_EXTRACT_BASE_DIR:-${TMPDIR:-/tmp}/iw-dotnet-bundle}"

status=0
shopt -s nullglob
files=("$src"/tests/golden/report/*.sarif)
if [ ${#files[@]} -eq 0 ]; then
  echo "sarif_validate: no golden SARIF files in $src/tests/golden/report" >&2
  exit 1
fi
# Also what the binary writes for the example policies (relative paths, as in a CI checkout).
bin=${1:-}
if [ -n "$bin" ] && [ -x "$bin" ] && [ -d "$src/examples/policies" ]; then
  rc=0
  (cd "$src" && "$bin" lint examples/policies --format sarif --output "$work/lint.sarif") || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "sarif_validate: iamwarden lint --format sarif exited with $rc" >&2
    status=1
  else
    files+=("$work/lint.sarif")
  fi
fi
for file in "${files[@]}"; do
  log="$work/$(basename "$file").log.sarif"
  # The file comes first: --rule-kind takes a list and would swallow it.
  if ! "$tool" validate "$file" --rule-kind "Gh;Sarif" --output "$log" >"$work/stdout" 2>&1; then
    cat "$work/stdout" >&2
    echo "sarif_validate: the multitool failed on $file" >&2
    status=1
    continue
  fi
  # Errors (schema violations, GitHub ingestion rules) fail; warnings and notes are shown.
  errors=$(node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    let errors = 0;
    for (const run of log.runs || []) {
      for (const r of run.results || []) {
        const level = r.level || "warning";
        const text = (r.message && (r.message.text || (r.message.arguments || []).join(" | "))) || "";
        console.error(`${level} ${r.ruleId}: ${text}`);
        if (level === "error") errors++;
      }
      for (const inv of run.invocations || []) {
        if (inv.executionSuccessful === false) errors++;
      }
    }
    console.log(errors);' "$log")
  if [ "$errors" != "0" ]; then
    echo "sarif_validate: $file: $errors error(s)" >&2
    status=1
  else
    echo "sarif_validate: $file: ok"
  fi
done
exit $status
