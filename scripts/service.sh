# What scripts/redis.sh, pgbouncer.sh and objectstore.sh share: a service of
# the project's own on 127.0.0.1, on a port of its own, with a pid file.
# Sourced, not run; `script` names the one that sources it in its messages,
# and `pidfile` and `url` are set before the functions that read them run.

say() { echo "$script: $*" >&2; }

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; }

# Stop the service and wait, five seconds at most, until it is gone: a
# start right after a stop must not find the old one still running.
stop_and_wait() {
  running || return 0
  kill "$(cat "$pidfile")"
  for _ in $(seq 50); do running || return 0; sleep 0.1; done
  say "the process in $pidfile did not stop within five seconds"
}

# Carry out `stop` or `status` and end the script; go on for `start`.
# $2 is what the status message calls the service.
service_control() {
  case "$1" in
    stop) stop_and_wait; exit 0 ;;
    status) running && { echo "$url"; exit 0; } || { say "$2 is not running"; exit 3; } ;;
    start) ;;
    *) say "unknown action '$1'"; exit 2 ;;
  esac
}

# Whether a socket listens on 127.0.0.1 (or any address) port $1, read from
# the kernel's table rather than by connecting: these ports lie in the
# ephemeral range, where polling a port nobody holds yet can connect a
# socket to itself and take the port from the server about to bind it.
listening() {
  local hex
  hex=$(printf '%04X' "$1")
  grep -qE "^ *[0-9]+: [0-9A-F]+:$hex [0-9A-F]+:0000 0A " /proc/net/tcp 2>/dev/null
}

# End the script if another program holds port $1; $2 says how to move it.
port_free() {
  if listening "$1"; then
    say "port $1 on 127.0.0.1 is already taken by another program."
    say "free it, or choose another port: $2"
    exit 1
  fi
}
