"""Benchmark the public pages under gunicorn with wrk, beside a plain Django view and nginx as yardsticks."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from residency.bench.cluster import ClusterBench
from residency.bench.driver import PAGES, Bench, BenchError


class Command(BaseCommand):
    help = (
        "Serve the site under gunicorn (production settings) on 127.0.0.1, measure the overview, directory and "
        "Apply pages with wrk, cached and on a page-cache miss, and print them against a plain Django view and nginx."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8400, help="First of four loopback ports (default 8400).")
        parser.add_argument("--duration", type=int, default=5, help="Seconds of wrk per measurement (default 5).")
        parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16).")
        parser.add_argument(
            "--cluster",
            action="store_true",
            help="Through the whole production stack (deploy/cluster.py, started and stopped for the run; "
            "CLUSTER_PORT, default 8500) against nginx static on --port, then the stack's capacity.",
        )

    def handle(self, *args, port, duration, connections, cluster, **options):
        try:
            if cluster:
                bench = ClusterBench(port=port, duration=duration, connections=connections, out=self.stdout)
                self.stdout.write(bench.run())
            else:
                bench = Bench(port=port, duration=duration, connections=connections, out=self.stdout)
                self.stdout.write(bench.run(count_queries=count_render_queries))
        except BenchError as error:
            raise CommandError(str(error)) from error


def count_render_queries():
    """SQL queries per page on a render in steady state (second request, page cache off), through the test client."""
    logging.getLogger("django.request").setLevel(logging.ERROR)
    counts = {}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"], PAGE_CACHE_SECONDS=0):
        client = Client(HTTP_HOST="127.0.0.1")
        for _label, path in PAGES:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts[path] = len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"
    return counts
