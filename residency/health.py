"""/healthz (the process answers) and /readyz (it can reach the database, the cache and the file storage).

Answered by a middleware ahead of the page cache, the session and the site lookup, so /healthz needs no
database and neither reads the Host header (a probe may send the backend's own address). The body is
a short JSON status with no error detail; the detail goes to the log.
"""

import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def check_cache():
    # The cache reads a failure as a miss (residency.cache): a value written and read back proves it works.
    key, value = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("a value written to the cache could not be read back")
    finally:
        cache.delete(key)


def check_storage():
    name = default_storage.save(f"readyz-{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("a file written to the storage read back differently")
    finally:
        default_storage.delete(name)


READINESS_CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def answer(status, body):
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    response._has_been_logged = True  # a failed check is logged once, by readyz, with its cause
    return response


def healthz():
    return answer(200, {"status": "ok"})


def readyz():
    results = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:
            logger.warning("Readiness check %s failed: %s: %s", name, type(error).__name__, error)
            results[name] = "unavailable"
    ready = all(result == "ok" for result in results.values())
    return answer(200 if ready else 503, {"status": "ok" if ready else "unavailable", "checks": results})


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz}


def health_middleware(get_response):
    """Answer GET and HEAD for /healthz and /readyz before anything else needs the database."""

    def middleware(request):
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is None or request.method not in ("GET", "HEAD"):
            return get_response(request)
        return endpoint()

    return middleware
