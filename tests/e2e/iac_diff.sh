#!/usr/bin/env bash
# End-to-end checks of `iamwarden iac --diff REF` and `--diff-against OLD_PATH`: only the
# findings a change introduces are reported (a moved finding is the same finding), the summary
# counts new, fixed and unchanged ones, exit codes follow the new findings, a bad revision is
# exit 2 with git's message, and the user's working tree and index are left untouched.
# Usage: bash iac_diff.sh <iamwarden-binary> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
command -v git > /dev/null || { . "$2/tests/e2e/lib/missing.sh"; missing git "apt-get install git"; }

repo=$tmp/repo
mkdir -p "$repo/infra"
cd "$repo" || exit 2
git init -q .
git config user.email ci@example.com
git config user.name ci
cat > infra/main.tf <<'TF'
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Action = "*", Resource = "*" },
      { Sid = "Read", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" },
    ]
  })
}

resource "aws_iam_role_policy" "legacy" {
  name = "legacy"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Keys", Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*" }]
  })
}
TF
git add -A && git commit -qm base
cp -r infra "$tmp/old"

# The change: the admin statement goes, a PassRole on every role comes, and lines move.
python3 - infra/main.tf <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('      { Sid = "Admin", Effect = "Allow", Action = "*", Resource = "*" },\n', '')
s = s.replace('resource "aws_iam_role_policy" "app" {', '# The application\'s own permissions.\n\n\nresource "aws_iam_role_policy" "app" {')
s = s.replace('Resource = "arn:aws:s3:::data/*" },', 'Resource = "arn:aws:s3:::data/*" },\n      { Sid = "Pass", Effect = "Allow", Action = "iam:PassRole", Resource = "*" },')
open(p, "w").write(s)
PY
git status --porcelain > "$tmp/status.before"
cp infra/main.tf "$tmp/main.tf.before"

"$bin" iac infra --format json > "$tmp/all.json" 2> /dev/null
unchanged=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]) - 1)' "$tmp/all.json")
check "the change keeps at least one finding (got $unchanged)" '[ "$unchanged" -ge 1 ]'

"$bin" iac infra --diff HEAD --format json > "$tmp/diff.json" 2> "$tmp/diff.err"; rc=$?
check "a new high finding exits 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "exactly the new finding" 'python3 - "$tmp/diff.json" <<PY
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
assert [f["id"] for f in fs] == ["passrole-wildcard-resource"], [(f["id"], f["message"]) for f in fs]
f = fs[0]
assert f["location"]["file"] == "infra/main.tf" and f["location"]["sid"] == "Pass", f
assert f["iac"]["address"] == "aws_iam_role_policy.app", f
PY'
check "summary counts new, fixed and unchanged" 'grep -q "^1 new, 1 fixed, $unchanged unchanged relative to HEAD$" "$tmp/diff.err"'

"$bin" iac infra --diff HEAD > "$tmp/diff.txt" 2> /dev/null
check "text output ends with the summary" 'tail -n 1 "$tmp/diff.txt" | grep -q "^1 new, 1 fixed, $unchanged unchanged relative to HEAD$"'
check "text output shows the new finding only" 'grep -q passrole-wildcard-resource "$tmp/diff.txt" && ! grep -q admin-wildcard "$tmp/diff.txt" && ! grep -q CreateAccessKey "$tmp/diff.txt"'

"$bin" iac infra --diff HEAD --fail-on critical > /dev/null 2>&1; rc=$?
check "--fail-on above the new finding exits 0 (rc=$rc)" '[ $rc -eq 0 ]'

# Run from inside the module directory, with the path ".".
(cd infra && "$bin" iac . --diff HEAD --format json > "$tmp/dot.json" 2> /dev/null); rc=$?
check "from inside the directory: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "from inside the directory: one new finding" 'python3 -c "import json,sys; fs=json.load(open(sys.argv[1]))[\"findings\"]; assert len(fs)==1 and fs[0][\"location\"][\"file\"]==\"main.tf\", fs" "$tmp/dot.json"'

# Nothing changed relative to the working copy's own commit once committed.
git stash -q
"$bin" iac infra --diff HEAD > "$tmp/same.txt" 2> /dev/null; rc=$?
check "no change: exit 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "no change: 0 new" 'grep -q "^0 new, 0 fixed, [0-9]* unchanged relative to HEAD$" "$tmp/same.txt"'
git stash pop -q

# A path the base revision lacks: every finding is new.
mkdir -p added && cp infra/main.tf added/
"$bin" iac added --diff HEAD --format json > "$tmp/added.json" 2> /dev/null; rc=$?
check "a directory new in the change: every finding new (rc=$rc)" '[ $rc -eq 1 ] && [ "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))[\"findings\"]))" "$tmp/added.json")" -eq $((unchanged + 1)) ]'
rm -rf added

# Bad revision and a path outside a repository: exit 2 with git's message.
"$bin" iac infra --diff no-such-branch > /dev/null 2> "$tmp/bad.err"; rc=$?
check "bad revision exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "bad revision names it and quotes git" 'grep -q "no-such-branch" "$tmp/bad.err" && grep -q "fatal:" "$tmp/bad.err"'
"$bin" iac "$tmp/old" --diff HEAD > /dev/null 2> "$tmp/norepo.err"; rc=$?
check "outside a repository exits 2 (rc=$rc)" '[ $rc -eq 2 ] && grep -q "git repository" "$tmp/norepo.err"'

# The working tree and the index are untouched; no temporary tree is left behind.
git status --porcelain > "$tmp/status.after"
check "git status unchanged" 'cmp -s "$tmp/status.before" "$tmp/status.after"'
check "working file unchanged" 'cmp -s "$tmp/main.tf.before" infra/main.tf'
check "no worktree added" '[ "$(git worktree list | wc -l)" -eq 1 ]'

# Two trees: --diff-against OLD_PATH.
"$bin" iac infra --diff-against "$tmp/old" --format json > "$tmp/two.json" 2> "$tmp/two.err"; rc=$?
check "--diff-against: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "--diff-against: the one new finding" 'python3 -c "import json,sys; fs=json.load(open(sys.argv[1]))[\"findings\"]; assert [f[\"id\"] for f in fs]==[\"passrole-wildcard-resource\"], fs" "$tmp/two.json"'
check "--diff-against: summary" 'grep -q "^1 new, 1 fixed, $unchanged unchanged" "$tmp/two.err"'
"$bin" iac infra --diff-against "$tmp/missing" > /dev/null 2>&1; rc=$?
check "--diff-against a missing path exits 2 (rc=$rc)" '[ $rc -eq 2 ]'

exit $fail
