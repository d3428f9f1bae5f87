# SPDX-License-Identifier: MIT
# Shared fixtures of the Python module's tests (tests/python/CMakeLists.txt runs them with the
# build's lede package first on PYTHONPATH and the binaries' paths in the environment).
import json
import os
import pathlib
import subprocess

import pytest

import lede

SOURCE_DIR = pathlib.Path(os.environ.get("LEDE_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SEARCH_BIN = os.environ.get("LEDE_SEARCH_BIN", "lede-search")
INDEX_BIN = os.environ.get("LEDE_INDEX_BIN", "lede-index")
TESTDATA_DIR = pathlib.Path(os.environ.get("LEDE_TESTDATA_DIR", "build/testdata"))
SAMPLE = SOURCE_DIR / "corpora" / "sample" / "articles.jsonl"


def run_search(db, *args, check_status=(0, 1)):
    """lede-search --json ARGS on db: (hit data objects, summary data object)."""
    p = subprocess.run([SEARCH_BIN, "--db", str(db), "--no-pager", "--json", *args], capture_output=True,
                       text=True, encoding="utf-8")
    assert p.returncode in check_status, f"lede-search {args}: exit {p.returncode}: {p.stderr}"
    hits, summary = [], None
    for line in p.stdout.splitlines():
        obj = json.loads(line)
        if obj["type"] == "hit":
            hits.append(obj["data"])
        elif obj["type"] == "summary":
            summary = obj["data"]
    return hits, summary


def run_batch(db, lines, *args):
    """lede-search --batch on db with one JSON line per element of lines: the answers."""
    p = subprocess.run([SEARCH_BIN, "--db", str(db), "--batch", *args], capture_output=True, text=True,
                       encoding="utf-8", input="".join(json.dumps(line) + "\n" for line in lines))
    assert p.returncode in (0, 1, 2), p.stderr
    answers = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(answers) == len(lines)
    return answers


def run_index(db, *args):
    p = subprocess.run([INDEX_BIN, "--db", str(db), "--quiet", *args], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """corpora/sample indexed by lede-index."""
    db = tmp_path_factory.mktemp("sample") / "sample.idx"
    run_index(db, str(SAMPLE))
    return db


@pytest.fixture(scope="session")
def sample_articles():
    with open(SAMPLE, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def reuters_index():
    """The Reuters-21578 index of the CTest fixture fixture.reuters_index."""
    db = TESTDATA_DIR / "reuters.idx"
    if not (TESTDATA_DIR / "reuters.idx.complete").exists():
        pytest.fail(f"no Reuters index at {db}: run ctest -R fixture.reuters_index")
    return db


@pytest.fixture(scope="session")
def reuters_jsonl():
    return TESTDATA_DIR / "reuters.jsonl"


def byte_to_index(text, offset):
    """A UTF-8 byte offset into text as a str index, computed independently of the module."""
    return len(text.encode("utf-8")[:offset].decode("utf-8"))


def cli_hit_in_str_indices(hit, body):
    """lede-search's JSON hit with its byte offsets turned into str indices (body: the article's)."""
    out = dict(hit)
    if "title_highlights" in hit:
        out["title_highlights"] = [[byte_to_index(hit["title"], s), byte_to_index(hit["title"], e)]
                                   for s, e in hit["title_highlights"]]
    if "passages" in hit:
        out["passages"] = [
            {
                "text": p["text"],
                "highlights": [[byte_to_index(p["text"], s), byte_to_index(p["text"], e)] for s, e in p["highlights"]],
                "begin": byte_to_index(body, p["begin"]),
                "end": byte_to_index(body, p["end"]),
                "lead": p["lead"],
            }
            for p in hit["passages"]
        ]
    return out


def cli_summary_in_str_indices(summary):
    out = {k: v for k, v in summary.items() if k != "seconds"}
    if "did_you_mean" in out:
        q = summary["query"]
        dym = dict(out["did_you_mean"])
        dym["corrections"] = [dict(c, begin=byte_to_index(q, c["begin"]), end=byte_to_index(q, c["end"]))
                              for c in dym["corrections"]]
        out["did_you_mean"] = dym
    return out


@pytest.fixture
def open_sample(sample_index):
    with lede.Index(sample_index) as index:
        yield index
