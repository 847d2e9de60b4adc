#!/usr/bin/env bash
# The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml): their fields,
# and their shell steps run here as GitHub and pre-commit would run them.
# Usage: bash ci_integrations.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
# shellcheck source=lib/missing.sh
source "$(dirname "$0")/lib/missing.sh"
python3 -c 'import yaml' 2> /dev/null || missing "python3 yaml" "scripts/bootstrap.sh installs python3-yaml"

# --- action.yml: a composite action that writes SARIF and uploads it ----------------------
python3 - "$src/action.yml" "$tmp" <<'PY' || fail=1
import re, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
errors = []
def need(ok, what):
    if not ok: errors.append(what)
need(action.get("name") == "iamwarden" and action.get("description"), "name and description")
inputs = action.get("inputs", {})
need({"command", "paths", "fail-on", "sarif-file", "upload"} <= set(inputs), f"inputs: {sorted(inputs)}")
need(all(i.get("description") for i in inputs.values()), "every input has a description")
runs = action.get("runs", {})
need(runs.get("using") == "composite", "runs.using is composite")
steps = runs.get("steps", [])
ids = {s.get("id") for s in steps if s.get("id")}
text = open(sys.argv[1]).read()
for name in re.findall(r"\$\{\{[^}]*\binputs\.([A-Za-z0-9_-]+)", text):
    need(name in inputs, f"inputs.{name} is declared")
for sid in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs", text):
    need(sid in ids, f"step {sid} exists")
for s in steps:
    if "run" in s:
        need(s.get("shell") == "bash", f"step {s.get('name')} runs in bash")
        # Inputs reach scripts through env, never pasted into the script (script injection).
        need("${{" not in s["run"], f"step {s.get('name')} has no expression in its script")
uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
need(len(uploads) == 1 and "sarif_file" in uploads[0].get("with", {}), "one upload-sarif step with sarif_file")
run = [s for s in steps if s.get("id") == "run"]
need(len(run) == 1 and "--format sarif -o" in run[0]["run"], "the run step writes SARIF with --format sarif -o")
setup = [s for s in steps if s.get("id") == "setup"]
need(len(setup) == 1, "a setup step")
if errors:
    print("FAIL: action.yml: " + "; ".join(errors))
    sys.exit(1)
open(sys.argv[2] + "/setup.sh", "w").write(setup[0]["run"])
open(sys.argv[2] + "/run.sh", "w").write(run[0]["run"])
PY

# The setup step finds the binary it is given.
GITHUB_OUTPUT=$tmp/setup.out IW_BINARY=$bin IW_SOURCE=$src bash -e "$tmp/setup.sh" > "$tmp/setup.log" 2>&1; rc=$?
check "setup step exits 0 (rc=$rc): $(head -c 300 "$tmp/setup.log")" '[ $rc -eq 0 ] && grep -qx "bin=$bin" "$tmp/setup.out"'
check "setup step prints the version" 'grep -q "^iamwarden " "$tmp/setup.log"'
# action_run NAME COMMAND PATHS: runs the action's run step from the source dir.
action_run() {
  : > "$tmp/$1.out"
  (cd "$src" && GITHUB_OUTPUT=$tmp/$1.out IW_BIN=$bin IW_COMMAND=$2 IW_PATHS=$3 IW_FAIL_ON=high \
     IW_SARIF=$tmp/$1.sarif bash -e "$tmp/run.sh") > "$tmp/$1.log" 2>&1
  rc=$?
}
action_run lint lint "examples/policies/legacy-admin.json examples/policies/vendor-trust.json"
check "lint step exits 0 with findings (rc=$rc): $(head -c 300 "$tmp/lint.log")" '[ $rc -eq 0 ]'
check "lint step reports exit code 1" 'grep -qx "exit-code=1" "$tmp/lint.out"'
check "lint step names the SARIF file" 'grep -qx "sarif-file=$tmp/lint.sarif" "$tmp/lint.out"'
check "lint step wrote SARIF 2.1.0 with both files" 'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
uris = {l[\"physicalLocation\"][\"artifactLocation\"][\"uri\"] for r in d[\"runs\"][0][\"results\"] for l in r[\"locations\"]}
assert d[\"version\"] == \"2.1.0\" and uris == {\"examples/policies/legacy-admin.json\", \"examples/policies/vendor-trust.json\"}, uris
" "$tmp/lint.sarif"'
action_run audit audit tests/cases/audit/all-ids
check "audit step exits 0 (rc=$rc): $(head -c 300 "$tmp/audit.log")" '[ $rc -eq 0 ] && grep -qx "exit-code=1" "$tmp/audit.out" && [ -s "$tmp/audit.sarif" ]'
action_run broken lint tests/cases/cli/broken.json
check "broken input fails the step (rc=$rc)" '[ $rc -eq 2 ] && grep -qx "exit-code=2" "$tmp/broken.out" && grep -q "::error::" "$tmp/broken.log"'
action_run bad_command collect .
check "an unknown command fails the step (rc=$rc)" '[ $rc -eq 2 ] && grep -q "::error::.*lint, audit or iac" "$tmp/bad_command.log"'

# --- .pre-commit-hooks.yaml: iamwarden-lint on JSON policy files ----------------------------
python3 - "$src/.pre-commit-hooks.yaml" "$tmp/hook" "$tmp/iac_hook" <<'PY' || fail=1
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
assert isinstance(hooks, list) and [h["id"] for h in hooks] == ["iamwarden-lint", "iamwarden-iac"], hooks
iac = hooks[1]
assert iac["language"] == "system" and iac["entry"].startswith("iamwarden iac") and iac["pass_filenames"] is False, iac
for path in ["main.tf", "infra/x.tf.json", "template.yaml", "cdk.out/App.template.json"]:
    assert re.compile(iac["files"]).search(path), f"{path} should trigger iac"
open(sys.argv[3], "w").write(iac["entry"].split(" ", 1)[1])
h = hooks[0]
assert h["name"] and h["language"] == "system" and h["entry"].startswith("iamwarden lint"), h
assert "json" in h.get("types", []), h
files = re.compile(h["files"])
for path in ["policies/admin.json", "infra/iam/deploy-role.json", "s3/bucket-policy.json", "iam/x/y.json"]:
    assert files.search(path), f"{path} should be linted"
for path in ["package.json", "tsconfig.json", "infra/template.json", "src/app/config.json"]:
    assert not files.search(path), f"{path} should not be linted"
open(sys.argv[2], "w").write(h["entry"].split(" ", 1)[1])
PY
# The entry, as pre-commit runs it: the arguments, then the staged files.
read -r -a entry < "$tmp/hook"
(cd "$src" && "$bin" "${entry[@]}" examples/policies/developer-s3-read.json) > /dev/null 2>&1; rc=$?
check "hook passes a clean policy (rc=$rc)" '[ $rc -eq 0 ]'
(cd "$src" && "$bin" "${entry[@]}" examples/policies/legacy-admin.json) > /dev/null 2>&1; rc=$?
check "hook fails on a critical finding (rc=$rc)" '[ $rc -eq 1 ]'
read -r -a iac_entry < "$tmp/iac_hook"
(cd "$src" && "$bin" "${iac_entry[@]}" examples/iac/terraform) > /dev/null 2>&1; rc=$?
check "iac hook fails on an escalation path (rc=$rc)" '[ $rc -eq 1 ]'

exit $fail
