#!/usr/bin/env bash
# How long `warden emulate` takes to answer /health, and how long a reset takes.
#   Benchmarks/emulator/startup.sh [path/to/warden] [runs]
# The first run may make the cluster template ($XDG_CACHE_HOME/warden, else ~/.cache/warden); set
# WARDEN_COLD=1 to remove it before every run and measure initdb's cost instead.
set -euo pipefail
warden="${1:-.build/release/warden}"
runs="${2:-10}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
now() { date +%s.%N; }
starts=(); resets=()
for i in $(seq "$runs"); do
  [ "${WARDEN_COLD:-0}" = 1 ] && rm -rf "${XDG_CACHE_HOME:-$HOME/.cache}/warden"
  begin=$(now)
  "$warden" emulate --port "$port" --log-level error & pid=$!
  until curl -sf -o /dev/null "$url/health"; do sleep 0.01; done
  starts+=("$(echo "$(now) - $begin" | bc)")
  # A reset after a little state: a user with a key and a policy, an organization with an account.
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing python3 - "$url" <<'PY'
import sys, boto3
u = sys.argv[1]
iam = boto3.client("iam", endpoint_url=u, region_name="us-east-1")
iam.create_user(UserName="u"); iam.create_access_key(UserName="u")
iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
o = boto3.client("organizations", endpoint_url=u, region_name="us-east-1")
o.create_organization(FeatureSet="ALL"); o.create_account(Email="a@example.com", AccountName="a")
PY
  resets+=("$(curl -sf -XPOST "$url/moto-api/reset" | python3 -c 'import json,sys; print(json.load(sys.stdin)["milliseconds"])')")
  kill "$pid"; wait "$pid" || true
done
printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {printf "start to /health: median %.2f s, min %.2f s, max %.2f s (%d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
printf '%s\n' "${resets[@]}" | sort -n | awk '{a[NR]=$1} END {printf "reset: median %d ms, min %d ms, max %d ms\n", a[int((NR+1)/2)], a[1], a[NR]}'
