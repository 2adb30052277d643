#!/usr/bin/env bash
# What recording every call costs, end to end: two release servers, one without the audit trail (a build from
# before it, e.g. commit 5c65b36) and one with it, each on its own embedded PostgreSQL, measured in alternation
# (so load on a shared machine hits both alike) with the same wrk runs as sts-bench.sh and iam-bench.sh.
# Usage: audit-cost.sh WARDEN_WITHOUT_AUDIT WARDEN_WITH_AUDIT [ROUNDS]
# Needs wrk, python3 with botocore, the AWS CLI.
set -euo pipefail
without=${1:?warden binary without the audit trail}
with=${2:?warden binary with the audit trail}
rounds=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
chmod 755 "$root"
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$root"' EXIT
export WARDEN_ROOT_ACCESS_KEY_ID=AKIAAUDITBENCH000001 WARDEN_ROOT_SECRET_ACCESS_KEY=auditbenchsecretauditbenchsecretauditben
export AWS_ACCESS_KEY_ID=$WARDEN_ROOT_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$WARDEN_ROOT_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=us-east-1

start() { # name binary port
  "$2" serve --data-dir "$root/$1" --port "$3" --log-level error > "$root/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$3/health" > /dev/null && return; sleep 0.25; done
  echo "$1 did not start"; cat "$root/$1.log"; exit 1
}
start without "$without" 9611
start with "$with" 9612

wrk_run() { # endpoint paths-file
  PATHS_FILE=$2 WRK_THREADS=2 wrk -t2 -c32 -d"${DURATION:-10s}" --latency -s "$here/paths.lua" "$1" | grep -E "Requests/sec|50%|Non-2xx"
}
for side in without with; do
  port=$([ $side = without ] && echo 9611 || echo 9612)
  endpoint=http://127.0.0.1:$port
  python3 "$here/presign_many.py" "$endpoint" sts "Action=GetCallerIdentity&Version=2011-06-15" 1 > "$root/$side-whoami"
  AWS_ENDPOINT_URL=$endpoint aws iam create-user --user-name reader > /dev/null
  python3 "$here/presign_many.py" "$endpoint" iam "Action=GetUser&Version=2010-05-08&UserName=reader" 1 > "$root/$side-get"
done
for side in without with; do
  port=$([ $side = without ] && echo 9611 || echo 9612)
  python3 "$here/presign_many.py" "http://127.0.0.1:$port" iam "Action=CreateUser&Version=2010-05-08&UserName=bench-{i}" 4900 > "$root/$side-create"
  echo "== $side audit trail: CreateUser (root)"
  PATHS_FILE=$root/$side-create WRK_THREADS=2 wrk -t2 -c32 -d"${CREATE_DURATION:-2s}" --latency -s "$here/paths.lua" "http://127.0.0.1:$port" \
    | grep -E "Requests/sec|50%|Non-2xx"
done
for round in $(seq 1 "$rounds"); do
  for side in without with; do
    port=$([ $side = without ] && echo 9611 || echo 9612)
    echo "== round $round, $side audit trail: GetUser (root)"; wrk_run "http://127.0.0.1:$port" "$root/$side-get"
    echo "== round $round, $side audit trail: GetCallerIdentity (root)"; wrk_run "http://127.0.0.1:$port" "$root/$side-whoami"
  done
done
echo "== events recorded by the server with the audit trail:"
time "$with" audit verify --data-dir "$root/with" --log-level error
