#!/usr/bin/env python3
"""How the perpetrators of found events go wrong.

usage: perp_fail.py GOLD.jsonl PRED.jsonl [KIND]

Kinds: missed (gold names someone, rasd no one), extra (rasd names someone,
gold no one), other (both name, and they differ), partial (one of several
found, or one too many). Counts the kinds and the names most often
missed or added; with KIND prints those events. Refuses check.jsonl.
"""
import collections
import json
import os
import sys

from eval_pairs import read, score  # noqa: E402

gold, pred, show = read("perp_fail.py")
kinds, missed, added = collections.Counter(), collections.Counter(), collections.Counter()


def names(e):
    return [(p.get("name"), p.get("status")) for p in e.get("perpetrators") or []]


for doc_id, g in gold.items():
    golds = g.get("events") or []
    preds = [e for e in (pred.get(doc_id, {}).get("events") or []) if not e.get("aggregate")]
    for i, j in score.match(preds, golds):
        ge, pe = golds[j], preds[i]
        if ge.get("optional"):
            continue
        gp, pp = score.perp_names(ge), score.perp_names(pe)
        found = [any(gn & pn for pn, _ in pp) for gn, _ in gp]
        extra = [not any(pn & gn for gn, _ in gp) for pn, _ in pp]
        if all(found) and not any(extra):
            continue
        if gp and not pp:
            kind = "missed"
        elif pp and not gp:
            kind = "extra"
        elif not any(found):
            kind = "other"
        else:
            kind = "partial"
        kinds[kind] += 1
        for (n, _), ok in zip(names(ge), found):
            if not ok:
                missed[n] += 1
        for (n, _), bad in zip(names(pe), extra):
            if bad:
                added[n] += 1
        if show == kind:
            print(doc_id, ge.get("type"), "gold", names(ge), "pred", names(pe))
print(dict(kinds))
print("missed:", missed.most_common(25))
print("added:", added.most_common(25))
