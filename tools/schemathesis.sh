#!/usr/bin/env bash
# Runs Schemathesis (PyPI) against /api/openapi.json of a server over the
# example articles: every operation with generated parameters and bodies;
# no response may be a server error or break the published schema.
#
#   tools/schemathesis.sh [RASD] [MAX_EXAMPLES]
#
# Installs Schemathesis into .ci/venv (once). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
RASD="${1:-target/debug/rasd}"
MAX="${2:-30}"
VENV="${ST_VENV:-.ci/venv}"
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==4.32.5"
fi
[ -x "$RASD" ] || cargo build -p rasd-cli --locked
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$RASD" ingest --db "$WORK/st.db" examples/ >/dev/null
# Port 0: the kernel picks a free port and the server prints it
# (tools/serve-port.sh says why).
. tools/serve-port.sh
"$RASD" serve --db "$WORK/st.db" --port 0 --token st-token >"$WORK/serve.log" 2>&1 &
# The debug build loads the lexicon slowly on a busy machine: up to a
# minute; a server that never answers says why instead of leaving
# Schemathesis to report a refused connection.
up=0
port="$(served_port "$WORK/serve.log")" && up=1
if [ "$up" != 1 ]; then
  echo "schemathesis.sh: rasd serve did not answer within 60 s; its log:" >&2
  cat "$WORK/serve.log" >&2
  exit 1
fi
"$VENV/bin/st" run "http://127.0.0.1:$port/api/openapi.json" \
  --url "http://127.0.0.1:$port" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --header "Authorization: Bearer st-token" \
  --max-examples "$MAX" --workers 2 --request-timeout 30 --generation-deterministic
