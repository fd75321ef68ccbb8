"""The MDN HTTP Observatory's score: the scorer against known header sets, then the site's own answers under
production's security settings, which must score at least 120 (A+)."""

import importlib

from django.conf import settings as django_settings
from django.test import Client

import pytest

from tests.observatory import MODIFIERS, PROBE_ORIGIN, Observed, score

GOOD_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'"
GOOD_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": GOOD_POLICY,
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
GOOD_PAGE = '<html><script src="/app.js" integrity="sha384-abc"></script></html>'
SECURE_COOKIE = "sessionid=abc; Secure; HttpOnly; SameSite=Lax; Path=/"
REDIRECTED = ["http://example.org/", "https://example.org/"]


def good(**changes):
    headers = {**GOOD_HEADERS, **changes.pop("headers", {})}
    fields = {"url": "https://example.org/", "headers": headers, "body": GOOD_PAGE, "set_cookies": [SECURE_COOKIE]}
    return Observed(**{**fields, "http_redirects": REDIRECTED, **changes})


# The scorer --------------------------------------------------------------------------------------


def test_a_bare_response_scores_an_f():
    bare = Observed(url="https://example.org/", headers={"Content-Type": "text/html"}, body="<html></html>")
    bare.http_redirects = ["http://example.org/"]  # http answers itself: no redirect to https

    result = score(bare)

    # 100 - 25 (no CSP) - 20 (no redirect) - 20 (no HSTS) - 5 (no nosniff) - 20 (no framing rule)
    assert (result.score, result.grade) == (10, "F")
    assert result.results["content-security-policy"] == "csp-not-implemented"
    assert result.results["x-frame-options"] == "x-frame-options-not-implemented"


def test_every_bonus_reaches_the_documented_highest_score_of_145():
    result = score(good(hsts_preloaded=True))

    assert result.score == 145
    assert result.grade == "A+"
    assert {test: modifier for test, modifier in result.modifiers().items() if modifier} == {
        "content-security-policy": 10,
        "cookies": 5,
        "referrer-policy": 5,
        "strict-transport-security": 5,
        "subresource-integrity": 5,
        "x-frame-options": 5,
        "cross-origin-resource-policy": 10,
    }


def test_bonuses_count_only_from_a_score_of_90():
    policy = "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
    result = score(good(headers={"Content-Security-Policy": policy}))

    assert result.results["content-security-policy"] == "csp-implemented-with-unsafe-inline"
    # 100 - 20 = 80: below 90, so none of the other tests' bonuses count.
    assert (result.score, result.grade) == (80, "B+")


