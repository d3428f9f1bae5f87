# SPDX-License-Identifier: MIT
# Threads: searches in threads give the serial results, and the GIL is released while the engine
# works (shown without timing thresholds: with a switch interval of minutes, a thread holding the
# GIL never lets another run, so the main thread can run during a search only if the search
# released it).
import sys
import threading
import time

import pytest

import lede

QUERIES = ["cocoa", "strike", "central bank", "flood", "Müller", "北京", "election turnout", "harvest", "rail strike",
           "bank OR strike", "title:cocoa", "date:2023"]


def serial(index):
    return {q: [(h.id, h.score, [p.text for p in h.passages]) for h in index.search(q, limit=20)] for q in QUERIES}


def test_threads_with_an_index_each_match_serial(sample_index):
    with lede.Index(sample_index) as index:
        want = serial(index)
    got, errors = [], []

    def work():
        try:
            with lede.Index(sample_index) as own:
                for _ in range(5):
                    got.append(serial(own))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(got) == 20 and all(g == want for g in got)


def test_threads_sharing_one_index_take_turns(open_sample):
    want = serial(open_sample)
    got, errors = [], []

    def work():
        try:
            for _ in range(5):
                got.append(serial(open_sample))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(got) == 20 and all(g == want for g in got)


def heavy_search(index):
    # Every match counted, faceted and bucketed by day: long enough to be caught in the middle.
    return index.search("said OR the OR and OR pct OR year OR company OR market", exact_count=True, facets=True,
                        timeline="day", passages=0, limit=50)


def main_runs_during(call):
    """True when the main thread ran Python code while `call` was running in another thread."""
    state = {"in_call": False, "done": False}
    seen_inside = []

    def worker():
        state["in_call"] = True
        call()
        state["in_call"] = False
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(300)  # no forced GIL hand-over: only a thread that releases it lets another run
    try:
        t = threading.Thread(target=worker)
        t.start()  # the main thread waits here until the worker has started, then needs the GIL back
        for _ in range(200_000):
            if state["done"]:
                break
            if state["in_call"]:
                seen_inside.append(True)
                break
        t.join()
    finally:
        sys.setswitchinterval(old)
    return bool(seen_inside)


def test_gil_released_during_search(reuters_index):
    with lede.Index(reuters_index) as index:
        t0 = time.perf_counter()
        heavy_search(index)
        assert time.perf_counter() - t0 > 0.005, "the heavy search is too quick to be caught running"
        # A thread that held the GIL through the search would never let the main thread in; one
        # that releases it does, unless the machine does not schedule the main thread at all for
        # the whole search: three tries.
        assert any(main_runs_during(lambda: heavy_search(index)) for _ in range(3))


def test_gil_held_is_detected():
    # The probe itself: a call that holds the GIL (pure Python, no blocking) is never seen running.
    def busy():
        x = 0
        for i in range(2_000_000):
            x += i
    assert not main_runs_during(busy)


def test_gil_released_while_writer_waits_for_the_lock(tmp_path):
    db = tmp_path / "w.idx"
    first = lede.Writer(db)
    first.add(id="a", title="first writer")
    result = {}

    def second():
        try:
            with lede.Writer(db, wait=30) as w:  # waits in C++ for the first writer's lock
                w.add(id="b", title="second writer")
            result["ok"] = True
        except lede.Error as e:
            result["error"] = e

    t = threading.Thread(target=second)
    t.start()
    time.sleep(0.3)
    started = time.perf_counter()
    first.close()  # needs the GIL: had the waiting writer kept it, this would wait for its 30 s timeout
    t.join()
    assert result == {"ok": True}
    assert time.perf_counter() - started < 15
    with lede.Index(db) as index:
        assert len(index) == 2


def test_many_threads_search_reuters(reuters_index):
    # Each thread its own Index: all finish, with the same results as one thread.
    with lede.Index(reuters_index) as index:
        want = [h.id for h in index.search("oil prices", limit=30)]
    out = []

    def work():
        with lede.Index(reuters_index) as own:
            for _ in range(10):
                out.append([h.id for h in own.search("oil prices", limit=30)])

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [want] * 30


@pytest.mark.parametrize("n", [2])
def test_writer_in_thread_and_search_in_another(tmp_path, n):
    db = tmp_path / "w.idx"
    with lede.Writer(db) as w:
        w.add(id="seed", title="seed article", body="the seed")
    errors = []

    def write():
        try:
            with lede.Writer(db) as w:
                w.add_many({"id": f"t{i}", "title": f"threaded article {i}", "body": "flood warnings"} for i in range(300))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    def read():
        try:
            with lede.Index(db) as index:
                for _ in range(50):
                    index.reopen()
                    index.search("flood")
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with lede.Index(db) as index:
        assert index.count("flood", exact_count=True) == 300
