#!/usr/bin/env bash
# Ingest as the archive grows: builds archives of 1, 3 and 10 years from the
# bench year (tools/growth_archive.py: each copy a year later, dates in the
# text moved with it, distinct ids and texts), ingests each into a fresh
# database and prints, per archive: wall time, articles per second, time per
# article, peak memory, database and index size, and the busy time of each
# stage (from `rasd ingest --timings`). Then the worst case for linking:
# N near-identical reports of one incident (sentences written for this
# script). See docs/performance.md.
#
#   tools/growth-bench.sh                 (1, 3 and 10 years; 2,000 reports)
#   SIZES="1 3" SAME=0 tools/growth-bench.sh
#
# RASD (default target/release/rasd), BENCH (default
# ../shared/bench/ant-2018.jsonl.gz), WORK (default a new folder under /tmp;
# archives are kept there between runs when WORK is given), THREADS (default
# all cores), SIZES, SAME (0 to skip the one-incident case), QUERIES (0 to
# skip the query timings; they run on the archives left in WORK), RUNS (runs
# of each query, default 7), INGEST (0
# to skip the ingests and time the queries on the archives already in WORK).
set -euo pipefail
cd "$(dirname "$0")/.."
RASD="${RASD:-target/release/rasd}"
BENCH="${BENCH:-../shared/bench/ant-2018.jsonl.gz}"
SIZES="${SIZES:-1 3 10}"
SAME="${SAME:-2000}"
THREADS="${THREADS:-}"
# A rasd from before --timings existed is measured without it.
TIMINGS=--timings
"$RASD" ingest --help | grep -q -- --timings || TIMINGS=
[ -x "$RASD" ] || cargo build --release -p rasd-cli --locked
if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d /tmp/rasd-growth.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
fi
threads=()
[ -n "$THREADS" ] && threads=(--threads "$THREADS")

# Runs one ingest of $2 into a fresh database $1 and prints a row.
run() {
  local name="$1" input="$2" db="$WORK/$1.db"
  rm -rf "$db" "$db-wal" "$db-shm" "$db.search"
  local load
  load="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -v -o "$WORK/time.txt" "$RASD" ingest $TIMINGS "${threads[@]}" --db "$db" "$input" \
    > "$WORK/out.txt" 2> "$WORK/err.txt" &
  local tpid=$! pid="" anon=0 file=0 a f
  # The ingest's resident memory, sampled every half second, apart: its
  # own (heap, stacks: RssAnon) and the files it maps (tantivy's segments:
  # RssFile, pages the kernel can take back), which the peak adds up.
  while kill -0 "$tpid" 2> /dev/null; do
    [ -n "$pid" ] || pid="$(pgrep -P "$tpid" || true)"
    if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
      a="$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)"
      f="$(awk '/^RssFile/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)"
      [ "${a:-0}" -gt "$anon" ] && anon="$a"
      [ "${f:-0}" -gt "$file" ] && file="$f"
    fi
    sleep 0.5
  done
  wait "$tpid" || { cat "$WORK/err.txt" >&2; exit 1; }
  python3 - "$name" "$load" "$db" "$WORK/time.txt" "$WORK/out.txt" "$WORK/err.txt" "$anon" "$file" <<'PY'
import os, re, sys
name, load, db, time_txt, out_txt, err_txt, anon_kb, file_kb = sys.argv[1:]
t = open(time_txt).read()
wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0]
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", t).group(1)) for k in ["User", "System"])
peak_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
out = open(out_txt).read()
read = int(re.search(r"^(\d+) articles read", out, re.M).group(1))
stored, incidents = map(int, re.search(r": (\d+) articles, \d+ events, (\d+) incidents", out).groups())
def size(p):
    if os.path.isdir(p):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(p) for f in fs)
    return os.path.getsize(p) if os.path.exists(p) else 0
db_mb = (size(db) + size(db + "-wal")) / 2**20
index_mb = size(db + ".search") / 2**20
stages = re.search(r"timings \(s\): (.*)", open(err_txt).read())
st = dict(re.findall(r"(read|extract|store|link|index) ([0-9.]+)", stages.group(1) if stages else ""))
st = {k: st.get(k, "-") for k in ["read", "extract", "store", "link", "index"]}
# CPU per article of the writer (storing and linking), of tantivy's
# threads and the rest, and the whole ingest's CPU over extraction's: the
# extractors do the same work for an article in any year, so the ratio
# tells growth apart from a load that slows every thread alike.
cpu_line = re.search(r"cpu \(s\): total ([0-9.]+); .*?extract ([0-9.]+); writer \(store and link\) ([0-9.]+); "
                     r"index thread ([0-9.]+); tantivy's threads and the rest ([0-9.]+)", open(err_txt).read())
if cpu_line:
    tot, ext, wr, ix, rest = map(float, cpu_line.groups())
    cpu_cols = f"{1e6 * ext / read:>6.0f} {1e6 * wr / read:>6.0f} {1e6 * (ix + rest) / read:>6.0f} {tot / ext if ext else 0:>6.2f}"
else:
    cpu_cols = f"{'-':>6} {'-':>6} {'-':>6} {'-':>6}"
