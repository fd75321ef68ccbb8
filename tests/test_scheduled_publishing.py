"""Scheduled publishing: a staff record set to go live on 1 July appears then, not before."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import call_command

from tests.conftest import schedule_new_chief

BOSTON = ZoneInfo("America/New_York")
GO_LIVE = datetime(2031, 7, 1, 8, 0, tzinfo=BOSTON)


def publish_scheduled(at):
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_scheduled_staff_record_goes_live_on_its_date(client, director, directory):
    member = schedule_new_chief(director)
    assert not member.live
    assert member.latest_revision.approved_go_live_at == GO_LIVE

    publish_scheduled(datetime(2031, 6, 30, 23, 59, tzinfo=BOSTON))
    member.refresh_from_db()
    assert not member.live
    assert "Jordan Lee" not in client.get(directory.url).content.decode()

    publish_scheduled(datetime(2031, 7, 1, 8, 1, tzinfo=BOSTON))
    member.refresh_from_db()
    assert member.live
    assert "Jordan Lee" in client.get(directory.url).content.decode()


def test_a_scheduled_page_revision_goes_live_on_its_date(client, curriculum):
    curriculum.listing_summary = "From July: the revised curriculum."
    curriculum.go_live_at = GO_LIVE
    curriculum.save_revision().publish()

    publish_scheduled(datetime(2031, 6, 30, tzinfo=BOSTON))
    assert "From July" not in client.get(curriculum.url).content.decode()

    publish_scheduled(datetime(2031, 7, 1, 9, 0, tzinfo=BOSTON))
    assert "From July" in client.get(curriculum.url).content.decode()
