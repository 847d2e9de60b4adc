#!/usr/bin/env bash
# `python3 -m iamwarden.dask` over s3:// prefixes, against a moto server on 127.0.0.1 and a free
# port. A CloudTrail bucket (lib/trail_s3.py: the multi-file corpus of lib/trail_corpus.py in the
# AWSLogs/<account>/CloudTrail/<region>/yyyy/mm/dd layout, NDJSON files, a digest file, an object
# that is not an event file, a broken file; over 1,000 objects, so the listing takes several
# pages) is uploaded with boto3, and a copy stays on disk. The module runs with --scheduler on a
# separate LocalCluster of 2 workers whose environment has no AWS_ENDPOINT_URL (as a remote
# cluster's would not): the client sends its endpoint with the tasks. Checks: detect equals
# `iamwarden trail detect` on the local copy (findings in order, summary, files read; names
# differ only by the s3:// prefix); the broken file is a warning under its s3:// name; the digest
# and the other object are skipped; a merged baseline equals the CLI's; an empty prefix, a
# missing bucket and workers without credentials exit 2 with a clear message, no traceback. The
# server and the cluster are stopped on exit.
# Needs the module built (pybind11-dev), python3-distributed with python3-boto3, moto[server] 5.
# Usage: bash trail_dask_s3.sh <iamwarden-binary> <source-dir>
set -u
bin=$(realpath "$1"); src=$(realpath "$2")
. "$src/tests/e2e/lib/missing.sh"
. "$src/tests/e2e/lib/dask.sh"
use_python_module "$bin"
# The Python that has Dask and boto3 (runs the module and the cluster), the one that has moto
# (runs the server and uploads).
py=$(python_with distributed,boto3) || missing "Dask and boto3 in one Python (python3-distributed, python3-boto3)" \
  "apt-get install python3-distributed python3-boto3"
mpy=$(python_with moto,boto3,flask) || missing "moto[server] 5 and boto3 (python3)" "python3 -m pip install 'moto[server]==5.*' boto3"

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing-secret-for-e2e AWS_REGION=us-east-1
export AWS_CONFIG_FILE=$tmp/no-config AWS_SHARED_CREDENTIALS_FILE=$tmp/no-credentials AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
  AWS_CONTAINER_CREDENTIALS_FULL_URI

# The clusters start while the bucket is filled: 2 workers with credentials, 1 without.
"$py" "$src/tests/e2e/lib/dask_cluster.py" "$tmp/cluster" > "$tmp/cluster.log" 2>&1 &
pids+=($!)
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$py" "$src/tests/e2e/lib/dask_cluster.py" "$tmp/nocreds" 1 \
  > "$tmp/nocreds.log" 2>&1 &
