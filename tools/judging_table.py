#!/usr/bin/env python3
"""The warnings of a replay as a table for a reader to judge.

Reads `rasd alerts --format json` on standard input and writes Markdown:
every new-ground and surge warning, and a random sample of the
mass-casualty warnings (the seed is printed with the table), and every
unconfirmed lead (a toll one report alone gives, kept apart from the
warnings: listed so a reader can see what is left there), each with
its text, the other subjects of its episode (a country's surge that its
army's joined), the articles behind it (database id, source, publication
day, URL) and an empty "verdict / reason" column. It quotes no article text:
the warning's own English sentence and the articles' ids only.

    rasd alerts --db ant.db --since 2018-01 --format json \
        | tools/judging_table.py --seed 16 --mass 30 > docs/backtest-2018-judging.md
"""

import argparse
import json
import random
import sys

KINDS = ["new_ground", "surge_incidents", "surge_killed"]


def articles(w, limit):
    """The articles behind a warning: (ext_id, source, day, url), each once,
    in order of publication."""
    seen, out = set(), []
    for inc in w["incidents"]:
        for r in inc.get("reports", []):
            d = r["doc"]
            key = d.get("ext_id")
            if key in seen:
                continue
            seen.add(key)
            out.append((d.get("published") or "")[:10] + " " + (d.get("source") or "?") + " `" + key + "`")
    out.sort()
    more = len(out) - limit
    return out[:limit], max(more, 0)


def cell(s):
    return s.replace("|", "\\|").replace("\n", " ")


def row(n, w, limit):
    arts, more = articles(w, limit)
    listed = "<br>".join(arts) + (f"<br>… and {more} more" if more else "")
    state = w["day"] + (f" (updated {w['updated']})" if w.get("updated") else "")
    conf = {True: "confirmed", False: "unconfirmed"}.get(w.get("confirmed"), "")
    gaps = " ".join(
        f"[gap {g['from']}–{g['to']}: {g['articles']} vs ~{g['normal']}]" for g in w.get("gaps", [])
    )
    ids = " ".join(str(i["incident"]["id"]) for i in w["incidents"][:limit])
    also = w.get("also", [])
    if also:
        gaps += " [same episode: " + ", ".join(a["name"] for a in also) + "]"
    if w.get("promoted"):
        gaps += f" [promoted to {w['promoted']}]"
    return (
        f"| {n} | {state} | {w['kind']} | {w['severity']} {conf} | {cell(w['message_en'])} {gaps} "
        f"| {ids} | {listed} | |"
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--mass", type=int, default=30)
    ap.add_argument("--articles", type=int, default=8, help="articles listed per warning")
    a = ap.parse_args()
    ws = json.load(sys.stdin)
    judged = [w for w in ws if w["kind"] in KINDS]
    mass = [w for w in ws if w["kind"] == "mass_casualty"]
    sample = random.Random(a.seed).sample(mass, min(a.mass, len(mass)))
    sample.sort(key=lambda w: (w["day"], w["id"]))
    head = "| # | day raised | kind | severity | warning (rasd's text) | incidents | articles (published, source, id) | verdict / reason |\n|---|---|---|---|---|---|---|---|"
    print(f"## New ground and surges: all {len(judged)}\n")
    print(head)
    for n, w in enumerate(judged, 1):
        print(row(n, w, a.articles))
    print(
        f"\n## Mass casualty: {len(sample)} of {len(mass)}, drawn with Python's "
        f"`random.Random({a.seed}).sample`\n"
    )
    print(head)
    for n, w in enumerate(sample, len(judged) + 1):
        print(row(n, w, a.articles))
    leads = [w for w in ws if w["kind"] == "mass_casualty_lead"]
    if leads:
        print(
            f"\n## Unconfirmed leads: all {len(leads)}\n\n"
            "Not warnings: one report alone gives the toll. A lead that a second "
            "outlet or a later report confirmed names the warning raised from it "
            "(that warning is among the mass casualties above when drawn).\n"
        )
        print(head)
        for n, w in enumerate(leads, len(judged) + len(sample) + 1):
            print(row(n, w, a.articles))


if __name__ == "__main__":
    main()
