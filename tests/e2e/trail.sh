#!/usr/bin/env bash
# End-to-end checks of `iamwarden trail`: every input form (S3 delivery files plain and gzip in the
# AWSLogs layout with a digest file, NDJSON plain and gzip, EventBridge, lookup-events, CloudTrail
# Lake, stdin), --since/--until, warnings and --strict, exit codes, the JSON fields of contracts
# §6, Sigma rules (credit, load errors), baselines, usage and generate-policy.
# Usage: bash trail.sh <iamwarden-binary> <source-dir>
set -u
. "$(dirname "$0")/lib/checks.sh"
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2"; }

A=111122223333
ev() {  # ev NAME SOURCE TIME [EXTRA-JSON-MEMBERS]
  printf '{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::%s:user/alice","accountId":"%s","userName":"alice"},"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.1","userAgent":"aws-cli/2","eventID":"id-%s","recipientAccountId":"%s"%s}' \
    "$A" "$A" "$3" "$2" "$1" "$1" "$A" "${4:-}"
}
stop=$(ev StopLogging cloudtrail.amazonaws.com 2026-11-02T10:00:00Z ',"requestParameters":{"name":"main"}')
key=$(ev CreateAccessKey iam.amazonaws.com 2026-11-03T10:00:00Z ',"requestParameters":{"userName":"bob"}')
list=$(ev ListUsers iam.amazonaws.com 2026-11-04T10:00:00Z)

# 1. S3 delivery layout: .json.gz and .json, a digest file skipped
d="$tmp/AWSLogs/$A/CloudTrail/us-east-1/2026/11/02"; mkdir -p "$d" "$tmp/AWSLogs/$A/CloudTrail-Digest/us-east-1/2026/11/02"
echo "{\"Records\": [$stop, $list]}" | gzip > "$d/${A}_CloudTrail_us-east-1_20261102T1000Z_a.json.gz"
echo "{\"Records\": [$key]}" > "$d/${A}_CloudTrail_us-east-1_20261103T1000Z_b.json"
echo '{"awsAccountId": "x", "digestStartTime": "2026-11-02T10:00:00Z"}' | gzip > "$tmp/AWSLogs/$A/CloudTrail-Digest/us-east-1/2026/11/02/${A}_CloudTrail-Digest_us-east-1_x.json.gz"
"$bin" trail detect "$tmp/AWSLogs" --format json -o "$tmp/s3.json" 2>"$tmp/s3.err"; rc=$?
check "S3 layout: findings exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "S3 layout: logging-tampered and access-key-created-for-other-user" \
  '[ "$(json "sorted(f[\"id\"] for f in d[\"findings\"])" "$tmp/s3.json")" = "['"'"'access-key-created-for-other-user'"'"', '"'"'logging-tampered'"'"']" ]'
check "S3 layout: digest skipped, said on stderr" 'grep -q "1 digest file skipped" "$tmp/s3.err"'
check "S3 layout: 3 events read" 'grep -q "read 3 events from 2 files" "$tmp/s3.err"'
# contract fields
check "finding fields" '[ "$(json "[(f[\"resource\"], f[\"account\"], f[\"event\"][\"eventName\"], f[\"event\"][\"eventSource\"], f[\"event\"][\"eventID\"], f[\"event\"][\"sourceIPAddress\"], f[\"location\"][\"record\"], \"errorCode\" in f[\"event\"], f[\"location\"][\"file\"].endswith(\".json.gz\")) for f in d[\"findings\"] if f[\"id\"]==\"logging-tampered\"][0]" "$tmp/s3.json")" = "('"'"'arn:aws:iam::$A:user/alice'"'"', '"'"'$A'"'"', '"'"'StopLogging'"'"', '"'"'cloudtrail.amazonaws.com'"'"', '"'"'id-StopLogging'"'"', '"'"'198.51.100.1'"'"', 0, False, True)" ]'
check "severity and title" '[ "$(json "[(f[\"severity\"], f[\"title\"]) for f in d[\"findings\"] if f[\"id\"]==\"logging-tampered\"][0]" "$tmp/s3.json")" = "('"'"'high'"'"', '"'"'CloudTrail logging changed or stopped'"'"')" ]'

