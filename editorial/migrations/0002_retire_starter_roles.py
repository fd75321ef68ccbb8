"""Kept for the migration history: Wagtail's starter workflow and empty starter groups are now
retired after every migrate (editorial/apps.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_editorial_roles")]

    operations = []
