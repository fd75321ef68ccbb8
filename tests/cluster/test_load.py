"""Visitors keep being served while an instance stops or Redis restarts (a bounded load through the stack)."""

import itertools
import os
import signal
import threading
import time

from .stack import EDGE, INSTANCE_A, cluster_driver, request


class Load:
    """A few visitors, each asking in turn for a cached page and for a search the app itself answers."""

    def __init__(self, visitors=3):
        self.stopping = threading.Event()
        self.counter = itertools.count()
        self.results = []
        self.threads = [threading.Thread(target=self.visit) for _ in range(visitors)]

    def visit(self):
        while not self.stopping.is_set():
            number = next(self.counter)
            path = "/" if number % 2 else f"/search/?q=residency{time.time_ns()}{number}"
            try:
                status = request(EDGE, path, timeout=20).status
            except OSError as error:
                status = repr(error)
            self.results.append((time.monotonic(), path, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def failures(self):
        return [(path, status) for _, path, status in self.results if status != 200]

    def app_answers_after(self, moment):
        return [r for r in self.results if r[0] > moment and r[1].startswith("/search/") and r[2] == 200]


def test_stopping_an_instance_during_load_fails_no_visitor(cluster):
    pid = cluster.read_pid(f"app-{INSTANCE_A}")
    with Load() as load:
        time.sleep(1.5)
        os.kill(pid, signal.SIGTERM)
        assert cluster_driver.wait_gone(pid, timeout=40)
        stopped = time.monotonic()
        time.sleep(2)

    assert not cluster_driver.port_open(INSTANCE_A)
    cluster.start_instance(INSTANCE_A)
    assert load.failures() == []
    # The app kept answering (through instance B) after instance A had gone.
    assert len(load.app_answers_after(stopped)) >= 5


def test_restarting_redis_during_load_fails_no_visitor(cluster):
    """Needs the cache that reads an unreachable Redis as a miss (residency.cache)."""
    pid = cluster.read_pid("redis")
    with Load() as load:
        time.sleep(1.5)
        os.kill(pid, signal.SIGTERM)
        assert cluster_driver.wait_gone(pid, timeout=20)
        down = time.monotonic()
        time.sleep(1)
        cluster.start_redis()
        time.sleep(1.5)

    # Each worker leaves Redis alone for a few seconds after a failure (residency.cache); the tests after this
    # one count on the shared cache (sessions, the throttle) again.
    time.sleep(6)
    assert cluster.alive("redis")
    assert load.failures() == []
    assert len(load.app_answers_after(down)) >= 5
