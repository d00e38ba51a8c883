#!/usr/bin/env python3
"""Why the article's main gold events are missed.

usage: main_miss.py GOLD.jsonl PRED.jsonl [KIND]

For each main gold event (not optional) that no prediction matched (as
../shared/eval/score.py matches), names one kind:

- none: rasd keeps no event in the article;
- taken-by-main: the prediction rasd marks main matched another gold event;
- taken: every prediction matched another gold event, rasd's main not
  among them (or rasd marks none main);
- main-country / main-place / main-date / main-weak: rasd's main
  prediction is free and is kept from matching by that field (weak: too
  little in common, usually the type and the toll);
- other-country / other-place / other-date / other-weak: rasd's main is
  gone (dropped or taken) and the nearest free prediction fails on that.

Also counts main gold events found by a prediction rasd does not mark
main. With KIND, prints those misses with the gold, the nearest
prediction and the headline. Refuses check.jsonl.
"""
import collections
import json

from eval_pairs import read, score, why  # noqa: E402

gold, pred, show = read("main_miss.py")
kinds = collections.Counter()
KEEP = ("main", "type", "date", "place", "country", "killed")



n_main = found_not_main = 0
for doc_id, g in gold.items():
    golds = g.get("events") or []
    preds = [e for e in (pred.get(doc_id, {}).get("events") or []) if not e.get("aggregate")]
    pairs = score.match(preds, golds)
    by_g = {j: i for i, j in pairs}
    mp = {i for i, _ in pairs}
    title = g.get("title") or ""
    for j, ge in enumerate(golds):
        if not ge.get("main") or ge.get("optional"):
            continue
        n_main += 1
        if j in by_g:
            found_not_main += not preds[by_g[j]].get("main")
            continue
        free = [i for i in range(len(preds)) if i not in mp]
        mains = [i for i in range(len(preds)) if preds[i].get("main")]
        near = None
        if not preds:
            kind = "none"
        elif mains and mains[0] in free:
            near = preds[mains[0]]
            kind = "main-" + why(near, ge)
        elif not free:
            kind = "taken" if not mains else (
                "taken-by-main (another main)" if golds[[j2 for i2, j2 in pairs if i2 == mains[0]][0]].get("main")
                else "taken-by-main (a background event)")
        else:
            def closeness(i):
                p = preds[i]
                return (score.place_match(p, ge), score.FAMILY.get(p.get("type")) == score.FAMILY.get(ge.get("type")),
                        bool(score.date_compatible(p.get("date"), ge.get("date"))))
            near = preds[max(free, key=closeness)]
            kind = "other-" + why(near, ge)
            if mains and mains[0] not in free:
                kind += " (main taken)"
        ev = ge.get("evidence") or ""
        kinds[kind] += 1
        if show and kind.startswith(show):
            print(doc_id, kind)
            print("   head", title[:140])
            print("   gold", json.dumps({k: ge.get(k) for k in KEEP}, ensure_ascii=False), "|", ev[:100])
            if near:
                print("   near", json.dumps({k: near.get(k) for k in KEEP}, ensure_ascii=False))
            for i, p in enumerate(preds):
                if p is not near:
                    tag = "m" if i in mp else "-"
                    print("   ", tag, json.dumps({k: p.get(k) for k in KEEP}, ensure_ascii=False))
print(f"main gold events {n_main}; found {n_main - sum(v for k, v in kinds.items() if True)}"
      f" ({found_not_main} by a prediction not marked main)")
for k in sorted(kinds):
    print(f"{k:36} {kinds[k]:4}")
