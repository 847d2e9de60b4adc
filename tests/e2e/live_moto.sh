#!/usr/bin/env bash
# collect, remediate and keys rotate against a real local AWS: a moto server on 127.0.0.1 and a
# free port, loaded with boto3 (users, keys, roles, policies, a weak password policy, a public
# bucket policy). Checks: collect -> audit works and matches the audit of a boto3 export; the
# plan fixes the findings (re-collect shows them gone), applying twice changes nothing, rollback
# restores; keys rotate; a closed port and bad credentials fail with exit 2 in seconds; no
# secret access key appears in any output or snapshot file. The server is stopped on exit.
set -uo pipefail
bin=$(realpath "$1"); src=$(realpath "$2")
. "$src/tests/e2e/lib/missing.sh"
python3 -c 'import moto, boto3, flask' 2>/dev/null ||
  missing "moto[server] 5 and boto3 (python3)" "python3 -m pip install 'moto[server]==5.*' boto3"

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
server_pid=$!
endpoint="http://127.0.0.1:$port"
for _ in $(seq 600); do
  curl -s -o /dev/null "$endpoint/moto-api/" && break
  sleep 0.1
done

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing-secret-for-e2e AWS_REGION=us-east-1
export AWS_CONFIG_FILE=$work/no-config AWS_SHARED_CREDENTIALS_FILE=$work/no-credentials AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI
lib="$src/tests/e2e/lib/moto_account.py"
python3 "$lib" "$endpoint" load >"$work/secrets.json" || { echo "FAIL: loading the moto account"; exit 1; }
cd "$work"

# collect -> audit
"$bin" collect live --endpoint-url "$endpoint" --resources --format json -o collect.json 2>collect.err
check "collect exits 0" '[ $? -eq 0 ]'
for f in authorization-details.json credential-report.json account-summary.json password-policy.json roles.json \
         snapshot.json resource-policies.json compute.json; do
  check "collect wrote $f" "[ -s live/$f ]"
done
check "snapshot.json names the account and records what is missing" \
  "python3 -c 'import json; s=json.load(open(\"live/snapshot.json\")); assert s[\"account_id\"]==\"123456789012\" and s[\"taken_at\"] and isinstance(s[\"missing\"], list)'"
check "every user, role, group and policy round-trips" "python3 - <<'PY'
import json
d = json.load(open('live/authorization-details.json'))
assert sorted(u['UserName'] for u in d['UserDetailList']) == ['alice', 'bob', 'carol'], d['UserDetailList']
assert {'open-door', 'app'} <= {r['RoleName'] for r in d['RoleDetailList']}
assert [g['GroupName'] for g in d['GroupDetailList']] == ['readers']
assert any(p['PolicyName'] == 'read-data' for p in d['Policies'])
carol = next(u for u in d['UserDetailList'] if u['UserName'] == 'carol')
assert carol['UserPolicyList'][0]['PolicyDocument']['Statement'][0]['Action'] == '*'
door = next(r for r in d['RoleDetailList'] if r['RoleName'] == 'open-door')
assert door['AssumeRolePolicyDocument']['Statement'][0]['Principal'] == {'AWS': '*'}
roles = json.load(open('live/roles.json'))['Roles']
assert next(r for r in roles if r['RoleName'] == 'open-door')['MaxSessionDuration'] == 43200
rp = json.load(open('live/resource-policies.json'))
assert {p['arn'] for p in rp} >= {'arn:aws:s3:::shared-reports'}, rp
assert json.load(open('live/account-summary.json'))['SummaryMap']['Users'] == 3
assert json.load(open('live/password-policy.json'))['PasswordPolicy']['MinimumPasswordLength'] == 8
PY"
taken=$(python3 -c 'import json; print(json.load(open("live/snapshot.json"))["taken_at"])')
"$bin" audit live --format json -o audit-live.json 2>/dev/null
check "audit of the collected snapshot runs (exit 1: findings)" '[ $? -eq 1 ]'
python3 "$lib" "$endpoint" export boto3
"$bin" audit boto3 --as-of "$taken" --format json -o audit-boto3.json 2>/dev/null
check "audit of collect equals audit of the boto3 export (ids and resources)" "python3 - <<'PY'
import json
def ids(p):
    # the boto3 export has no resource policies: compare the IAM findings
    return sorted((f['id'], f['resource']) for f in json.load(open(p))['findings'] if f['resource'].startswith('arn:aws:iam::'))
