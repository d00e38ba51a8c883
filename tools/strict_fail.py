#!/usr/bin/env python3
"""Which fields keep found events from being strictly right.

usage: strict_fail.py GOLD.jsonl PRED.jsonl [FIELD]

For every found event (matched as ../shared/eval/score.py matches), the
fields of the strict check that fail; counted alone (the event would be
strict with that field right) and in all. With FIELD, prints each found
event whose only failing field is FIELD: the article id, gold and
prediction. Refuses check.jsonl: its per-article errors are never read.
"""
import json

from eval_pairs import found_pairs, perp_check, read, score  # noqa: E402

gold, pred, only = read("strict_fail.py")
alone, total, n = {}, {}, 0
for doc_id, ge, pe in found_pairs(gold, pred):
    n += 1
    bad = []
    if pe.get("type") != ge.get("type"):
        bad.append("type")
    if ge.get("date") and not score.date_exact(pe.get("date"), ge["date"]):
        bad.append("date")
    if ge.get("country") and (pe.get("country") or "").upper() != ge["country"].upper():
        bad.append("country")
    if ge.get("place") and not score.place_match(pe, ge):
        bad.append("place")
    _, _, found, extra = perp_check(ge, pe)
    if not (all(found) and not any(extra)):
        bad.append("perpetrator")
    kv = score.count_value(ge.get("killed"))
    if kv is not None and score.count_value(pe.get("killed")) != kv:
        bad.append("killed")
    iv = score.count_value(ge.get("injured"))
    if iv is not None and score.count_value(pe.get("injured")) != iv:
        bad.append("injured")
    for b in bad:
        total[b] = total.get(b, 0) + 1
    if len(bad) == 1:
        alone[bad[0]] = alone.get(bad[0], 0) + 1
        if only == bad[0]:
            keep = ("type", "date", "place", "country", "perpetrators", "killed", "injured")
            print(doc_id, json.dumps({k: ge.get(k) for k in keep}, ensure_ascii=False))
            print("   pred", json.dumps({k: pe.get(k) for k in keep}, ensure_ascii=False))
print(f"found events {n}")
print("field        alone  in all")
for k in sorted(total, key=lambda k: -alone.get(k, 0)):
    print(f"{k:12} {alone.get(k, 0):5}  {total[k]:6}")