# 2. every other form gives the same finding for the same event
echo "$stop" > "$tmp/one.ndjson"; echo "$list" >> "$tmp/one.ndjson"
gzip -c "$tmp/one.ndjson" > "$tmp/one.ndjson.gz"
echo "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.cloudtrail\",\"account\":\"$A\",\"time\":\"2026-11-02T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":$stop}" > "$tmp/eventbridge.json"
python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print(json.dumps({"Events":[{"EventId":"id","EventName":e["eventName"],"CloudTrailEvent":json.dumps(e)}]}))' "$stop" > "$tmp/lookup.json"
python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print(json.dumps({"QueryStatus":"FINISHED","QueryResultRows":[[{"eventJson":json.dumps(e)}]]}))' "$stop" > "$tmp/lake-json.json"
python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print(json.dumps({"QueryStatus":"FINISHED","QueryResultRows":[[{k:v} for k,v in e.items()]]}))' "$stop" > "$tmp/lake-columns.json"
python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print(json.dumps({"QueryStatus":"FINISHED","QueryResultRows":[[{"eventjson":json.dumps(e)}]]}))' "$stop" > "$tmp/lake-lower.json"
for f in one.ndjson one.ndjson.gz eventbridge.json lookup.json lake-json.json lake-columns.json lake-lower.json; do
  "$bin" trail detect "$tmp/$f" --format json -o "$tmp/out.json" 2>/dev/null; rc=$?
  check "$f: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
  check "$f: logging-tampered of record 0" '[ "$(json "[(f[\"id\"], f[\"location\"][\"record\"], f[\"event\"][\"eventName\"]) for f in d[\"findings\"]]" "$tmp/out.json")" = "[('"'"'logging-tampered'"'"', 0, '"'"'StopLogging'"'"')]" ]'
done
out=$("$bin" trail detect - --format json < "$tmp/one.ndjson" 2>/dev/null); rc=$?
check "stdin: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "stdin: file is <stdin>" 'grep -q "\"file\": \"<stdin>\"" <<<"$out"'

# 3. --since/--until, clean input exits 0
"$bin" trail detect "$tmp/AWSLogs" --since 2026-11-04 --format json -o "$tmp/late.json" 2>/dev/null; rc=$?
check "--since leaves only ListUsers: exit 0 (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" trail detect "$tmp/AWSLogs" --until 2026-11-02T12:00:00Z --format json -o "$tmp/early.json" 2>/dev/null; rc=$?
check "--until keeps StopLogging only" '[ "$(json "[f[\"id\"] for f in d[\"findings\"]]" "$tmp/early.json")" = "['"'"'logging-tampered'"'"']" ]'
"$bin" trail detect "$tmp/AWSLogs" --since yesterday 2>/dev/null; rc=$?
check "bad --since: exit 2 (rc=$rc)" '[ $rc -eq 2 ]'
"$bin" trail detect "$tmp/nope" 2>/dev/null; rc=$?
check "missing path: exit 2 (rc=$rc)" '[ $rc -eq 2 ]'

# 4. bad input: warnings with file and record, the rest read; --strict exits 2
head -c 60 "$tmp/one.ndjson.gz" > "$tmp/truncated.json.gz"
echo '{"name": "not cloudtrail", "version": "1.0.0"}' > "$tmp/package.json"
printf '%s\n{"eventName":"ListUsers","eventSource":"iam.amazonaws.com"}\n{"eventTime":"2026-11-02T10:00:00Z","eventName":"\xff\xfe","eventSource":"iam.amazonaws.com"}\n' "$stop" > "$tmp/mixed.ndjson"
"$bin" trail detect "$tmp/truncated.json.gz" "$tmp/package.json" "$tmp/mixed.ndjson" --format json -o "$tmp/bad.json" 2>"$tmp/bad.err"; rc=$?
check "bad input: still exit 1 for the good event (rc=$rc)" '[ $rc -eq 1 ]'
check "bad input: the good event is found" '[ "$(json "len(d[\"findings\"])" "$tmp/bad.json")" = 1 ]'
check "warning: truncated gzip named" 'grep -q "warning: .*truncated.json.gz: truncated or corrupt gzip" "$tmp/bad.err"'
check "warning: non-CloudTrail JSON named" 'grep -q "warning: .*package.json: not CloudTrail events" "$tmp/bad.err"'
check "warning: event without eventTime names its record" 'grep -q "warning: .*mixed.ndjson: record 1: event without eventTime" "$tmp/bad.err"'
check "warning: invalid UTF-8 named" 'grep -q "warning: .*mixed.ndjson: invalid UTF-8 at 3:" "$tmp/bad.err"'
"$bin" trail detect "$tmp/truncated.json.gz" "$tmp/mixed.ndjson" --strict -q -o "$tmp/strict.txt" 2>/dev/null; rc=$?
check "--strict with warnings: exit 2 (rc=$rc)" '[ $rc -eq 2 ]'
"$bin" trail detect "$tmp/one.ndjson" --strict -q >/dev/null 2>&1; rc=$?
check "--strict on clean input: exit 1 for findings (rc=$rc)" '[ $rc -eq 1 ]'

