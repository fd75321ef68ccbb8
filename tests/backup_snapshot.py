"""Everything a backup must keep, as comparable JSON: every row of every table, the pages, revisions and
staff records by name, and every stored file's checksum. Run in the test process for the site backed up,
and as `python -m tests.backup_snapshot` against a restored database and media folder."""

import hashlib
import json


def plain(value):
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def table_rows(connection):
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from introspection)
            columns = [column[0] for column in cursor.description]
            found = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            rows[table] = sorted(json.dumps(row, default=plain, sort_keys=True) for row in found)
    return rows


def fields_of(instance):
    """Every stored field of a model instance (a page's own type included), as the database holds it."""
    return {
        field.name: plain(field.get_prep_value(getattr(instance, field.attname)))
        for field in instance._meta.concrete_fields
    }


def summary():
    from django.core.files.storage import default_storage

    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    from residency.backup import storage_files
    from staff.models import StaffMember

    files = {}
    for name in storage_files(default_storage):
        with default_storage.open(name, "rb") as opened:
            files[name] = hashlib.sha256(opened.read()).hexdigest()
    pages = [
        {"url_path": page.url_path, "type": type(page.specific).__name__, "fields": fields_of(page.specific)}
        for page in Page.objects.order_by("path")
    ]
    return {
        "pages": pages,
        "revisions": [
            [
                revision.content_type.model,
                revision.object_id,
                json.dumps(revision.content, sort_keys=True, default=plain),
            ]
            for revision in Revision.objects.order_by("pk")
        ],
        "staff": [fields_of(member) for member in StaffMember.objects.order_by("pk")],
        "images": {
            image.title: [image.file.name, sorted(r.file.name for r in image.renditions.all())]
            for image in get_image_model().objects.all()
        },
        "files": files,
    }


def snapshot():
    from django.db import connection

    return json.loads(json.dumps({"tables": table_rows(connection), **summary()}, default=plain))


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(snapshot()))
