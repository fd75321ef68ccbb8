"""Load the public pages through the production stack while an editor publishes; fail on errors or stale pages."""

import os

from django.core.management.base import BaseCommand, CommandError

from residency.bench.driver import BenchError
from residency.bench.loadtest import LoadTest


class Command(BaseCommand):
    help = (
        "wrk across the public pages through make cluster's stack (started and stopped for the run unless it is "
        "running) while an editor publishes through the admin every few seconds; reports requests, req/s, errors, "
        "p50/p99 latency, publishes and stale pages, and fails when there are errors or stale pages."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds",
            type=int,
            default=int(os.environ.get("LOADTEST_SECONDS") or 60),
            help="Seconds of load (default LOADTEST_SECONDS or 60).",
        )
        parser.add_argument(
            "--publish-every",
            type=float,
            default=float(os.environ.get("LOADTEST_PUBLISH_EVERY") or 5),
            help="Seconds between the editor's publishes (default LOADTEST_PUBLISH_EVERY or 5).",
        )
        parser.add_argument(
            "--connections",
            type=int,
            default=int(os.environ.get("LOADTEST_CONNECTIONS") or 64),
            help="wrk connections (default LOADTEST_CONNECTIONS or 64: enough to keep this machine's cores busy).",
        )

    def handle(self, *args, seconds, publish_every, connections, **options):
        test = LoadTest(seconds=seconds, publish_every=publish_every, connections=connections, out=self.stdout)
        try:
            report, passed = test.run()
        except BenchError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report)
        if not passed:
            raise CommandError("The load test found errors or stale pages.")
