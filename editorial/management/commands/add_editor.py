"""Create or update an editor in a role and give them a one-time link to set their password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.urls import reverse

from editorial.first_password import first_password_link, link_lifetime
from editorial.roles import DIRECTORS, PROGRAM_MANAGERS, ensure_roles

ROLES = {"program-manager": PROGRAM_MANAGERS, "director": DIRECTORS}
# These backends print, keep or drop a message: it reaches nobody. Any other (SMTP, a provider's) delivers.
UNDELIVERED = {
    "django.core.mail.backends.console.EmailBackend": "console",
    "django.core.mail.backends.filebased.EmailBackend": "file",
    "django.core.mail.backends.locmem.EmailBackend": "in-memory",
    "django.core.mail.backends.dummy.EmailBackend": "dummy",
}


class Command(BaseCommand):
    help = (
        "Create (or update) an editor in a role: program-manager or director. A new account gets no password: "
        "a one-time link to set one is printed and, when EMAIL_BACKEND delivers mail (SMTP), emailed."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=sorted(ROLES), help="The editor's role.")

    def handle(self, *args, email, role, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not a valid email address.") from error

        groups = ensure_roles()
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = user_model(username=email, email=email)
            user.set_unusable_password()
        user.is_active = True
        user.save()
        # One role at a time: moving someone to the other role takes the old one away.
        user.groups.remove(*Group.objects.filter(name__in=ROLES.values()).exclude(name=ROLES[role]))
        user.groups.add(groups[ROLES[role]])

        login = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_login")
        self.stdout.write(f"{'Created' if created else 'Updated'} {email} as {ROLES[role].lower()[:-1]}.")
        if user.has_usable_password():
            self.stdout.write(f"They keep their password and sign in at {login}")
            return

        link = first_password_link(user)
        self.stdout.write(f"Password-set link (works once, for {link_lifetime()}): {link}")
        self.stdout.write(f"Then they sign in at {login} with their email address.")
        self.email(email, link, login)

    def email(self, email, link, login):
        """Send the link when the backend delivers mail, and say what became of it."""
        undelivered = UNDELIVERED.get(settings.EMAIL_BACKEND)
        if undelivered:
            self.stdout.write(
                f"Not emailed: the {undelivered} email backend delivers nothing. Pass the link on to {email} yourself."
            )
            return
        try:
            send_mail(
                f"Your {settings.WAGTAIL_SITE_NAME} editor account",
                "An editor account has been set up for you. Choose your password here "
                f"(the link works once, for {link_lifetime()}):\n\n{link}\n\n"
                f"Then sign in at {login} with your email address.",
                None,
                [email],
            )
        except OSError as error:  # smtplib's errors are OSErrors, as are refused and timed-out connections
            raise CommandError(
                f"Could not email the link to {email} ({error}). The account is ready: pass the link on yourself."
            ) from error
        self.stdout.write(f"Emailed the link to {email}.")
