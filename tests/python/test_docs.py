# SPDX-License-Identifier: MIT
# docs/python.md's session runs as written: its ```pycon blocks are one doctest, on the sample
# index named news.idx as in the README's tutorial; the pandas block runs when pandas is installed.
import doctest
import os
import re
import shutil

import pytest

from conftest import SOURCE_DIR

DOC = SOURCE_DIR / "docs" / "python.md"


def blocks(kind):
    return re.findall(r"^```" + kind + r"\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.S | re.M)


@pytest.fixture
def tutorial_dir(tmp_path, sample_index, monkeypatch):
    shutil.copytree(sample_index, tmp_path / "news.idx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_session_runs_as_written(tutorial_dir):
    text = "\n".join(blocks("pycon"))
    assert text.count(">>>") > 20
    globs = {}
    test = doctest.DocTestParser().get_doctest(text, globs, "docs/python.md", str(DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} of {runner.tries} examples of docs/python.md failed (output above)"
    pandas_blocks = [b for b in blocks("python") if "import pandas" in b]
    assert len(pandas_blocks) == 1
    try:
        import pandas  # noqa: F401
    except ImportError:
        return
    exec(compile(pandas_blocks[0].replace("by_year.plot.bar()", "by_year"), "docs/python.md", "exec"), globs)
    assert int(globs["by_year"]["articles"].sum()) > 0


def test_threads_example_runs(tutorial_dir):
    code = next(b for b in blocks("python") if "ThreadPoolExecutor" in b)
    globs = {"lede": __import__("lede"), "queries": ["cocoa", "strike", "bank", "flood"] * 5}
    exec(compile(code, "docs/python.md", "exec"), globs)
    assert len(globs["results"]) == 20 and globs["results"][0]
    assert os.path.isdir("news.idx")


def test_stubs_match_the_extension():
    # Every class, method and attribute of lede._lede is in its stub file, and the other way round.
    import ast
    import pathlib

    import lede
    from lede import _lede

    stub = pathlib.Path(_lede.__file__).with_name("_lede.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    stubbed = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign):
                    names.add(item.target.id)
            stubbed[node.name] = names
        elif isinstance(node, ast.FunctionDef):
            stubbed[node.name] = None
    real = {n: getattr(_lede, n) for n in dir(_lede) if not n.startswith("_") and n != "version"}
    assert set(stubbed) == set(real)
    for name, members in stubbed.items():
        if members is None:
            continue
        cls = real[name]
        public = {m for m in vars(cls) if not m.startswith("_")}
        dunder = {m for m in members if m.startswith("__") and m != "__init__"}
        assert public == {m for m in members if not m.startswith("_")}, name
        assert all(hasattr(cls, m) for m in dunder), name
    # The package re-exports the result classes it documents.
    for name in ("Results", "Hit", "Passage", "Article", "Counts", "Suggestion", "Correction", "Facet", "Timeline",
                 "WriteReport"):
        assert getattr(lede, name) is real[name]
