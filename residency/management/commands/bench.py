"""Measure every public page: response time, database queries, response size and memory."""

import logging
import resource
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from wagtail.models import Page, Site


class Command(BaseCommand):
    help = "Request each live page repeatedly through Django's test client and print timings, queries and memory."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Requests per page (default 50).")

    def handle(self, *args, requests, **options):
        # Measure what visitors get: production error pages, no debug toolbar of any kind, no 404 log lines.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"]):
            self.measure(requests)

    def measure(self, requests):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("No site yet: run `python manage.py load_program_content` first.")
        paths = [page.url for page in Page.objects.live().descendant_of(site.root_page, inclusive=True)]
        paths.append("/no-such-page/")
        client = Client(HTTP_HOST="127.0.0.1")

        self.stdout.write(f"{'path':32} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KiB':>6}")
        for path in paths:
            client.get(path)  # warm up templates and caches
            timings = []
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
            self.stdout.write(
                f"{path:32} {response.status_code:>6} {statistics.median(timings):>10.1f} {p95:>8.1f} "
                f"{len(queries):>8} {len(response.content) / 1024:>6.1f}"
            )
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"peak memory (RSS) of this process: {peak_mib:.0f} MiB")
