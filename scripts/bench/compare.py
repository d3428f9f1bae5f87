# SPDX-License-Identifier: MIT
# scripts/bench/compare's work (run it through that script): index and query side by side.
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

FTS_INDEXER = r'''
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=OFF")
db.execute("PRAGMA synchronous=OFF")
db.execute("CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body, date UNINDEXED, tokenize='porter unicode61')")
with open(sys.argv[2], encoding="utf-8") as f, db:
    db.executemany("INSERT INTO a VALUES (?,?,?,?)",
                   ((r.get("id"), r.get("title", ""), r.get("body", ""), r.get("date", "")) for r in map(json.loads, f)))
db.close()
'''

FTS_SEARCHER = r'''
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
snip = sys.argv[2] == "1"
cols = "id, snippet(a, 2, '[', ']', '...', 24)" if snip else "id"
for line in sys.stdin:
    q = json.loads(line)
    sql = "SELECT " + cols + " FROM a WHERE a MATCH ?" + (" AND date LIKE ?" if q.get("date") else "") + " ORDER BY bm25(a) LIMIT 10"
    args = [q["fts"]] + ([q["date"] + "%"] if q.get("date") else [])
    try:
        rows = db.execute(sql, args).fetchall()
    except sqlite3.Error as e:
        rows = [("error", str(e))]
    sys.stdout.write(json.dumps(rows) + "\n")
    sys.stdout.flush()
'''

WORDS = ["oil", "wheat", "coffee", "gold", "bank", "dollar", "shares", "profit", "trade", "sugar",
         "cocoa", "copper", "grain", "yen", "tariff", "opec", "merger", "dividend", "loan", "crude"]
PHRASES = ["interest rates", "central bank", "stock exchange", "crude oil", "trade deficit", "money supply",
           "net profit", "oil prices", "federal reserve", "west germany", "finance minister", "share price",
           "vice president", "joint venture", "chief executive", "balance of payments", "common stock",
           "bank of japan", "tender offer", "world bank"]


def queries():
    """(kind, lede query, xapian-stock query or None, {fts, date})"""
    out = []
    n = len(WORDS)
    for i, w in enumerate(WORDS):
        v = WORDS[(i + 7) % n]
        out.append(("term", w, w, {"fts": w}))
        out.append(("or", f"{w} OR {v}", f"{w} OR {v}", {"fts": f"{w} OR {v}"}))
        out.append(("and", f"{w} AND {v}", f"{w} AND {v}", {"fts": f"{w} AND {v}"}))
        p = PHRASES[i]
        out.append(("phrase", f'"{p}"', f'"{p}"', {"fts": f'"{p}"'}))
        out.append(("wildcard", w[:4] + "*", w[:4] + "*", {"fts": w[:4] + "*"}))
        out.append(("field", f"title:{w}", f"title:{w}", {"fts": f"title:{w}"}))
        month = "1987-%02d" % (2 + i % 3)
        out.append(("date", f"{w} date:{month}", None, {"fts": w, "date": month}))
    return out


def timed_run(cmd, **kw):
    """Run under /usr/bin/time -v: (wall seconds, peak RSS KiB)."""
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        sys.exit("bench/compare: %s failed:\n%s" % (" ".join(cmd), r.stderr[-2000:]))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    return wall, rss


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


