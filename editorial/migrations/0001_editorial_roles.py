"""Kept for the migration history: the roles and the workflow are now set up after every migrate
(editorial/apps.py), on the models as migrated."""

from django.db import migrations


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

    operations = []
