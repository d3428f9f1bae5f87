#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive `lede-search --batch` as a long-running co-process from Python (see docs/scripting.md).

Usage as a script:  examples/lede_batch.py --db INDEX [--lede-search PATH] QUERY...
prints "query<TAB>matches<TAB>first id" per query; exit status 0 when every query ran.
"""
import argparse
import json
import subprocess
import sys


class LedeBatch:
    """One lede-search process, one open index, many queries: search() sends a line, reads one back."""

    def __init__(self, db, lede_search="lede-search", *options):
        self._proc = subprocess.Popen(
            [lede_search, "--db", db, "--batch", *options],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        self._next_id = 0

    def search(self, query, **overrides):
        """Return the answer dict ({"id", "query", "hits", "summary"}); raise ValueError on an error line."""
        self._next_id += 1
        request = {"id": self._next_id, "query": query, **overrides}
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError(f"lede-search --batch exited with status {self._proc.wait()}")
        answer = json.loads(line)
        assert answer["id"] == self._next_id, "answers come back in order"
        if "error" in answer:
            raise ValueError(answer["error"])
        return answer

    def close(self):
        self._proc.stdin.close()
        return self._proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def highlighted(passage, mark="**"):
    """The passage text with its highlights marked; offsets are bytes into the UTF-8 text."""
    raw = passage["text"].encode("utf-8")
    out, at = b"", 0
    for start, end in passage["highlights"]:
        out += raw[at:start] + mark.encode() + raw[start:end] + mark.encode()
        at = end
    return (out + raw[at:]).decode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--lede-search", default="lede-search")
    parser.add_argument("queries", nargs="+")
    args = parser.parse_args()
    failed = 0
    with LedeBatch(args.db, args.lede_search, "--limit", "3") as lede:
        for q in args.queries:
            try:
                a = lede.search(q)
            except ValueError as e:
                print(f"{q}\terror: {e}")
                failed += 1
                continue
            hits = a["hits"]
            first = hits[0]["id"] if hits else "-"
            print(f"{q}\t{a['summary']['matches_estimated']}\t{first}")
            if hits and hits[0]["passages"]:
                print("\t" + highlighted(hits[0]["passages"][0]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
