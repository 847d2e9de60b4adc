# Sourced by the end-to-end scripts, right after `set -u`, as `. "$(dirname "$0")/lib/checks.sh"`:
# the script's arguments are the binary and the source directory. Sets bin, src, a scratch
# directory tmp (removed on exit), fail=0 (the script ends with `exit $fail`), and check.
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# check NAME TEST: evaluates TEST; when it fails, prints "FAIL: NAME" and sets fail=1.
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