pids+=($!)
port=$("$mpy" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$mpy" -m moto.server -H 127.0.0.1 -p "$port" > "$tmp/moto.log" 2>&1 &
pids+=($!)
endpoint="http://127.0.0.1:$port"

"$mpy" "$src/tests/e2e/lib/trail_corpus.py" "$tmp/flat" 1005 3
"$mpy" "$src/tests/e2e/lib/trail_s3.py" layout "$tmp/flat" "$tmp/bucket"
for _ in $(seq 300); do
  curl -s -o /dev/null "$endpoint/moto-api/" && break
  sleep 0.1
done
objects=$("$mpy" "$src/tests/e2e/lib/trail_s3.py" upload "$endpoint" trail "$tmp/bucket") ||
  { echo "FAIL: uploading to the moto server"; tail "$tmp/moto.log"; exit 1; }
check "the bucket holds more than 1,000 objects ($objects): the listing takes pages" '[ "$objects" -gt 1000 ]'
for c in cluster nocreds; do
  for _ in $(seq 600); do [ -s "$tmp/$c" ] && break; sleep 0.1; done
  [ -s "$tmp/$c" ] || { echo "FAIL: the Dask cluster ($c) did not start"; tail "$tmp/$c.log"; exit 1; }
done
scheduler=$(cat "$tmp/cluster")
# The client alone has the endpoint; the workers of $scheduler get it with their tasks.
dask() { AWS_ENDPOINT_URL=$endpoint timeout 120 "$py" -m iamwarden.dask "$@"; }

local=$tmp/bucket/AWSLogs/
"$bin" trail detect "$local" --format json -o "$tmp/cli.json" 2> "$tmp/cli.err"
dask detect s3://trail/AWSLogs/ --scheduler "$scheduler" --format json -o "$tmp/dask.json" 2> "$tmp/dask.err"; rc=$?
check "dask detect s3:// exits 1 on findings (rc=$rc)" '[ $rc -eq 1 ] && ! grep -q Traceback "$tmp/dask.err"'
same_report() {  # $1 CLI report on $2 (a local directory), $3 dask report on $4 (its s3:// name)
  "$py" - "$@" << 'PY'
import json, sys
cli, local, dask, s3 = json.load(open(sys.argv[1])), sys.argv[2], json.load(open(sys.argv[3])), sys.argv[4]
for f in cli["findings"]:
    assert f["location"]["file"].startswith(local), f["location"]
    f["location"]["file"] = s3 + f["location"]["file"][len(local):]
assert all(f["location"]["file"].startswith(s3) for f in dask["findings"])
assert cli["findings"] and cli["findings"] == dask["findings"], "the findings differ"
assert cli["summary"] == dask["summary"], (cli["summary"], dask["summary"])
PY
}
check "dask detect s3:// = trail detect on a local copy (findings in order, summary)" \
  'same_report "$tmp/cli.json" "$local" "$tmp/dask.json" s3://trail/AWSLogs/'
counts() { sed -n "s/.*read \([0-9]*\) events from \([0-9]*\) files.*/\1 \2/p" "$1"; }
check "the same events and files are read, over 1,000 files ($(counts "$tmp/dask.err"))" \
  '[ "$(counts "$tmp/cli.err")" = "$(counts "$tmp/dask.err")" ] && [ "$(counts "$tmp/dask.err" | cut -d" " -f2)" -gt 1000 ]'
check "the broken file is a warning under its s3:// name" \
  'grep -q "^iamwarden: warning: s3://trail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/28/.*9999_broken.json: " "$tmp/dask.err"'
check "the digest file and README.txt are skipped, not warned about" \
  '! grep -q "Digest\|README" "$tmp/dask.err" && ! grep -q "Digest\|README" "$tmp/dask.json"'
check "the NDJSON files are read (plain and gzipped)" \
  'grep -q "\"eventID\": \"ndjson-1\"" "$tmp/dask.json" && grep -q "\"eventID\": \"ndjson-2\"" "$tmp/dask.json"'
check "cross-file detections are in the comparison" \
  'grep -q access-denied-burst "$tmp/dask.json" && grep -q console-login-failures "$tmp/dask.json" && grep -q new-region "$tmp/dask.json"'

# Baselines: learned on the workers from one region's objects, merged, as the CLI's.
part=AWSLogs/111122223333/CloudTrail/us-east-1/
"$bin" trail baseline "$tmp/bucket/$part" --until 2026-11-01T02:00:00Z -o "$tmp/cli.db" -q 2> /dev/null
dask baseline "s3://trail/$part" --scheduler "$scheduler" --until 2026-11-01T02:00:00Z --output "$tmp/dask.db" -q \
  2> "$tmp/baseline.err"; rc=$?
check "dask baseline s3:// exits 0 (rc=$rc)" '[ $rc -eq 0 ] && [ -s "$tmp/dask.db" ]'
for b in cli dask; do
  "$bin" trail detect "$tmp/bucket/$part" --since 2026-11-01T02:00:01Z --baseline "$tmp/$b.db" --format json \
    -o "$tmp/$b-new.json" -q 2> /dev/null
done
same_new() {  # the CLI's detect --baseline with the CLI's baseline ($1) and with the merged one ($2)
  "$py" - "$@" << 'PY'
import json, sys
cli, dask = (json.load(open(p))["findings"] for p in sys.argv[1:])
assert cli == dask, "the findings differ"
assert any(f["id"] == "first-seen-api" for f in cli), "no first-seen-api"
PY
}
check "merged baseline = CLI baseline (as detect --baseline sees it)" 'same_new "$tmp/cli-new.json" "$tmp/dask-new.json"'

# Errors: exit 2 with a message a person can act on, never a traceback.
dask detect s3://trail/nothing-here/ --scheduler "$scheduler" -q > /dev/null 2> "$tmp/empty.err"; rc=$?
check "a prefix without objects exits 2 naming it (rc=$rc)" \
  '[ $rc -eq 2 ] && grep -q "no CloudTrail event files found in s3://trail/nothing-here/" "$tmp/empty.err" && ! grep -q Traceback "$tmp/empty.err"'
AWS_ENDPOINT_URL= timeout 60 "$py" -m iamwarden.dask detect s3://no-such-bucket/AWSLogs/ --endpoint-url "$endpoint" \
  --scheduler "$scheduler" -q > /dev/null 2> "$tmp/nobucket.err"; rc=$?
check "a missing bucket exits 2 naming it (--endpoint-url; rc=$rc)" \
  '[ $rc -eq 2 ] && grep -q "s3://no-such-bucket: no such bucket" "$tmp/nobucket.err" && ! grep -q Traceback "$tmp/nobucket.err"'
dask detect s3://trail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/29/ --scheduler "$(cat "$tmp/nocreds")" -q \
  > /dev/null 2> "$tmp/nocreds.err"; rc=$?
check "workers without credentials: exit 2 naming an object (rc=$rc)" \
  '[ $rc -eq 2 ] && grep -q "s3://trail/AWSLogs/.*: no AWS credentials" "$tmp/nocreds.err" && ! grep -q Traceback "$tmp/nocreds.err"'
DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=1s dask detect s3://trail/AWSLogs/ --scheduler tcp://127.0.0.1:1 -q > /dev/null 2> "$tmp/noscheduler.err"; rc=$?
check "an unreachable scheduler exits 2 (rc=$rc)" '[ $rc -eq 2 ] && ! grep -q Traceback "$tmp/noscheduler.err"'
tail -n 3 "$tmp"/{empty,nobucket,nocreds,noscheduler}.err; [ $fail -ne 0 ] && tail -n 20 "$tmp"/*.err
exit $fail
