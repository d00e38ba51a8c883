#!/usr/bin/env bash
# Extraction time per megabyte on event-dense text: one article of 1, 2, 4
# and 8 MB (and 10 MB, the largest article rasd reads) made of sentences
# written for this script, each telling an attack. Linear extraction shows
# a flat time per MB (the first line includes the lexicon's load).
#
#   tools/bench-dense.sh        (uses target/release/rasd, or $RASD)
set -euo pipefail
cd "$(dirname "$0")/.."
RASD="${RASD:-target/release/rasd}"
[ -x "$RASD" ] || cargo build --release -p rasd-cli --locked
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" <<'PY'
import random, sys
random.seed(1)
places = ["قندهار", "كابول", "بغداد", "الموصل", "حلب", "مقديشو", "جلال آباد", "الرمادي"]
kinds = ["انفجار عبوة ناسفة", "هجوم مسلح", "غارة جوية", "قصف مدفعي", "تفجير انتحاري"]
for mb in [1, 2, 4, 8, 10]:
    out, size, i = [], 0, 0
    limit = mb * 1024 * 1024 - (4096 if mb == 10 else 0)
    while True:
        s = (f"قتل {random.randint(2, 40)} أشخاص وأصيب {random.randint(2, 60)} آخرون في "
             f"{random.choice(kinds)} في {random.choice(places)} يوم الأحد، وتبنى تنظيم داعش الهجوم. ")
        if size + len(s.encode()) + 1 > limit:
            break
        out.append(s); size += len(s.encode()); i += 1
        if i % 5 == 0:
            out.append("\n"); size += 1
    open(f"{sys.argv[1]}/dense{mb}.txt", "w").write("".join(out))
PY
printf '%-6s %-9s %-9s %-8s %s\n' MB seconds s/MB events peak_MB
for mb in 1 2 4 8 10; do
  /usr/bin/time -f "%e %M" -o "$WORK/t" "$RASD" extract --format jsonl "$WORK/dense$mb.txt" > "$WORK/out.jsonl"
  read -r secs kb < "$WORK/t"
  events=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['events']) for l in open(sys.argv[1])))" "$WORK/out.jsonl")
  printf '%-6s %-9s %-9s %-8s %s\n' "$mb" "$secs" "$(python3 -c "print(round($secs/$mb,3))")" "$events" "$((kb / 1024))"
done
