"""The report cache computes a report missed by several workers at once only once.

Real threads share this process's cache (local memory), and real processes share
Redis; the computation is a real function that takes its time, counted.
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache

from core import report_cache
from core.report_cache import cached, claim_key, report_key

PROJECT = Path(__file__).resolve().parent.parent.parent
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def slow_report(computed: list, seconds: float = 0.3, result: object = "report"):
    def compute():
        computed.append(threading.get_ident())
        time.sleep(seconds)
        return result

    return compute


def at_once(count: int, call) -> list:
    """`call()` in `count` threads started together; their results, in thread order."""
    start = threading.Barrier(count)
    results = [None] * count

    def run(index: int) -> None:
        start.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_workers_missing_the_same_report_at_once_compute_it_once():
    computed = []
    results = at_once(4, lambda: cached("probe", [1], slow_report(computed)))
    assert results == ["report"] * 4
    assert len(computed) == 1
    assert cache.get(claim_key(report_key("probe", [1]))) is None  # the claim is released


def test_different_reports_are_computed_side_by_side():
    computed = []
    started = time.monotonic()
    results = at_once(3, lambda: cached("probe", [uuid.uuid4()], slow_report(computed)))
    assert results == ["report"] * 3 and len(computed) == 3
    assert time.monotonic() - started < 0.85  # not one after another (3 x 0.3 s)


def test_a_holder_that_fails_leaves_the_waiters_to_compute():
    computed = []
    first = threading.Event()

    def compute():
        computed.append(1)
        if len(computed) == 1:
            first.set()
            time.sleep(0.2)
            raise RuntimeError("the holder's computation failed")
        return "computed by a waiter"

    def view():
        try:
            return cached("probe", [2], compute)
        except RuntimeError as error:
            return str(error)

    started = time.monotonic()
    results = at_once(3, view)
    assert sorted(results) == [
        "computed by a waiter",
        "computed by a waiter",
        "the holder's computation failed",
    ]
    # One waiter took the claim over and stored its report; the other read it.
    assert len(computed) == 2
    assert time.monotonic() - started < 2


def test_a_claim_whose_holder_died_delays_a_waiter_only_until_the_wait_runs_out(monkeypatch):
    monkeypatch.setattr(report_cache, "WAIT_SECONDS", 0.5)
    key = report_key("probe", [3])
    cache.add(claim_key(key), True, timeout=60)  # taken by a worker that then died
    computed = []
    started = time.monotonic()
    assert cached("probe", [3], slow_report(computed, seconds=0)) == "report"
    assert 0.3 < time.monotonic() - started < 1.5
    assert computed and cache.get(key) == "report"


def test_a_provisional_report_is_not_stored_and_each_waiter_computes_its_own():
    computed = []
    results = at_once(
        3, lambda: cached("probe", [4], slow_report(computed, 0.1), keep=lambda report: False)
    )
    assert results == ["report"] * 3 and len(computed) == 3
    assert cache.get(report_key("probe", [4])) is None


# One process among several: waits for the agreed moment, then asks for the report.
PROCESS_SCRIPT = """
import sys, time
import django
django.setup()
from core.report_cache import cached
start, counter, name = float(sys.argv[1]), sys.argv[2], sys.argv[3]
def compute():
    with open(counter, "a") as file:
        file.write("computed\\n")
    time.sleep(1)
    return {"rows": [1, 2, 3]}
time.sleep(max(0, start - time.time()))
print(cached(name, [1], compute))
"""


@pytest.mark.slow  # three Django processes
def test_processes_sharing_redis_compute_a_report_once(tmp_path):
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:  # pragma: no cover - the machine's setup
        pytest.fail(f"Redis must answer at {TEST_REDIS_URL} (set TEST_REDIS_URL): {error}")
    name = f"probe-{uuid.uuid4().hex}"
    counter = tmp_path / "computed.txt"
    environment = {
        **os.environ,
        "REDIS_URL": TEST_REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    start = time.time() + 15  # after every process has started Django
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", PROCESS_SCRIPT, str(start), str(counter), name],
            cwd=PROJECT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        outputs = [process.communicate(timeout=120) for process in processes]
        for process, (_, errors) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, errors
        # The last line: what the report was (logging may print before it).
        assert [out.splitlines()[-1] for out, _ in outputs] == ["{'rows': [1, 2, 3]}"] * 3
        assert counter.read_text().splitlines() == ["computed"]
    finally:
        for key in client.scan_iter(match=f"*{name}*"):
            client.delete(key)
