"""Load the program's content into an empty site: staff, contact details and every page."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from editorial.roles import ensure_editorial_setup
from pages import models as page_models
from pages.settings import ContactSettings
from staff.models import StaffMember

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "program.json"
HOME_FIELDS = (
    "welcome_heading",
    "letter",
    "letter_sign_off",
    "continuity_heading",
    "continuity_body",
    "sections_heading",
)
PAGE_FIELDS = ("title", "slug", "nav_title", "listing_summary", "search_description")


class Command(BaseCommand):
    help = (
        "Create the program's pages, staff records and contact details from pages/content/program.json. "
        "Each part is loaded once, into an empty site; after that it belongs to the editors and is never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=CONTENT_FILE, help="Content file (JSON).")

    def handle(self, *args, **options):
        content = json.loads(options["file"].read_text(encoding="utf-8"))
        with transaction.atomic():
            self.load_staff(content["staff"])
            home = self.load_pages(content["home"], content["sections"], content["staff"])
            self.load_contact(content["contact"], home)
            # Page rights and the approval workflow attach to pages that exist only from now on.
            ensure_editorial_setup()
        call_command("update_index", verbosity=0)

    def say(self, message):
        self.stdout.write(message)

    def load_staff(self, people):
        if StaffMember.objects.exists():
            self.say("Staff records exist already: left as they are.")
            return
        for position, person in enumerate(people):
            fields = {key: value for key, value in person.items() if key != "key"}
            member = StaffMember.objects.create(sort_order=position, **fields)
            member.save_revision().publish()
        self.say(f"Created {len(people)} staff records.")

    def load_pages(self, home_data, sections, people):
        home = page_models.HomePage.objects.first()
        if home:
            self.say("The program pages exist already: left as they are.")
            return home

        # A fresh database has these from Wagtail's migrations; an emptied one may not.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        self.remove_default_welcome_page(root, home_data["slug"])
        home = page_models.HomePage(
            **{field: home_data[field] for field in PAGE_FIELDS + HOME_FIELDS},
            show_in_menus=True,
        )
        staff_by_key = self.staff_by_key(people)
        for key in home_data["signatories"]:
            if key in staff_by_key:
                home.signatories.add(page_models.HomePageSignatory(staff_member=staff_by_key[key]))
        for link in home_data["related_links"]:
            home.related_links.add(page_models.HomePageRelatedLink(**link))
        root.add_child(instance=home)
        home.save_revision().publish()

        site = Site.objects.filter(is_default_site=True).first()
        if site:
            site.root_page = home
            site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
            site.save()
        else:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )

        for section in sections:
            page = self.build_section(section)
            home.add_child(instance=page)
            page.save_revision().publish()
        self.say(f"Created the overview and {len(sections)} section pages.")
        return home

    def remove_default_welcome_page(self, root, slug):
        """Wagtail's first migration adds a bare welcome page; the overview takes its place."""
        for page in root.get_children().filter(slug=slug):
            if page.specific_class is Page and not page.get_children().exists():
                page.delete()

    def staff_by_key(self, people):
        """The staff records named in the content file, by their key there."""
        names = {person["key"]: person["name"] for person in people}
        members = {member.name: member for member in StaffMember.objects.filter(name__in=names.values())}
        return {key: members[name] for key, name in names.items() if name in members}

    def build_section(self, section):
        page_class = getattr(page_models, section["type"])
        fields = dict(section["fields"])
        for name in ("enhanced_items", "clinical_systems"):
            if name in fields:
                fields[name] = [
                    {"type": "item", "value": {"heading": "", "text": "", "link": {}} | item} for item in fields[name]
                ]
        if "other_tracks" in fields:
            fields["other_tracks"] = [{"type": "track", "value": track} for track in fields["other_tracks"]]
        if "application_deadline" in fields:
            eastern = ZoneInfo(settings.TIME_ZONE)
            fields["application_deadline"] = datetime.fromisoformat(fields["application_deadline"]).replace(
                tzinfo=eastern
            )
        page_fields = {field: section[field] for field in PAGE_FIELDS}
        return page_class(**page_fields, **fields, show_in_menus=True)

    def load_contact(self, contact, home):
        site = home.get_site() if home else Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        if ContactSettings.objects.filter(site=site).exists():
            self.say("Contact details exist already: left as they are.")
            return
        ContactSettings.objects.create(site=site, **contact)
        self.say("Created the contact details.")
