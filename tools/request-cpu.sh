#!/usr/bin/env bash
# The CPU each expensive API request costs the server: starts `rasd serve`
# on a database, sends each request below once (so none is answered from
# the cache) and prints the server's CPU time (user + system, from
# /proc/PID/stat) spent on it, with the status and size of the answer
# (gzipped, as a client may ask: compression is work too).
#
#   tools/request-cpu.sh DB [RASD]     (RASD: default target/release/rasd)
#
# Loopback only; needs curl. docs/reliability.md quotes its figures for a
# database of ../shared/bench/ant-2018.jsonl.gz (incident 857 of that database
# has the most reports, 84).
set -euo pipefail
cd "$(dirname "$0")/.."
DB="$1"
RASD="${2:-target/release/rasd}"
. tools/serve-port.sh
LOG="$(mktemp)"
"$RASD" serve --db "$DB" --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
PORT="$(served_port "$LOG" 200)" || { echo "request-cpu.sh: rasd serve did not answer; its log:" >&2; cat "$LOG" >&2; exit 1; }

# Clock ticks of CPU the server has used so far.
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
HZ=$(getconf CLK_TCK)

# As many common words as a query string holds (4096 bytes), percent-encoded.
words=$(python3 -c 'import urllib.parse as u; print(u.quote(" ".join(["قتل", "تفجير", "هجوم", "الشرطة"] * 24)))')
kill=$(python3 -c 'import urllib.parse as u; print(u.quote("قتل"))')
requests=(
    "/api/health"
    "/api/alerts"
    "/api/alerts?days=3650"
    "/api/alerts?since=1900-01-01&until=2100-12-31"
    "/alerts.atom"
    "/api/trends?period=week&top=0&since=1900&until=2100&include_history=true"
    "/api/trends.svg?period=week&top=0&since=1900&until=2100&include_history=true"
    "/api/trends.svg?period=week&top=100&by=country&include_history=true"
    "/api/stats?by=group,country,type,month,week&include_history=true"
    "/api/points?include_history=true"
    "/api/events?limit=1000&sort=killed&include_history=true"
    "/api/incidents?limit=1000&sort=killed&include_history=true"
    "/api/documents?limit=1000&include_history=true"
    "/api/search?q=$words&limit=1000&include_history=true"
    "/api/search?q=$kill&limit=1000&include_history=true"
    "/api/export?format=json&include_history=true"
    "/api/export?format=acled&include_history=true"
    "/api/export?format=geojson&include_history=true"
    "/api/export?format=gtd&include_history=true"
    "/api/incidents/857"
)
printf '%-8s %-6s %-10s %s\n' "cpu_ms" "status" "bytes" "request"
for r in "${requests[@]}"; do
    before=$(ticks)
    out=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{http_code} %{size_download}' "http://127.0.0.1:$PORT$r")
    # Work on blocking threads may outlive the answer by a moment.
    sleep 0.3
    after=$(ticks)
    printf '%-8s %-6s %-10s %s\n' "$(( (after - before) * 1000 / HZ ))" ${out} "${r:0:90}"
done
