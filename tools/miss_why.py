#!/usr/bin/env python3
"""Why gold events are missed: what keeps the nearest prediction from matching.

usage: miss_why.py GOLD.jsonl PRED.jsonl [KIND]

For each gold event no prediction matched (as ../shared/eval/score.py
matches), takes the article's predictions left unmatched (or, failing
those, all of them) and names the first test that fails for the most
alike one: country, place, date, or weak (too little in common). Kinds
also count "none" (rasd keeps no event in the article) and "taken" (every
prediction matched another gold event). With KIND, prints those misses.
Refuses check.jsonl.
"""
import collections
import json

from eval_pairs import read, score, why  # noqa: E402

gold, pred, show = read("miss_why.py")
kinds = collections.Counter()
KEEP = ("main", "type", "date", "place", "country", "killed")



for doc_id, g in gold.items():
    golds = g.get("events") or []
    preds = [e for e in (pred.get(doc_id, {}).get("events") or []) if not e.get("aggregate")]
    pairs = score.match(preds, golds)
    mg, mp = {j for _, j in pairs}, {i for i, _ in pairs}
    for j, ge in enumerate(golds):
        if j in mg or ge.get("optional"):
            continue
        free = [p for i, p in enumerate(preds) if i not in mp]
        if not preds:
            kind, near = "none", None
        elif not free:
            kind, near = "taken", None
        else:
            # the nearest: same place first, then same type family, then same date
            def closeness(p):
                return (score.place_match(p, ge), score.FAMILY.get(p.get("type")) == score.FAMILY.get(ge.get("type")),
                        bool(score.date_compatible(p.get("date"), ge.get("date"))))
            near = max(free, key=closeness)
            kind = why(near, ge)
        kinds[kind] += 1
        kinds["main " + kind] += bool(ge.get("main"))
        if show == kind:
            print(doc_id, "gold", json.dumps({k: ge.get(k) for k in KEEP}, ensure_ascii=False))
            if near:
                print("   near", json.dumps({k: near.get(k) for k in KEEP}, ensure_ascii=False))
for k in ("none", "taken", "country", "place", "date", "weak"):
    print(f"{k:8} {kinds[k]:4}  (main {kinds['main ' + k]})")
