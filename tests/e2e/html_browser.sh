#!/usr/bin/env bash
# Loads the HTML report that `iamwarden lint --format html` writes for hostile policies (file
# names, Sids and actions that are markup or close the script element) in headless Chromium,
# driven by playwright-core, and checks that it works offline and that no payload runs
# (see html_browser.mjs for the assertions).
# Usage (CTest): bash html_browser.sh <iamwarden-binary> <source-dir>
# Needs /usr/bin/chromium (Debian package; override with IW_CHROMIUM) and the pinned
# playwright-core that scripts/bootstrap.sh installs into <source-dir>/build/npm (override with
# IW_NPM_DIR); without them it prints SKIP and passes. IW_HTML_SCREENSHOT=FILE saves a
# full-page screenshot.
set -euo pipefail
bin=${1:?usage: html_browser.sh <iamwarden-binary> <source-dir>}
src=${2:?usage: html_browser.sh <iamwarden-binary> <source-dir>}
npm_dir=${IW_NPM_DIR:-$src/build/npm}
chromium=${IW_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium not found (scripts/bootstrap.sh installs the chromium package)"
  exit 0
fi
if [ ! -f "$npm_dir/node_modules/playwright-core/package.json" ]; then
  echo "SKIP: playwright-core not found in $npm_dir (run scripts/bootstrap.sh)"
  exit 0
fi
if ! command -v node >/dev/null; then
  echo "SKIP: node not found"
  exit 0
fi

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