@pytest.mark.parametrize(
    ("change", "test", "expectation"),
    [
        (
            {"headers": {"Content-Security-Policy": "default-src 'self'"}},
            "content-security-policy",
            "csp-implemented-with-no-unsafe",
        ),
        (
            {
                "headers": {
                    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'"
                }
            },
            "content-security-policy",
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        (
            {"headers": {"Content-Security-Policy": "script-src 'self' 'unsafe-eval'; object-src 'none'"}},
            "content-security-policy",
            "csp-implemented-with-unsafe-eval",
        ),
        (
            {"headers": {"Content-Security-Policy": "default-src 'self'; default-src *"}},
            "content-security-policy",
            "csp-header-invalid",
        ),
        (
            {"set_cookies": ["sessionid=abc; HttpOnly; SameSite=Lax"]},
            "cookies",
            "cookies-session-without-secure-flag-but-protected-by-hsts",
        ),
        ({"set_cookies": ["sessionid=abc; Secure; SameSite=Lax"]}, "cookies", "cookies-session-without-httponly-flag"),
        ({"set_cookies": ["csrftoken=abc; Secure"]}, "cookies", "cookies-anticsrf-without-samesite-flag"),
        ({"set_cookies": []}, "cookies", "cookies-not-found"),
        (
            {"headers": {"Access-Control-Allow-Origin": PROBE_ORIGIN, "Access-Control-Allow-Credentials": "true"}},
            "cross-origin-resource-sharing",
            "cross-origin-resource-sharing-implemented-with-universal-access",
        ),
        (
            {"http_redirects": ["http://example.org/", "https://www.example.org/"]},
            "redirection",
            "redirection-off-host-from-http",
        ),
        ({"headers": {"Referrer-Policy": "unsafe-url"}}, "referrer-policy", "referrer-policy-unsafe"),
        (
            {"headers": {"Strict-Transport-Security": "max-age=86400"}},
            "strict-transport-security",
            "hsts-implemented-max-age-less-than-six-months",
        ),
        (
            {"body": '<script src="https://cdn.example.net/x.js"></script>'},
            "subresource-integrity",
            "sri-not-implemented-but-external-scripts-loaded-securely",
        ),
        (
            {"body": '<script src="/x.js"></script>'},
            "subresource-integrity",
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        (
            {"headers": {"X-Content-Type-Options": "sniff"}},
            "x-content-type-options",
            "x-content-type-options-header-invalid",
        ),
        (
            {"headers": {"Content-Security-Policy": "default-src 'none'", "X-Frame-Options": "DENY"}},
            "x-frame-options",
            "x-frame-options-sameorigin-or-deny",
        ),
        (
            {"headers": {"Cross-Origin-Resource-Policy": "cross-origin"}},
            "cross-origin-resource-policy",
            "cross-origin-resource-policy-implemented-with-cross-origin",
        ),
    ],
)
def test_each_rule_gives_its_published_result(change, test, expectation):
    assert score(good(**change)).results[test] == expectation


def test_every_modifier_is_the_published_one():
    # A few figures straight from the published table, as a check on the transcription.
    assert [
        MODIFIERS[name]
        for name in ("csp-not-implemented", "cookies-session-without-secure-flag", "hsts-not-implemented")
    ] == [-25, -40, -20]
    assert MODIFIERS["cross-origin-resource-policy-implemented-with-same-origin"] == 10
    assert MODIFIERS["cross-origin-resource-sharing-implemented-with-universal-access"] == -50


# The site ----------------------------------------------------------------------------------------

PRODUCTION_SECURITY = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
]
HOST = "primarycare.example.org"


@pytest.fixture
def production_security(settings, site, monkeypatch):
    """Production's security settings and middleware (less WhiteNoise, which serves only static files)."""
    for name, value in {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": HOST, "EMAIL_URL": "console://"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    monkeypatch.delenv("SECURE_HSTS_SECONDS", raising=False)
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    production = importlib.reload(importlib.import_module("residency.settings.production"))
    for name in PRODUCTION_SECURITY:
        setattr(settings, name, getattr(production, name))
    settings.MIDDLEWARE = [name for name in production.MIDDLEWARE if "whitenoise" not in name]
    assert settings.SECURE_HSTS_SECONDS == 31536000 and settings.SECURE_SSL_REDIRECT
    return settings


def observe(path):
    """What the Observatory sees of a path: the https answer (through the TLS proxy) and where http leads."""
    secure = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https", HTTP_ORIGIN=PROBE_ORIGIN).get(path)
    plain = Client(HTTP_HOST=HOST).get(path)
    chain = [f"http://{HOST}{path}"]
    if plain.status_code in (301, 302, 307, 308):
        chain.append(plain["Location"])
    return Observed(
        url=f"https://{HOST}{path}",
        headers=dict(secure.headers),
        body=secure.content.decode(),
        set_cookies=[morsel.OutputString() for morsel in secure.cookies.values()],
        http_redirects=chain,
    ), secure.status_code


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/apply/", 200), ("/admin/login/", 200), ("/no-such-page/", 404)]
)
def test_the_site_scores_at_least_120_under_production_settings(production_security, path, status, record_property):
    observed, status_seen = observe(path)

    result = score(observed)

    print(f"{path}: {result.report()}")
    record_property("observatory_score", result.score)
    (django_settings.BASE_DIR / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)
    with open(django_settings.BASE_DIR / "tests" / "artifacts" / "observatory.txt", "a") as record:
        record.write(f"{path}: {result.report()}\n")
    assert status_seen == status
    assert result.results["redirection"] == "redirection-to-https"
    assert result.score >= 120, result.report()
