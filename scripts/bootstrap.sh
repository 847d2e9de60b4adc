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
  libsimdjson-dev libcli11-dev libfmt-dev libyaml-cpp-dev libre2-dev libsqlite3-dev libdeflate-dev
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
