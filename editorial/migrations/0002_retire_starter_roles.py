"""Installs that already have the editorial roles lose Wagtail's starter workflow and empty starter groups."""

from django.db import migrations


def retire(apps, schema_editor):
    from editorial.roles import retire_starter_roles

    retire_starter_roles()


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_editorial_roles")]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
