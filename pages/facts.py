"""The program's facts in the shape applicants compare across programs, built from the Apply page.

Each fact is edited once, on the Apply page, and read from here by the "at a glance" panel, the
JSON-LD, the API and the national-listing export (pages.export). Facts an editor has not set are
left out, never shown as blanks. Data flows one way: the page's fields in, facts out; nothing here
asks the page for more.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.defaultfilters import pluralize
from django.utils import dateformat, timezone

# The program runs on Boston time (settings.TIME_ZONE): editors enter times in it, pages show them in it.
EASTERN = ZoneInfo(settings.TIME_ZONE)

# How long before the deadline the site says applications are closing soon.
CLOSING_SOON = timedelta(days=14)
# The deadline's states and how every page and the dashboard word them.
DEADLINE_STATES = {"open": "Applications open", "closing": "Closing soon", "passed": "Deadline passed"}

# The letter in an NRMP program code (e.g. 1261140M0) names the kind of position it offers.
NRMP_TRACK_TYPES = {
    "C": "categorical",
    "M": "primary care categorical",
    "P": "preliminary",
    "A": "advanced",
    "R": "reserved for physicians",
}

# The same letters as applicants say them when they build their rank order list.
NRMP_TRACK_NAMES = {
    "C": "Categorical track",
    "M": "Primary Care track (categorical)",
    "P": "Preliminary (one-year) track",
    "A": "Advanced track, starting in the second postgraduate year",
    "R": "Track reserved for physicians with prior graduate medical training",
}


# The facts that say who may apply: the Apply page's eligibility section and the JSON-LD's prerequisites.
ELIGIBILITY = ("exam_policy", "exams", "minimum_scores", "years_since_graduation", "international_graduates", "visa")


class Fact(NamedTuple):
    """One fact: its label and plain-text value, with what the panel needs to show it well."""

    key: str
    label: str
    value: str
    items: tuple = ()
    note: str = ""
    datetime: str = ""
    email: str = ""
    state: str = ""

    @property
    def state_label(self) -> str:
        return DEADLINE_STATES.get(self.state, "")


def deadline_state(deadline: datetime, now: datetime | None = None) -> str:
    """ "open", "closing" (within CLOSING_SOON) or "passed"."""
    now = now or timezone.now()
    if deadline <= now:
        return "passed"
    if deadline - now <= CLOSING_SOON:
        return "closing"
    return "open"


def deadline_state_changes_at(deadline: datetime, now: datetime | None = None) -> datetime | None:
    """The next moment deadline_state() changes (closing soon, then passed); None once passed."""
    now = now or timezone.now()
    return next((moment for moment in (deadline - CLOSING_SOON, deadline) if moment > now), None)


def nrmp_track_type(code: str) -> str:
    """The meaning of the code's type letter, e.g. "primary care categorical" for 1261140M0; "" if unknown."""
    letter = code[7:8] if code and len(code) == 9 else ""
    return NRMP_TRACK_TYPES.get(letter, "")


def nrmp_code_note(code: str) -> str:
    """ "Primary Care track (categorical): rank this code in the NRMP Match" for 1261140M0; "" if unknown."""
    letter = code[7:8] if code and len(code) == 9 else ""
    name = NRMP_TRACK_NAMES.get(letter)
    return f"{name}: rank this code in the NRMP Match" if name else ""


def eastern(value: datetime) -> datetime:
    return value.astimezone(EASTERN)


def format_deadline(value: datetime) -> str:
    """ "September 26, 2023, 11:59 p.m. Eastern Time" """
    return f"{dateformat.format(eastern(value), 'F j, Y, P')} Eastern Time"


def format_date(value) -> str:
    return dateformat.format(value, "F j, Y")


def format_dollars(amount: int) -> str:
    return f"${amount:,}"


def salaries_by_year(salaries: Iterable) -> list:
    """The salary blocks' values ({"pgy", "salary", "note"}), in postgraduate-year order."""
    return sorted((block.value for block in salaries), key=lambda value: value["pgy"])


def salary_lines(salaries: Iterable) -> list[str]:
    """ "PGY-1: $78,000 (note)" for each year, in year order."""
    lines = []
    for year in salaries_by_year(salaries):
        line = f"PGY-{year['pgy']}: {format_dollars(year['salary'])}"
        if year.get("note"):
            line += f" ({year['note']})"
        lines.append(line)
    return lines


