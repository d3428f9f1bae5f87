# SPDX-License-Identifier: MIT
# Every kind of the C++ API's Error arrives as its lede.Error subclass.
import shutil
import subprocess

import pytest

import lede
from conftest import run_batch


def test_hierarchy():
    for cls, kind in [(lede.UsageError, "usage"), (lede.QueryError, "query"), (lede.IndexAccessError, "index"),
                      (lede.SchemaError, "schema"), (lede.InternalError, "internal")]:
        assert issubclass(cls, lede.Error) and cls.kind == kind
    assert issubclass(lede.UsageError, ValueError) and issubclass(lede.QueryError, ValueError)
    assert not issubclass(lede.IndexAccessError, ValueError)


def test_missing_index(tmp_path):
    with pytest.raises(lede.IndexAccessError, match="does not exist") as e:
        lede.Index(tmp_path / "nothing.idx")
    assert e.value.kind == "index" and e.value.position is None


def test_not_an_index(tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "file.txt").write_text("hello")
    with pytest.raises(lede.IndexAccessError):
        lede.Index(tmp_path / "junk")


def test_schema_mismatch(tmp_path, sample_index):
    if not shutil.which("xapian-metadata"):
        pytest.skip("xapian-metadata (xapian-tools) not installed")
    db = tmp_path / "old.idx"
    shutil.copytree(sample_index, db)
    subprocess.run(["xapian-metadata", "set", str(db), "lede:schema", "999"], check=True)
    with pytest.raises(lede.SchemaError, match="schema version 999"):
        lede.Index(db)
    with pytest.raises(lede.SchemaError):
        lede.Writer(db)


def test_corrupt_index(tmp_path, sample_index):
    db = tmp_path / "bad.idx"
    shutil.copytree(sample_index, db)
    for table in db.glob("*.glass"):
        with open(table, "r+b") as f:
            f.seek(0)
            f.write(b"\xff" * 4096)
    with pytest.raises(lede.Error) as e:
        with lede.Index(db) as index:
            index.search("cocoa")
    assert type(e.value) in (lede.InternalError, lede.IndexAccessError)


@pytest.mark.parametrize("query", ['"central bank', 'cocoa AND', 'Müller "北京 bank', '((cocoa)', 'cocoa)', 'Ünïcode date:2020-99', 'NOT'])
def test_query_error_positions(open_sample, sample_index, query):
    answer = run_batch(sample_index, [{"query": query}])[0]
    if "error" not in answer:
        pytest.skip(f"lede-search accepts {query!r}")
    with pytest.raises(lede.QueryError) as e:
        open_sample.search(query)
    err = e.value
    assert err.kind == "query"
    # lede-search adds "bad query at position N: " (N counted in bytes from 1) before the API's message.
    assert answer["error"] == f"bad query at position {answer['position'] + 1}: {err}"
    assert err.byte_position == answer["position"]
    assert err.position == len(query.encode()[: answer["position"]].decode())


def test_usage_errors(open_sample):
    bad = [dict(sort="sideways"), dict(since="2020-13-45"), dict(until="tomorrow"), dict(fields="id,nope"),
           dict(limit=-1), dict(offset=-5), dict(passages=-1), dict(timeline="week"), dict(passage_width=5),
           dict(like="no-such-article")]
    for options in bad:
        with pytest.raises(lede.UsageError):
            open_sample.search("cocoa", **options)
    with pytest.raises(TypeError):
        open_sample.search(42)
    with pytest.raises(TypeError):
        open_sample.search("cocoa", limit="10")


def test_closed_index(sample_index):
    index = lede.Index(sample_index)
    index.close()
    index.close()
    assert index.closed
    for call in (lambda: index.search("cocoa"), lambda: index.get("smp-0001"), lambda: len(index), index.stats):
        with pytest.raises(lede.UsageError, match="closed"):
            call()


def test_hostile_text(open_sample, tmp_path):
    with pytest.raises(lede.UsageError, match="not valid Unicode"):
        open_sample.search("cocoa \ud800")
    with pytest.raises(lede.UsageError, match="not valid Unicode"):
        open_sample.get("\udcff")
    assert len(open_sample.search("coc\0oa \x1b[31m")) == 0
    with pytest.raises(lede.QueryError, match="nested"):
        open_sample.search("(" * 1000)
    # Lone surrogates and control characters in articles are replaced, with a warning, as
    # lede-index does for invalid UTF-8 in its input.
    with lede.Writer(tmp_path / "h.idx") as w:
        w.add({"id": "s1", "title": "bad \udcff byte", "body": "a \x1b[31m b"})
        report = w.commit()
    assert report.added == 1 and any(x.startswith("s1: ") for x in report.warnings)
    with lede.Index(tmp_path / "h.idx") as index:
        a = index.get("s1")
        assert a.title == "bad \ufffd byte" or "\ufffd" in a.title
        assert "\x1b" not in a.body
