"""Make sure a local superuser exists; create one with a random password if none does."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = settings.BASE_DIR / ".admin-credentials"


class Command(BaseCommand):
    help = (
        "Create a local superuser named 'admin' with a random password when no superuser exists, "
        "print the credentials and keep them in .admin-credentials (git-ignored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--file", default=str(CREDENTIALS_FILE), help="Where to keep the credentials.")

    def handle(self, *args, username, file, **options):
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists already.")
            try:
                with open(file, encoding="utf-8") as saved:
                    self.stdout.write(saved.read().rstrip())
            except FileNotFoundError:
                self.stdout.write("Its password is not stored here; reset it with: python manage.py changepassword")
            return

        password = secrets.token_urlsafe(16)
        user_model.objects.create_superuser(username=username, email="", password=password)
        text = f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/\nUsername: {username}\nPassword: {password}\n"
        with open(file, "w", encoding="utf-8") as saved:
            saved.write(text)
        os.chmod(file, 0o600)
        self.stdout.write(self.style.SUCCESS("Created a local admin account:"))
        self.stdout.write(text.rstrip())
