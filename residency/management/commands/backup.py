"""Write one backup archive: the database (pg_dump or SQLite's online backup), every upload, a manifest."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from residency.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write residency-YYYYmmdd-HHMMSS.tar.gz (database, media files, manifest with checksums) to BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups",
            help="Where the archive is written (default: BACKUP_DIR, else backups/).",
        )

    def handle(self, *args, **options):
        try:
            archive = create_backup(options["dir"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written: {archive} ({archive.stat().st_size} bytes)")
