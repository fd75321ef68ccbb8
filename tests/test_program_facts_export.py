"""One source of truth: the program-facts export carries exactly what the public pages show."""

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

import pytest

from pages.export import COLUMNS
from tests.conftest import client_for, facts_panel, season_dates, set_eligibility, set_every_fact

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
# The panel's label of each exported fact.
LABELS = {
    "nrmp_program_code": "NRMP program code",
    "positions_per_year": "Positions per year",
    "application_system": "Application system",
    "application_open_date": "Applications open",
    "application_deadline": "Application deadline",
    "first_wave_interview_invitations": "First-wave interview invitations",
    "interview_period": "Interview period",
    "interview_format": "Interview format",
    "usmle_comlex_policy": "USMLE/COMLEX",
    "exam_requirements": "Exam requirements",
    "minimum_scores": "Minimum scores",
    "years_since_graduation": "Years since graduation",
    "international_graduates": "International graduates",
    "visa_sponsorship": "Visa sponsorship",
    "salary_by_year": "Salary by year",
    "benefits": "Benefits",
    "board_pass_rate": "Board pass rate",
    "other_tracks": "Other tracks",
    "graduate_destinations": "Where recent graduates went",
}


def command(file_format):
    out = io.StringIO()
    call_command("export_program_facts", "--format", file_format, stdout=out)
    return out.getvalue()


def panel_values(client):
    """{label: value} as the Apply page's panel shows them: list items apart, the deadline's own time."""
    values = {}
    for item in facts_panel(client, "/apply/").find("dl").find_all("div", recursive=False):
        dd = item.find("dd")
        label = item.find("dt").get_text(strip=True)
        if dd.find("ul"):
            values[label] = "; ".join(li.get_text(strip=True) for li in dd.find_all("li"))
        elif dd.find("time"):
            values[label] = dd.find("time").get_text(strip=True)
        else:
            for extra in dd.select(".facts__note, .badge, a"):
                extra.extract()
            values[label] = " ".join(dd.get_text(" ").split())
    return values


@pytest.fixture
def every_fact(apply_page, staff):
    set_every_fact(apply_page, staff)
    set_eligibility(apply_page)
    apply_page.application_deadline = datetime(2031, 9, 26, 23, 59, tzinfo=EASTERN)
    apply_page.save_revision().publish()
    season_dates(apply_page)
    return apply_page


def test_the_export_holds_the_values_the_apply_page_shows(client, every_fact):
    record = json.loads(command("json"))
    panel = panel_values(client)

    exported = {LABELS[column]: record[column] for column in LABELS}
    exported["Application contact"] = record["contact_name"]
    assert exported == panel
    assert len(panel) == 20  # every fact is set: none compared away
    email = facts_panel(client, "/apply/").find("a", class_="email-link")["href"]
    assert email == f"mailto:{record['contact_email']}"
    assert record["program_name"] == "Primary Care Program"
    assert [date["kind"] for date in record["key_dates"]] == ["first_invitations", "interviews", "match_day"]


def test_csv_and_json_carry_the_same_values(every_fact):
    record = json.loads(command("json"))
    (row,) = list(csv.DictReader(io.StringIO(command("csv"))))

    assert list(row) == COLUMNS
    assert {column: row[column] for column in COLUMNS if column != "key_dates"} == {
        column: record[column] for column in COLUMNS if column != "key_dates"
    }
    assert row["key_dates"] == (
        "First-wave interview invitations: 2031-10-14T09:00:00-04:00; "
        "Virtual interview days: 2031-11-03T08:00:00-05:00; Match Day: 2032-03-19T12:00:00-04:00"
    )


def test_unset_facts_are_exported_empty_never_invented(site):
    record = json.loads(command("json"))

    assert record["nrmp_program_code"] == "1261140M0"  # control: the seed states it
    for column in ("visa_sponsorship", "minimum_scores", "international_graduates", "positions_per_year"):
        assert record[column] == ""


def test_unpublished_changes_are_not_exported(apply_page):
    apply_page.visa_sponsorship = "h1b"
    apply_page.save_revision()

    assert json.loads(command("json"))["visa_sponsorship"] == ""


def test_the_command_refuses_an_unknown_format(site):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        command("xml")


@pytest.mark.parametrize("role", ["program_manager", "director"])
def test_program_manager_and_director_download_the_export(request, every_fact, role):
    client = client_for(request.getfixturevalue(role))

    response = client.get("/admin/program-facts/csv/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="program-facts.csv"'
    assert response.content.decode() == command("csv")
    json_response = client.get("/admin/program-facts/json/")
    assert json.loads(json_response.content) == json.loads(command("json"))
    assert "/admin/program-facts/csv/" in client.get("/admin/").content.decode()


def test_other_admin_users_are_refused_the_export(django_user_model, site, program_manager):
    other = django_user_model.objects.create_user("helper", "helper@example.org", "a-long-test-password")
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(other)

    assert client.get("/admin/").status_code == 200  # control: they reach the admin
    response = client.get("/admin/program-facts/csv/")

    assert response.status_code in (302, 403)
    assert "nrmp_program_code" not in response.content.decode()
    assert "/admin/program-facts/csv/" not in client.get("/admin/").content.decode()


def test_an_unknown_download_format_is_not_found(pm_client, site):
    assert pm_client.get("/admin/program-facts/xml/").status_code == 404
