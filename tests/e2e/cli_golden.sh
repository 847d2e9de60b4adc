#!/usr/bin/env bash
# Golden outputs of the real binary: exact bytes of what users and scripts see.
# After a deliberate change: IW_UPDATE_GOLDEN=1 ctest -R e2e.cli_golden, then review the diff.
set -uo pipefail
bin=$1; src=$2
golden="$src/tests/golden/cli"
fail=0
run() {  # run NAME EXPECTED_EXIT ARGS...  (from the source dir, so paths are relative)
  local name=$1 code=$2; shift 2
  local out rc
  out=$(cd "$src" && NO_COLOR=1 "$bin" "$@" 2>&1); rc=$?
  [ "$rc" -eq "$code" ] || { echo "FAIL: $name: exit $rc, expected $code"; fail=1; }
  if [ -n "${IW_UPDATE_GOLDEN:-}" ]; then printf '%s\n' "$out" > "$golden/$name"; return; fi
  diff -u "$golden/$name" <(printf '%s\n' "$out") > /dev/null || {
    echo "FAIL: $name differs from tests/golden/cli/$name:"; diff -u "$golden/$name" <(printf '%s\n' "$out") | head -20; fail=1; }
}
run lint-examples.txt 1 lint examples/policies
run lint-examples.json 1 lint examples/policies --format json
run lint-examples.sarif 1 lint examples/policies --format sarif
run lint-trust-kind.txt 1 lint --kind trust --account 111122223333 examples/policies/vendor-trust.json
run audit-all-ids.json 1 audit tests/cases/audit/all-ids --format json
run audit-all-ids.csv 1 audit tests/cases/audit/all-ids --format csv
run audit-all-ids.compliance.txt 1 audit tests/cases/audit/all-ids --format compliance
run actions-show.txt 0 actions show iam:PassRole
run lint-missing-path.txt 2 lint does/not/exist.json
run lint-broken.txt 2 lint tests/cases/cli/broken.json examples/policies/legacy-admin.json
run simulate-batch.txt 0 simulate --request examples/requests/batch.json
run simulate-batch.json 0 simulate --request examples/requests/batch.json --format json
sim=tests/cases/cli/simulate
run simulate-generated.txt 0 simulate --request $sim/generated-batch.json
run simulate-generated.json 0 simulate --request $sim/generated-batch.json --format json
for bad in bad-context bad-json bad-principal duplicate-key; do
  run simulate-batch-$bad.txt 2 simulate --request $sim/batch-$bad.json --format json
done
[ $fail -eq 0 ] && echo "cli golden: ok"
exit $fail
