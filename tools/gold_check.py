#!/usr/bin/env python3
"""Check a file of annotated bench articles before it joins data/extract/gold/.

usage: tools/gold_check.py GOLD.jsonl [BENCH]

Every record must name a bench article, carry its `published`, and hold
events whose fields take the values of ../shared/eval/GUIDELINES.md, with an
`evidence_span` inside the article's text and no `evidence` quote. Notes must
not carry the article's words: no run of four Arabic words of the text may
appear in them. Prints one line per problem (FILE:LINE: what) and exits 1 if
there is any; a place_ar the article does not write is a warning only.
"""
import re
import sys

import goldio

TYPES = {"suicide_bombing", "bombing", "armed_assault", "armed_clash", "air_strike",
         "shelling", "kidnapping", "assassination", "attack"}
STATUSES = {"claimed", "attributed", "suspected"}
QUALIFIERS = {"exact", "at_least", "more_than", "about", "vague"}
TARGETS = {"civilians", "religious", "military", "police", "government", "diplomatic",
           "business", "education", "transportation", "media", "infrastructure",
           "militants", "unknown"}
KEYS = {"type", "date", "country", "place", "place_ar", "place_alt", "perpetrators",
        "killed", "injured", "target_type", "main", "optional", "evidence_span", "incident"}
ARABIC_WORD = re.compile(r"[\u0621-\u064A]+")

gold_path = sys.argv[1]
records, articles = goldio.read(gold_path, *sys.argv[2:3])

problems = []
warnings = []


def problem(n, what):
    problems.append(f"{gold_path}:{n}: {what}")


def check_count(n, i, name, count):
    if count is None:
        return
    if not isinstance(count, dict) or count.get("qualifier") not in QUALIFIERS:
        problem(n, f"event {i}: {name} must be null or {{value, qualifier}} with a known qualifier")
        return
    value = count.get("value")
    if count["qualifier"] == "vague":
        if value is not None:
            problem(n, f"event {i}: {name} is vague, so its value is null")
    elif not isinstance(value, int) or value < 0:
        problem(n, f"event {i}: {name} value must be a whole number")


seen = set()
for n, record in records:
    article = articles.get(record["id"])
    if article is None:
        problem(n, f"{record['id']}: not a bench article")
        continue
    if record["id"] in seen:
        problem(n, f"{record['id']}: annotated twice")
    seen.add(record["id"])
    if record.get("published") != article.get("published"):
        problem(n, "published differs from the article's")
    text = article["text"]
    words = ARABIC_WORD.findall(text)
    runs = {" ".join(words[i:i + 4]) for i in range(len(words) - 3)}
    notes_words = ARABIC_WORD.findall(record.get("notes") or "")
    for i in range(len(notes_words) - 3):
        if " ".join(notes_words[i:i + 4]) in runs:
            problem(n, "notes quote the article (four Arabic words in a row)")
            break
    for i, event in enumerate(record.get("events", [])):
        extra = set(event) - KEYS
        if extra:
            problem(n, f"event {i}: unknown keys {sorted(extra)}")
        if event.get("type") not in TYPES:
            problem(n, f"event {i}: type {event.get('type')!r}")
        date = event.get("date")
        if date is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(date)):
            problem(n, f"event {i}: date {date!r}")
        country = event.get("country")
        if country is not None and not re.fullmatch(r"[A-Z]{2}", str(country)):
            problem(n, f"event {i}: country {country!r}")
        if event.get("target_type") not in TARGETS:
            problem(n, f"event {i}: target_type {event.get('target_type')!r}")
        for perp in event.get("perpetrators") or []:
            if not perp.get("name") or perp.get("status") not in STATUSES:
                problem(n, f"event {i}: perpetrator {perp!r}")
        check_count(n, i, "killed", event.get("killed"))
        check_count(n, i, "injured", event.get("injured"))
        if not isinstance(event.get("main"), bool) or not isinstance(event.get("optional"), bool):
            problem(n, f"event {i}: main and optional must be true or false")
        span = event.get("evidence_span")
        if (not isinstance(span, list) or len(span) != 2
                or not 0 <= span[0] < span[1] <= len(text)):
            problem(n, f"event {i}: evidence_span {span!r} outside the text ({len(text)} characters)")
        if event.get("place_ar") and event["place_ar"] not in text:
            warnings.append(f"{gold_path}:{n}: warning: event {i}: place_ar "
                            f"{event['place_ar']!r} is not written in the article")

for line in warnings + problems:
    print(line)
sys.exit(1 if problems else 0)
