#!/usr/bin/env bash
# Start (or reuse) a project-local PostgreSQL cluster and print its DATABASE_URL.
#
#   scripts/postgres.sh dev|test|scratch [start|stop|status|destroy]
#
# scratch is a throwaway cluster for a test that stops and starts its server
# (tests/operations/test_several_servers.py), never the suite's shared one.
#
# The cluster lives in var/postgres/<name> (or /var/tmp when the postgres system
# user cannot enter the checkout, e.g. a clone under /root), listens on 127.0.0.1
# only, on a port of its own, with its socket in a folder of its own.
set -euo pipefail

name=${1:?usage: scripts/postgres.sh dev|test|scratch [start|stop|status|destroy]}
action=${2:-start}
repo=$(cd "$(dirname "$0")/.." && pwd)

case "$name" in
  dev) port=${PG_PORT:-55432} ;;
  test) port=${PG_TEST_PORT:-55433} ;;
  scratch) port=${PG_SCRATCH_PORT:-55434} ;;
  *) echo "postgres.sh: unknown cluster '$name' (dev, test or scratch)" >&2; exit 2 ;;
esac
dbname=${PG_DATABASE:-hangzhou_mice}

say() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  local found
  found=$(command -v initdb 2>/dev/null || true)
  if [ -n "$found" ]; then dirname "$(readlink -f "$found")"; return; fi
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && echo "$found"
}

bindir=$(find_bindir)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  say "no PostgreSQL server binaries (initdb, pg_ctl) found."
  say "install them (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL"
  say "to an existing PostgreSQL database, e.g. postgres://user:pass@host:5432/hangzhou_mice"
  exit 1
fi

# As root, initdb and pg_ctl refuse to run: run them as the postgres system user.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { say "running as root but no 'postgres' system user exists"; exit 1; }
  as_owner=(runuser -u postgres --)
fi

pick_root() {
  local root=${PG_ROOT:-$repo/var/postgres}
  mkdir -p "$root"
  if [ ${#as_owner[@]} -gt 0 ]; then
    chown postgres: "$root"
    if ! "${as_owner[@]}" test -w "$root" 2>/dev/null; then
      root=/var/tmp/hangzhou-mice-$(echo -n "$repo" | sha1sum | cut -c1-12)
      mkdir -p "$root" && chown postgres: "$root" && chmod 700 "$root"
    fi
  fi
  echo "$root"
}

root=$(pick_root)
data=$root/$name
sockdir=$root/$name-run
pg_ctl=("${as_owner[@]}" "$bindir/pg_ctl" -D "$data")
url="postgres://postgres@127.0.0.1:$port/$dbname"

running() { "${pg_ctl[@]}" status >/dev/null 2>&1; }

case "$action" in
  stop) running && "${pg_ctl[@]}" stop -m fast >&2; exit 0 ;;
  destroy)
    if running; then "${pg_ctl[@]}" stop -m fast >&2; fi
    rm -rf "$data" "$sockdir"; say "deleted the $name cluster in $data"; exit 0 ;;
  status) running && { echo "$url"; exit 0; } || { say "$name cluster is not running"; exit 3; } ;;
  start) ;;
  *) say "unknown action '$action'"; exit 2 ;;
esac

if [ ! -f "$data/PG_VERSION" ]; then
  say "creating the $name cluster in $data"
  "${as_owner[@]}" mkdir -p "$data" "$sockdir"
  # Without an explicit encoding and locale initdb may pick SQL_ASCII.
  "${as_owner[@]}" "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=trust >"$root/$name-initdb.log" 2>&1 \
    || { cat "$root/$name-initdb.log" >&2; exit 1; }
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$sockdir'"
    echo "max_connections = 100"
    if [ "$name" != dev ]; then
      # A throwaway cluster: durability buys nothing here, speed does.
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } | "${as_owner[@]}" tee -a "$data/postgresql.conf" >/dev/null
fi
"${as_owner[@]}" mkdir -p "$sockdir"

if ! running; then
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port on 127.0.0.1 is already taken by another program."
    say "free it, or choose another port: PG_PORT=... (dev) or PG_TEST_PORT=... (test)"
    exit 1
  fi
  "${pg_ctl[@]}" -o "-p $port" -l "$root/$name.log" -w -t 60 start >/dev/null \
    || { say "PostgreSQL did not start; its log:"; tail -n 20 "$root/$name.log" >&2; exit 1; }
fi

psql=("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -X -q -t -A)
if [ "$("${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" != 1 ]; then
  "${psql[@]}" -d postgres -c "CREATE DATABASE $dbname" >&2
fi
echo "$url"
