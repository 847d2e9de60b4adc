#!/usr/bin/env bash
# make demo: lint the example policies and show what iamwarden finds.
set -euo pipefail
bin=${1:-build/release/iamwarden}
cd "$(dirname "$0")/.."
echo "== iamwarden lint examples/policies"
echo
status=0
"$bin" lint examples/policies || status=$?
echo
case $status in
  0|1) echo "Demo done (exit code $status: 1 means findings at or above --fail-on, as intended here)."
       echo "Try: $bin lint examples/policies --format sarif -o lint.sarif" ;;
  *) echo "iamwarden failed with exit code $status" >&2; exit "$status" ;;
esac
