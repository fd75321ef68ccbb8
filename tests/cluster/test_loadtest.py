"""make loadtest, short: the public pages under wrk through the stack while an editor publishes three times."""

import io

from residency.bench.loadtest import EDITED_SHOWN_ON, LoadTest


def test_every_publish_under_load_is_served_at_once_and_no_request_fails(cluster, cluster_env):
    out = io.StringIO()
    test = LoadTest(seconds=15, publish_every=2, connections=16, environ=cluster_env, out=out, most=3)

    report, passed = test.run()

    assert test.failures == [], report
    assert len(test.publishes) == 3, report
    assert test.stale == [], report
    assert test.result.errors == 0, report
    assert passed, report
    # Each publish was checked on every page its text shows on, and wrk did load the stack.
    assert all(publish.stale == [] for publish in test.publishes)
    assert EDITED_SHOWN_ON == ("/load-check/", "/")
    assert test.result.requests_per_second > 0
    # The stack was running before (the fixture's): the run leaves it running.
    assert cluster.alive("nginx")
