#!/usr/bin/env bash
# Installs what building (and, by default, testing) iamwarden needs, and nothing twice:
#   scripts/bootstrap.sh build   what `make build` / `make demo` need: the compiler, the
#                                libraries, node and the catalog's npm package;
#   scripts/bootstrap.sh         (or `all`) that and the test tools: clang and libFuzzer,
#                                GoogleTest, Google Benchmark, chromium for the HTML report's
#                                browser test, and the npm test oracles (devDependencies).
# Debian packages that are missing are installed with apt-get (as root, or through sudo); the
# pinned npm packages of tools/npm/package-lock.json go into build/npm. Safe to run again: it
# only acts on what is missing or out of date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-all}
case $mode in build|all) ;; *) echo "usage: scripts/bootstrap.sh [build|all]" >&2; exit 2 ;; esac

# What the build needs (make build, make demo).
apt_packages=(
  build-essential cmake ninja-build pkg-config
  libsimdjson-dev libcli11-dev libfmt-dev libyaml-cpp-dev libre2-dev libsqlite3-dev libdeflate-dev
  libcurl4-openssl-dev libpugixml-dev pybind11-dev python3-dev libcvc5-dev
  nodejs npm python3
)
# What the tests, fuzzing and benchmarks add (make test, make fuzz, make bench).
apt_test_packages=(
  clang libclang-rt-dev libgtest-dev libgmock-dev libbenchmark-dev python3-yaml groff-base chromium
  python3-distributed python3-dask python3-boto3
)
wanted=("${apt_packages[@]}")
[ "$mode" = all ] && wanted+=("${apt_test_packages[@]}")

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian (already on PATH): then the Debian ones are not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
      sudo="sudo"
    else
      echo "bootstrap: these Debian packages are missing and this user cannot install them; run as root:" >&2
      echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The npm packages run on Node.js 18 (Debian 12's) and later.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 18 ]; then
  echo "bootstrap: Node.js 18 or later is needed (found $(node --version 2>/dev/null || echo none));" \
       "install Debian 12's nodejs, or put a newer node on PATH" >&2
  exit 1
fi

npm_dir="$root/build/npm"
stamp="$npm_dir/.lock-installed"
want_stamp="$mode $(sha256sum < "$root/tools/npm/package-lock.json" | cut -d' ' -f1)"
have_stamp=$(cat "$stamp" 2>/dev/null || true)
# A full install also serves a build; a build-only install does not serve the tests.
if [ "$have_stamp" != "$want_stamp" ] && [ "$have_stamp" != "all ${want_stamp#* }" ]; then
  echo "bootstrap: installing pinned npm packages into build/npm ($mode)"
  mkdir -p "$npm_dir"
  cp "$root/tools/npm/package.json" "$root/tools/npm/package-lock.json" "$npm_dir/"
  omit=(); [ "$mode" = build ] && omit=(--omit=dev)
  # playwright-core drives the Debian chromium (/usr/bin/chromium); it never downloads a browser.
  (cd "$npm_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci "${omit[@]}" --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want_stamp" > "$stamp"
fi

# moto (a local AWS endpoint) and boto3 for tests/e2e/live_moto.sh. The project's machine image
# has them; elsewhere try pip once, quietly: without a package index (an offline machine) the
# script only says how to get them, and the test is skipped (it fails under CI=true).
if [ "$mode" = all ] && ! python3 -c 'import moto, boto3' 2>/dev/null; then
  if python3 -m pip install --quiet --user --retries 0 --timeout 10 'moto[server]==5.*' boto3 >/dev/null 2>&1; then
    echo "bootstrap: installed moto[server] 5 and boto3 with pip"
  else
    echo "bootstrap: moto not installed (pip could not reach a package index);" \
         "tests/e2e/live_moto.sh needs: python3 -m pip install 'moto[server]==5.*' boto3"
  fi
fi
