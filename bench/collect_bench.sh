#!/usr/bin/env bash
# collect against a local AWS: a moto server (127.0.0.1, a free port) loaded with ROLES roles
# (default 1,000; a third with an inline policy, every one with a managed policy) and ROLES/10
# users, then `iamwarden collect` and the boto3 export of tests/e2e/lib/moto_account.py making the
# same IAM/STS calls (authorization details, credential report, summary, password policy, roles,
# caller identity), each timed once with GNU time. The server is the slow side of both: the
# numbers say how many calls a client gets through, not what AWS would answer.
# Usage: bench/collect_bench.sh [BINARY]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/release/iamwarden}
roles=${ROLES:-1000}
python3 -c 'import moto, boto3, flask' 2>/dev/null || { echo "collect_bench: SKIP (moto[server] and boto3 not installed)"; exit 0; }
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
pid=$!
endpoint="http://127.0.0.1:$port"
for _ in $(seq 600); do curl -s -o /dev/null "$endpoint/moto-api/" && break; sleep 0.1; done
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none AWS_EC2_METADATA_DISABLED=true
lib="$root/tests/e2e/lib/moto_account.py"
echo "loading $roles roles into moto ..."
python3 "$lib" "$endpoint" load-scale "$roles"
cd "$work"
echo "iamwarden collect:"
/usr/bin/time -f "  wall %e s, user %U s, sys %S s, peak %M KiB" "$bin" collect live --endpoint-url "$endpoint" --format json -o collect.json -q
python3 -c 'import json; d=json.load(open("collect.json")); print("  requests:", d["requests"], " seconds:", round(d["seconds"], 2), " calls/s:", round(d["requests"] / d["seconds"], 1))'
echo "boto3 export (same calls):"
/usr/bin/time -f "  wall %e s, user %U s, sys %S s, peak %M KiB" python3 "$lib" "$endpoint" export boto
python3 -c 'import json,sys; a=json.load(open("live/authorization-details.json")); b=json.load(open("boto/authorization-details.json")); print("  roles collected:", len(a["RoleDetailList"]), "(iamwarden),", len(b["RoleDetailList"]), "(boto3)")'
