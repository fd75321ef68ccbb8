"""Load the program's content into an empty site: staff, contact details and every page."""

import json
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from pages import models as page_models
from pages.settings import ContactSettings
from staff.models import StaffMember

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "program.json"


def field_value(model, name, value):
    """The JSON value as the model field holds it: a related record is named by its fields."""
    field = model._meta.get_field(name)
    if field.is_relation and isinstance(value, dict):
        return field.related_model.objects.get(**value)
    return field.to_python(value)


def build(model, fields):
    """An unsaved `model` with `fields`; a list under a child relation's name becomes its items."""
    instance = model()
    for name, value in fields.items():
        field = model._meta.get_field(name)
        if field.one_to_many:  # the page's inline items, e.g. the overview's signatories
            getattr(instance, name).add(*(build(field.related_model, item) for item in value))
        else:
            setattr(instance, name, field_value(model, name, value))
    return instance


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
            home = self.load_pages(content["pages"])
            self.load_contact(content["contact"], home)
        call_command("update_index", verbosity=0)
        # "Usage" in the admin, and the check before deleting a page or a staff record, read this index.
        call_command("rebuild_references_index", verbosity=0, stdout=StringIO())

    def say(self, message):
        self.stdout.write(message)

    def load_staff(self, people):
        if StaffMember.objects.exists():
            self.say("Staff records exist already: left as they are.")
            return
        for position, person in enumerate(people):
            member = StaffMember.objects.create(sort_order=position, **person)
            member.save_revision().publish()
        self.say(f"Created {len(people)} staff records.")

    def load_pages(self, tree):
        home = page_models.HomePage.objects.first()
        if home:
            self.say("The program pages exist already: left as they are.")
            return home

        # A fresh database has these from Wagtail's migrations; an emptied one may not.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        (home_data,) = tree
        self.remove_default_welcome_page(root, home_data["fields"]["slug"])
        home = self.add_page(root, home_data)

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
        self.say(f"Created the overview and {len(home_data.get('children', []))} section pages.")
        return home

    def add_page(self, parent, data):
        """Create and publish the page `data` describes under `parent`, then its children."""
        page = build(apps.get_model("pages", data["type"]), data["fields"])
        parent.add_child(instance=page)
        page.save_revision().publish()
        for child in data.get("children", []):
            self.add_page(page, child)
        return page

    def remove_default_welcome_page(self, root, slug):
        """Wagtail's first migration adds a bare welcome page; the overview takes its place."""
        for page in root.get_children().filter(slug=slug):
            if page.specific_class is Page and not page.get_children().exists():
                page.delete()

    def load_contact(self, contact, home):
        site = home.get_site() if home else Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        if ContactSettings.objects.filter(site=site).exists():
            self.say("Contact details exist already: left as they are.")
            return
        ContactSettings.objects.create(site=site, **contact)
        self.say("Created the contact details.")
