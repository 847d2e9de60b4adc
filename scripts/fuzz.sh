#!/usr/bin/env bash
# make fuzz: run every libFuzzer target of build/fuzz for SECONDS seconds each, starting from
# the checked-in corpus (new interesting inputs are kept in build/fuzz/corpus-<name>).
# A crash stops the run; its input is saved as fuzz/crash-* and must become a named case.
#
# Targets that read JSON documents (policy, request, snapshot, suite, credential_report) take
# inputs up to MAX_LEN bytes (default 1 MiB, 1048576): real policies, snapshots and batches are
# that large, and the readers must stay linear there. The policy target also starts from two
# generated inputs of about 1 MiB (many statements; one object with many keys and a duplicate
# far apart) so that mutations of large inputs happen from the first second. The ARN and glob
# targets keep 64 KiB.
set -euo pipefail
dir=${1:-build/fuzz}
seconds=${2:-60}
json_max_len=${MAX_LEN:-1048576}
root=$(cd "$(dirname "$0")/.." && pwd)

# A policy of about 1 MiB: statements with actions, resources and conditions.
large_policy() {
  printf '{"Version": "2012-10-17", "Statement": ['
  for i in $(seq 1 5400); do
    [ "$i" -gt 1 ] && printf ','
    printf '{"Sid": "S%d", "Effect": "Allow", "Action": ["s3:GetObject", "iam:PassRole"], ' "$i"
    printf '"Resource": "arn:aws:s3:::bucket-%d/*", ' "$i"
    printf '"Condition": {"IpAddress": {"aws:SourceIp": "10.%d.0.0/16"}}}' "$((i % 256))"
  done
  printf ']}\n'
}

# One object with about 51,000 keys, the first repeated at the end.
large_object() {
  printf '{"Version": "2012-10-17", "Statement": [], "Meta": {'
  for i in $(seq 1 51000); do printf '"key-%d": %d, ' "$i" "$i"; done
  printf '"key-1": 0}}\n'
}

for bin in "$dir"/fuzz/fuzz_*; do
  name=$(basename "$bin"); corpus=${name#fuzz_}
  work="$dir/corpus-$corpus"; mkdir -p "$work"
  case $corpus in
    arn|glob) max_len=65536 ;;
    *) max_len=$json_max_len ;;
  esac
  if [ "$corpus" = policy ]; then
    [ -f "$work/large-policy.json" ] || large_policy > "$work/large-policy.json"
    [ -f "$work/large-object.json" ] || large_object > "$work/large-object.json"
  fi
  echo "== $name for ${seconds}s (inputs up to $max_len bytes)"
  "$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="$root/fuzz/" "$work" "$root/fuzz/corpus/$corpus"
done
