"""Sign-in throttling with django-axes: the client's address, the 429 page, and private pages' passwords.

The limits are settings (AXES_*, in residency/settings/base.py); README, "Lockout and unlock".
"""

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil

from wagtail import views as wagtail_views

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from rest_framework.throttling import BaseThrottle

PAGE_PREFIX = "page:"


def client_address(request):
    """The address the API throttle counts (REMOTE_ADDR, or the NUM_PROXIES-th X-Forwarded-For entry from the right).

    A value that is no address at all (a forged header with no proxy in front) falls back to REMOTE_ADDR."""
    address = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


def cool_off_words(request):
    """How long a lockout lasts after the last failure, in words ("15 minutes"), or None when it never ends."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return None
    now = timezone.now()
    return timeuntil(now + cool_off, now).replace("\xa0", " ")


def lockout_response(request, original_response=None, credentials=None):
    """The 429 page: what happened, when to try again, and how to be unlocked sooner."""
    name = get_client_username(request, credentials) or ""
    context = {
        "cool_off": cool_off_words(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "private_page": name.startswith(PAGE_PREFIX),
        "username": "" if name.startswith(PAGE_PREFIX) else name,
    }
    return render(request, "429.html", context, status=429)


def page_credentials(page_id):
    """What axes counts a private page's password failures under, in place of an account name."""
    return {settings.AXES_USERNAME_FORM_FIELD: f"{PAGE_PREFIX}{page_id}"}


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form for a private page, refused (429) once the page or the address has failed too often.

    Wagtail redirects when the password is right and shows the form again when it is wrong; a wrong one counts
    as a failed sign-in, so page passwords and admin passwords share one limit per address."""
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    credentials = page_credentials(page_id)
    if not AxesProxyHandler.is_allowed(request, credentials):
        return lockout_response(request, credentials=credentials)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if response.status_code == 200:
        # AxesMiddleware answers with the 429 page when this failure reaches the limit.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return response
