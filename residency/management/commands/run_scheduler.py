"""Run Wagtail's publish_scheduled every minute until stopped: cron's stand-in on a developer's machine."""

import signal
import threading
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

# Ctrl-C, and what `make run` sends the loop when the server stops.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Command(BaseCommand):
    help = (
        "Run publish_scheduled every minute until Ctrl-C or SIGTERM stops it (make run starts and stops it "
        "with the server). Production runs publish_scheduled from cron or a systemd timer instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60, help="Seconds between runs (default 60).")

    def handle(self, *args, interval, **options):
        stopping = threading.Event()
        # A stop request ends the wait at once; a run in progress finishes first.
        previous = {signum: signal.signal(signum, lambda *_: stopping.set()) for signum in STOP_SIGNALS}
        self.stdout.write(f"Scheduled publishing: publish_scheduled runs every {interval:g} s until Ctrl-C.")
        self.stdout.flush()
        try:
            while not stopping.is_set():
                self.publish()
                stopping.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def publish(self):
        try:
            call_command("publish_scheduled", stdout=StringIO())
        except Exception as error:  # e.g. SQLite busy with the server's write: the next run catches up
            self.stderr.write(f"publish_scheduled failed (the next run tries again): {error}")
        finally:
            close_old_connections()
