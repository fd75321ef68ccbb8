"""Remove an editor's authenticator app (a lost or replaced phone), so they can set up two-factor sign-in again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Remove an editor's authenticator app. They then sign in with their password alone and set up "
        "two-factor again under Account (a superuser is asked to when two-factor is required)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is named {username!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if not removed:
            self.stdout.write(f"{username} had no authenticator app.")
        else:
            self.stdout.write(f"Removed {username}'s authenticator app: they can set up two-factor sign-in again.")
