#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Scores Lede's HTML article extraction on the shared article-extraction set.

Runs BUILD/bench/lede-extract (the HTML reader as lede-index uses it) over every page of
../shared/corpora/article-extraction/ and scores the body it keeps:

  newspaper/    157 pages with the expected article text (text/NAME.txt);
  readability/  the pages readability.js calls articles (readerable), expected text taken from
                its expected.html (block elements as paragraph breaks);
  trafilatura-eval/  333 pages with snippets that must / must not appear (upstream's own metric).

Shingle metric (the public article-extraction benchmarks'): words are runs of \\w, 4-word shingles
counted as multisets, per page precision = matched / predicted and recall = matched / expected,
averaged over the pages, F1 of the two averages. "all" is newspaper + readability together.

Prints F1, precision and recall per set, the worst pages with a reason, the title and date rates
(where the set gives them) and pages per second for the current extractor and, with --legacy
(default on), for the extractor as it was before issue #20, measured in the same run.
--floor F makes the exit status 1 when the current F1 on "all" is below F (the CTest quality floor);
--dated-floor P the same when fewer than P% of a set's dated pages get a date.
"""

import argparse
import html.parser
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    words = WORD.findall(text or "")
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def match(expected, got):
    """(precision, recall, predicted count, expected count) of one page; None where undefined."""
    e, g = shingles(expected), shingles(got)
    tp = sum(min(c, g[k]) for k, c in e.items() if k in g)
    ne, ng = sum(e.values()), sum(g.values())
    if ne == 0 and ng == 0:
        return 1.0, 1.0, ng, ne
    precision = tp / ng if ng else None if ne == 0 else 0.0
    recall = tp / ne if ne else None
    if ng == 0:
        precision = None  # nothing predicted: precision undefined (recall 0 counts it)
    return precision, recall, ng, ne


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else 0.0


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
          "section", "article", "figure", "figcaption", "table", "tr", "td", "th", "dl", "dt", "dd",
          "br", "hr", "header", "footer", "main", "aside", "details", "summary", "caption", "address"}


class TextOf(html.parser.HTMLParser):
    """The text of readability's expected.html, block elements as paragraph breaks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def text(self):
        return re.sub(r"\n\s*\n\s*", "\n\n", re.sub(r"[ \t\r\f\v]+", " ", "".join(self.parts))).strip()


def html_text(path):
    p = TextOf()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    p.close()
    return p.text()


def norm_title(s):
    s = unicodedata.normalize("NFKC", s or "").casefold()
    s = re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", s)
    return " ".join(WORD.findall(s))


def day_of(s):
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s or "")
    return "%s-%02d-%02d" % (m.group(1), int(m.group(2)), int(m.group(3))) if m else ""


# newspaper/ pages whose expected text is, on reading, newspaper's own wrong output rather than
# the article (reviewed by hand; the page and its expected text are left as they are).
NOT_THE_ARTICLE = {
    "elle.com1": "a newsletter sign-up box",
    "architecturaldigest.com2": "a newsletter sign-up box",
}


def pages(corpus):
    """(set, name, html path, expected) for every page scored."""
    out = []
    d = os.path.join(corpus, "newspaper")
    for f in sorted(os.listdir(os.path.join(d, "html"))):
        name = f[:-5]
        # "X_article.html" goes with "X.txt"; the few pages without an expected text (meta
        # refreshes, front pages) are not scored.
        for t in (name, name[:-len("_article")] if name.endswith("_article") else None):
            tp = t and os.path.join(d, "text", t + ".txt")
            if tp and os.path.isfile(tp):
                with open(tp, encoding="utf-8") as tf:
                    text = tf.read()
                exp = {"text": text}
                if not text.strip():
                    exp["unscored"] = "expected text empty"
                elif len(text) < 300 and len(re.findall("[A-Z]", text)) > 2 * len(re.findall("[a-z]", text)):
                    # newspaper's note on its own failure ("MISSED LAST PARAGRAPH"), not a text
                    exp["unscored"] = "expected text is a note: " + text.strip()[:40]
                elif name in NOT_THE_ARTICLE:
                    exp["unscored"] = "expected text is not the article: " + NOT_THE_ARTICLE[name]
                out.append(("newspaper", name, os.path.join(d, "html", f), exp))
                break
    d = os.path.join(corpus, "readability")
    for name in sorted(os.listdir(d)):
        src = os.path.join(d, name, "source.html")
        if not os.path.isfile(src):
            continue
        with open(os.path.join(d, name, "expected-metadata.json"), encoding="utf-8") as m:
            meta = json.load(m)
        exp = {"text": html_text(os.path.join(d, name, "expected.html")), "title": meta.get("title") or "",
               "date": meta.get("publishedTime") or "", "readerable": meta.get("readerable", True)}
        out.append(("readability", name, src, exp))
    d = os.path.join(corpus, "trafilatura-eval")
    with open(os.path.join(d, "evaldata.json"), encoding="utf-8") as f:
        evald = json.load(f)
    by_file = {v["file"]: v for v in evald.values()}
    with open(os.path.join(d, "SUBSET.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    for row in rows:
        sub, fname = row[0], row[1]
        e = by_file[fname]
        out.append(("trafilatura", fname, os.path.join(d, sub, fname),
                    {"with": e["with"], "without": e["without"], "title": e.get("title") or "",
                     "date": e.get("date") or ""}))
    return out


def run_extract(exe, paths, legacy, rounds):
    args = [exe, "--rounds", str(rounds)] + (["--legacy"] if legacy else []) + paths
    res = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if res.returncode not in (0,):
        sys.stderr.write(res.stderr.decode("utf-8", "replace"))
        raise SystemExit("lede-extract failed (exit %d)" % res.returncode)
    out = {}
    for line in res.stdout.decode("utf-8").split("\n"):
        if not line:
            continue
        j = json.loads(line)
        out[j["file"]] = j
    return out


def reason(exp, got, p, r):
    body = got["body"]
    if not body.strip():
        return "nothing extracted"
    if r is not None and r < 0.5 and (p is None or p >= 0.5):
        return "missed most of the article (kept %d of %d words)" % (
            len(WORD.findall(body)), len(WORD.findall(exp["text"])))
    if p is not None and p < 0.5 and (r is None or r >= 0.5):
        return "extra text: %d words kept for %d expected" % (
            len(WORD.findall(body)), len(WORD.findall(exp["text"])))
    return "wrong block"


def score(plist, results, show_worst):
    sets = {}
    per_page = []
    snip = Counter()
    title_ok = Counter()
    date_ok = Counter()
    total_s = 0.0
    unscored = []
    for s, name, path, exp in plist:
        got = results[path]
        total_s += got["seconds"]
        if exp.get("title"):
            title_ok[(s, "n")] += 1
            if norm_title(got["title"]) == norm_title(exp["title"]):
                title_ok[(s, "ok")] += 1
        if exp.get("date"):
            date_ok[(s, "n")] += 1
            if day_of(got["date"]) == day_of(exp["date"]):
                date_ok[(s, "ok")] += 1
            if got["date"]:
                date_ok[(s, "have")] += 1
        if s == "trafilatura":
            text = re.sub(r"\s+", " ", got["title"] + "\n" + got["body"]).strip()
            body = re.sub(r"\s+", " ", got["body"]).strip()
            for w in exp["with"]:
                # The title is stored as a field of its own: a snippet found there is kept.
                snip["tp" if re.sub(r"\s+", " ", w).strip() in text else "fn"] += 1
            for w in exp["without"]:
                snip["fp" if re.sub(r"\s+", " ", w).strip() in body else "tn"] += 1
            continue
        if s == "readability" and not exp["readerable"]:
            unscored.append((s, name, "readability: not readerable"))
            continue
        if exp.get("unscored"):
            unscored.append((s, name, exp["unscored"]))
            continue
        p, r, ng, ne = match(exp["text"], got["body"])
        sets.setdefault(s, []).append((p, r))
        sets.setdefault("all", []).append((p, r))
        pf = f1(p or 0.0, r or 0.0)
        per_page.append((pf, s, name, reason(exp, got, p, r), p, r))
    summary = {}
    for s, pr in sets.items():
        P, R = mean(p for p, _ in pr), mean(r for _, r in pr)
        summary[s] = (f1(P, R), P, R, len(pr))
    if snip["tp"] + snip["fn"]:
        P = snip["tp"] / max(1, snip["tp"] + snip["fp"])
        R = snip["tp"] / (snip["tp"] + snip["fn"])
        summary["trafilatura"] = (f1(P, R), P, R, len([1 for x in plist if x[0] == "trafilatura"]))
    per_page.sort()
    worst = per_page[:show_worst]
    below = [x for x in per_page if x[0] < 0.5]
    return summary, worst, below, title_ok, date_ok, total_s, per_page, unscored


def dated_rates(plist, results):
    """Per set, the percentage of the pages with an expected date that got a date."""
    _, _, _, _, date_ok, _, _, _ = score(plist, results, 0)
    rates = {s: 100.0 * date_ok[(s, "have")] / date_ok[(s, "n")] for s in ("readability", "trafilatura")
             if date_ok[(s, "n")]}
    news = [results[x[2]] for x in plist if x[0] == "newspaper"]
    if news:
        rates["newspaper"] = 100.0 * sum(1 for g in news if g["date"]) / len(news)
    return rates


def report(label, plist, results, show_worst, verbose):
    summary, worst, below, title_ok, date_ok, total_s, per_page, unscored = score(plist, results, show_worst)
    print("== %s" % label)
    for s in ("all", "newspaper", "readability", "trafilatura"):
        if s in summary:
            F, P, R, n = summary[s]
            kind = "snippets" if s == "trafilatura" else "shingles"
            print("  %-12s F1 %.3f  precision %.3f  recall %.3f  (%d pages, %s)" % (s, F, P, R, n, kind))
    print("  not scored: %d pages (%s)" % (len(unscored), ", ".join(sorted(set(
        re.sub(":.*", "", u[2]) for u in unscored)))))
    print("  pages with F1 < 0.5: %d" % len(below))
    print("  worst %d pages:" % len(worst))
    for pf, s, name, why, p, r in worst:
        print("    %.3f  %-11s %-40s P %s R %s  %s" % (pf, s, name[:40], "-" if p is None else "%.2f" % p,
                                                      "-" if r is None else "%.2f" % r, why))
    for s in ("readability", "trafilatura"):
        if title_ok[(s, "n")]:
            print("  title %-12s %.1f%% equal (%d pages with a title)" % (
                s, 100.0 * title_ok[(s, "ok")] / title_ok[(s, "n")], title_ok[(s, "n")]))
    for s in ("readability", "trafilatura"):
        if date_ok[(s, "n")]:
            print("  date  %-12s %.1f%% same day, %.1f%% dated (%d pages with a date)" % (
                s, 100.0 * date_ok[(s, "ok")] / date_ok[(s, "n")], 100.0 * date_ok[(s, "have")] / date_ok[(s, "n")],
                date_ok[(s, "n")]))
    news = [results[x[2]] for x in plist if x[0] == "newspaper"]
    if news:
        # newspaper/ gives no dates: how many of its news pages get one at all.
        print("  date  %-12s %.1f%% dated (%d pages, no expected dates)" % (
            "newspaper", 100.0 * sum(1 for g in news if g["date"]) / len(news), len(news)))
    n = len(plist)
    print("  %d pages in %.3f s of extraction: %.0f pages/s, %.2f ms per page" % (n, total_s, n / total_s,
                                                                                1000 * total_s / n))
    if verbose:
        for u in unscored:
            print("  unscored %s %s: %s" % u)
        for pf, s, name, why, p, r in per_page:
            print("  page %.3f %s %s" % (pf, s, name))
    return summary, total_s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="timing rounds per page (best kept)")
    ap.add_argument("--no-legacy", action="store_true", help="skip the pre-#20 extractor")
    ap.add_argument("--floor", type=float, default=None)
    ap.add_argument("--dated-floor", type=float, default=None,
                    help="exit 1 when the share of pages with a usable date (%%, of the pages a set gives a "
                         "date for) is below this on any set")
    ap.add_argument("--verbose", action="store_true", help="every page's F1")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get("LEDE_SHARED_CORPORA") or os.path.join(here, "..", "..", "..", "shared", "corpora")
    corpus = args.corpus or os.path.join(shared, "article-extraction")
    if not os.path.isdir(corpus):
        print("extraction: %s not found: skipped" % corpus)
        return 77
    exe = os.path.join(args.build, "bench", "lede-extract")
    plist = pages(corpus)
    paths = [p[2] for p in plist]
    legacy_s = None
    if not args.no_legacy:
        legacy = run_extract(exe, paths, True, args.rounds)
        _, legacy_s = report("before issue #20 (bench/legacy_html.cpp)", plist, legacy, args.worst, False)
    current = run_extract(exe, paths, False, args.rounds)
    summary, cur_s = report("current (indexer/html.cpp)", plist, current, args.worst, args.verbose)
    if legacy_s:
        print("cost per page: current / before = %.2f" % (cur_s / legacy_s))
    status = 0
    if args.dated_floor is not None:
        for s, rate in sorted(dated_rates(plist, current).items()):
            if rate < args.dated_floor:
                print("FAIL (date floor): %.1f%% of %s pages dated, below %.1f%%" % (rate, s, args.dated_floor))
                status = 1
            else:
                print("ok: %.1f%% of %s pages dated >= floor %.1f%%" % (rate, s, args.dated_floor))
    if args.floor is not None:
        F = summary["all"][0]
        if F < args.floor:
            print("FAIL (extraction quality floor): F1 %.3f on newspaper + readability is below %.3f" % (F, args.floor))
            return 1
        print("ok: F1 %.3f >= floor %.3f" % (F, args.floor))
    return status


if __name__ == "__main__":
    sys.exit(main())
