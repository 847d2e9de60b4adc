#!/usr/bin/env bash
# The sources compile with clang too: the tests build with GCC, but `make fuzz` builds the
# libFuzzer targets with clang (Debian 12's clang 14), which refuses some C++20 that GCC 12
# takes (a lambda capturing a structured binding, std::pair of a type still being defined).
# Checks every translation unit of src/ and fuzz/ with `clang++ -fsyntax-only` and the flags the
# build gives it (from compile_commands.json beside the binary); warnings are GCC's to judge.
# Usage: bash clang_compiles.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
. "$src/tests/e2e/lib/missing.sh"
command -v clang++ > /dev/null || missing clang++ "scripts/bootstrap.sh installs clang"
db=$(dirname "$bin")/compile_commands.json
[ -f "$db" ] || missing "$db" "configure the build with CMake (CMAKE_EXPORT_COMPILE_COMMANDS)"

# One line per translation unit: the directory, then the clang command (NUL-separated words).
python3 - "$db" "$src" "$tmp" <<'PY' || fail=1
import json, os, shlex, sys
db, src, tmp = sys.argv[1:]
keep = (os.path.join(src, "src") + os.sep, os.path.join(src, "fuzz") + os.sep)
n = 0
for entry in json.load(open(db)):
    if not entry["file"].startswith(keep):
        continue
    words = shlex.split(entry["command"]) if "command" in entry else entry["arguments"]
    while words and not words[0].endswith(("c++", "g++", "clang++")):  # a launcher such as ccache
        words = words[1:]
    out, skip = ["clang++", "-fsyntax-only", "-w"], False
    for w in words[1:]:
        if skip:
            skip = False
        elif w == "-o":
            skip = True
        elif w != "-c" and w != "-Werror" and not w.startswith("-fsanitize"):
            out.append(w)
    with open(os.path.join(tmp, "tu%04d" % n), "w") as f:
        f.write(entry["directory"] + "\0" + "\0".join(out))
    n += 1
print(n, file=open(os.path.join(tmp, "count"), "w"))
PY
check "translation units found" '[ "$(cat "$tmp/count" 2>/dev/null || echo 0)" -gt 100 ]'

# compile TU-FILE: runs its command in its directory; prints the file and clang's errors on failure.
compile() {
  local words=()
  mapfile -d '' -t words < "$1"
  (cd "${words[0]}" && "${words[@]:1}" > "$1.err" 2>&1) || { echo "FAIL: clang++ refuses ${words[-1]}:"; head -20 "$1.err"; }
}
export -f compile
ls "$tmp"/tu[0-9]* | xargs -P 2 -I{} bash -c 'compile {}' > "$tmp/failures"
check "every translation unit compiles with clang" '[ ! -s "$tmp/failures" ]'
cat "$tmp/failures"
exit $fail
