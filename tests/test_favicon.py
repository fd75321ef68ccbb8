"""The site's own icon: /favicon.ico answers, every icon the head links to is served as an image,
and the redirect follows the static storage's file names (hashed in production)."""

import re
import urllib.request
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage

import pytest
from bs4 import BeautifulSoup
from PIL import Image

ICONS = Path(django_settings.BASE_DIR) / "residency" / "static" / "icons"
NAVY = (0x12, 0x35, 0x5B)


def fetch(url):
    """(status, content type, body) after following redirects, as a browser asks for an icon."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the test's own live server)
        return response.status, response.headers.get_content_type(), response.read()


def head_links(client):
    head = BeautifulSoup(client.get("/").content, "html.parser").find("head")
    return {link["rel"][0] + (f" {link.get('type')}" if link.get("type") else ""): link for link in head("link")}


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_static_icon(client, site):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/icons/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_favicon_ico_and_every_linked_icon_is_served_as_an_image(client, site, live_server):
    status, content_type, body = fetch(f"{live_server.url}/favicon.ico")
    assert (status, content_type) == (200, "image/vnd.microsoft.icon")
    assert body.startswith(b"\x00\x00\x01\x00")  # the ICO file signature

    links = head_links(client)
    expected = {
        "icon": "image/vnd.microsoft.icon",
        "icon image/svg+xml": "image/svg+xml",
        "icon image/png": "image/png",
        "apple-touch-icon": "image/png",
        "manifest": "application/manifest+json",
    }
    assert set(expected) <= set(links)
    for rel, content_type in expected.items():
        status, served_type, _body = fetch(live_server.url + links[rel]["href"])
        assert (status, served_type) == (200, content_type), rel


@pytest.mark.django_db
def test_icon_sizes_match_what_the_head_declares(client, site):
    links = head_links(client)

    assert links["icon"]["sizes"] == "48x48"
    assert links["icon image/png"]["sizes"] == "32x32"
    assert links["icon image/png"]["href"].endswith("icon-32.png")
    assert links["apple-touch-icon"]["href"].endswith("apple-touch-icon.png")
    assert (
        BeautifulSoup(client.get("/").content, "html.parser").find("meta", attrs={"name": "theme-color"})["content"]
        == "#12355b"
    )


@pytest.mark.parametrize(
    ("name", "size"),
    [("icon-32.png", 32), ("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)],
)
def test_png_icons_are_the_navy_monogram_at_their_size(name, size):
    icon = Image.open(ICONS / name).convert("RGB")

    assert icon.size == (size, size)
    # Navy left of the "P", white on its stem (drawn at x = 9.25 of 64 units), half way down.
    assert icon.getpixel((size * 4 // 64, size // 2)) == pytest.approx(NAVY, abs=8)
    assert min(icon.getpixel((round(size * 9.25 / 64), size // 2))) > 230


def test_favicon_ico_holds_the_sizes_browsers_ask_for():
    icon = Image.open(ICONS / "favicon.ico")

    assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]


def test_svg_icon_is_navy_and_needs_no_font():
    svg = (ICONS / "icon.svg").read_text()

    assert 'fill="#12355b"' in svg
    assert "<text" not in svg
    assert "<script" not in svg


def test_manifest_names_the_large_icons():
    import json

    manifest = json.loads((ICONS.parent / "site.webmanifest").read_text())

    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert (ICONS.parent / icon["src"]).is_file()


@pytest.mark.django_db
def test_favicon_follows_the_hashed_names_of_production_static_storage(client, site, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    from django.contrib.staticfiles.storage import staticfiles_storage

    # What collectstatic does for this one file: a copy, a copy under its content hash, the manifest.
    source = FileSystemStorage(location=ICONS.parent)
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "favicon.ico").write_bytes((ICONS / "favicon.ico").read_bytes())
    list(staticfiles_storage.post_process({"icons/favicon.ico": (source, "icons/favicon.ico")}))

    response = client.get("/favicon.ico")

    assert response.status_code == 302
    match = re.fullmatch(r"/static/(icons/favicon\.[0-9a-f]{12}\.ico)", response["Location"])
    assert match, response["Location"]
    assert (tmp_path / match[1]).read_bytes() == (ICONS / "favicon.ico").read_bytes()
