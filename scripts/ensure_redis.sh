#!/usr/bin/env bash
# Make sure a Redis server answers on 127.0.0.1:6379, for the job-queue tests on Redis. A machine
# that already runs one is left alone; elsewhere Debian's redis-server is installed and started
# (in the background, no persistence). Prints the URL to use.
set -euo pipefail
HOST=127.0.0.1 PORT=${REDIS_PORT:-6379}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
answers() { (exec 3<>/dev/tcp/$HOST/$PORT && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; }
if ! answers; then
  if ! command -v redis-server >/dev/null; then
    $SUDO apt-get update -qq && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  fi
  redis-server --bind $HOST --port $PORT --daemonize yes --save '' --appendonly no >/dev/null
  for _ in $(seq 30); do answers && break; sleep 0.5; done
  answers || { echo "redis-server did not start on $HOST:$PORT" >&2; exit 1; }
fi
echo "redis://$HOST:$PORT/0"
