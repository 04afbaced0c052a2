#!/usr/bin/env bash
# Run a command again whenever it exits, as systemd's Restart=always does
# in production (deploy/systemd/); stop it when this script is stopped.
#
#   scripts/supervise.sh COMMAND [ARG...]   (make run, make serve: the task worker)
#
# Waits SUPERVISE_DELAY seconds (1) before the first restart, doubling up to
# a minute while the command keeps failing fast; a run that lasted a minute
# starts the wait over. TERM, INT, HUP or QUIT stops the command and whatever it started
# (a reloader's child: it runs in a process group of its own), then this script.
set -uo pipefail

first=${SUPERVISE_DELAY:-1}
delay=$first
child= nap=
stop() {
  if [ -n "$child" ]; then kill -- -"$child" 2>/dev/null; wait "$child"; fi
  if [ -n "$nap" ]; then kill "$nap" 2>/dev/null; fi
  exit 0
}
# HUP too: a closed terminal must not leave the command running on its own.
trap stop TERM INT HUP QUIT

while true; do
  started=$SECONDS
  setsid "$@" &
  child=$!
  wait "$child"
  status=$?
  child=
  if ((SECONDS - started >= 60)); then delay=$first; fi
  echo "supervise.sh: $1 exited with status $status; starting it again in ${delay}s" >&2
  # In the background, so that a signal need not wait for the sleep to end.
  sleep "$delay" &
  nap=$!
  wait "$nap"
  nap=
  delay=$(awk -v d="$delay" 'BEGIN { d *= 2; print (d > 60 ? 60 : d) }')
done
