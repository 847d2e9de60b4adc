#!/usr/bin/env bash
# Loads the HTML report that `iamwarden lint --format html` writes for hostile policies (file
# names, Sids and actions that are markup or close the script element) in headless Chromium,
# driven by playwright-core, and checks that it works offline and that no payload runs; then the
# audit report of a hostile snapshot; then the audit report of a large generated account, which
# must be interactive within IW_HTML_MAX_MS (default 5000) milliseconds (see html_browser.mjs
# for the assertions). The large account has IW_HTML_SCALE_ROLES roles (default 2000, which
# keeps the sanitizer build quick; 10000 is the reference account of docs/benchmarks.md).
# Usage (CTest): bash html_browser.sh <iamwarden-binary> <source-dir>
# Needs /usr/bin/chromium (Debian package; override with IW_CHROMIUM) and the pinned
# playwright-core that scripts/bootstrap.sh installs into <source-dir>/build/npm (override with
# IW_NPM_DIR); without them it is skipped, or fails under CI (lib/missing.sh). IW_HTML_SCREENSHOT=FILE saves a
# full-page screenshot.
set -euo pipefail
bin=${1:?usage: html_browser.sh <iamwarden-binary> <source-dir>}
src=${2:?usage: html_browser.sh <iamwarden-binary> <source-dir>}
npm_dir=${IW_NPM_DIR:-$src/build/npm}
chromium=${IW_CHROMIUM:-/usr/bin/chromium}
# shellcheck source=lib/missing.sh
source "$(dirname "$0")/lib/missing.sh"
[ -x "$chromium" ] || missing "$chromium" "scripts/bootstrap.sh installs the chromium package"
[ -f "$npm_dir/node_modules/playwright-core/package.json" ] ||
  missing "playwright-core in $npm_dir" "run scripts/bootstrap.sh"
command -v node > /dev/null || missing node "run scripts/bootstrap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pol="$work/policies"
mkdir "$pol"
# A file name that is markup (a file name cannot hold '/', so </script> goes into the Sids).
cat > "$pol/<img src=x onerror=window.__pwned=1>.json" <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "</script><script>window.__pwned=2</script>", "Effect": "Allow", "Action": "*", "Resource": "*"}
  ]
}
JSON
cat > "$pol/services.json" <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "S3All", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {"Sid": "<svg onload=alert(1)>", "Effect": "Allow", "Action": "s3:</script><img src=x onerror=alert(2)>", "Resource": "*"}
  ]
}
JSON
cat > "$pol/old.json" <<'JSON'
{
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObject"], "Resource": "arn:aws:s3:::bucket/${aws:username}/*"}
  ]
}
JSON

rc=0
"$bin" lint "$pol" --format html --output "$work/report.html" || rc=$?
if [ "$rc" -gt 1 ]; then
  echo "html_browser: iamwarden lint --format html exited with $rc" >&2
  exit 1
fi
"$bin" lint "$pol" --format json --output "$work/report.json" || true

IW_NPM_DIR="$npm_dir" IW_CHROMIUM="$chromium" \
  node "$(dirname "$0")/html_browser.mjs" "$work/report.html" "$work/report.json" "$work/profile"

# The audit report of an account whose names are hostile (a snapshot is untrusted input too):
# same checks, plus its per-principal section.
snap="$work/snapshot"
cp -r "$src/tests/cases/audit/all-ids" "$snap"
payload='<img src=x onerror=window.__pwned=3>'
sed -i "s|role/open-role|role/open-role$payload|g; s|\"open-role\"|\"open-role$payload\"|g" \
  "$snap/authorization-details.json" "$snap/roles.json"
rc=0
"$bin" audit "$snap" --format html --output "$work/audit.html" || rc=$?
[ "$rc" -le 1 ] || { echo "html_browser: iamwarden audit --format html exited with $rc" >&2; exit 1; }
"$bin" audit "$snap" --format json --output "$work/audit.json" || true
grep -q 'open-role' "$work/audit.json" || { echo "html_browser: the hostile role is missing from the audit" >&2; exit 1; }
grep -q '<img src=x' "$work/audit.html" && { echo "html_browser: unescaped markup in the audit report" >&2; exit 1; }
IW_NPM_DIR="$npm_dir" IW_CHROMIUM="$chromium" \
  node "$(dirname "$0")/html_browser.mjs" --evidence "$work/audit.html" "$work/audit.json" "$work/profile-audit" \
  "user/bob" "open-role$payload"

# A large account: interactive within the limit, and still usable (filters, search, scrolling).
roles=${IW_HTML_SCALE_ROLES:-2000}
"$bin" demo generate "$work/large" --accounts 1 --users $((roles / 5)) --roles "$roles" \
  --policies $((roles * 2)) --seed 1 > /dev/null
for format in html json; do
  rc=0
  "$bin" audit "$work/large" --format "$format" --output "$work/large.$format" --quiet || rc=$?
  [ "$rc" -le 1 ] || { echo "html_browser: audit of the large account exited with $rc" >&2; exit 1; }
done
IW_NPM_DIR="$npm_dir" IW_CHROMIUM="$chromium" \
  node "$(dirname "$0")/html_browser.mjs" --scale "${IW_HTML_MAX_MS:-5000}" "$work/large.html" \
  "$work/large.json" "$work/profile-large"