# 5. Sigma: the example rule fires, credits its author in text, json and sarif; load errors exit 2
ex="$src/examples/trail"
"$bin" trail detect "$ex/events.json" --sigma "$ex/admin-policy-attached.yml" --format json -o "$tmp/sigma.json" 2>/dev/null; rc=$?
check "sigma: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "sigma: finding id, rule object" '[ "$(json "[(f[\"id\"], f[\"severity\"], f[\"rule\"][\"author\"], f[\"rule\"][\"license\"], f[\"location\"][\"record\"]) for f in d[\"findings\"] if f[\"id\"].startswith(\"sigma:\")]" "$tmp/sigma.json")" = "[('"'"'sigma:9f4c2d1e-6b7a-4e3f-8c5d-0a1b2c3d4e5f'"'"', '"'"'high'"'"', '"'"'iamwarden examples'"'"', '"'"'DRL-1.1'"'"', 3)]" ]'
for fmt in text sarif csv; do
  out=$("$bin" trail detect "$ex/events.json" --sigma "$ex/admin-policy-attached.yml" --format $fmt 2>/dev/null)
  check "sigma: author credited in $fmt" 'grep -q "iamwarden examples" <<<"$out"'
done
printf 'title: t\nid: x\ndetection:\n  s: {eventName: A}\n  condition: s and missing\n' > "$tmp/bad.yml"
err=$("$bin" trail detect "$ex/events.json" --sigma "$tmp/bad.yml" 2>&1 >/dev/null); rc=$?
check "bad rule: exit 2 (rc=$rc)" '[ $rc -eq 2 ]'
check "bad rule: file:line:column" 'grep -q "bad.yml:5:20: condition: no selection named" <<<"$err"'

# 6. baseline, then detect --baseline
"$bin" trail baseline "$tmp/one.ndjson" --output "$tmp/base.db" -q; rc=$?
check "baseline: exit 0 (rc=$rc)" '[ $rc -eq 0 ] && [ -s "$tmp/base.db" ]'
ev GetUser iam.amazonaws.com 2026-11-05T10:00:00Z ',"sourceIPAddress":"203.0.113.5","awsRegion":"ap-south-1"' | sed 's/"awsRegion":"us-east-1",//; s/"sourceIPAddress":"198.51.100.1",//' > "$tmp/new.ndjson"
"$bin" trail detect "$tmp/new.ndjson" --baseline "$tmp/base.db" --format json -o "$tmp/new.json" 2>/dev/null; rc=$?
check "baseline: new api, ip, region reported" '[ "$(json "sorted(f[\"id\"] for f in d[\"findings\"])" "$tmp/new.json")" = "['"'"'credential-use-from-new-ip'"'"', '"'"'first-seen-api'"'"', '"'"'new-region'"'"']" ]'
"$bin" trail detect "$tmp/new.ndjson" --baseline "$tmp/package.json" 2>/dev/null; rc=$?
check "not a baseline: exit 2 (rc=$rc)" '[ $rc -eq 2 ]'

# 7. generate-policy: verified policy of the observed calls
"$bin" trail generate-policy "$ex/events.json" --principal "arn:aws:iam::$A:role/deploy" -o "$tmp/policy.json" 2>"$tmp/gen.err"; rc=$?
check "generate-policy: exit 0 (rc=$rc)" '[ $rc -eq 0 ]'
check "generate-policy: actions" '[ "$(json "sorted(a for s in d[\"Statement\"] for a in ([s[\"Action\"]] if isinstance(s[\"Action\"], str) else s[\"Action\"]))" "$tmp/policy.json")" = "['"'"'iam:AttachRolePolicy'"'"', '"'"'lambda:UpdateFunctionCode'"'"', '"'"'s3:GetObject'"'"', '"'"'s3:PutObject'"'"']" ]'
check "generate-policy: object ARNs kept" 'grep -q "arn:aws:s3:::example-artifacts/builds/app.zip" "$tmp/policy.json"'
"$bin" lint "$tmp/policy.json" --kind identity --fail-on critical -q >/dev/null; rc=$?
check "generate-policy: lint accepts it (rc=$rc)" '[ $rc -eq 0 ]'
"$bin" trail generate-policy "$ex/events.json" --principal "arn:aws:iam::$A:user/nobody" 2>/dev/null; rc=$?
check "generate-policy without calls: exit 2 (rc=$rc)" '[ $rc -eq 2 ]'

