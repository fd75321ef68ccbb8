"""What visitors and editors get when the database cannot be reached: a 503 that says so, not a 500.

Django turns an exception raised anywhere in a request (a view, or a middleware such as the session's or
the site lookup) into the answer of the `handler500` view, which is `server_error` here. When the
exception is the database's (down, refusing connections, or past its connect or statement timeout), the
answer is the site's 503 page with `Retry-After`, and never stored by a cache. A form that was being sent
(an editor saving a page or a staff record) is given back on that page, so nothing typed is lost.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views.defaults import server_error as django_server_error

# Seconds after which a client (or a monitor) may try again; a restarting database is back in about this.
RETRY_AFTER_SECONDS = 30
# Fields never shown back: the form's own token, anything secret, and formset bookkeeping.
HIDDEN_FIELDS = ("csrfmiddlewaretoken",)
SECRET_WORDS = ("password", "secret", "token", "otp")
BOOKKEEPING_SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")

logger = logging.getLogger(__name__)


def database_unavailable(error):
    return isinstance(error, OperationalError | InterfaceError)


def submitted_fields(request):
    """(name, value) for every non-empty text field the request sent, secrets and bookkeeping left out."""
    if request.method != "POST":
        return []
    try:
        data = request.POST
    except Exception:  # A body that cannot be read (too big, malformed) has nothing to give back.
        return []
    fields = []
    for name, values in data.lists():
        secret = any(word in name.lower() for word in SECRET_WORDS)
        if secret or name in HIDDEN_FIELDS or name.endswith(BOOKKEEPING_SUFFIXES):
            continue
        fields += [(name, value) for value in values if value.strip()]
    return fields


def unavailable_response(request, error):
    fields = submitted_fields(request)
    try:
        attached = request.method == "POST" and bool(request.FILES)
    except Exception:
        attached = False
    # Rendered without the request: its context processors (the user, the messages) would need the database.
    html = render_to_string(
        "503.html", {"was_post": request.method == "POST", "fields": fields, "attached_files": attached}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # One line per request instead of Django's traceback: the cause is the database, not this code.
    logger.warning(
        "Database unavailable (%s: %s): %s %s answered 503.", type(error).__name__, error, request.method, request.path
    )
    response._has_been_logged = True
    return response


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the database failed, Django's 500 page (500.html) otherwise."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return unavailable_response(request, error)
    return django_server_error(request, template_name=template_name)
