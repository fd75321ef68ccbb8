"""The yearly graduation: PGY-3s become alumni, the others move up a year; and its exact undoing.

Every record it touches gets a published revision and a log entry, so each record's history shows
the graduation; the Graduation row keeps the years before, so one step puts everything back.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import LogContext, log

from .residents import Alumnus, Graduation, Resident

GRADUATED = "staff.graduation"
UNDONE = "staff.graduation_undone"


class AlreadyGraduated(Exception):
    """This class year has a graduation in effect."""

    def __init__(self, graduation_year):
        self.graduation_year = graduation_year
        super().__init__(
            f"The class of {graduation_year} has already graduated. Undo that graduation first to run it again."
        )


@dataclass(frozen=True)
class Plan:
    """What graduating now would do, counted from the live residents."""

    graduating: int
    to_pgy3: int
    to_pgy2: int
    drafts: int

    @property
    def total(self):
        return self.graduating + self.to_pgy3 + self.to_pgy2


def plan():
    live = list(Resident.objects.filter(live=True).values_list("year", flat=True))
    return Plan(
        graduating=live.count(Resident.Year.PGY3),
        to_pgy3=live.count(Resident.Year.PGY2),
        to_pgy2=live.count(Resident.Year.PGY1),
        drafts=Resident.objects.filter(live=False, alumnus__isnull=True).count(),
    )


def undoable():
    """The latest graduation, when it has not been undone: only the latest can be undone exactly."""
    latest = Graduation.objects.order_by("-performed_at", "-pk").first()
    return latest if latest and latest.undone_at is None else None


def latest_done():
    """The latest graduation still in effect, or None."""
    return Graduation.objects.filter(undone_at__isnull=True).order_by("-performed_at", "-pk").first()


def already_graduated(graduation_year):
    return Graduation.objects.filter(graduation_year=graduation_year, undone_at__isnull=True).exists()


def publish(record, user):
    record.save_revision(user=user, log_action=False).publish(user=user)


@transaction.atomic
def graduate(graduation_year, user):
    """Graduate the live residents' PGY-3s into alumni of `graduation_year` and advance the others."""
    residents = list(Resident.objects.select_for_update().filter(live=True).order_by("-year", "name"))
    # Checked again under the lock: a second click or a colleague's request must not graduate the class twice.
    if already_graduated(graduation_year):
        raise AlreadyGraduated(graduation_year)
    graduation = Graduation.objects.create(
        graduation_year=graduation_year,
        performed_by=user,
        changes=[{"resident": resident.pk, "year": resident.year} for resident in residents],
    )
    data = {"graduation": graduation.pk, "graduation_year": graduation_year}
    for resident in residents:
        graduate_one(resident, graduation, user, data)
    return graduation


def own_history(user):
    """A log context of its own for each record: Wagtail's history shows one entry per action and context."""
    return LogContext(user=user)


def graduate_one(resident, graduation, user, data):
    """A PGY-3 becomes a live alumnus and leaves the residents' page; anyone else moves up a year."""
    if resident.year == Resident.Year.PGY3:
        alumnus = Alumnus(
            name=resident.name, graduation_year=graduation.graduation_year, resident=resident, graduation=graduation
        )
        with own_history(user):
            alumnus.save()
            publish(alumnus, user)
            log(alumnus, GRADUATED, user=user, data=data)
        with own_history(user):
            resident.unpublish(user=user)
            log(resident, GRADUATED, user=user, data={**data, "alumnus": alumnus.pk})
    else:
        with own_history(user):
            resident.year += 1
            publish(resident, user)
            log(resident, GRADUATED, user=user, data={**data, "year": resident.year})


@transaction.atomic
def undo(graduation, user):
    """Put every resident back in the year it had and remove the alumni the graduation made."""
    graduation = Graduation.objects.select_for_update().get(pk=graduation.pk)
    data = {"graduation": graduation.pk, "graduation_year": graduation.graduation_year}
    residents = Resident.objects.in_bulk([change["resident"] for change in graduation.changes])
    for change in graduation.changes:
        resident = residents.get(change["resident"])
        if resident is None:  # deleted since: nothing to put back
            continue
        with own_history(user):
            resident.year = change["year"]
            publish(resident, user)
            log(resident, UNDONE, user=user, data={**data, "year": resident.year})
    for alumnus in graduation.alumni.all():
        with own_history(user):
            log(alumnus, "wagtail.delete", user=user)
            alumnus.delete()
    graduation.undone_at = timezone.now()
    graduation.undone_by = user
    graduation.save(update_fields=["undone_at", "undone_by"])
    return graduation
