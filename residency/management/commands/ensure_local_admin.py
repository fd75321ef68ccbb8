"""Make sure a local superuser exists; create one with a random password if none does."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse

CREDENTIALS_FILE = settings.BASE_DIR / ".admin-credentials"


def admin_line():
    """The admin's address where the site is served now (WAGTAILADMIN_BASE_URL)."""
    return f"Admin: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('wagtailadmin_home')}"


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
                    lines = saved.read().splitlines()
            except FileNotFoundError:
                self.stdout.write(admin_line())
                self.stdout.write("Its password is not stored here; reset it with: python manage.py changepassword")
                return
            # The site may be served on another port than last time: the saved address follows it.
            self.save(file, [admin_line(), *(line for line in lines if not line.startswith("Admin: "))])
            return

        password = secrets.token_urlsafe(16)
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Created a local admin account:"))
        self.save(file, [admin_line(), f"Username: {username}", f"Password: {password}"])

    def save(self, file, lines):
        text = "\n".join(lines) + "\n"
        # Readable by its owner only, from the moment it exists.
        with os.fdopen(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as saved:
            saved.write(text)
        os.chmod(file, 0o600)
        self.stdout.write(text.rstrip())
