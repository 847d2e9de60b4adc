#!/usr/bin/env bash
# The map of src/README.md, enforced: a folder includes only folders to its left in the data
# flow. Fails naming the file and the include that points the wrong way, or a folder missing
# from the order below (a new folder must take its place in the map).
set -euo pipefail
src="$2/src"
order=(core json hcl policy catalog eval reason account aws access lint graph audit trail iac testsuite remediate guardrails demo report cli)
rank() { local i; for i in "${!order[@]}"; do [ "${order[$i]}" = "$1" ] && { echo "$i"; return; }; done; echo -1; }
fail=0
for dir in "$src"/*/; do
  folder=$(basename "$dir")
  me=$(rank "$folder")
  if [ "$me" -lt 0 ]; then echo "FAIL: src/$folder is not in the layer order of tests/e2e/layering.sh and src/README.md"; fail=1; continue; fi
  while IFS=: read -r file line inc; do
    target=${inc#*\"}; target=${target%%/*}
    them=$(rank "$target")
    [ "$them" -lt 0 ] && continue  # not a project folder
    if [ "$them" -gt "$me" ]; then
      echo "FAIL: ${file#$2/}:$line includes $target/ (right of $folder/ in the data flow)"
      fail=1
    fi
  done < <(grep -Hn '^#include "[a-z_]*/' "$dir"*.h "$dir"*.cc 2>/dev/null || true)
done
[ "$fail" -eq 0 ] && echo "layering: every include points left in the data flow (${#order[@]} folders)"
exit "$fail"
