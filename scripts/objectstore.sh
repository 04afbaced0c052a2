#!/usr/bin/env bash
# Start (or reuse) a project-local S3 API and print its endpoint URL.
#
#   scripts/objectstore.sh dev|test [start|stop|status]
#
# moto's server (moto[server], in requirements-dev.txt) answers the S3 API
# that the media storage speaks (MEDIA_BUCKET, S3_ENDPOINT_URL), so that the
# object-storage tests run against a real HTTP endpoint without an account
# anywhere. Like scripts/redis.sh: its files live in var/objectstore/<name>,
# it listens on 127.0.0.1 only, on a port of its own. It keeps its buckets
# in memory: a restart empties them.
set -euo pipefail

name=${1:?usage: scripts/objectstore.sh dev|test [start|stop|status]}
action=${2:-start}
repo=$(cd "$(dirname "$0")/.." && pwd)

case "$name" in
  dev) port=${S3_PORT:-56590} ;;
  test) port=${S3_TEST_PORT:-56591} ;;
  *) echo "objectstore.sh: unknown server '$name' (dev or test)" >&2; exit 2 ;;
esac

script=objectstore.sh
# shellcheck source=scripts/service.sh
. "$repo/scripts/service.sh"

dir=$repo/var/objectstore/$name
pidfile=$dir/moto.pid
url="http://127.0.0.1:$port"
server=${VENV:-$repo/.venv}/bin/moto_server

service_control "$action" "$name server"

if running; then echo "$url"; exit 0; fi

if [ ! -x "$server" ]; then
  say "$server not found: run make install (moto[server] is in requirements-dev.txt)"
  exit 1
fi

port_free "$port" "S3_PORT=... (dev) or S3_TEST_PORT=... (test)"

mkdir -p "$dir"
# Its own session, so that it outlives the make that started it.
setsid "$server" -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 < /dev/null &
echo $! >"$pidfile"

# Ready when it answers; at most ten seconds (it imports every service).
for _ in $(seq 100); do
  if listening "$port" && { exec 3<>"/dev/tcp/127.0.0.1/$port" && \
       printf 'GET /moto-api/ HTTP/1.0\r\n\r\n' >&3 && \
       read -r -t 1 reply <&3 && [[ $reply == HTTP/* ]]; } 2>/dev/null; then
    exec 3>&-
    echo "$url"
    exit 0
  fi
  running || break
  sleep 0.1
done
say "the S3 API did not answer on port $port; its log:"
tail -n 20 "$dir/moto.log" >&2
exit 1
