#!/usr/bin/env bash
# What a snapshot lacks is said, never silently read as clean: a credential report without a
# column no check needs (a warning naming the file and the column) or one a check needs (exit 2),
# a file skipped with --keep-going (a warning in every format), and the checks and escalation
# methods that a missing file leaves undecided (stderr, and "undecided" in JSON).
# Usage: bash snapshot_gaps.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
cp -r "$src/tests/cases/audit/root-used-89" "$tmp/s"
drop_column() {  # FILE COLUMN
  python3 - "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
i = rows[0].index(sys.argv[2])
csv.writer(open(sys.argv[1], "w"), lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
PY
}

# A column no check reads: a warning naming the file and the column, in every format.
drop_column "$tmp/s/credential-report.csv" password_next_rotation
for format in text json sarif; do
  "$bin" audit "$tmp/s" --format "$format" --quiet > /dev/null 2> "$tmp/err"
  check "$format: warns of the missing column: $(cat "$tmp/err")" \
    'grep -q "warning: .*credential-report.csv: the credential report has no column password_next_rotation" "$tmp/err"'
done

# A column a check needs: refused, exit 2, naming file, line and column.
cp -r "$tmp/s" "$tmp/needs"
drop_column "$tmp/needs/credential-report.csv" mfa_active
"$bin" audit "$tmp/needs" > /dev/null 2> "$tmp/err"; rc=$?
check "a needed column missing exits 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "names file:line:column and the column: $(cat "$tmp/err")" \
  'grep -q "credential-report.csv:1:1: .*mfa_active" "$tmp/err"'

# --keep-going: the skipped file is named on stderr whatever the format, even with -o.
echo '{"Roles": [' > "$tmp/s/roles.json"
for format in text json sarif csv html; do
  "$bin" audit "$tmp/s" --keep-going --format "$format" -o "$tmp/out.$format" 2> "$tmp/err"
  check "$format: skipped file named: $(cat "$tmp/err")" \
    'grep -q "warning: skipped .*roles.json:[0-9]*:[0-9]*: .*(--keep-going)" "$tmp/err"'
done
rm "$tmp/s/roles.json"

# Undecided: without compute.json the existing-compute methods, without roles.json the session
# check, without a credential report its checks; with the files, nothing is undecided.
"$bin" audit "$tmp/s" --format json > "$tmp/a.json" 2> "$tmp/err"
check "stderr names compute.json: $(head -c 300 "$tmp/err")" \
  'grep -q "undecided without compute.json: [0-9]* methods (" "$tmp/err"'
check "json undecided" 'python3 - "$tmp/a.json" <<PY
import json, sys
u = json.load(open(sys.argv[1]))["undecided"]
needs = {e["needs"]: e.get("methods", e.get("checks")) for e in u}
ok = "ssm-start-session" in needs["compute.json"] and "ec2-instance-connect-ssh" in needs["compute.json"]
ok = ok and needs["roles.json"] == ["role-max-session-long"] and "credential-report.csv" not in needs
sys.exit(0 if ok else 1)
PY'
rm "$tmp/s/credential-report.csv"
"$bin" audit "$tmp/s" --format json > "$tmp/b.json" 2> /dev/null
check "without a credential report its checks are undecided" \
  'python3 -c "import json,sys; u={e[\"needs\"]: e.get(\"checks\") for e in json.load(open(sys.argv[1]))[\"undecided\"]}; sys.exit(\"user-console-no-mfa\" not in u[\"credential-report.csv\"])" "$tmp/b.json"'
"$bin" paths "$tmp/s" --format json > "$tmp/p.json" 2> "$tmp/err"
check "paths json undecided" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d[\"paths\"] == [] and d[\"undecided\"][0][\"needs\"] == \"compute.json\"))" "$tmp/p.json"'
check "paths stderr names compute.json" 'grep -q "undecided without compute.json" "$tmp/err"'
echo '[]' > "$tmp/s/compute.json"
echo '{"Roles": []}' > "$tmp/s/roles.json"
"$bin" paths "$tmp/s" --format json > "$tmp/p.json" 2> "$tmp/err"
check "with compute.json nothing is undecided" '! grep -q undecided "$tmp/p.json" "$tmp/err"'

[ $fail -eq 0 ] && echo "snapshot gaps: ok"
exit $fail
