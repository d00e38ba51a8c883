"""Reading a gold file of bench articles with the articles it names.

Shared by tools/gold_check.py and tools/gold_spans.py.
"""
import gzip
import json

BENCH = "../shared/bench/ant-2018.jsonl.gz"


def read(gold_path, bench_path=BENCH):
    """The file's records as (line number, record), and the bench articles
    they name, by id."""
    records = []
    with open(gold_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                records.append((n, json.loads(line)))
    wanted = {r["id"] for _, r in records}
    articles = {}
    with gzip.open(bench_path, "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            if article["id"] in wanted:
                articles[article["id"]] = article
    return records, articles
