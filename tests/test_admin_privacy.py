"""The admin asks no third party for anything: no Gravatar avatars, no release check against wagtail.org."""

import pytest

GRAVATAR = "www.gravatar.com/avatar/"
UPDATE_CHECK = 'data-controller="w-upgrade'
WAGTAIL_DEFAULTS = {"WAGTAIL_GRAVATAR_PROVIDER_URL": "//www.gravatar.com/avatar", "WAGTAIL_ENABLE_UPDATE_CHECK": True}


@pytest.fixture
def wagtail_defaults(settings):
    """Wagtail's own defaults, as a positive control: the same pages then do call out."""
    for name, value in WAGTAIL_DEFAULTS.items():
        setattr(settings, name, value)


def test_superuser_dashboard_has_no_gravatar_and_no_update_check(admin):
    html = admin.get("/admin/").content.decode()

    assert "gravatar" not in html
    assert UPDATE_CHECK not in html
    assert "default-user-avatar" in html  # Wagtail's own picture stands in


def test_superuser_dashboard_would_call_out_with_wagtails_defaults(admin, wagtail_defaults):
    html = admin.get("/admin/").content.decode()

    assert GRAVATAR in html
    assert UPDATE_CHECK in html


@pytest.mark.parametrize("url", ["/admin/", "/admin/account/"])
def test_editors_pages_have_no_gravatar(pm_client, url):
    html = pm_client.get(url).content.decode()

    assert "gravatar" not in html
    assert "default-user-avatar" in html


@pytest.mark.parametrize("url", ["/admin/", "/admin/account/"])
def test_editors_pages_would_show_gravatar_with_wagtails_defaults(pm_client, wagtail_defaults, url):
    assert GRAVATAR in pm_client.get(url).content.decode()
