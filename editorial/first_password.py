"""A new editor's first password: Wagtail's password-reset confirmation, worded for setting one.

`add_editor` links here. A forgotten password still goes through Wagtail's own reset screens.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm, SetPasswordMixin
from django.contrib.auth.tokens import default_token_generator
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.timesince import timeuntil

from wagtail.admin.views.account import PasswordResetConfirmView


def link_lifetime():
    """How long a password link works, in words ("3 days")."""
    now = timezone.now()
    return timeuntil(now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT), now).replace("\xa0", " ")


def first_password_link(user):
    """The one-time address where `user` chooses their first password."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("first_password", args=[uidb64, token])


class FirstPasswordForm(SetPasswordForm):
    """Django's form to set a password, labelled for a first one rather than a new one."""

    new_password1, new_password2 = SetPasswordMixin.create_password_fields()


class FirstPasswordView(PasswordResetConfirmView):
    """Choose a first password, then sign in (the link works once: the token dies with the old password)."""

    form_class = FirstPasswordForm
    template_name = "editorial/first_password/confirm.html"
    success_url = reverse_lazy("wagtailadmin_login")

    def get_context_data(self, **kwargs):
        return super().get_context_data(site_name=settings.WAGTAIL_SITE_NAME, link_lifetime=link_lifetime(), **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is set. Sign in with your email address and your new password.")
        return response


urlpatterns = [
    path("<uidb64>/<token>/", FirstPasswordView.as_view(), name="first_password"),
]
