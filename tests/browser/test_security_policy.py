"""The Content Security Policy in a real browser: nothing the site or the admin uses is blocked, and an injected
inline script is."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import PUBLIC_PATHS

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"

# Runs in every frame before the page's own scripts (init scripts are not subject to the page's policy).
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
    const where = event.blockedURI || "inline";
    window.reportViolation(`${event.violatedDirective} blocked ${where} in ${event.documentURI}`);
});
"""


@pytest.fixture
def watched(new_page):
    """A browser tab whose policy violations (events and console reports, from every frame) are collected."""
    page = new_page()
    violations = []
    page.context.expose_function("reportViolation", lambda text: violations.append(text))
    page.context.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return page, violations


def log_in(page, django_user_model):
    django_user_model.objects.create_superuser("csp-admin", "csp-admin@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_loads_everything_it_uses(watched, path):
    page, violations = watched

    response = page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")

    assert response.status in {200, 404}
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px", "the site's stylesheet applies"
    assert violations == []


def test_structured_data_stays_readable(watched):
    page, violations = watched
    page.goto("/apply/", wait_until="load")

    data = page.evaluate(
        "[...document.querySelectorAll('script[type=\"application/ld+json\"]')].map(s => JSON.parse(s.textContent))"
    )

    assert data, "the Apply page carries schema.org data"
    assert violations == []


def test_an_injected_inline_script_is_blocked_and_reported(watched):
    page, violations = watched
    page.goto("/", wait_until="load")

    with pytest.raises(PlaywrightError, match="violates the following Content Security Policy directive"):
        page.add_script_tag(content="window.injected = true;")

    assert page.evaluate("window.injected") is None
    expect(page.locator("body")).to_be_visible()
    assert any("script-src" in violation for violation in violations), violations


def test_admin_dashboard_editor_and_preview_work_under_the_admin_policy(watched, django_user_model, apply_page):
    page, violations = watched
    log_in(page, django_user_model)
    page.wait_for_load_state("networkidle")

    page.goto(f"/admin/pages/{apply_page.pk}/edit/", wait_until="load")
    page.locator('button[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(apply_page.title)
    page.wait_for_load_state("networkidle")

    page.goto("/", wait_until="load")
    expect(page.locator("wagtail-userbar")).to_be_attached()
    page.wait_for_load_state("networkidle")

    assert violations == []


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/"])
def test_signed_out_admin_pages_work_without_inline_scripts(watched, path):
    page, violations = watched

    response = page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    expect(page.get_by_role("button", name=re.compile("Sign in|Reset password"))).to_be_visible()
    assert violations == []
