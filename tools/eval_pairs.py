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

