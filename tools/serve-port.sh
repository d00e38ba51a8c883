# Sourced by the tools that start `rasd serve --port 0`: the kernel picks a
# free port and the server prints it. A random port from a range that
# overlaps the ephemeral ports once collided with an outgoing connection on
# CI ("Address already in use").
#
#   served_port LOG [TENTHS]
#
# Prints the port the server whose output goes to LOG listens on, once it
# answers /api/health; waits up to TENTHS tenths of a second (default 600)
# and fails, printing nothing, if it never does.
served_port() {
  local log="$1" tries="${2:-600}" port=
  for _ in $(seq 1 "$tries"); do
    if [ -z "$port" ]; then
      port="$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" | head -1)"
    fi
    if [ -n "$port" ] && curl -s -o /dev/null "http://127.0.0.1:$port/api/health"; then
      echo "$port"
      return 0
    fi
    sleep 0.1
  done
  return 1
}
