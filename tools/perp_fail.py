#!/usr/bin/env python3
"""How the perpetrators of found events go wrong.

usage: perp_fail.py GOLD.jsonl PRED.jsonl [KIND]

Kinds: missed (gold names someone, rasd no one), extra (rasd names someone,
gold no one), other (both name, and they differ), partial (one of several
found, or one too many). Counts the kinds and the names most often
missed or added; with KIND prints those events. Refuses check.jsonl.
"""
import collections

from eval_pairs import found_pairs, perp_check, read  # noqa: E402

gold, pred, show = read("perp_fail.py")
kinds, missed, added = collections.Counter(), collections.Counter(), collections.Counter()


def names(e):
    return [(p.get("name"), p.get("status")) for p in e.get("perpetrators") or []]


for doc_id, ge, pe in found_pairs(gold, pred):
    gp, pp, found, extra = perp_check(ge, pe)
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
