"""make backup and make restore: the seeded site and an uploaded photo come back byte for byte into an empty
database and media folder; a changed archive or a non-empty target is refused before anything is touched."""

import io
import json
import os
import subprocess
import sys
import tarfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.images import get_image_model
from wagtail.models import Collection, Page

import boto3
import pytest
from moto import mock_aws
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage

from residency.backup import create_backup, read_verified, restore_media, storage_files
from tests.backup_snapshot import snapshot


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), "#12355b").save(buffer, format="PNG")
    return buffer.getvalue()


def database_url(settings_dict, name):
    credentials = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
    return f"postgres://{credentials}@{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{name}"


def server(settings_dict, *statements):
    import psycopg2

    maintenance = psycopg2.connect(database_url(settings_dict, "postgres"))
    maintenance.autocommit = True
    try:
        with maintenance.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        maintenance.close()


@pytest.fixture
def empty_target(tmp_path):
    """A new, empty database of the test database's kind and an empty media folder, removed afterwards."""
    media = tmp_path / "restored-media"
    media.mkdir()
    if connection.vendor == "sqlite":
        yield {"DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}", "MEDIA_ROOT": str(media)}
        return
    settings_dict = connection.settings_dict
    name = settings_dict["NAME"].removeprefix("test_") + "_restored"
    server(settings_dict, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": database_url(settings_dict, name), "MEDIA_ROOT": str(media)}
    finally:
        server(settings_dict, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def against(target, *command):
    """Run a command against the target database and media folder, as an operator's shell would."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "AWS_STORAGE_BUCKET_NAME"}}
    env.update(DJANGO_SETTINGS_MODULE="residency.settings.dev", **target)
    return subprocess.run(  # noqa: S603
        [sys.executable, *command], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )


def restored_snapshot(target):
    result = against(target, "-m", "tests.backup_snapshot")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def restored_table_count(target):
    script = (
        "import django; django.setup(); from django.db import connection; "
        "print(len(connection.introspection.table_names()))"
    )
    result = against(target, "-c", script)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


@pytest.fixture
def uploaded_photo(admin):
    """A photo uploaded through the admin, with two renditions; its files are removed afterwards."""
    fields = {"title": "Clinic entrance", "description": "The clinic's front door", "tags": ""}
    fields["collection"] = Collection.get_first_root_node().pk
    upload = SimpleUploadedFile("entrance.png", png_bytes(), "image/png")
    response = admin.post("/admin/images/add/", {"file": upload, **fields})
    assert response.status_code == 302
    photo = get_image_model().objects.get(title="Clinic entrance")
    renditions = [photo.get_rendition("fill-60x60"), photo.get_rendition("width-40|format-webp")]
    yield photo, renditions
    for name in [photo.file.name, *(rendition.file.name for rendition in renditions)]:
        default_storage.delete(name)


@pytest.mark.django_db(transaction=True)
def test_backup_restores_the_site_byte_for_byte_into_an_empty_database(site, uploaded_photo, empty_target, tmp_path):
    photo, renditions = uploaded_photo
    archive = create_backup(tmp_path / "backups")
    before = snapshot()

    result = against(empty_target, "manage.py", "restore", str(archive))

    assert result.returncode == 0, result.stderr
    assert f"Restored the {connection.vendor} database" in result.stdout
    after = restored_snapshot(empty_target)
    # Every row of every table, then what an editor knows by name: pages of each type, revisions, staff, files.
    assert after["tables"] == before["tables"]
    assert after["pages"] == before["pages"]
    assert [page["url_path"] for page in after["pages"]][:3] == ["/", "/home/", "/home/curriculum/"]
    assert {page["type"] for page in after["pages"]} >= {"HomePage", "CurriculumPage", "ApplicationProcessPage"}
    apply_page = next(page for page in after["pages"] if page["type"] == "ApplicationProcessPage")
    assert apply_page["fields"]["title"] == Page.objects.get(pk=int(apply_page["fields"]["id"])).title
    assert after["revisions"] == before["revisions"]
    assert len(after["revisions"]) > 0
    assert after["staff"] == before["staff"]
    assert len(after["staff"]) > 0
    assert after["images"]["Clinic entrance"] == [photo.file.name, sorted(r.file.name for r in renditions)]
    assert after["files"] == before["files"]
    restored_media = tmp_path / "restored-media"
    for field_file in [photo.file, *(rendition.file for rendition in renditions)]:
        with field_file.open("rb") as original:
            assert (restored_media / field_file.name).read_bytes() == original.read()


def test_backup_manifest_lists_the_database_migrations_and_every_member(db, site, tmp_path):
    archive = create_backup(tmp_path)

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))

    assert archive.name.startswith("residency-") and archive.name.endswith(".tar.gz")
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["file"] in names
    assert "0001_initial" in manifest["migrations"]["pages"]
    assert set(manifest["checksums"]) == names - {"manifest.json"}
    assert all(len(checksum) == 64 for checksum in manifest["checksums"].values())


def rewrite(archive, target, change):
    """Copy an archive member by member, letting change(name, data) alter the bytes of each."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        return target


def flip_database_byte(name, data):
    if name.startswith("database."):
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    return data


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("database", "database.{} does not match its checksum"),
        ("extra file", "does not match its manifest (not listed: ['media/original_images/extra.png']"),
    ],
)
def test_a_changed_archive_is_refused_before_anything_is_restored(site, empty_target, tmp_path, tamper, message):
    archive = create_backup(tmp_path / "backups")
    assert read_verified(archive)["database"]["vendor"] == connection.vendor, "positive control: the original is whole"
    changed = tmp_path / "changed.tar.gz"
    if tamper == "database":
        rewrite(archive, changed, flip_database_byte)
    else:
        rewrite(archive, changed, lambda name, data: data)
        with tarfile.open(changed) as whole:
            members = [(member, whole.extractfile(member).read()) for member in whole.getmembers()]
        with tarfile.open(changed, "w:gz") as tar:
            for member, data in members:
                tar.addfile(member, io.BytesIO(data))
            extra = tarfile.TarInfo("media/original_images/extra.png")
            extra.size = 3
            tar.addfile(extra, io.BytesIO(b"png"))

    result = against(empty_target, "manage.py", "restore", str(changed))

    assert result.returncode == 1
    dump_suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
    assert message.format(dump_suffix) in result.stderr
    assert restored_table_count(empty_target) == 0
    assert list((tmp_path / "restored-media").iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(site, tmp_path):
    archive = create_backup(tmp_path / "backups")
    pages = Page.objects.count()

    with pytest.raises(CommandError, match=r"Restore goes into an empty database .* the database \S+ has \d+ tables"):
        call_command("restore", str(archive))

    assert Page.objects.count() == pages


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_media_folder_that_is_not_empty(site, empty_target, tmp_path):
    archive = create_backup(tmp_path / "backups")
    kept = tmp_path / "restored-media" / "notes.txt"
    kept.write_text("someone's file")

    result = against(empty_target, "manage.py", "restore", str(archive))

    assert result.returncode == 1
    assert "has 1 files" in result.stderr
    assert "--force" in result.stderr
    assert restored_table_count(empty_target) == 0
    assert kept.read_text() == "someone's file"


@pytest.mark.django_db
def test_uploads_in_an_s3_bucket_are_backed_up_and_restored_through_the_storage_api(tmp_path, monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    uploads = {"original_images/entrance.png": png_bytes(), "documents/curriculum.txt": b"Continuity clinic."}
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        for bucket in ("residency-media", "residency-restored"):
            client.create_bucket(Bucket=bucket)
        source, target = (
            S3Storage(bucket_name=bucket, region_name="us-east-1", default_acl=None, file_overwrite=False)
            for bucket in ("residency-media", "residency-restored")
        )
        for name, data in uploads.items():
            source.save(name, ContentFile(data))

        archive = create_backup(tmp_path, storage=source)
        manifest = read_verified(archive)
        with tarfile.open(archive) as tar:
            restore_media(target, tar, manifest, force=False)

        assert manifest["media"]["location"] == "residency-media"
        assert storage_files(target) == sorted(uploads)
        for name, data in uploads.items():
            with target.open(name, "rb") as restored:
                assert restored.read() == data