def list_fact(key: str, label: str, values: Iterable[str]) -> Fact | None:
    """A fact whose value is a list: one item reads as plain text, several as a list."""
    values = [value for value in values if value]
    if not values:
        return None
    if len(values) == 1:
        return Fact(key, label, values[0])
    return Fact(key, label, "; ".join(values), items=tuple(values))


def graduates_fact(summary) -> Fact | None:
    """The recent classes' next positions, counted from the alumni records (staff.residents.GraduateSummary)."""
    fact = list_fact("graduates", "Where recent graduates went", summary.lines)
    return fact._replace(note=f"Classes of {summary.period}") if fact else None


def application_contact(page, contact_settings=None) -> tuple[str, str]:
    """(name and title, email) of the person to ask, or the program's email from the contact details."""
    member = page.application_contact
    if member and member.is_public:
        email = member.public_email or (contact_settings.email if contact_settings else "")
        return f"{member.display_name}, {member.title}", email
    if contact_settings and contact_settings.email:
        return "", contact_settings.email
    return "", ""


def minimum_scores(page) -> str:
    """ "None", the stated minimums, or "" while the page does not say."""
    if page.minimum_scores == "none":
        return "None"
    if page.minimum_scores == "stated":
        return page.minimum_scores_detail
    return ""


def years_since_graduation(page) -> str:
    years = page.years_since_graduation
    if years is None:
        return ""
    return f"At most {years} year{pluralize(years)} since medical school graduation"


def first_of_kind(key_dates: Iterable, kind: str):
    """The date (Boston time) of the earliest key date of this kind, or None."""
    starts = [block.value["start"] for block in key_dates if block.value.get("kind") == kind]
    starts = [start for start in starts if start]
    if not starts:
        return None
    return min(in_boston(start) for start in starts).date()


def in_boston(value: datetime) -> datetime:
    """A block's date and time in Boston time; one saved without an offset is Boston time as entered."""
    return eastern(value) if timezone.is_aware(value) else value.replace(tzinfo=EASTERN)


def program_facts(page, contact_settings=None, now: datetime | None = None) -> list[Fact]:
    """The ordered facts of the Apply page that are set."""
    facts = []

    def add(fact):
        if fact and (fact.value or fact.email):
            facts.append(fact)

    if page.positions_per_year:
        add(Fact("positions", "Positions per year", str(page.positions_per_year)))
    if page.nrmp_code:
        add(Fact("nrmp_code", "NRMP program code", page.nrmp_code, note=nrmp_code_note(page.nrmp_code)))
    add(Fact("eras", "Application system", "ERAS" if page.eras_participation else "Not through ERAS"))
    if page.application_open_date:
        add(
            Fact(
                "application_open",
                "Applications open",
                format_date(page.application_open_date),
                datetime=page.application_open_date.isoformat(),
            )
        )
    if page.application_deadline:
        add(
            Fact(
                "deadline",
                "Application deadline",
                format_deadline(page.application_deadline),
                datetime=eastern(page.application_deadline).isoformat(),
                state=deadline_state(page.application_deadline, now),
            )
        )
    add(Fact("exam_policy", "USMLE/COMLEX", page.get_exam_policy_display()))
    add(Fact("exams", "Exam requirements", page.exam_requirements))
    add(Fact("minimum_scores", "Minimum scores", minimum_scores(page)))
    if page.years_since_graduation is not None:
        add(Fact("years_since_graduation", "Years since graduation", years_since_graduation(page)))
    add(Fact("international_graduates", "International graduates", page.get_international_graduates_display()))
    add(Fact("visa", "Visa sponsorship", page.get_visa_sponsorship_display()))
    invitations = first_of_kind(page.key_dates, "first_invitations")
    if invitations:
        label = "First-wave interview invitations"
        add(Fact("first_invitations", label, format_date(invitations), datetime=invitations.isoformat()))
    add(Fact("interview_period", "Interview period", page.interview_period))
    add(Fact("interview_format", "Interview format", page.get_interview_format_display()))
    add(list_fact("salary", "Salary by year", salary_lines(page.salaries)))
    add(Fact("benefits", "Benefits", page.benefits_summary))
    if page.board_pass_rate is not None:
        rate = f"{page.board_pass_rate}%"
        if page.board_pass_rate_period:
            rate += f" ({page.board_pass_rate_period})"
        add(Fact("board_pass_rate", "Board pass rate", rate))
    add(list_fact("other_tracks", "Other tracks", [block.value for block in page.other_tracks]))
    add(graduates_fact(page.recent_graduates))
    name, email = application_contact(page, contact_settings)
    add(Fact("contact", "Application contact", name, email=email))
    return facts
