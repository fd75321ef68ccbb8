"""One backup archive: the database taken by its own tool, every uploaded file, and a manifest of checksums.

The archive (a .tar.gz) holds
  manifest.json        what was backed up (database vendor, migration state, time) and each member's sha256
  database.dump        PostgreSQL: pg_dump's custom format, restored with pg_restore
  database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
  media/<name>         every file in the default storage (MEDIA_ROOT, or the S3 bucket), read and written
                       through Django's storage API
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import storages
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from pages.site import forget_site_pages
from residency import page_cache

MANIFEST = "manifest.json"
FORMAT = 1
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def sha256_of(stream):
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def pg_environment(settings_dict):
    """The libpq environment for pg_dump and pg_restore: the connection Django uses, password included."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def run_tool(command, env):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools (postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def storage_files(storage, directory=""):
    """Every file name in the storage, recursively, in a stable order."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # A media folder not made yet holds no files.
        return []
    names = [str(PurePosixPath(directory, name)) if directory else name for name in files]
    for sub in directories:
        names += storage_files(storage, str(PurePosixPath(directory, sub)) if directory else sub)
    return sorted(names)


def storage_description(storage):
    location = getattr(storage, "location", None)
    bucket = getattr(storage, "bucket_name", None)
    return {"backend": f"{type(storage).__module__}.{type(storage).__qualname__}", "location": bucket or location}


def migration_state(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    state = {}
    for app, name in recorder.migration_qs.order_by("app", "name").values_list("app", "name"):
        state.setdefault(app, []).append(name)
    return state


def dump_database(connection, target: Path):
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        run_tool(["pg_dump", "--format=custom", f"--file={target}"], pg_environment(connection.settings_dict))
    elif connection.vendor == "sqlite":
        # The online backup API copies a consistent state even while the site writes.
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def create_backup(directory, *, alias="default", storage=None, now=None):
    """Write one archive into directory and return its path."""
    storage = storage or storages["default"]
    connection = connections[alias]
    now = now or datetime.now(UTC)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    archive = directory / f"residency-{now:%Y%m%d-%H%M%S}.tar.gz"
    if archive.exists():
        raise BackupError(f"{archive} already exists.")
    vendor = connection.vendor
    dump_name = DUMP_NAMES.get(vendor)
    if dump_name is None:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")

    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / dump_name
        dump_database(connection, dump)
        checksums = {}
        partial = archive.with_suffix(".partial")
        try:
            with tarfile.open(partial, "w:gz") as tar:
                with dump.open("rb") as opened:
                    checksums[dump_name] = sha256_of(opened)
                tar.add(dump, arcname=dump_name)
                media = storage_files(storage)
                for name in media:
                    with storage.open(name, "rb") as opened:
                        data = opened.read()
                    member = MEDIA_PREFIX + name
                    checksums[member] = hashlib.sha256(data).hexdigest()
                    info = tarfile.TarInfo(member)
                    info.size = len(data)
                    info.mtime = int(now.timestamp())
                    tar.addfile(info, io.BytesIO(data))
                manifest = {
                    "format": FORMAT,
                    "created": now.isoformat(),
                    "database": {"vendor": vendor, "file": dump_name, "name": str(connection.settings_dict["NAME"])},
                    "migrations": migration_state(connection),
                    "media": {**storage_description(storage), "files": len(media)},
                    "checksums": checksums,
                }
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(now.timestamp())
                tar.addfile(info, io.BytesIO(body))
            partial.replace(archive)
        finally:
            partial.unlink(missing_ok=True)
    return archive


# Restore ------------------------------------------------------------------------------------------


def safe_member_name(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def read_verified(archive):
    """The archive's manifest, once every member is proven to be the one it lists; refuse anything else."""
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 (closed below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a backup archive: {error}") from error
    with tar:
        members = tar.getmembers()
        by_name = {member.name: member for member in members}
        if len(by_name) != len(members):
            raise BackupError("The archive holds a name twice: it was not written by make backup.")
        if MANIFEST not in by_name:
            raise BackupError("The archive has no manifest.json: it was not written by make backup.")
        try:
            manifest = json.load(tar.extractfile(by_name[MANIFEST]))
            checksums = manifest["checksums"]
            vendor = manifest["database"]["vendor"]
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"The archive's manifest cannot be read: {error}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"The archive's format {manifest.get('format')!r} is not {FORMAT}.")
        listed, present = set(checksums), set(by_name) - {MANIFEST}
        if listed != present:
            extra, missing = sorted(present - listed), sorted(listed - present)
            raise BackupError(f"The archive does not match its manifest (not listed: {extra}; missing: {missing}).")
        for name, member in by_name.items():
            if not member.isfile() or not safe_member_name(name):
                raise BackupError(f"The archive holds {name!r}, which is not a plain file inside it.")
            if name == MANIFEST:
                continue
            if sha256_of(tar.extractfile(member)) != checksums[name]:
                raise BackupError(f"{name} does not match its checksum: the archive is damaged or was changed.")
        if DUMP_NAMES.get(vendor) not in checksums:
            raise BackupError(f"The archive holds no {vendor} database.")
    return manifest


def database_tables(connection):
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def check_targets_empty(connection, storage, force):
    tables = database_tables(connection)
    files = storage_files(storage)
    if force:
        return
    problems = []
    if tables:
        problems.append(f"the database {connection.settings_dict['NAME']} has {len(tables)} tables")
    if files:
        problems.append(f"the media storage ({storage_description(storage)['location']}) has {len(files)} files")
    if problems:
        raise BackupError(
            "Restore goes into an empty database and an empty media folder, but "
            + " and ".join(problems)
            + ". Create a new database (createdb) and point MEDIA_ROOT at an empty folder, "
            "or pass --force to replace what is there."
        )


def restore_database(connection, tar, manifest, force, work):
    vendor = manifest["database"]["vendor"]
    dump = Path(work) / manifest["database"]["file"]
    with tar.extractfile(manifest["database"]["file"]) as source, dump.open("wb") as target:
        shutil.copyfileobj(source, target)
    if vendor == "postgresql":
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        run_tool(
            [*command, f"--dbname={connection.settings_dict['NAME']}", str(dump)],
            pg_environment(connection.settings_dict),
        )
    else:
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        copy = name.with_name(name.name + ".restoring")
        shutil.copyfile(dump, copy)
        copy.replace(name)


def restore_media(storage, tar, manifest, force):
    if force:
        for name in storage_files(storage):
            storage.delete(name)
    for member in sorted(manifest["checksums"]):
        if not member.startswith(MEDIA_PREFIX):
            continue
        name = member.removeprefix(MEDIA_PREFIX)
        with tar.extractfile(member) as source:
            saved = storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(f"The storage kept {name} as {saved}: restore into an empty media folder.")


def restore_backup(archive, *, alias="default", storage=None, force=False):
    """Verify the archive, then restore it into the site's (empty) database and media storage."""
    storage = storage or storages["default"]
    connection = connections[alias]
    manifest = read_verified(archive)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"The archive holds a {vendor} database; this site's database is {connection.vendor}.")
    check_targets_empty(connection, storage, force)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as work:
        restore_database(connection, tar, manifest, force, work)
        restore_media(storage, tar, manifest, force)
    # Cached pages and site structures describe the database before the restore.
    page_cache.invalidate_all()
    forget_site_pages()
    return manifest