class Coprocess:
    """A searcher answering one line at a time on its stdin."""

    def __init__(self, cmd, warmup):
        self.name = cmd[0]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  text=True, bufsize=1)
        self.ask(warmup)  # the first answer includes opening the index

    def ask(self, line):
        """The time from writing a line to reading its answer, in ms."""
        t0 = time.perf_counter()
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        ans = self.p.stdout.readline()
        t = (time.perf_counter() - t0) * 1000
        if not ans:
            sys.exit("bench/compare: %s stopped answering" % self.name)
        return t

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def interleaved_latencies(systems, qs, rounds):
    """In each of `rounds` rounds every system answers the whole list in turn (the systems take turns,
    so load on the shared machine falls on all alike; each answers its list at a stretch, with its
    caches warm, as a script's co-process does); per system and query the median of its rounds, in ms."""
    procs = []
    for _, cmd, fmt in systems:
        first = next(fmt(q) for q in qs if fmt(q) is not None)
        procs.append(Coprocess(cmd, first))
    lat = [[[] for _ in qs] for _ in systems]
    for _ in range(rounds):
        for k, (_, _, fmt) in enumerate(systems):
            for i, q in enumerate(qs):
                line = fmt(q)
                if line is not None:
                    lat[k][i].append(procs[k].ask(line))
    for p in procs:
        p.close()
    return [[statistics.median(ts) if ts else None for ts in per_q] for per_q in lat]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def cold(cmds, runs=10):
    """Median wall time in ms of each (cmd, stdin text), run in turn `runs` times."""
    ts = [[] for _ in cmds]
    for _ in range(runs):
        for k, (cmd, stdin_text) in enumerate(cmds):
            t0 = time.perf_counter()
            subprocess.run(cmd, input=stdin_text, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            ts[k].append((time.perf_counter() - t0) * 1000)
    return [statistics.median(t) for t in ts]


def main():
    build, jsonl = sys.argv[1], sys.argv[2]
    repeat = 1
    if "--repeat" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1])
    lede_index = os.path.join(build, "indexer", "lede-index")
    lede_search = os.path.join(build, "searcher", "lede-search")
    stock = os.path.join(build, "scripts", "baselines", "xapian-stock")
    size = os.path.getsize(jsonl)
    with open(jsonl, encoding="utf-8") as f:
        articles = sum(1 for line in f if line.strip())
    work = tempfile.mkdtemp(prefix="lede-compare-")
    try:
        print(f"input: {jsonl}: {articles} articles, {size / 1e6:.1f} MB; {os.cpu_count()} cores; medians of {repeat} run(s)")
        indexers = [
            ("lede-index", lambda d: [lede_index, "--quiet", "--db", d, jsonl], "lede.idx"),
            ("lede-index --no-segments", lambda d: [lede_index, "--quiet", "--no-segments", "--db", d, jsonl], "lede1.idx"),
            ("xapian-stock (1 writer)", lambda d: [stock, "index", d, jsonl], "stock.idx"),
            ("sqlite fts5", lambda d: ["/usr/bin/python3", "-c", FTS_INDEXER, d, jsonl], "fts.db"),
        ]
        # Round-robin: each round runs every indexer once, so a burst of load on the shared machine
        # falls on all of them alike, and the ratio of a round compares runs made minutes apart at most.
        runs = {name: [] for name, _, _ in indexers}
        for _ in range(repeat):
            for name, cmd, out in indexers:
                path = os.path.join(work, out)
                shutil.rmtree(path, ignore_errors=True)
                if os.path.exists(path):
                    os.remove(path)
                runs[name].append(timed_run(cmd(path)))
        results = {}
        print(f"\n{'indexer':28} {'seconds':>8} {'articles/s':>10} {'MB/s':>6} {'peak RSS':>9} {'index/input':>11}")
        for name, _, out in indexers:
            wall = statistics.median(r[0] for r in runs[name])
            rss = max(r[1] for r in runs[name])
            results[name] = wall
            print(f"{name:28} {wall:8.2f} {articles / wall:10.0f} {size / 1e6 / wall:6.2f} {rss / 1024:7.0f} MiB "
                  f"{du(os.path.join(work, out)) / size:11.2f}")
        base = results["xapian-stock (1 writer)"]
        print(f"ratio: lede-index is {base / results['lede-index']:.2f}x as fast as xapian-stock, "
              f"{results['sqlite fts5'] / results['lede-index']:.2f}x as fast as FTS5, "
              f"{results['lede-index --no-segments'] / results['lede-index']:.2f}x as fast as its single writer")
        if repeat > 1:
            per_round = [s[0] / l[0] for s, l in zip(runs["xapian-stock (1 writer)"], runs["lede-index"])]
            print("ratio to xapian-stock per round: " + ", ".join(f"{r:.2f}x" for r in per_round))

        qs = queries()
        lede_db, stock_db, fts_db = (os.path.join(work, x) for x in ("lede.idx", "stock.idx", "fts.db"))
        systems = [
            ("lede-search --batch", [lede_search, "--db", lede_db, "--batch", "-n", "10", "--fields", "id,rank,score"],
             lambda q: q[1]),
            ("lede-search --batch +passages", [lede_search, "--db", lede_db, "--batch", "-n", "10", "--fields", "id,title,passages"],
             lambda q: q[1]),
            ("xapian-stock", [stock, "search", stock_db, "--json", "--flags", "wildcard"], lambda q: q[2]),
            ("xapian-stock +MSet::snippet", [stock, "search", stock_db, "--snippets", "--flags", "wildcard"], lambda q: q[2]),
            ("fts5 bm25", ["/usr/bin/python3", "-c", FTS_SEARCHER, fts_db, "0"], lambda q: json.dumps(q[3])),
            ("fts5 bm25 +snippet()", ["/usr/bin/python3", "-c", FTS_SEARCHER, fts_db, "1"], lambda q: json.dumps(q[3])),
        ]
        kinds = ["term", "or", "and", "phrase", "wildcard", "field", "date"]
        print(f"\nms/query, top 10 ({len(qs) // len(kinds)} queries per kind; {max(3, repeat)} rounds, the searchers in turn "
              f"in each; median per query; p50 per kind, then p50/p95/p99 over all)")
        print(f"{'searcher':30} " + " ".join(f"{k:>8}" for k in kinds) + f" {'p50':>7} {'p95':>7} {'p99':>7}")
        p50 = {}
        for (name, _, _), lat_q in zip(systems, interleaved_latencies(systems, qs, rounds=max(3, repeat))):
            usable = [(q, t) for q, t in zip(qs, lat_q) if t is not None]
            lat = [t for _, t in usable]
            per = {}
            for q, t in usable:
                per.setdefault(q[0], []).append(t)
            cells = " ".join(f"{statistics.median(per[k]):8.2f}" if k in per else f"{'n/a':>8}" for k in kinds)
            p50[name] = statistics.median(lat)
            print(f"{name:30} {cells} {pct(lat, 50):7.2f} {pct(lat, 95):7.2f} {pct(lat, 99):7.2f}")
        print("(xapian-stock has no date filter: its p50/p95/p99 leave the date kind out)")
        print(f"ratio p50: lede+passages / stock+snippet {p50['lede-search --batch +passages'] / p50['xapian-stock +MSet::snippet']:.2f}, "
              f"lede+passages / fts5+snippet {p50['lede-search --batch +passages'] / p50['fts5 bm25 +snippet()']:.2f}, "
              f"lede / stock {p50['lede-search --batch'] / p50['xapian-stock']:.2f}")

        print("\none terminal search, process start to last byte (median of 10), query 'oil prices':")
        t_lede, t_stock, t_fts = cold([
            ([lede_search, "--db", lede_db, "--color", "never", "oil prices"], ""),
            ([stock, "search", stock_db, "--snippets"], "oil prices\n"),
            (["/usr/bin/python3", "-c", FTS_SEARCHER, fts_db, "1"], json.dumps({"fts": "oil OR prices"}) + "\n"),
        ])
        print(f"lede-search (passages) {t_lede:.1f} ms; xapian-stock --snippets {t_stock:.1f} ms; fts5 (python3 + snippet) {t_fts:.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