a, b = ids('audit-live.json'), ids('audit-boto3.json')
assert a == b, (set(a) ^ set(b))
found = {i for i, _ in a}
assert {'password-policy-weak', 'role-trust-public', 'role-max-session-long', 'multiple-active-access-keys'} <= found, found
PY"

# remediate: plan -> apply -> re-collect; apply twice; rollback
later=$(python3 -c 'import datetime; print((datetime.datetime.utcnow()+datetime.timedelta(days=200)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
"$bin" remediate plan live --as-of "$later" -o plan.json 2>/dev/null
check "remediate plan exits 0" '[ $? -eq 0 ]'
check "plan.json has the contract's shape, fixes and manual steps" "python3 - <<'PY'
import json
p = json.load(open('plan.json'))
assert p['account'] == '123456789012' and p['created_at']
fixes = {a['finding']['id'] for a in p['actions'] if not a['manual']}
assert {'password-policy-weak', 'role-trust-public', 'role-max-session-long', 'access-key-unused', 'password-unused'} <= fixes, fixes
for a in p['actions']:
    assert set(a['finding']) == {'id', 'resource'}
    assert a['risk'] in ('low', 'medium', 'high'), a
    if a['manual']:
        assert a['steps'] and 'calls' not in a
    else:
        assert a['risk'] in ('low', 'medium', 'high') and a['description'] and a['calls']
        for c in a['calls']:
            assert c['service'] == 'iam' and c['action'] and isinstance(c['parameters'], dict)
PY"
python3 "$lib" "$endpoint" state >before.json
"$bin" remediate apply plan.json --backup bk1 --endpoint-url "$endpoint" </dev/null >dry.txt 2>&1
check "apply without --yes is a dry run (nothing changed, no backup)" \
  '[ $? -eq 0 ] && [ ! -e bk1 ] && python3 "$lib" "$endpoint" state | cmp -s - before.json'
"$bin" remediate apply plan.json --backup bk1 --yes --endpoint-url "$endpoint" --format json -o apply1.json 2>apply1.err
check "apply --yes exits 0 and saved the prior state" '[ $? -eq 0 ] && [ -s bk1/backup.json ]'
python3 "$lib" "$endpoint" state >after.json
check "the changes are made" "python3 - <<'PY'
import json
s = json.load(open('after.json'))
assert s['password_policy']['MinimumPasswordLength'] == 14 and s['password_policy']['PasswordReusePrevention'] == 24
assert s['open_door_max_session'] == 3600
assert all(st['Principal'] != {'AWS': '*'} for st in s['open_door_trust']['Statement'])
assert 'Inactive' in s['keys']['bob'] and 'Inactive' in s['keys']['alice']
PY"
"$bin" remediate apply plan.json --backup bk2 --yes --endpoint-url "$endpoint" --format json -o apply2.json 2>/dev/null
check "applying twice changes nothing the second time" \
  "python3 -c 'import json; r=json.load(open(\"apply2.json\")); assert r[\"changed\"]==0 and all(s[\"outcome\"]==\"unchanged\" for s in r[\"steps\"]), r'"
"$bin" collect live2 --endpoint-url "$endpoint" -q 2>/dev/null
"$bin" audit live2 --as-of "$later" --format json -o audit-after.json 2>/dev/null
check "re-collect: the fixed findings are gone" "python3 - <<'PY'
import json
ids = {f['id'] for f in json.load(open('audit-after.json'))['findings']}
# (key status is checked through the API above: moto keeps its first credential report)
for gone in ('password-policy-weak', 'role-trust-public', 'role-max-session-long'):
    assert gone not in ids, gone
PY"
"$bin" remediate rollback bk1 --yes --endpoint-url "$endpoint" >rollback.txt 2>&1
check "rollback exits 0" '[ $? -eq 0 ]'
python3 "$lib" "$endpoint" state >restored.json
check "rollback restores keys, password policy, trust policy and session length" "python3 - <<'PY'
import json
a, b = json.load(open('before.json')), json.load(open('restored.json'))
for k in ('keys', 'password_policy', 'open_door_trust', 'open_door_max_session'):
    assert a[k] == b[k], (k, a[k], b[k])
PY"
check "a rollback password file has mode 0600" \
  'for f in bk1/*.password; do [ "$(stat -c %a "$f")" = 600 ] || exit 1; done'
"$bin" remediate apply plan.json --backup bk1 --yes --endpoint-url "$endpoint" >/dev/null 2>&1
check "apply refuses a directory that holds a backup (exit 2)" '[ $? -eq 2 ]'
echo '{"account": "123456789012", "actions": [{"finding": {"id": "x", "resource": "y"}, "manual": false, "risk": "low", "description": "", "calls": [{"service": "iam", "action": "DeleteUser", "parameters": {}}]}]}' >bad-plan.json
"$bin" remediate apply bad-plan.json --backup bk3 --yes --endpoint-url "$endpoint" 2>bad.err
check "a plan with a call apply does not make: exit 2 naming file:line:column" \
  '[ $? -eq 2 ] && grep -q "bad-plan.json:1:" bad.err'

# keys rotate
"$bin" keys rotate carol --endpoint-url "$endpoint" --key-file carol-key.json >rotate1.txt 2>&1
check "keys rotate creates a new key in a 0600 file" \
  '[ $? -eq 0 ] && [ "$(stat -c %a carol-key.json)" = 600 ] && python3 -c "import json; k=json.load(open(\"carol-key.json\"))[\"AccessKey\"]; assert k[\"SecretAccessKey\"] and k[\"UserName\"]==\"carol\""'
check "the new key is not printed" '! grep -q "$(python3 -c "import json; print(json.load(open(\"carol-key.json\"))[\"AccessKey\"][\"SecretAccessKey\"])")" rotate1.txt'
check "the old key is deactivated" \
  "python3 \"$lib\" \"$endpoint\" state | python3 -c 'import json,sys; assert sorted(json.load(sys.stdin)[\"keys\"][\"carol\"])==[\"Active\",\"Inactive\"]'"
"$bin" keys rotate carol --endpoint-url "$endpoint" --key-file carol-key2.json >rotate2.txt 2>&1
check "within the grace period a second run refuses (exit 2) and creates no key" '[ $? -eq 2 ] && [ ! -e carol-key2.json ]'
"$bin" keys rotate bob --endpoint-url "$endpoint" --key-file bob-key.json >/dev/null 2>&1
check "a user with two active keys is refused (exit 2)" '[ $? -eq 2 ] && [ ! -e bob-key.json ]'
"$bin" keys rotate carol --grace-days 0 --endpoint-url "$endpoint" >rotate3.txt 2>&1
check "after the grace period the old key is deleted" \
  "[ \$? -eq 0 ] && python3 \"$lib\" \"$endpoint\" state | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"keys\"][\"carol\"]==[\"Active\"]'"

# failures: closed port, bad credentials, no credentials
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$SECONDS
"$bin" collect closed --endpoint-url "http://127.0.0.1:$closed" 2>closed.err
check "a closed port: exit 2 within seconds" "[ \$? -eq 2 ] && [ \$((SECONDS - start)) -lt 15 ] && grep -q 127.0.0.1 closed.err"
AWS_ACCESS_KEY_ID=testing "$bin" collect noc --endpoint-url "$endpoint" --profile missing 2>nocreds.err
check "an unknown profile: exit 2 naming it" '[ $? -eq 2 ] && grep -q "profile missing" nocreds.err'
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$bin" collect noc --endpoint-url "$endpoint" 2>none.err
check "no credentials at all: exit 2 with advice" '[ $? -eq 2 ] && grep -q "no AWS credentials" none.err'

# no secret anywhere
python3 - "$work" <<'PY' || { echo "FAIL: a secret access key appears in an output"; fail=1; }
import json, os, sys
work = sys.argv[1]
secrets = json.load(open(os.path.join(work, 'secrets.json')))['secrets'] + ['testing-secret-for-e2e']
allowed = {'carol-key.json', 'secrets.json'}   # the key files of keys rotate hold their own secret
for root, _, files in os.walk(work):
    for name in files:
        if name in allowed or root.startswith(os.path.join(work, 'boto3')):
            continue
        data = open(os.path.join(root, name), 'rb').read()
        for s in secrets:
            assert s.encode() not in data, f'{s[:4]}... in {os.path.join(root, name)}'
print('ok: no secret access key in any output, log or snapshot file')
PY
exit "$fail"