# 8. usage against the example organization's snapshot shape
snap="$tmp/snap"; mkdir -p "$snap"
cat > "$snap/authorization-details.json" <<JSON
{"UserDetailList": [{"Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLEALICE", "Arn": "arn:aws:iam::$A:user/alice", "CreateDate": "2026-01-01T00:00:00Z", "GroupList": [], "AttachedManagedPolicies": [],
  "UserPolicyList": [{"PolicyName": "ops", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:ListUsers", "s3:GetObject"], "Resource": "*"}]}}]},
  {"Path": "/", "UserName": "idle", "UserId": "AIDAEXAMPLEIDLE", "Arn": "arn:aws:iam::$A:user/idle", "CreateDate": "2026-01-01T00:00:00Z", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": []}],
 "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
JSON
echo "{\"account_id\": \"$A\", \"taken_at\": \"2026-11-06T00:00:00Z\"}" > "$snap/snapshot.json"
"$bin" trail usage "$tmp/AWSLogs" --snapshot "$snap" --format json -o "$tmp/usage.json" 2>"$tmp/usage.err"; rc=$?
check "usage: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
check "usage: unused-user idle, unused-permission alice" '[ "$(json "sorted((f[\"id\"], f[\"resource\"].split(\"/\")[-1]) for f in d[\"findings\"])" "$tmp/usage.json")" = "[('"'"'unused-permission'"'"', '"'"'alice'"'"'), ('"'"'unused-user'"'"', '"'"'idle'"'"')]" ]'
check "usage: alice used and unused" '[ "$(json "[(sorted(x[\"action\"] for x in u[\"used\"]), u[\"granted_unused\"]) for u in d[\"usage\"] if u[\"principal\"].endswith(\"/alice\")][0]" "$tmp/usage.json")" = "(['"'"'cloudtrail:StopLogging'"'"', '"'"'iam:CreateAccessKey'"'"', '"'"'iam:ListUsers'"'"'], ['"'"'s3:GetObject'"'"'])" ]'
check "usage: last_used" '[ "$(json "[x[\"last_used\"] for u in d[\"usage\"] for x in u[\"used\"] if x[\"action\"]==\"iam:ListUsers\"][0]" "$tmp/usage.json")" = "2026-11-04T10:00:00Z" ]'
# --threads: the files read at once, the output the same (generation time aside)
for n in 1 3; do
  "$bin" trail usage "$tmp/AWSLogs" --snapshot "$snap" --threads "$n" --format json -o "$tmp/usage$n.json" -q 2>/dev/null; rc=$?
  check "usage --threads $n: exit 1 (rc=$rc)" '[ $rc -eq 1 ]'
done
no_time() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d.pop('generated_at', None); print(json.dumps(d, sort_keys=True))" "$1"; }
check "usage --threads 3 = --threads 1" '[ "$(no_time "$tmp/usage1.json")" = "$(no_time "$tmp/usage3.json")" ]'
check "usage --threads 1 has alice's calls" 'grep -q "iam:CreateAccessKey" "$tmp/usage1.json"'
"$bin" trail usage "$tmp/AWSLogs" --snapshot "$snap" --threads -1 >/dev/null 2>&1; rc=$?
check "usage --threads -1 is a usage error (rc=$rc)" '[ $rc -eq 2 ]'

# 9. new-region without a baseline: a region the principal had not used earlier in the events;
# its first region, and IAM calls (always logged in us-east-1), are not new.
ev() { printf '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::%s:user/bob","accountId":"%s","userName":"bob"},"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"%s","sourceIPAddress":"198.51.100.7","recipientAccountId":"%s","eventID":"%s"}\n' "$A" "$A" "$1" "$2" "$3" "$4" "$A" "$5"; }
{ ev 2026-11-01T10:00:00Z ec2.amazonaws.com DescribeInstances eu-west-1 r1
  ev 2026-11-01T10:01:00Z iam.amazonaws.com ListUsers us-east-1 r2
  ev 2026-11-01T10:02:00Z ec2.amazonaws.com DescribeInstances eu-west-1 r3
  ev 2026-11-01T10:03:00Z ec2.amazonaws.com RunInstances ap-southeast-3 r4
  ev 2026-11-01T10:04:00Z ec2.amazonaws.com RunInstances ap-southeast-3 r5; } > "$tmp/regions.ndjson"
"$bin" trail detect "$tmp/regions.ndjson" --format json -o "$tmp/regions.json" 2>/dev/null
check "new-region: once, for ap-southeast-3 (event r4)" '[ "$(json "[(f[\"event\"][\"eventID\"], f[\"event\"][\"awsRegion\"]) for f in d[\"findings\"] if f[\"id\"] == \"new-region\"]" "$tmp/regions.json")" = "[('"'"'r4'"'"', '"'"'ap-southeast-3'"'"')]" ]'

[ "$fail" -eq 0 ] && echo "trail: all checks passed"
exit "$fail"
