"""Two-factor sign-in with django-otp: a code from an authenticator app (TOTP) after the password.

Any editor may turn it on under Account; with OTP_REQUIRED_FOR_SUPERUSERS (on in production) a superuser
must, and is sent to set it up before anything else in the admin. README, "Two-factor sign-in".
"""

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

import django_otp
import segno
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

CODE_ERRORS = {
    "token_required": "This account signs in with two-factor: enter the 6-digit code from your authenticator app.",
    "invalid_token": "That code is wrong or has expired. Enter the code your authenticator app shows now.",
}


def confirmed_device(user):
    """The user's authenticator app, once they have confirmed it with a code; None before."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def code_field():
    return forms.CharField(
        label="Two-factor code",
        required=False,
        max_length=8,
        help_text="The 6-digit code from your authenticator app, if you have set up two-factor sign-in.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class LoginForm(OTPAuthenticationFormMixin, WagtailLoginForm):
    """Wagtail's sign-in form with a code field, checked for accounts that have set up two-factor.

    A wrong or missing code counts as a failed sign-in, so codes are throttled with passwords (django-axes)."""

    otp_token = code_field()
    otp_error_messages = {**OTPAuthenticationFormMixin.otp_error_messages, **CODE_ERRORS}

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user else None
        if device is None:
            return cleaned_data
        cleaned_data["otp_device"] = device.persistent_id
        try:
            self.clean_otp(user)
        except forms.ValidationError:
            user_login_failed.send(
                sender=__name__, credentials={"username": cleaned_data.get("username")}, request=self.request
            )
            raise
        finally:
            # django-otp shows the password again for a second try; this form asks for it again.
            self.fields["password"].widget.render_value = False
        return cleaned_data


class CodeForm(forms.Form):
    """One code from the authenticator app, checked against the user's device."""

    code = code_field()

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.fields["code"].required = True
        self.fields["code"].help_text = "The 6-digit code your authenticator app shows now."

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        # django-otp waits longer after each wrong code (1 s, 2 s, 4 s, ...).
        if not self.device.verify_is_allowed()[0]:
            raise forms.ValidationError("Too many wrong codes just now: wait a few seconds, then enter a new code.")
        if not self.device.verify_token(code):
            raise forms.ValidationError(CODE_ERRORS["invalid_token"])
        return code


def is_required(user):
    return settings.OTP_REQUIRED_FOR_SUPERUSERS and user.is_superuser


def qr_code(device):
    """The device's otpauth:// address as a QR code, for the authenticator app to scan (an SVG data: URL)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def two_factor_view(request):
    """Set up, check or turn off two-factor sign-in for the signed-in editor."""
    device = confirmed_device(request.user)
    if device is None:
        return enrol(request)
    if not request.user.is_verified():
        return verify_session(request, device)
    return manage(request, device)


def enrol(request):
    # One unconfirmed device per user, kept while they scan and type the first code.
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(device, request.POST or None)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        messages.success(request, "Two-factor sign-in is on. From now on, sign in with your password and a code.")
        return redirect("wagtailadmin_home")
    context = {
        "form": form,
        "qr_code": qr_code(device),
        "secret": b32encode(device.bin_key).decode(),
        "required": is_required(request.user),
    }
    return render(request, "editorial/two_factor/enrol.html", context)


def verify_session(request, device):
    form = CodeForm(device, request.POST or None)
    if form.is_valid():
        django_otp.login(request, device)
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()}, request=request)
    return render(request, "editorial/two_factor/verify.html", {"form": form})


def manage(request, device):
    form = CodeForm(device, request.POST or None)
    if is_required(request.user):
        form = None
    elif form.is_valid():
        TOTPDevice.objects.filter(user=request.user).delete()
        messages.success(request, "Two-factor sign-in is off. You sign in with your password alone.")
        return redirect("wagtailadmin_account")
    return render(request, "editorial/two_factor/manage.html", {"form": form, "device": device})


def require_two_factor(get_response):
    """With OTP_REQUIRED_FOR_SUPERUSERS, a superuser whose session has not passed two-factor sign-in is sent
    to set it up (or to enter a code) before any other admin view; signing out stays open."""

    def middleware(request):
        user = getattr(request, "user", None)
        if (
            request.path_info.startswith(settings.ADMIN_URL_PREFIX)
            and user is not None
            and user.is_authenticated
            and is_required(user)
            and not user.is_verified()
            and request.path_info not in {reverse("two_factor"), reverse("wagtailadmin_logout")}
        ):
            return redirect("two_factor")
        return get_response(request)

    return middleware
