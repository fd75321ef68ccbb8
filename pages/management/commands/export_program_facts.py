"""Write the program's facts in the national listing's fields, as the public pages show them."""

from django.core.management.base import BaseCommand, CommandError

from pages.export import FORMATS, export, live_pages


class Command(BaseCommand):
    help = (
        "Print the live Apply page's program facts (NRMP code, dates, eligibility, visa, salary…) as CSV or JSON, "
        "with the same values the site shows, to copy into the national listing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="json", help="csv or json (default).")

    def handle(self, *args, **options):
        home, apply_page, contact = live_pages()
        if apply_page is None:
            raise CommandError("There is no live Apply page to export.")
        text, _content_type = export(home, apply_page, contact, options["format"])
        self.stdout.write(text, ending="")
