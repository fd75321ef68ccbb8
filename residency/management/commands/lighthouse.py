"""Run Lighthouse (mobile) on every public page, served as in production, and print the scores."""

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page, Site

from residency.bench import lighthouse
from residency.bench.driver import BenchError


class Command(BaseCommand):
    help = "Serve the site under gunicorn on 127.0.0.1 and print Lighthouse's four scores, CLS and LCP per page."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8404, help="Loopback port to serve on (default 8404).")

    def handle(self, *args, port, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("No site yet: run `python manage.py load_program_content` first.")
        paths = [page.url for page in Page.objects.live().public().descendant_of(site.root_page, inclusive=True)]
        try:
            self.stdout.write(lighthouse.run([*paths, "/search/"], port=port, out=self.stdout))
        except BenchError as error:
            raise CommandError(str(error)) from error
