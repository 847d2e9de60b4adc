#!/usr/bin/env bash
# Installs what building and testing iamwarden needs, and nothing twice:
#   - Debian packages (compilers, libraries, test tools such as chromium for the HTML report's
#     browser test) that are missing;
#   - the pinned npm packages of tools/npm/package-lock.json into build/npm.
# Safe to run again: it only acts on what is missing or out of date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

apt_packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-dev
  libsimdjson-dev libcli11-dev libfmt-dev libyaml-cpp-dev libre2-dev libsqlite3-dev
  libcurl4-openssl-dev libpugixml-dev
  libgtest-dev libgmock-dev libbenchmark-dev nodejs npm python3 python3-yaml groff-base
  chromium
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian (already on PATH): then the Debian ones are not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm_dir="$root/build/npm"
stamp="$npm_dir/.lock-installed"
if [ ! -f "$stamp" ] || ! cmp -s "$root/tools/npm/package-lock.json" "$stamp"; then
  echo "bootstrap: installing pinned npm packages into build/npm"
  mkdir -p "$npm_dir"
  cp "$root/tools/npm/package.json" "$root/tools/npm/package-lock.json" "$npm_dir/"
  # playwright-core drives the Debian chromium (/usr/bin/chromium); it never downloads a browser.
  (cd "$npm_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$root/tools/npm/package-lock.json" "$stamp"
fi

# moto (a local AWS endpoint) and boto3 for tests/e2e/live_moto.sh. The project's machine image
# has them; elsewhere try pip once, quietly: without a package index (an offline machine) the
# script only says how to get them, and the test is skipped (it fails under CI=true).
if ! python3 -c 'import moto, boto3' 2>/dev/null; then
  if python3 -m pip install --quiet --user --retries 0 --timeout 10 'moto[server]==5.*' boto3 >/dev/null 2>&1; then
    echo "bootstrap: installed moto[server] 5 and boto3 with pip"
  else
    echo "bootstrap: moto not installed (pip could not reach a package index);" \
         "tests/e2e/live_moto.sh needs: python3 -m pip install 'moto[server]==5.*' boto3"
  fi
fi
