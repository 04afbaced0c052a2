#!/usr/bin/env bash
# Start (or reuse) a project-local Redis and print its CACHE_URL.
#
#   scripts/redis.sh dev|test [start|stop|status]
#
# The shared cache of several app processes (CACHE_URL=redis://...). Like
# scripts/postgres.sh: its files live in var/redis/<name>, it listens on
# 127.0.0.1 only, on a port of its own, and as root it installs Debian's
# redis-server when it is missing. It holds a cache, nothing else: no
# snapshot or append-only file is written, and it evicts the least recently
# used keys when it reaches its memory limit.
set -euo pipefail

name=${1:?usage: scripts/redis.sh dev|test [start|stop|status]}
action=${2:-start}
repo=$(cd "$(dirname "$0")/.." && pwd)

case "$name" in
  dev) port=${REDIS_PORT:-56379} ;;
  test) port=${REDIS_TEST_PORT:-56380} ;;
  *) echo "redis.sh: unknown server '$name' (dev or test)" >&2; exit 2 ;;
esac

script=redis.sh
# shellcheck source=scripts/service.sh
. "$repo/scripts/service.sh"

dir=$repo/var/redis/$name
pidfile=$dir/redis.pid
url="redis://127.0.0.1:$port/0"

service_control "$action" "$name server"

if running; then echo "$url"; exit 0; fi

if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing redis-server"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends redis-server; } >/dev/null
  else
    say "redis-server not found: install it (Debian/Ubuntu: apt-get install redis-server)"
    exit 1
  fi
fi

port_free "$port" "REDIS_PORT=... (dev) or REDIS_TEST_PORT=... (test)"

mkdir -p "$dir"
redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" \
  --daemonize yes --pidfile "$pidfile" --logfile "$dir/redis.log" \
  --save "" --appendonly no \
  --maxmemory "${REDIS_MAXMEMORY:-256mb}" --maxmemory-policy allkeys-lru \
  || { say "Redis did not start; its log:"; tail -n 20 "$dir/redis.log" >&2; exit 1; }

# Ready when it answers; at most five seconds.
for _ in $(seq 50); do
  if listening "$port" && { exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && \
       read -r -t 1 reply <&3 && [[ $reply == +PONG* ]]; } 2>/dev/null; then
    exec 3>&-
    echo "$url"
    exit 0
  fi
  sleep 0.1
done
say "Redis did not answer on port $port; its log:"
tail -n 20 "$dir/redis.log" >&2
exit 1
