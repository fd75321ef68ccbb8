"""The program's key dates: the application deadline, the opening day and the events editors add.

Read by the Apply page and written as an iCalendar feed that calendar apps can subscribe to.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone

import icalendar

from .blocks import KEY_DATE_KINDS
from .facts import EASTERN, eastern, in_boston

KEY_DATE_KIND_NAMES = dict(KEY_DATE_KINDS)


class KeyDate(NamedTuple):
    uid: str
    title: str
    start: datetime | date  # an aware datetime, or a date for all-day events
    end: datetime | None = None
    location: str = ""
    description: str = ""
    link: str = ""
    kind: str = "other"

    @property
    def kind_label(self) -> str:
        """ "Match Day" for a typed date; "" for other dates."""
        return KEY_DATE_KIND_NAMES.get(self.kind, "") if self.kind != "other" else ""

    @property
    def all_day(self) -> bool:
        return not hasattr(self.start, "hour")


def aware(value: datetime | None) -> datetime | None:
    """Block values saved without an offset are Boston time, as the editor entered them."""
    return in_boston(value) if value is not None else None


def title(value) -> str:
    """The editor's title, else the name of the date's kind ("Match Day")."""
    return value.get("title") or KEY_DATE_KIND_NAMES.get(value.get("kind"), "")


def events(page) -> list[KeyDate]:
    """The events editors added on the Apply page, soonest first."""
    found = [
        KeyDate(
            uid=f"event-{block.id}",
            title=title(block.value),
            start=aware(block.value["start"]),
            end=aware(block.value.get("end")),
            location=block.value.get("location") or "",
            description=block.value.get("description") or "",
            link=block.value.get("link") or "",
            kind=block.value.get("kind") or "other",
        )
        for block in page.key_dates
        if block.value.get("start")
    ]
    return sorted(found, key=lambda key_date: key_date.start)


def all_key_dates(page, program_name: str) -> list[KeyDate]:
    """Every key date, the application window included, in date order."""
    dates = []
    if page.application_open_date:
        dates.append(
            KeyDate(
                uid=f"application-open-{page.pk}",
                title=f"Applications open: {program_name}",
                start=page.application_open_date,
            )
        )
    if page.application_deadline:
        dates.append(
            KeyDate(
                uid=f"application-deadline-{page.pk}",
                title=f"Application deadline: {program_name}",
                start=eastern(page.application_deadline),
                description=f"NRMP program code {page.nrmp_code}." if page.nrmp_code else "",
            )
        )
    dates.extend(events(page))
    return sorted(dates, key=sort_key)


def sort_key(key_date: KeyDate) -> datetime:
    if key_date.all_day:
        return datetime.combine(key_date.start, time.min, tzinfo=EASTERN)
    return key_date.start


def calendar(page, program_name: str, page_url: str, domain: str) -> bytes:
    """An iCalendar (RFC 5545) document of the key dates, with time zone, UID and DTSTAMP on each event."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{domain}//{program_name} key dates//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{program_name}: key dates")
    cal.add("x-wr-timezone", str(EASTERN))
    stamp = (page.last_published_at or timezone.now()).astimezone(UTC)
    dates = all_key_dates(page, program_name)
    for key_date in dates:
        event = icalendar.Event()
        event.add("uid", f"{key_date.uid}@{domain}")
        event.add("dtstamp", stamp)
        event.add("summary", key_date.title)
        event.add("dtstart", key_date.start)
        if key_date.end:
            event.add("dtend", key_date.end)
        elif key_date.all_day:
            event.add("dtend", key_date.start + timedelta(days=1))
        if key_date.location:
            event.add("location", key_date.location)
        if key_date.description:
            event.add("description", key_date.description)
        if key_date.kind_label:
            event.add("categories", [key_date.kind_label])
        event.add("url", key_date.link or page_url)
        cal.add_component(event)
    if dates:
        # Time zone rules for the years the dates span, not Python's default 1970–2038.
        cal.add_missing_timezones(
            first_date=date(sort_key(dates[0]).year - 1, 1, 1),
            last_date=date(max(sort_key(key_date) for key_date in dates).year + 2, 1, 1),
        )
    return cal.to_ical()
