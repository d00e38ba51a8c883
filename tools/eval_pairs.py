"""Shared by the error-reading tools (strict_fail.py, perp_fail.py,
miss_why.py): the eval's own scorer, and a gold and a prediction file read
by article id. check.jsonl is refused: it is scored, never read."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
import score  # noqa: E402,F401  (re-exported for the tools)


def read(tool):
    """(gold, pred, extra argument or None) from the command line of `tool`."""
    gold_path, pred_path = sys.argv[1], sys.argv[2]
    if "check" in os.path.basename(gold_path):
        sys.exit(f"{tool}: check.jsonl is scored only; its errors are not read")
    extra = sys.argv[3] if len(sys.argv) > 3 else None
    gold = {r["id"]: r for r in map(json.loads, open(gold_path, encoding="utf-8")) if r}
    pred = {r["id"]: r for r in map(json.loads, open(pred_path, encoding="utf-8")) if r}
    return gold, pred, extra



def found_pairs(gold, pred):
    """Every found event as the scorer pairs it: (doc_id, gold event,
    predicted event), aggregates and optional gold events left out."""
    for doc_id, g in gold.items():
        golds = g.get("events") or []
        preds = [e for e in (pred.get(doc_id, {}).get("events") or []) if not e.get("aggregate")]
        for i, j in score.match(preds, golds):
            if not golds[j].get("optional"):
                yield doc_id, golds[j], preds[i]


def perp_check(ge, pe):
    """The scorer's perpetrator check: (gold names, predicted names, which
    gold authors were found, which predicted ones are extra)."""
    gp, pp = score.perp_names(ge), score.perp_names(pe)
    found = [any(gn & pn for pn, _ in pp) for gn, _ in gp]
    extra = [not any(pn & gn for gn, _ in gp) for pn, _ in pp]
    return gp, pp, found, extra


def why(p, g):
    """The one field that keeps prediction `p` from matching gold `g`, or
    "weak" when none does (another event took it, or the type)."""
    if g.get("country") and p.get("country") and p["country"].upper() != g["country"].upper():
        return "country"
    if g.get("place") and p.get("place") and not score.place_match(p, g):
        return "place"
    if score.date_compatible(p.get("date"), g.get("date")) is False:
        return "date"
    return "weak"
