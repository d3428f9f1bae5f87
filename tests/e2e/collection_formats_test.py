#!/usr/bin/env python3
"""scripts/collection-to-jsonl picks its converter by the format a SOURCE.md
describes, not by the folder's name (issue 21): a new collection in a known
format, under any name, is listed and converted; a folder without judgments
is not listed. Exit 0 when every check holds, 1 otherwise."""

import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "scripts", "collection-to-jsonl")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAILED: " + what, file=sys.stderr)


def write(path, text, newline="\n"):
    with open(path, "w", encoding="utf-8", newline=newline) as f:
        f.write(text)


with tempfile.TemporaryDirectory() as root:
    # A SMART collection named like none of the known ones, CRLF as the Glasgow files are.
    toy = os.path.join(root, "toy-smart")
    os.mkdir(toy)
    write(os.path.join(toy, "SOURCE.md"), "# toy\n\nSMART records: `.I n`, `.T`, `.W`; "
          "queries in TOY.QRY, relevance judgments in TOY.REL.\n")
    write(os.path.join(toy, "TOY.ALL"), ".I 1\n.T\nship building\n.W\nships are built of steel.\n"
          ".I 2\n.T\nx-ray tubes\n.A\nsmith, j.\n.W\nx-rays of tubes.\n", newline="\r\n")
    write(os.path.join(toy, "TOY.QRY"), ".I 1\n.W\nhow are ships built?\n.I 2\n.W\nx-ray\n",
          newline="\r\n")
    write(os.path.join(toy, "TOY.REL"), "1 1 0 0.000000\n2 2 0 0.000000\n")
    # Tagged MEDLINE records, as CF.
    tag = os.path.join(root, "tagged")
    os.mkdir(tag)
    write(os.path.join(tag, "SOURCE.md"), "# tagged\n\nRecords with RN ids; queries are QN records "
          "with RD judgment pairs.\n")
    write(os.path.join(tag, "docs80"), "PN 80001\nRN 00001 \nTI Mucus in\n   CF patients.\n"
          "AB Calcium and mucus.\n\nPN 80002\nRN 00002\nTI Sweat tests.\nEX Sodium in sweat.\n\x1a\x1a")
    write(os.path.join(tag, "queries"), "QN 00001 \nQU What does calcium do to\n   mucus?\nNR 00002\n"
          "RD    1 1200    2 0001\n   ")
    # Not judged: no queries or judgments described.
    plain = os.path.join(root, "news")
    os.mkdir(plain)
    write(os.path.join(plain, "SOURCE.md"), "# news\n\nOne article per file.\n")

    p = subprocess.run([sys.executable, TOOL, "--list", root], capture_output=True, text=True)
    check(p.returncode == 0, "--list exits 0 (%d: %s)" % (p.returncode, p.stderr))
    check(p.stdout.split("\n") == ["tagged tagged", "toy-smart smart", ""],
          "--list names the two judged collections and their formats: %r" % p.stdout)

    for name, ndocs, qrels in [("toy-smart", 2, ["1 0 1 1", "2 0 2 1"]),
                               ("tagged", 2, ["1 0 1 2", "1 0 2 1"])]:
        out = os.path.join(root, "out-" + name)
        p = subprocess.run([sys.executable, TOOL, name, out, "--src", os.path.join(root, name)],
                           capture_output=True, text=True)
        check(p.returncode == 0, "%s converts (%d: %s)" % (name, p.returncode, p.stderr))
        if p.returncode != 0:
            continue
        check("no expected counts" in p.stderr, "%s: the missing expected counts are noted" % name)
        with open(os.path.join(out, "articles.jsonl"), encoding="utf-8") as f:
            docs = [json.loads(l) for l in f]
        check(len(docs) == ndocs, "%s: %d articles" % (name, len(docs)))
        check(all(d["source"] == name and d["body"] for d in docs), "%s: source and body" % name)
        with open(os.path.join(out, "qrels.txt"), encoding="utf-8") as f:
            got = f.read().split("\n")[:-1]
        check(got == qrels, "%s: qrels %r" % (name, got))
    with open(os.path.join(root, "out-tagged", "articles.jsonl"), encoding="utf-8") as f:
        first = json.loads(f.readline())
    check(first["title"] == "Mucus in CF patients." and first["body"] == "Calcium and mucus.",
          "tagged: continuation lines joined: %r" % first)

    p = subprocess.run([sys.executable, TOOL, "news", os.path.join(root, "out-news"), "--src", plain],
                       capture_output=True, text=True)
    check(p.returncode == 2 and "error" in p.stderr, "a folder without judgments is an error (exit 2)")

sys.exit(1 if failures else 0)
