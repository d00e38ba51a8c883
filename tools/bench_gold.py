#!/usr/bin/env python3
"""Join data/extract/gold/bench-2018.jsonl with the bench articles' texts,
so that ../shared/eval/score.py can score predictions against it.

usage: tools/bench_gold.py [GOLD] [BENCH] > /tmp/bench-gold.jsonl

Each annotated record takes its article's id, url, source, published, title
and text from the bench file; its events keep their evidence spans, and the
words each span covers are checked to lie inside the text.
"""
import gzip
import json
import sys

gold_path = sys.argv[1] if len(sys.argv) > 1 else "data/extract/gold/bench-2018.jsonl"
bench_path = sys.argv[2] if len(sys.argv) > 2 else "../shared/bench/ant-2018.jsonl.gz"

gold = {}
with open(gold_path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if line.strip():
            record = json.loads(line)
            gold[record["id"]] = (n, record)

found = 0
opener = gzip.open if bench_path.endswith(".gz") else open
with opener(bench_path, "rt", encoding="utf-8") as f:
    for line in f:
        article = json.loads(line)
        entry = gold.get(article.get("id"))
        if entry is None:
            continue
        n, record = entry
        chars = len(article["text"])
        for event in record["events"]:
            start, end = event.get("evidence_span", (0, 0))
            if not 0 <= start <= end <= chars:
                sys.exit(f"{gold_path}:{n}: evidence_span {start}..{end} outside {chars} characters")
        article["events"] = record["events"]
        print(json.dumps(article, ensure_ascii=False))
        found += 1

if found != len(gold):
    sys.exit(f"{bench_path}: {len(gold) - found} annotated articles not found")
