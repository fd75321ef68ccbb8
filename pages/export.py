"""The program's facts for the national listing (FREIDA-like fields), as CSV and JSON.

Every value is the one the "at a glance" panel shows (pages.facts.program_facts), so the site,
the structured data and the listing can be kept the same: edit the Apply page, then export.
"""

import csv
import io
import json

from wagtail.models import Site

from .facts import program_facts
from .key_dates import events
from .models import ApplicationProcessPage, HomePage
from .settings import ContactSettings

# (column, the program fact it is), in the order of the national listing's program record.
FIELDS = [
    ("nrmp_program_code", "nrmp_code"),
    ("positions_per_year", "positions"),
    ("application_system", "eras"),
    ("application_open_date", "application_open"),
    ("application_deadline", "deadline"),
    ("first_wave_interview_invitations", "first_invitations"),
    ("interview_period", "interview_period"),
    ("interview_format", "interview_format"),
    ("usmle_comlex_policy", "exam_policy"),
    ("exam_requirements", "exams"),
    ("minimum_scores", "minimum_scores"),
    ("years_since_graduation", "years_since_graduation"),
    ("international_graduates", "international_graduates"),
    ("visa_sponsorship", "visa"),
    ("salary_by_year", "salary"),
    ("benefits", "benefits"),
    ("board_pass_rate", "board_pass_rate"),
    ("other_tracks", "other_tracks"),
    ("graduate_destinations", "graduates"),
]
COLUMNS = ["program_name", *(column for column, _key in FIELDS), "contact_name", "contact_email", "key_dates"]


def program_record(home, apply_page, contact_settings=None) -> dict:
    """{column: value} for every column; a fact the page does not state is ""."""
    facts = {fact.key: fact for fact in program_facts(apply_page, contact_settings)}
    record = {"program_name": home.title if home else ""}
    for column, key in FIELDS:
        record[column] = facts[key].value if key in facts else ""
    contact = facts.get("contact")
    record["contact_name"] = contact.value if contact else ""
    record["contact_email"] = contact.email if contact else ""
    record["key_dates"] = [
        {"kind": key_date.kind, "title": key_date.title, "start": key_date.start.isoformat()}
        for key_date in events(apply_page)
    ]
    return record


def as_json(record: dict) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def as_csv(record: dict) -> str:
    """A header row and the program's row; the key dates as "Title: start; …" in one cell."""
    row = dict(record, key_dates="; ".join(f"{date['title']}: {date['start']}" for date in record["key_dates"]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


FORMATS = {"csv": (as_csv, "text/csv"), "json": (as_json, "application/json")}


def export(home, apply_page, contact_settings, file_format: str) -> tuple[str, str]:
    """(text, content type) of the program record in "csv" or "json"."""
    render, content_type = FORMATS[file_format]
    return render(program_record(home, apply_page, contact_settings)), content_type


def live_pages():
    """The live overview, Apply page and contact details of the default site (for the command)."""
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.live().first()
    apply_page = ApplicationProcessPage.site_queryset().live().first()
    contact = ContactSettings.objects.filter(site=site).first() if site else None
    return home, apply_page, contact
