#!/usr/bin/env python3
"""Turn a coder's working file into gold records that keep no article text.

usage: tools/gold_spans.py WORKING.jsonl [BENCH] > gold.jsonl

A coder writes each event with `evidence`, an exact quote of the article
(as in the eval files). This replaces the quote with `evidence_span`, the
character offsets (code points) of its first occurrence in the article's
text, and drops the quote. A quote that the text does not hold is an error
(FILE:LINE: what), and nothing is written for that file.
"""
import gzip
import json
import sys

working_path = sys.argv[1]
bench_path = sys.argv[2] if len(sys.argv) > 2 else "../shared/bench/ant-2018.jsonl.gz"

records = []
with open(working_path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if line.strip():
            records.append((n, json.loads(line)))
wanted = {r["id"] for _, r in records}
texts = {}
with gzip.open(bench_path, "rt", encoding="utf-8") as f:
    for line in f:
        article = json.loads(line)
        if article["id"] in wanted:
            texts[article["id"]] = article["text"]

out, errors = [], []
for n, record in records:
    text = texts.get(record["id"])
    if text is None:
        errors.append(f"{working_path}:{n}: {record['id']} is not a bench article")
        continue
    for i, event in enumerate(record.get("events", [])):
        if "evidence_span" in event and "evidence" not in event:
            continue
        quote = (event.pop("evidence", None) or "").strip()
        start = text.find(quote) if quote else -1
        if start < 0:
            errors.append(f"{working_path}:{n}: event {i}: evidence not found in the text")
            continue
        event["evidence_span"] = [start, start + len(quote)]
    out.append(json.dumps(record, ensure_ascii=False))

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print("\n".join(out))
