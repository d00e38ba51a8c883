#!/usr/bin/env python3
"""Draw more bench articles to annotate, the way data/extract/gold/README.md says.

usage: tools/bench_select.py N SEED [BENCH] > ids.txt

Articles of 300 to 6,000 characters that are neither annotated yet
(data/extract/gold/*.jsonl) nor in any eval set (only their ids are read);
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

taken = set()
for path in glob.glob("data/extract/gold/*.jsonl") + glob.glob("../shared/eval/*.jsonl"):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                taken.add(json.loads(line)["id"])

violent, rest = [], []
with gzip.open(bench_path, "rt", encoding="utf-8") as f:
    for line in f:
        article = json.loads(line)
        text = article.get("text") or ""
        if article["id"] in taken or not 300 <= len(text) <= 6000:
            continue
        (violent if len(VIOLENCE.findall(text)) >= 3 else rest).append(article["id"])

rng = random.Random(seed)
rng.shuffle(violent)
rng.shuffle(rest)
quarter = n // 4
ids = violent[: n - quarter] + rest[:quarter]
rng.shuffle(ids)
print("\n".join(ids))
