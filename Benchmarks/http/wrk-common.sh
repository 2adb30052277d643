# Shared by iam-bench.sh and sts-bench.sh (sourced): the run's set-up and wrk over a file of presigned paths.
# Expects `endpoint` set; sets `here`, `duration`, `run` and `work`.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
duration=${DURATION:-10s}
run=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export AWS_ENDPOINT_URL=$endpoint AWS_DEFAULT_REGION=us-east-1

load() { # name paths-file
  echo "== $1: wrk -t2 -c32 -d$duration"
  PATHS_FILE=$2 WRK_THREADS=2 wrk -t2 -c32 -d"$duration" --latency -s "$here/paths.lua" "$endpoint" \
    | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
}
one() { # name paths-file: one connection, for per-call latency
  echo "== $1: wrk -t1 -c1 -d5s"
  PATHS_FILE=$2 WRK_THREADS=1 wrk -t1 -c1 -d5s --latency -s "$here/paths.lua" "$endpoint" | grep -E "Requests/sec|50%|99%|Non-2xx"
}
check() { # paths-file: the first path must answer 200
  local code
  code=$(curl -s -o "$work/answer" -w '%{http_code}' "$endpoint$(head -1 "$1")")
  [ "$code" = 200 ] || { echo "the presigned call answered $code, not 200:"; cat "$work/answer"; exit 1; }
}
