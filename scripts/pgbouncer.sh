#!/usr/bin/env bash
# Start (or reuse) a project-local PgBouncer in transaction mode in front of a
# project-local PostgreSQL cluster, and print the DATABASE_URL through it.
#
#   scripts/pgbouncer.sh dev|test [start|stop|status]
#
# Like scripts/postgres.sh: its files live in var/pgbouncer/<name> (or beside
# the cluster when the postgres system user cannot enter the checkout), it
# listens on 127.0.0.1 only, on a port of its own (dev 56432, test 56433;
# PGBOUNCER_PORT, PGBOUNCER_TEST_PORT), and as root it installs Debian's
# pgbouncer when it is missing and runs it as postgres (it refuses root).
# Every database of the cluster is reachable through it, under its own name.
set -euo pipefail

name=${1:?usage: scripts/pgbouncer.sh dev|test [start|stop|status]}
action=${2:-start}
repo=$(cd "$(dirname "$0")/.." && pwd)

case "$name" in
  dev) port=${PGBOUNCER_PORT:-56432}; pg_port=${PG_PORT:-55432} ;;
  test) port=${PGBOUNCER_TEST_PORT:-56433}; pg_port=${PG_TEST_PORT:-55433} ;;
  *) echo "pgbouncer.sh: unknown name '$name' (dev or test)" >&2; exit 2 ;;
esac
dbname=${PG_DATABASE:-hangzhou_mice}

script=pgbouncer.sh
# shellcheck source=scripts/service.sh
. "$repo/scripts/service.sh"

as_owner=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { say "running as root but no 'postgres' system user exists"; exit 1; }
  as_owner=(runuser -u postgres --)
fi

dir=$repo/var/pgbouncer/$name
if [ ${#as_owner[@]} -gt 0 ]; then
  mkdir -p "$dir" && chown postgres: "$dir"
  if ! "${as_owner[@]}" test -w "$dir" 2>/dev/null; then
    dir=/var/tmp/hangzhou-mice-$(echo -n "$repo" | sha1sum | cut -c1-12)/pgbouncer-$name
    mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir"
  fi
else
  mkdir -p "$dir"
fi
pidfile=$dir/pgbouncer.pid
url="postgres://postgres@127.0.0.1:$port/$dbname"

service_control "$action" "$name pooler"

# The cluster first: it prints its own URL, which the pooler does not need.
PG_DATABASE=$dbname "$repo/scripts/postgres.sh" "$name" >/dev/null

if running; then echo "$url"; exit 0; fi

bin=$(command -v pgbouncer || true)
[ -z "$bin" ] && [ -x /usr/sbin/pgbouncer ] && bin=/usr/sbin/pgbouncer
if [ -z "$bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing pgbouncer"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends pgbouncer; } >/dev/null
    bin=/usr/sbin/pgbouncer
  else
    say "pgbouncer not found: install it (Debian/Ubuntu: apt-get install pgbouncer)"
    exit 1
  fi
fi

port_free "$port" "PGBOUNCER_PORT=... (dev) or PGBOUNCER_TEST_PORT=... (test)"

# Trust on loopback, as the cluster itself; the server's connections are
# shared between clients transaction by transaction. The test pooler also
# resets a server session after every transaction (DISCARD ALL: locks, temp
# tables, cursors, settings), so code that leans on a session's state across
# transactions fails there every time, not only when another client happens
# to take the session in between.
reset=
if [ "$name" = test ]; then
  reset=$'server_reset_query = DISCARD ALL\nserver_reset_query_always = 1'
fi
"${as_owner[@]}" tee "$dir/pgbouncer.ini" >/dev/null <<EOF
[databases]
* = host=127.0.0.1 port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 500
default_pool_size = 10
ignore_startup_parameters = extra_float_digits,options
$reset
logfile = $dir/pgbouncer.log
pidfile = $pidfile
EOF
echo '"postgres" ""' | "${as_owner[@]}" tee "$dir/userlist.txt" >/dev/null

"${as_owner[@]}" "$bin" -d -q "$dir/pgbouncer.ini" \
  || { say "PgBouncer did not start; its log:"; tail -n 20 "$dir/pgbouncer.log" >&2; exit 1; }
for _ in $(seq 50); do
  if listening "$port"; then echo "$url"; exit 0; fi
  sleep 0.1
done
say "PgBouncer did not answer on port $port; its log:"
tail -n 20 "$dir/pgbouncer.log" >&2
exit 1
