"""Create or update an editor in a role and give them a one-time link to set their password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from editorial.roles import DIRECTORS, PROGRAM_MANAGERS, ensure_roles

ROLES = {"program-manager": PROGRAM_MANAGERS, "director": DIRECTORS}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def email_configured():
    """Email goes out when a non-SMTP backend is set (console, files, tests) or an SMTP host is."""
    return settings.EMAIL_BACKEND != SMTP or settings.EMAIL_HOST not in ("", "localhost")


def password_set_link(user):
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class Command(BaseCommand):
    help = (
        "Create (or update) an editor in a role: program-manager or director. The account gets no password; "
        "a one-time link to set one is printed and, when email is configured, emailed."
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

        link = password_set_link(user)
        self.stdout.write(f"{'Created' if created else 'Updated'} {email} as {ROLES[role].lower()[:-1]}.")
        self.stdout.write(f"Password-set link (works once): {link}")
        if email_configured():
            login = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_login")
            send_mail(
                f"Your {settings.WAGTAIL_SITE_NAME} editor account",
                "An editor account has been set up for you. Choose your password here (the link works once):"
                f"\n\n{link}\n\nThen sign in at {login}",
                None,
                [email],
            )
            self.stdout.write(f"Emailed the link to {email}.")