cand = re.search(r"linking weighed (\d+) candidate incidents, (\d+) of them read", open(err_txt).read())
cand_cols = f"{int(cand.group(1)) / read:>5.1f} {int(cand.group(2)):>7}" if cand else f"{'-':>5} {'-':>7}"
print(f"{name:<10} {read:>8} {stored:>8} {incidents:>8} {secs:>8.1f} {read / secs:>7.0f} {1e6 * secs / read:>6.0f} "
      f"{cpu:>7.1f} {1e6 * cpu / read:>6.0f} "
      f"{peak_mb:>6.0f} {int(anon_kb) / 1024:>6.0f} {int(file_kb) / 1024:>6.0f} {db_mb:>7.0f} {index_mb:>6.0f} {st['read']:>6} {st['extract']:>7} {st['store']:>6} "
      f"{st['link']:>6} {st['index']:>6} {cpu_cols} {cand_cols}  {load}")
PY
}

echo "# $(date -u +%FT%TZ) $(nproc) cores; rasd ${THREADS:-all cores}; load = 1-minute load average before the run"
echo "# us/art: wall time per article read; cpu_s, cpu_us: user + system CPU time, in all and per article"
echo "# (less disturbed than wall time by other work on the machine); peakMB: maximum resident set; anonMB,"
echo "# fileMB: the largest anonymous (heap) and file-mapped (index segments) parts, sampled every 0.5 s;"
echo "# stage columns: seconds each stage"
echo "# was busy (extract summed over its threads); stages overlap; x_us, w_us, i_us: CPU per article of the"
echo "# extractors, the writer (store and link) and the index (tantivy's threads); cpu/x: all CPU over the extractors'"
echo "# (compare it between archives: the load slows every thread alike); cand: candidate incidents linking weighed per"
echo "# article; dbread: incidents it read from the database (not in its cache)"
printf '%-10s %8s %8s %8s %8s %7s %6s %7s %6s %6s %6s %6s %7s %6s %6s %7s %6s %6s %6s %6s %6s %6s %6s %5s %7s  %s\n' \
  archive read stored incid wall_s art/s us/art cpu_s cpu_us peakMB anonMB fileMB dbMB idxMB read extract store link index \
  x_us w_us i_us cpu/x cand dbread load
for n in $SIZES; do
  [ "${INGEST:-1}" = 0 ] && break
  archive="$WORK/years$n.jsonl.gz"
  [ -s "$archive" ] || python3 tools/growth_archive.py "$BENCH" "$n" "$archive"
  run "${n}x" "$archive"
done

if [ "$SAME" != 0 ] && [ "${INGEST:-1}" != 0 ]; then
  # One incident told $SAME times: the same attack, the toll rising by one
  # every few reports, five outlets, over one day.
  python3 - "$SAME" "$WORK/same.jsonl" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    for k in range(n):
        killed = 12 + k * 3 // n
        text = (f"قتل {killed} أشخاص وأصيب 20 آخرون في انفجار عبوة ناسفة في سوق بمدينة قندهار "
                f"صباح الأحد، وتبنى تنظيم داعش الهجوم في بيان. تقرير رقم {k + 1}.")
        out.write(json.dumps({"id": f"same-{k}", "source": f"outlet{k % 5}",
                              "published": f"2018-05-06T{8 + k * 12 // n:02d}:{k % 60:02d}:00+04:30",
                              "text": text}, ensure_ascii=False) + "\n")
PY
  run "same$SAME" "$WORK/same.jsonl"
fi

# The queries of a dashboard on each archive: the median and the fastest
# of RUNS runs (default 7) of each command (the process's start, about
# 10 ms, included; the fastest is the least disturbed by other work). "last year"
# filters select as many incidents at 10x as at 1x; the others read the whole
# archive's matches.
query_bench() {
  local db="$1" year="$2"
  python3 - "$RASD" "$db" "$year" "${RUNS:-7}" <<'PY'
import statistics, subprocess, sys, time
rasd, db, y, runs = sys.argv[1:]
queries = [
    ("events SY bombings >=5 killed, 50", ["events", "--country", "SY", "--type", "bombing,suicide_bombing", "--min-killed", "5", "--limit", "50"]),
    ("events IQ last year Mar-May, 50", ["events", "--country", "IQ", "--since", f"{y}-03", "--until", f"{y}-05", "--limit", "50"]),
    ("incidents AF last year by killed, 20", ["incidents", "--country", "AF", "--since", y, "--until", y, "--sort", "killed", "--limit", "20"]),
    ("incidents group islamic-state, 50", ["incidents", "--group", "islamic-state", "--limit", "50"]),
    ("search انفجار in SY, 20", ["search", "انفجار", "--country", "SY", "--limit", "20"]),
    ("search هجوم انتحاري, 20", ["search", "هجوم انتحاري", "--limit", "20"]),
    ("stats by country, last year", ["stats", "--by", "country", "--since", y, "--until", y]),
    ("stats by month, SY", ["stats", "--by", "month", "--country", "SY"]),
    ("stats by group, all", ["stats", "--by", "group"]),
]
for name, args in queries:
    times = []
    for _ in range(int(runs)):
        t = time.perf_counter()
        subprocess.run([rasd, *args, "--db", db, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    print(f"  {name:<40} {1000 * statistics.median(times):8.1f} ms (fastest {1000 * min(times):.1f})")
PY
}
if [ "${QUERIES:-1}" != 0 ]; then
  for n in $SIZES; do
    echo "# queries on the ${n}x archive (load $(cut -d' ' -f1 /proc/loadavg))"
    query_bench "$WORK/${n}x.db" "$((2018 + n - 1))"
  done
fi
