#!/usr/bin/env python3
"""Writes an archive of N years from one year of news, for tools/growth-bench.sh.

Copy k (0 to N-1) of every record is the same news k years later: its
published date, and every year written in its title and text (1900-2099, in
Western or Arabic-Indic digits), move forward by k years, and its id and URL
get a "#y<k>" / "?y=<k>" suffix, and its text k trailing spaces (a text with
no year in it would otherwise be a duplicate), so that each copy is a
distinct article (another key, another text hash) whose own dates agree with
its publication.
Copy 0 is the input unchanged. Output is JSON Lines, gzip-compressed when the
name ends in .gz.

usage: growth_archive.py INPUT.jsonl[.gz] N OUTPUT.jsonl[.gz]
"""

import gzip
import json
import re
import sys

WESTERN = re.compile(r"(?<![0-9])(19|20)([0-9]{2})(?![0-9])")
EASTERN = re.compile("(?<![\u0660-\u0669])([\u0661\u0662][\u0660-\u0669]{3})(?![\u0660-\u0669])")
TO_EASTERN = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
TO_WESTERN = str.maketrans("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "0123456789")


def shift_years(s, k):
    if not s or k == 0:
        return s

    def west(m):
        y = int(m.group(0))
        return str(y + k) if 1900 <= y <= 2099 else m.group(0)

    def east(m):
        y = int(m.group(0).translate(TO_WESTERN))
        return str(y + k).translate(TO_EASTERN) if 1900 <= y <= 2099 else m.group(0)

    return EASTERN.sub(east, WESTERN.sub(west, s))


def shift_published(p, k):
    if not p or k == 0:
        return p
    year = int(p[:4])
    return str(year + k) + p[4:]


def opener(path, mode):
    return gzip.open(path, mode + "t", encoding="utf-8", compresslevel=1) if path.endswith(".gz") else open(path, mode, encoding="utf-8")


def main():
    src, n, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with opener(src, "r") as f:
        records = [json.loads(line) for line in f if line.strip()]
    with opener(dst, "w") as out:
        for k in range(n):
            for r in records:
                c = dict(r)
                if k:
                    c["id"] = f"{r['id']}#y{k}"
                    if r.get("url"):
                        c["url"] = f"{r['url']}?y={k}"
                    c["published"] = shift_published(r.get("published"), k)
                    c["title"] = shift_years(r.get("title"), k)
                    c["text"] = shift_years(r.get("text"), k) + " " * k
                out.write(json.dumps(c, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
