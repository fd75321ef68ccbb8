"""Static files in production: content-hashed names, gzip and brotli copies, far-future cache headers
for hashed names only, all served by WhiteNoise from what collectstatic wrote."""

import importlib
import json
import re

from django.core.management import call_command
from django.test import Client, override_settings

import pytest

ONE_YEAR = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """Collect the site's own static files as production does, and serve them with production's middleware."""
    static_root = tmp_path_factory.mktemp("static")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SECRET_KEY", "static-files-test-key")
        env.setenv("ALLOWED_HOSTS", "testserver")
        env.setenv("EMAIL_URL", "console://")
        production = importlib.import_module("residency.settings.production")
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=static_root,
        STORAGES=production.STORAGES,
        MIDDLEWARE=production.MIDDLEWARE,
        # The project's own files are enough to see what the storage does, and quick to compress.
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
        yield Client(), manifest, static_root


def get(client, path, encoding):
    return client.get(path, headers={"accept-encoding": encoding})


def test_collectstatic_writes_hashed_gzip_and_brotli_copies(production_static):
    _client, manifest, static_root = production_static

    hashed = manifest["css/site.css"]

    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert (static_root / f"{hashed}.gz").is_file()
    assert (static_root / f"{hashed}.br").is_file()


def test_hashed_css_is_served_brotli_compressed_to_browsers_that_accept_it(production_static):
    client, manifest, static_root = production_static

    response = get(client, f"/static/{manifest['css/site.css']}", "gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert b"".join(response.streaming_content) == (static_root / f"{manifest['css/site.css']}.br").read_bytes()
    assert "Accept-Encoding" in response["Vary"]


def test_hashed_css_is_served_gzip_compressed_without_brotli(production_static):
    client, manifest, _static_root = production_static

    response = get(client, f"/static/{manifest['css/site.css']}", "gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_hashed_css_is_plain_for_clients_that_accept_no_compression(production_static):
    client, manifest, _static_root = production_static

    response = get(client, f"/static/{manifest['css/site.css']}", "identity")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def max_age(response):
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])


def test_hashed_names_are_cached_for_a_year_and_immutable(production_static):
    client, manifest, _static_root = production_static

    for name in ("css/site.css", "js/nav.js", "icons/icon.svg"):
        response = get(client, f"/static/{manifest[name]}", "br")

        assert response.status_code == 200, name
        assert max_age(response) >= ONE_YEAR, name
        assert "immutable" in response["Cache-Control"], name


def test_unhashed_names_are_not_cached_far_into_the_future(production_static):
    client, _manifest, _static_root = production_static

    response = get(client, "/static/css/site.css", "br")

    # Served (a positive control), but briefly cached: the same name will hold new content after a deploy.
    assert response.status_code == 200
    assert max_age(response) < 24 * 60 * 60
    assert "immutable" not in response["Cache-Control"]
