# SPDX-License-Identifier: MIT
# Index.search gives what lede-search --json gives: the same hits (ids, ranks, scores, fields,
# passages) and summary, with every byte offset of the JSON turned into a str index here, by
# Python's own UTF-8 codec.
import json
import re
import subprocess

import pytest

import lede
from conftest import INDEX_BIN, SOURCE_DIR, cli_hit_in_str_indices, cli_summary_in_str_indices, run_batch, run_search


def sample_queries():
    with open(SOURCE_DIR / "tests" / "data" / "json-queries.txt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


# (lede-search options, the same as Index.search keywords)
VARIANTS = [
    ("cocoa", ["-n", "3", "--offset", "2"], dict(limit=3, offset=2)),
    ("cocoa", ["-n", "0"], dict(limit=0)),
    ("strike", ["--sort", "newest"], dict(sort="newest")),
    ("strike", ["--sort", "oldest", "-n", "20"], dict(sort="oldest", limit=20)),
    ("bank", ["--since", "2023-01", "--until", "2023-12-31"], dict(since="2023-01", until="2023-12-31")),
    ("cocoa", ["--fields", "id,title,body"], dict(fields="id,title,body")),
    ("cocoa", ["--fields", "passages,id"], dict(fields=["passages", "id"])),
    ("cocoa harvest", ["--passages-per-hit", "1"], dict(passages=1)),
    ("cocoa harvest", ["--passages-per-hit", "0"], dict(passages=0)),
    ("cocoa harvest", ["--fields", "id,score"], dict(fields="id,score", passages=3)),
    ("cocoa harvest", ["--passages-per-hit", "4", "--passage-width", "80"], dict(passages=4, passage_width=80)),
    ("strike", ["--facets"], dict(facets=True)),
    ("strike", ["--timeline=year"], dict(timeline="year")),
    ("bank", ["--timeline=month", "--facets", "-n", "2"], dict(timeline="month", facets=True, limit=2)),
    ("flood", ["--timeline"], dict(timeline=True)),
    ('PORT STRIKE "ENDS', ["--literal"], dict(literal=True)),
    ("cocoa prices ghana", ["--all"], dict(all_words=True)),
    ("", ["--like", "smp-0017"], dict(like="smp-0017")),
    ("harvest", ["--like", "smp-0017"], dict(like="smp-0017")),
    ("cocoo", [], {}),
    ("cocoo prises", ["-n", "0", "--timeline=year"], dict(limit=0, timeline="year")),
    ("Müller strik", [], {}),
    ("北京 banc", ["--no-suggest"], dict(suggest=False)),
    ("cocoa", ["--exact-count", "-n", "1"], dict(exact_count=True, limit=1)),
    ("strike", ["--no-collapse"], dict(collapse=False)),
]


def compare(index, db, query, cli_args, options):
    hits, summary = run_search(db, *cli_args, "--", query) if query else run_search(db, *cli_args)
    results = index.search(query, **options)
    got = [h.to_dict() for h in results.hits]
    want = [cli_hit_in_str_indices(h, index.get(h["id"]).body) for h in hits]
    assert got == want, query
    got_summary = {k: v for k, v in results.summary().items() if k != "seconds"}
    assert got_summary == cli_summary_in_str_indices(summary), query
    return results


@pytest.mark.parametrize("query", sample_queries())
def test_sample_query_equals_cli(open_sample, sample_index, query):
    compare(open_sample, sample_index, query, [], {})


@pytest.mark.parametrize("query,cli_args,options", VARIANTS, ids=[f"{q}|{' '.join(a)}" for q, a, _ in VARIANTS])
def test_sample_options_equal_cli(open_sample, sample_index, query, cli_args, options):
    compare(open_sample, sample_index, query, cli_args, options)


def test_highlights_are_str_indices(open_sample):
    # Non-ASCII text before the match: byte offsets and str indices differ.
    for query, word in [("Müller", "müller"), ("北京", "北京"), ("Центральный", "центральн"), ("récolte", "récolte")]:
        results = open_sample.search(query, limit=5)
        assert results.hits, query
        marked = 0
        for hit in results:
            for start, end in hit.title_highlights:
                assert hit.title[start:end].casefold().startswith(word[:2].casefold())
                marked += 1
            for p in hit.passages:
                assert hit.body[p.begin:p.end].startswith(p.text.strip("…")[:10])
                for start, end in p.highlights:
                    assert 0 <= start < end <= len(p.text)
                    marked += 1
        assert marked, query


def test_did_you_mean_and_counts(open_sample):
    r = open_sample.search("cocoo")
    assert r.did_you_mean is not None
    assert r.did_you_mean.query == "cocoa"
    c = r.did_you_mean.corrections[0]
    assert (c.begin, c.end, c.from_, c.to) == (0, 5, "cocoo", "cocoa")
    assert str(r.did_you_mean) == "cocoa"
    r = open_sample.search("ünïcödé cocoo")
    c = r.did_you_mean.corrections[-1]
    assert r.query[c.begin:c.end] == "cocoo"
    r = open_sample.search("cocoa", exact_count=True)
    lower, estimated, upper = r.counts
    assert lower == estimated == upper == r.matches_estimated and r.counts.exact and r.counts_exact
    assert len(r) == len(r.hits) and list(r) == r.hits and r[0] is r.hits[0]


def test_facets_and_timeline(open_sample):
    r = open_sample.search("strike", facets=True, timeline="year")
    assert set(r.facets) == {"source", "author", "tag", "lang", "year"}
    source = r.facets["source"]
    assert all(isinstance(v, str) and isinstance(n, int) for v, n in source.values)
    assert r.timeline.unit == "year"
    periods = [p for p, _ in r.timeline.buckets]
    assert periods == sorted(periods)
    assert sum(n for _, n in r.timeline.buckets) + r.timeline.undated == r.facets_counted


def test_hits_iterates_every_hit_in_pages(open_sample):
    everything = open_sample.search("bank OR strike OR cocoa", limit=1000, passages=0)
    assert len(everything.hits) > 7
    it = open_sample.hits("bank OR strike OR cocoa", page_size=3, passages=0)
    assert iter(it) is it  # a generator: nothing fetched up front
    first = next(it)
    assert first.id == everything.hits[0].id
    rest = list(it)
    assert [h.id for h in [first] + rest] == [h.id for h in everything.hits]
    assert [h.rank for h in [first] + rest] == list(range(1, len(everything.hits) + 1))
    assert [h.score for h in [first] + rest] == [h.score for h in everything.hits]
    with pytest.raises(TypeError):
        next(open_sample.hits("bank", limit=3))


def test_get_like_stats(open_sample, sample_index, sample_articles):
    by_id = {a["id"]: a for a in sample_articles}
    a = open_sample.get("smp-0017")
    assert a.id == "smp-0017" and a.title == by_id["smp-0017"]["title"]
    assert a.body_highlights == [] and a.title_highlights == []
    h = open_sample.get("smp-0017", highlight="cocoa prices")
    assert h.title_highlights and all(h.title[s:e].lower() in ("cocoa", "prices") for s, e in h.title_highlights)
    assert all(h.body[s:e].lower().startswith(("cocoa", "price")) for s, e in h.body_highlights)
    assert open_sample.get("no-such-id") is None
    assert "smp-0017" in open_sample and "no-such-id" not in open_sample
    with pytest.raises(KeyError):
        open_sample["no-such-id"]
    assert open_sample["smp-0017"].to_dict()["id"] == "smp-0017"
    like = open_sample.like("smp-0017", limit=5)
    assert like.hits and "smp-0017" not in [x.id for x in like.hits]
    assert like.summary()["like"] == "smp-0017"
    stats = open_sample.stats()
    cli = json.loads(subprocess.run([INDEX_BIN, "--db", str(sample_index), "--stats", "--json"],
                                    capture_output=True, text=True, check=True).stdout)["data"]
    assert stats == cli
    assert len(open_sample) == stats["articles"]
    assert lede.stats(sample_index) == stats


def test_dates_as_python_values(open_sample):
    import datetime
    a = open_sample.search("bank", since="2023-01-01", until="2023-12-31", limit=50, passages=0)
    b = open_sample.search("bank", since=datetime.date(2023, 1, 1), until=datetime.datetime(2023, 12, 31, 8), limit=50,
                           passages=0)
    c = open_sample.search("bank", since=2023, until=2023, limit=50, passages=0)
    assert [h.id for h in a] == [h.id for h in b] == [h.id for h in c]
    assert all(h.date.startswith("2023") for h in a)


def reuters_queries(jsonl, n):
    # As scripts/bench/batch: 1 to 3 lower-cased headline words of every 20th article.
    out = []
    with open(jsonl, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if len(out) >= n:
                break
            if i % 20:
                continue
            words = [w.lower() for w in re.findall(r"[A-Za-z]+", json.loads(line).get("title", "")) if len(w) >= 3]
            if words:
                out.append(" ".join(words[: len(out) % 3 + 1]))
    return out


def test_reuters_queries_equal_cli(reuters_index, reuters_jsonl):
    queries = reuters_queries(reuters_jsonl, 200)
    assert len(queries) == 200
    lines = []
    for i, q in enumerate(queries):
        line = {"query": q}
        if i % 5 == 1:
            line.update(limit=20, offset=5)
        if i % 7 == 2:
            line.update(sort="newest")
        if i % 11 == 3:
            line.update(facets=True, timeline="month")
        lines.append(line)
    answers = run_batch(reuters_index, lines)
    with lede.Index(reuters_index) as index:
        for line, answer in zip(lines, answers):
            assert "error" not in answer, answer
            options = {k: v for k, v in line.items() if k != "query"}
            r = index.search(line["query"], **options)
            want = [cli_hit_in_str_indices(h, index.get(h["id"]).body) for h in answer["hits"]]
            got = [h.to_dict() for h in r]
            assert [h["id"] for h in got] == [h["id"] for h in want], line
            assert [h["score"] for h in got] == [h["score"] for h in want], line
            assert got == want, line
            summary = {k: v for k, v in r.summary().items() if k != "seconds"}
            assert summary == cli_summary_in_str_indices(answer["summary"]), line
