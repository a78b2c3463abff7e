#!/usr/bin/env bash
# Makes sure a Redis answers at REDIS_URL (default redis://127.0.0.1:6379):
#   1. one already answers → done;
#   2. redis-server is installed → start it on that port (no persistence: a dev/test Redis);
#   3. running as root with apt-get → install redis-server from Debian, then start it;
#   4. otherwise → say exactly what to do, exit 1.
set -euo pipefail

url="${REDIS_URL:-redis://127.0.0.1:6379}"
hostport="${url#*://}"; hostport="${hostport#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=6379

answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = "PONG" ]
  else
    # Speak RESP over bash's /dev/tcp when redis-cli is absent.
    exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    local reply; IFS= read -r -t 2 reply <&3 || true
    exec 3>&- 3<&-
    [[ "$reply" == "+PONG"* ]]
  fi
}

if answers; then echo "redis: answering at $host:$port"; exit 0; fi

case "$host" in 127.0.0.1|localhost|::1) ;; *)
  echo "redis: nothing answers at $host:$port and it is not this machine; start Redis there or set REDIS_URL" >&2; exit 1 ;;
esac

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "redis: installing redis-server with apt-get"
    (apt-get install -y -qq redis-server >/dev/null 2>&1) || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq redis-server >/dev/null; }
  else
    echo "redis: no Redis at $host:$port and redis-server is not installed." >&2
    echo "       Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)" >&2
    echo "       or point REDIS_URL at a running Redis." >&2
    exit 1
  fi
fi

echo "redis: starting redis-server on $host:$port"
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
  --maxmemory-policy noeviction --logfile "${TMPDIR:-/tmp}/carequal-redis-$port.log" >/dev/null
for _ in $(seq 1 50); do answers && { echo "redis: answering at $host:$port"; exit 0; }; sleep 0.1; done
echo "redis: redis-server did not answer within 5 s (see ${TMPDIR:-/tmp}/carequal-redis-$port.log)" >&2
exit 1
