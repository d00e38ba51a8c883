#!/usr/bin/env bash
# Kills rasd with SIGKILL at random moments, many times, during `rasd ingest`
# and during POST /api/documents, then checks that nothing was lost and
# nothing duplicated: the final export must equal an uninterrupted run's.
#
#   tools/kill-loop.sh [KILLS]        (default 100 of each; needs curl)
#
# Uses target/release/rasd (or $RASD). Loopback only. Prints the figures
# that docs/reliability.md quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS="${1:-100}"
RASD="${RASD:-target/release/rasd}"
[ -x "$RASD" ] || cargo build --release -p rasd-cli --locked
WORK="$(mktemp -d)"
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Articles written for this script, each different, a day apart.
python3 - "$WORK/in.jsonl" <<'PY'
import json, sys, datetime
places = ["قندهار", "كابول", "بغداد", "الموصل", "حلب", "مقديشو"]
kinds = ["انفجار عبوة ناسفة", "هجوم مسلح", "غارة جوية", "قصف مدفعي"]
with open(sys.argv[1], "w") as f:
    for k in range(600):
        day = datetime.date(2018, 1, 1) + datetime.timedelta(days=k)
        text = (f"{places[k % 6]} {day.isoformat()}\n\nقتل {k % 37 + 2} أشخاص وأصيب {k % 11 + 1} آخرون "
                f"في {kinds[k % 4]} في {places[k % 6]} اليوم، بحسب مسؤول محلي. (رقم {k})")
        f.write(json.dumps({"id": f"k-{k}", "published": f"{day}T10:00:00+03:00", "text": text},
                           ensure_ascii=False) + "\n")
PY

"$RASD" ingest --db "$WORK/ref.db" "$WORK/in.jsonl" >/dev/null
"$RASD" export --db "$WORK/ref.db" --format jsonl > "$WORK/ref.jsonl"

echo "== ingest: $KILLS kills at random moments"
# How long an uninterrupted run takes, to aim the kills inside it.
t0=$(date +%s%N)
"$RASD" ingest --db "$WORK/t.db" --batch 8 --threads 1 "$WORK/in.jsonl" >/dev/null
full_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
killed=0; attempts=0; rounds=0; bad=0
while [ "$killed" -lt "$KILLS" ] && [ "$attempts" -lt $((KILLS * 4)) ]; do
  # Every ten kills the database is finished, checked, and started afresh.
  if [ $((killed % 10)) = 0 ] && [ -f "$WORK/k.db" ] && [ "$attempts" -gt 0 ]; then
    "$RASD" ingest --db "$WORK/k.db" "$WORK/in.jsonl" >/dev/null
    "$RASD" export --db "$WORK/k.db" --format jsonl > "$WORK/k.jsonl"
    cmp -s "$WORK/ref.jsonl" "$WORK/k.jsonl" || bad=$((bad + 1))
    rounds=$((rounds + 1))
    rm -rf "$WORK/k.db" "$WORK/k.db-wal" "$WORK/k.db-shm" "$WORK/k.db.search"
  fi
  attempts=$((attempts + 1))
  "$RASD" ingest --db "$WORK/k.db" --batch 8 --threads 1 "$WORK/in.jsonl" >/dev/null 2>&1 &
  pid=$!
  ms=$((RANDOM % (full_ms > 1 ? full_ms : 1)))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
done
"$RASD" ingest --db "$WORK/k.db" "$WORK/in.jsonl" >/dev/null
"$RASD" export --db "$WORK/k.db" --format jsonl > "$WORK/k.jsonl"
cmp -s "$WORK/ref.jsonl" "$WORK/k.jsonl" || bad=$((bad + 1))
rounds=$((rounds + 1))
echo "ingest: a full run takes ${full_ms} ms; $killed processes killed mid-run ($attempts started) over $rounds databases, each finished by a last run and compared: $bad differ from an uninterrupted run"

echo "== POST /api/documents: $KILLS server kills at random moments"
cp "$WORK/ref.db" "$WORK/empty-check.db"
"$RASD" ingest --db "$WORK/p.db" /dev/null >/dev/null 2>&1 || true
. tools/serve-port.sh
acked=0; refused=0; killed=0; n=0
: > "$WORK/acked"
for i in $(seq 1 "$KILLS"); do
  "$RASD" serve --db "$WORK/p.db" --port 0 --token t >"$WORK/serve.log" 2>&1 &
  spid=$!
  # The kill comes once the server answers, while articles are posted.
  port="$(served_port "$WORK/serve.log" 200)" || port=0
  ( sleep "0.$(printf '%03d' $((RANDOM % 900 + 20)))"; kill -9 "$spid" 2>/dev/null ) &
  killer=$!
  while kill -0 "$spid" 2>/dev/null; do
    n=$((n % 600 + 1))
    line=$(sed -n "${n}p" "$WORK/in.jsonl")
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H 'authorization: Bearer t' \
      --data-binary "$line" "http://127.0.0.1:$port/api/documents" || true)
    if [ "$code" = 200 ]; then acked=$((acked + 1)); echo "$n" >> "$WORK/acked"; else refused=$((refused + 1)); fi
  done
  { wait "$killer"; wait "$spid"; } 2>/dev/null || true
  killed=$((killed + 1))
done
# Every acknowledged article must be in the database.
"$RASD" export --db "$WORK/p.db" --format jsonl > "$WORK/p.jsonl"
lost=0
for k in $(sort -un "$WORK/acked"); do
  grep -q "\"k-$((k - 1))\"" "$WORK/p.jsonl" || lost=$((lost + 1))
done
# Then the rest: the result must equal the uninterrupted run. The posts
# came in another order than the file, and incremental linking and the
# export follow the order of arrival, so both are relinked (in publication
# order) and the exports compared line by line whatever their order.
"$RASD" ingest --db "$WORK/p.db" "$WORK/in.jsonl" >/dev/null
"$RASD" relink --db "$WORK/p.db" >/dev/null
"$RASD" relink --db "$WORK/ref.db" >/dev/null
"$RASD" export --db "$WORK/ref.db" --format jsonl | sort > "$WORK/ref.jsonl"
"$RASD" export --db "$WORK/p.db" --format jsonl | sort > "$WORK/p.jsonl"
if cmp -s "$WORK/ref.jsonl" "$WORK/p.jsonl"; then same=identical; else same=DIFFERENT; fi
echo "POST: $killed servers killed; $acked answered 200 ($(sort -u "$WORK/acked" | wc -l) distinct), $refused unanswered or refused; acknowledged but lost: $lost; after the rest is ingested, export $same to an uninterrupted run"
[ "$lost" = 0 ] && [ "$same" = identical ] && [ "$bad" = 0 ]
