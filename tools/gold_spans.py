#!/usr/bin/env python3
"""Turn a coder's working file into gold records that keep no article text.

usage: tools/gold_spans.py WORKING.jsonl [BENCH] > gold.jsonl

A coder writes each event with `evidence`, an exact quote of the article
(as in the eval files). This replaces the quote with `evidence_span`, the
character offsets (code points) of its first occurrence in the article's
text, and drops the quote. A quote that the text does not hold is an error
(FILE:LINE: what), and nothing is written for that file.
"""
import json
import sys

import goldio

working_path = sys.argv[1]
records, articles = goldio.read(working_path, *sys.argv[2:3])
texts = {i: a["text"] for i, a in articles.items()}

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
