#!/usr/bin/env bash
# Serve the site as production does, on this machine: gunicorn with DEBUG off,
# static files collected and served by WhiteNoise, uploads by the site itself.
#
#   scripts/serve.sh   (make serve; HOST, PORT, WORKERS, DATABASE_URL, SECRET_KEY)
#
# Without DATABASE_URL it starts the project-local dev cluster, as `make run`
# does; without SECRET_KEY it uses one generated once into var/secret_key.
# It loads the demo content, so it is for trying the site, not for production.
set -euo pipefail
cd "$(dirname "$0")/.."

host=${HOST:-127.0.0.1}
port=${PORT:-8000}
workers=${WORKERS:-$((2 * $(nproc)))}
py=.venv/bin/python
say() { echo "serve.sh: $*" >&2; }

if [ -z "${SECRET_KEY:-}" ]; then
  key_file=var/secret_key
  if [ ! -s "$key_file" ]; then
    mkdir -p var
    (umask 077 && "$py" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file")
    say "no SECRET_KEY set: generated one into $key_file (mode 0600); production sets its own"
  else
    say "no SECRET_KEY set: using the one in $key_file"
  fi
  SECRET_KEY=$(<"$key_file")
fi

# Bound to every interface, the site answers this machine's names and addresses.
case "$host" in
  0.0.0.0 | ::) hosts="localhost,127.0.0.1,$(hostname),$(hostname -I 2>/dev/null | xargs | tr ' ' ,)" ;;
  127.0.0.1 | localhost) hosts="127.0.0.1,localhost" ;;
  *) hosts="$host,localhost,127.0.0.1" ;;
esac
case "$host" in
  *:*) bind="[$host]:$port" ;;
  *) bind="$host:$port" ;;
esac

DATABASE_URL=${DATABASE_URL:-$(scripts/postgres.sh dev)}
export DATABASE_URL SECRET_KEY DEBUG=0 ALLOWED_HOSTS=${ALLOWED_HOSTS:-${hosts%,}}
# JSON request and error logs, rotated daily (operations/logs.py).
export LOG_DIR=${LOG_DIR:-var/log}

"$py" manage.py migrate --noinput
"$py" manage.py collectstatic --noinput -v0
"$py" manage.py load_demo --site-url "http://$bind"
# The task worker (renditions, large exports) beside the web server, started
# again whenever it exits, as systemd does in production; both stop together.
scripts/supervise.sh "$py" manage.py run_worker --no-reload &
worker=$!
trap 'kill "$worker" ${web:+"$web"} 2>/dev/null; wait' EXIT
say "gunicorn with $workers workers at http://$bind/ (ALLOWED_HOSTS=$ALLOWED_HOSTS), task worker supervised by $worker"
# No control socket: its default path is one per user, so a second server
# (another checkout, the benchmarks) would take it over. No access log:
# requests.log in LOG_DIR has every request without its query string, which
# can hold an email or a name (?q=...); gunicorn's would keep it, and the
# Referer's.
# In the background, so that a TERM to this script stops gunicorn too.
.venv/bin/gunicorn config.wsgi:application \
  --bind "$bind" --workers "$workers" --no-control-socket &
web=$!
wait "$web"
