#!/usr/bin/env python3
"""Draw more bench articles to annotate, the way data/extract/gold/README.md says.

usage: tools/bench_select.py N SEED [BENCH] > ids.txt

Articles of 300 to 6,000 characters that are neither annotated yet
(data/extract/gold/*.jsonl) nor in any eval set, under their id or as a
copy with another id (the same title or the same opening; only those
fields of the eval files are compared, nothing is printed from them);
three in four drawn from those with at least three violence words, one in
four from the rest, so that some of the drawn articles have no event at all.
The draw is seeded: the same N, SEED and files give the same ids.
"""
import glob
import gzip
import json
import random
import re
import sys

n = int(sys.argv[1])
seed = int(sys.argv[2])
bench_path = sys.argv[3] if len(sys.argv) > 3 else "../shared/bench/ant-2018.jsonl.gz"

# Stems of violence words, written for this draw (a rough filter, not a lexicon).
VIOLENCE = re.compile(
    "قتل|مقتل|قتيل|قتلى|مصرع|جرحى|جريح|إصابة|اصابة|انفجار|تفجير|انتحاري|هجوم|"
    "مسلح|غارة|غارات|قصف|اشتباك|اغتيال|اختطاف|خطف|عبوة|صاروخ|قذيفة|استهدف"
)

def copies(record):
    """The keys under which another record would be the same article."""
    title = " ".join((record.get("title") or "").split())
    opening = " ".join((record.get("text") or "").split())[:300]
    return [k for k in ("title:" + title if title else "", "text:" + opening) if k != "text:"]


taken, eval_copies = set(), set()
for path in glob.glob("data/extract/gold/*.jsonl") + glob.glob("../shared/eval/*.jsonl"):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                taken.add(record["id"])
                if "/eval/" in path:
                    eval_copies.update(copies(record))

violent, rest = [], []
with gzip.open(bench_path, "rt", encoding="utf-8") as f:
    for line in f:
        article = json.loads(line)
        text = article.get("text") or ""
        if article["id"] in taken or not 300 <= len(text) <= 6000:
            continue
        copy = any(k in eval_copies for k in copies(article))
        (violent if len(VIOLENCE.findall(text)) >= 3 else rest).append((article["id"], copy))

rng = random.Random(seed)
rng.shuffle(violent)
rng.shuffle(rest)
# Copies are dropped after the shuffle, so that the draw is the same as
# before this filter, less the copies.
violent = [i for i, copy in violent if not copy]
rest = [i for i, copy in rest if not copy]
quarter = n // 4
ids = violent[: n - quarter] + rest[:quarter]
rng.shuffle(ids)
print("\n".join(ids))
