"""`manage.py run_scheduler`: publish_scheduled every minute until a stop signal, which ends the wait at once."""

import os
import signal
from datetime import datetime
from unittest import mock

from django.core.management import call_command

import pytest

from residency.management.commands import run_scheduler
from tests.conftest import EASTERN, schedule_new_chief


# Outside a test transaction, as the command runs: between runs it closes connections as a request's end does.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signum", run_scheduler.STOP_SIGNALS)
def test_publishes_what_is_due_and_stops_on_a_signal(director, directory, monkeypatch, signum):
    member = schedule_new_chief(director)
    assert not member.live
    handlers_before = {each: signal.getsignal(each) for each in run_scheduler.STOP_SIGNALS}
    runs = []

    def publish_then_stop(command):
        publish(command)
        runs.append(member.__class__.objects.get(pk=member.pk).live)
        os.kill(os.getpid(), signum)  # what Ctrl-C or make's trap sends

    publish = run_scheduler.Command.publish
    monkeypatch.setattr(run_scheduler.Command, "publish", publish_then_stop)
    with mock.patch("django.utils.timezone.now", return_value=datetime(2031, 7, 1, 8, 1, tzinfo=EASTERN)):
        call_command("run_scheduler", interval=3600)  # returns at once: the signal ends the hour's wait

    assert runs == [True]
    assert {each: signal.getsignal(each) for each in run_scheduler.STOP_SIGNALS} == handlers_before


def test_a_failed_run_is_reported_and_the_loop_goes_on(capsys, monkeypatch, db):
    calls = []

    def publish_scheduled(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(run_scheduler, "call_command", publish_scheduled)
    call_command("run_scheduler", interval=0)

    assert len(calls) == 2
    assert "publish_scheduled failed (the next run tries again): database is locked" in capsys.readouterr().err
