"""Every install gets the Program managers and Directors groups and the Director approval workflow."""

from django.db import migrations


def create_roles(apps, schema_editor):
    # The roles module works on the current models, so that the loader and the tests can call it
    # too; page rights and the workflow attach to the pages once they exist.
    from editorial.roles import ensure_editorial_setup

    ensure_editorial_setup()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("pages", "0001_initial"),
        ("staff", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
