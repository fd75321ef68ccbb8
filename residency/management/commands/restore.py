"""Restore a backup archive into an empty database and an empty media folder, after checking every checksum."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from residency.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore FILE (written by make backup) into the configured database and media storage, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive, e.g. backups/residency-20260101-020000.tar.gz")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database and media storage hold now (its tables and files are dropped).",
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["file"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = sum(1 for name in manifest["checksums"] if name.startswith("media/"))
        self.stdout.write(
            f"Restored the {manifest['database']['vendor']} database and {media} media files "
            f"backed up at {manifest['created']}."
        )
        executor = MigrationExecutor(connections["default"])
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if unapplied:
            self.stdout.write(
                f"This code has {len(unapplied)} migrations the backup predates: run `python manage.py migrate`."
            )
