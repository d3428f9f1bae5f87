# SPDX-License-Identifier: MIT
# lede.Writer round trips: what is written from dicts is read back by lede.Index and by lede-search.
import datetime

import pytest

import lede
from conftest import run_search

ARTICLES = [
    {"id": "w1", "title": "Harbour strike ends after talks", "body": "Dock workers voted to return on Monday.",
     "date": "2024-03-01", "source": "Test Wire", "author": "A. Writer", "url": "https://example.com/w1",
     "lang": "en", "tags": ["strike", "port"]},
    {"id": "w2", "title": "Müller übernimmt den Vorsitz", "body": "Die Gewerkschaft wählte Müller in Köln.",
     "date": datetime.date(2024, 3, 2), "source": "Testblatt", "lang": "de", "tags": []},
    {"id": "w3", "title": "北京地铁延长运营时间", "body": "北京地铁宣布延长运营时间。", "date": "2024-03-03"},
]


def test_round_trip(tmp_path):
    db = tmp_path / "w.idx"
    with lede.Writer(db) as w:
        for a in ARTICLES:
            w.add(a)
        report = w.commit()
        assert (report.added, report.updated, report.unchanged, report.deleted) == (3, 0, 0, 0)
        assert report.documents == 3
    with lede.Index(db) as index:
        assert len(index) == 3
        for a in ARTICLES:
            got = index.get(a["id"])
            assert got is not None
            d = got.to_dict()
            for key in ("id", "title", "body", "source", "author", "url"):
                assert d[key] == a.get(key, "")
            assert d["tags"] == a.get("tags", [])
            assert d["date"] == str(a["date"])
        assert index.get("w3").lang == "zh"  # detected when not given
        assert [h.id for h in index.search("müller")] == ["w2"]
        assert [h.id for h in index.search("北京")] == ["w3"]
    # lede-search reads what the module wrote.
    hits, summary = run_search(db, "strike")
    assert [h["id"] for h in hits] == ["w1"]


def test_replace_unchanged_delete(tmp_path):
    db = tmp_path / "w.idx"
    with lede.Writer(db) as w:
        w.add_many(ARTICLES)
    with lede.Writer(db) as w:
        w.add(ARTICLES[0])                                        # identical: nothing written
        w.replace(ARTICLES[1], title="Schmidt übernimmt den Vorsitz")  # same id, changed
        w.add(id="w4", title="A fourth one", body="Flood warnings along the river.")
        assert w.delete("w3") is True
        assert w.delete("nope") is False
        r = w.commit()
        assert (r.added, r.updated, r.unchanged, r.deleted) == (1, 1, 1, 1)
        assert r.documents == 3
        assert w.report.to_dict() == r.to_dict()
    with lede.Index(db) as index:
        assert index.get("w3") is None
        assert index.get("w2").title == "Schmidt übernimmt den Vorsitz"
        assert [h.id for h in index.search("schmidt")] == ["w2"]
        assert [h.id for h in index.search("müller")] == ["w2"]  # still in its body
        assert [h.id for h in index.search("flood")] == ["w4"]


def test_index_sees_commits_after_reopen(tmp_path):
    db = tmp_path / "w.idx"
    with lede.Writer(db) as w:
        w.add(ARTICLES[0])
    with lede.Index(db) as index, lede.Writer(db) as w:
        assert len(index) == 1
        w.add(ARTICLES[1])
        w.commit()
        assert len(index) == 1
        index.reopen()
        assert len(index) == 2


def test_context_manager_commits_on_exception(tmp_path):
    db = tmp_path / "w.idx"
    with pytest.raises(RuntimeError):
        with lede.Writer(db) as w:
            w.add(ARTICLES[0])
            raise RuntimeError("the script failed")
    assert w.closed
    with lede.Index(db) as index:
        assert len(index) == 1  # documented: the block is not a transaction


def test_bad_articles(tmp_path):
    with lede.Writer(tmp_path / "w.idx") as w:
        with pytest.raises(lede.UsageError, match="no id"):
            w.add({"title": "no id"})
        with pytest.raises(lede.UsageError, match="neither title nor body"):
            w.add({"id": "x"})
        with pytest.raises(lede.UsageError, match="unknown article key 'headline'"):
            w.add({"id": "x", "headline": "typo"})
        with pytest.raises(TypeError):
            w.add({"id": "x", "title": "t", "tags": "one string"})
        with pytest.raises(TypeError):
            w.add({"id": 5, "title": "t"})
        with pytest.raises(TypeError):
            w.add(["not", "a", "dict"])
        w.add({"id": "ok", "title": "Fine", "date": "not a date"})
        r = w.commit()
        assert r.added == 1 and r.warnings and r.warnings[0].startswith("ok: ")
    with pytest.raises(lede.UsageError, match="closed"):
        w.add({"id": "late", "title": "after close"})


def test_second_writer_is_refused_while_locked(tmp_path):
    db = tmp_path / "w.idx"
    with lede.Writer(db):
        with pytest.raises(lede.IndexAccessError) as e:
            lede.Writer(db, wait=0)
        assert e.value.kind == "index"
    lede.Writer(db, wait=0).close()  # free again
