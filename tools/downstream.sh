#!/usr/bin/env bash
# The downstream figures docs/quality.md and docs/backtest-2018.md report,
# for the built release binary of this checkout:
#
#   tools/downstream.sh OUT
#
# 1. the database on dev+dev2: both ingested into one database (incidents
#    linked across articles), exported with every event, and scored (the
#    strict, killed and dedup figures of an analyst's view);
# 2. the 2018 replay: the bench year ingested (time and peak memory), and
#    the warnings of the three kinds the backtest judges, as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
O="$1"; mkdir -p "$O"
E="${E:-../shared/eval}"
R=target/release/rasd
rm -f "$O/devs.db" "$O/ant.db"; rm -rf "$O/devs.db.search" "$O/ant.db.search"
"$R" ingest --db "$O/devs.db" "$E/dev.jsonl" "$E/dev2.jsonl" >/dev/null 2>&1
"$R" export --db "$O/devs.db" --format jsonl --include-history > "$O/devs-export.jsonl"
cat "$E/dev.jsonl" "$E/dev2.jsonl" > "$O/devs-gold.jsonl"
python3 "$E/score.py" "$O/devs-gold.jsonl" "$O/devs-export.jsonl" > "$O/devs.score"
echo "database dev+dev2:"; grep -E "^dedup|SUMMARY" "$O/devs.score"
/usr/bin/time -v "$R" ingest --db "$O/ant.db" ../shared/bench/ant-2018.jsonl.gz > "$O/ingest.out" 2> "$O/ingest.time" || true
tail -3 "$O/ingest.out"
grep -E "Elapsed|Maximum resident" "$O/ingest.time"
"$R" stats --db "$O/ant.db" 2>/dev/null | head -5 || true
"$R" alerts --db "$O/ant.db" --since 2018-01 --format json > "$O/alerts.json"
python3 - "$O/alerts.json" <<'PY'
import collections, json, sys
a = json.load(open(sys.argv[1]))
a = a.get("alerts", a) if isinstance(a, dict) else a
print("warnings:", len(a), dict(collections.Counter(x.get("kind") for x in a)))
PY
