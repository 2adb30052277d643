#!/usr/bin/env bash
# Runs the moto-style suite (Tests/Emulator/moto_style) against moto_server and against `warden emulate`,
# changing only MOTO_ENDPOINT, and lists where they differ. Tests marked aws_behaviour expect what AWS does;
# moto_server is expected to fail exactly those. Needs moto[server] (pip install 'moto[server]').
#   Tests/Emulator/compare-with-moto.sh [path/to/warden]
set -euo pipefail
cd "$(dirname "$0")"
warden="${1:-../../.build/debug/warden}"
command -v moto_server >/dev/null || { echo "moto_server is not installed: pip install 'moto[server]'" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
moto_port=$(free_port); warden_port=$(free_port)
moto_server -p "$moto_port" >/dev/null 2>&1 & moto_pid=$!
"$warden" emulate --port "$warden_port" --log-level error & warden_pid=$!
trap 'kill $moto_pid $warden_pid 2>/dev/null; wait 2>/dev/null' EXIT
for port in "$moto_port" "$warden_port"; do
  for _ in $(seq 200); do curl -sf -o /dev/null -XPOST "http://127.0.0.1:$port/moto-api/reset" && break; sleep 0.1; done
done
run() { # name port
  echo "== $1"
  MOTO_ENDPOINT="http://127.0.0.1:$2" PYTHONDONTWRITEBYTECODE=1 python3 -m pytest -q -p no:cacheprovider -rf --rootdir moto_style moto_style \
    | grep -E '^(FAILED|[0-9]+ (passed|failed))' || true
}
run "moto_server $(python3 -c 'import moto; print(moto.__version__)')" "$moto_port"
run "warden emulate" "$warden_port"
echo "== marked aws_behaviour (AWS differs from moto here)"
grep -h -A1 '@pytest.mark.aws_behaviour' moto_style/*.py | grep -oE '(aws_behaviour\(".*"\)|def test_[a-z_]+)' | paste - - | sed -E 's/aws_behaviour\("(.*)"\)\tdef (.*)/\2: \1/'
