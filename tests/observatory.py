"""The MDN HTTP Observatory's scoring, applied to one response (its headers, cookies and HTML) and the
redirects a plain-http request gets.

The tests and modifiers follow the Observatory's published methodology ("Tests and Scoring" on MDN, and
its analyzer's rules): start at 100, take off every penalty, and add the bonuses only when the result is
at least 90. Where the Observatory probes the network (the HSTS preload list), the caller says the answer.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

MODIFIERS = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    # Subresource Integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "cross-origin-resource-policy-implemented-with-same-origin": 10,
    "cross-origin-resource-policy-implemented-with-same-site": 10,
    "cross-origin-resource-policy-implemented-with-cross-origin": 0,
    "cross-origin-resource-policy-not-implemented": 0,
    "cross-origin-resource-policy-header-invalid": -5,
}
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
GRADES = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C")]
GRADES += [(45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F")]
SIX_MONTHS = 15768000
# The Origin the Observatory sends, to see whether the site reflects an arbitrary origin.
PROBE_ORIGIN = "https://http-observatory.security.mozilla.org"

DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PRIVATE_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRERS = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
SESSION_NAMES = ("login", "sess")


@dataclass
class Observed:
    """What the Observatory sees: the final https response, and the chain a plain-http request follows."""

    url: str
    headers: dict  # header name (any case) -> value
    body: str = ""
    set_cookies: list = field(default_factory=list)  # raw Set-Cookie values
    http_redirects: list | None = None  # [url, ...] from the http:// address to the final one; None: no http
    hsts_preloaded: bool = False  # the host is on the browsers' HSTS preload list


@dataclass
class Score:
    score: int
    grade: str
    results: dict  # test -> expectation

    def modifiers(self):
        return {test: MODIFIERS[result] for test, result in self.results.items()}

    def report(self):
        lines = [f"Observatory score {self.score} ({self.grade})"]
        lines += [f"  {MODIFIERS[result]:+4d}  {test}: {result}" for test, result in sorted(self.results.items())]
        return "\n".join(lines)


def header(observed, name):
    for key, value in observed.headers.items():
        if key.lower() == name.lower():
            return value
    return None


# Content Security Policy --------------------------------------------------------------------------


def parse_csp(value):
    """{directive: set(sources)}; ValueError for a policy that repeats a directive or names none."""
    policy = {}
    for part in value.split(";"):
        tokens = part.strip().split()
        if not tokens:
            continue
        name, sources = tokens[0].lower(), tokens[1:]
        if name in policy:
            raise ValueError(f"{name} twice")
        policy[name] = {source.lower() for source in sources}
    if not policy:
        raise ValueError("empty policy")
    return policy


def csp_test(observed):
    value = header(observed, "Content-Security-Policy")
    if value is None:
        return "csp-not-implemented", {}
    try:
        # Several policies all apply; the Observatory reads them together. One policy is what this site sends.
        policy = parse_csp(value.split(",")[0])
    except ValueError:
        return "csp-header-invalid", {}
    default = policy.get("default-src")
    script = set(policy.get("script-src") or default or {"*"})
    style = set(policy.get("style-src") or default or {"*"})
    objects = set(policy.get("object-src") or default or {"*"})
    for sources in (script, style):
        if any(source.startswith(NONCES_HASHES) for source in sources):
            sources.discard("'unsafe-inline'")
    if any(source.startswith(NONCES_HASHES) for source in script) and "'strict-dynamic'" in script:
        script = {
            s for s in script if s not in {"'self'", "'unsafe-inline'"} and not s.startswith(tuple(DANGEROUSLY_BROAD))
        }
    elif "'strict-dynamic'" in script:
        return "csp-header-invalid", policy
    passive = {s for d in ("img-src", "media-src") for s in (policy.get(d) or default or set())}
    active = {s for d, sources in policy.items() if d not in {"img-src", "media-src", "script-src"} for s in sources}
    active |= script
    secure = urlsplit(observed.url).scheme == "https"
    insecure = ("http:", "ftp:")
    if script & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or objects & DANGEROUSLY_BROAD:
        result = "csp-implemented-with-unsafe-inline"
    elif secure and any(source.startswith(insecure) for source in active):
        result = "csp-implemented-with-insecure-scheme"
    elif "'unsafe-eval'" in script | style:
        result = "csp-implemented-with-unsafe-eval"
    elif secure and any(source.startswith(insecure) for source in passive):
        result = "csp-implemented-with-insecure-scheme-in-passive-content-only"
    elif style & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        result = "csp-implemented-with-unsafe-inline-in-style-src-only"
    elif default == {"'none'"}:
        result = "csp-implemented-with-no-unsafe-default-src-none"
    else:
        result = "csp-implemented-with-no-unsafe"
    return result, policy


# The other tests ----------------------------------------------------------------------------------


def hsts_max_age(observed):
    value = header(observed, "Strict-Transport-Security")
    if value is None:
        return None
    match = re.search(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:;|$)", value, re.IGNORECASE)
    return int(match.group(1)) if match else -1


def hsts_test(observed):
    if urlsplit(observed.url).scheme != "https":
        return "hsts-not-implemented-no-https"
    if observed.hsts_preloaded:
        return "hsts-preloaded"
    max_age = hsts_max_age(observed)
    if max_age is None:
        return "hsts-not-implemented"
    if max_age < 0:
        return "hsts-header-invalid"
    return (
        "hsts-implemented-max-age-at-least-six-months"
        if max_age >= SIX_MONTHS
        else "hsts-implemented-max-age-less-than-six-months"
    )


def cookies_test(observed):
    if not observed.set_cookies:
        return "cookies-not-found"
    protected_by_hsts = (hsts_max_age(observed) or 0) >= SIX_MONTHS
    results, all_samesite = [], True
    for raw in observed.set_cookies:
        jar = SimpleCookie()
        jar.load(raw)
        for name, morsel in jar.items():
            session = any(part in name.lower() for part in SESSION_NAMES)
            samesite = (morsel["samesite"] or "").lower()
            if not morsel["secure"]:
                if session:
                    worst = "cookies-session-without-secure-flag"
                    results.append(worst + ("-but-protected-by-hsts" if protected_by_hsts else ""))
                else:
                    results.append(
                        "cookies-without-secure-flag-but-protected-by-hsts"
                        if protected_by_hsts
                        else "cookies-without-secure-flag"
                    )
            if session and not morsel["httponly"]:
                results.append("cookies-session-without-httponly-flag")
            if samesite and samesite not in {"strict", "lax", "none"}:
                results.append("cookies-samesite-flag-invalid")
            if not samesite:
                all_samesite = False
                if "csrf" in name.lower():
                    results.append("cookies-anticsrf-without-samesite-flag")
    if results:
        return min(results, key=lambda result: MODIFIERS[result])
    return (
        "cookies-secure-with-httponly-sessions-and-samesite"
        if all_samesite
        else "cookies-secure-with-httponly-sessions"
    )


def cors_test(observed):
    allow_origin = header(observed, "Access-Control-Allow-Origin")
    if allow_origin is None:
        return "cross-origin-resource-sharing-not-implemented"
    if allow_origin.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = (header(observed, "Access-Control-Allow-Credentials") or "").strip().lower() == "true"
    if allow_origin.strip() == PROBE_ORIGIN and credentials:
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_test(observed):
    chain = observed.http_redirects
    if chain is None:
        return "redirection-not-needed-no-http"
    if len(chain) < 2:
        return "redirection-missing"
    first, second, final = urlsplit(chain[0]), urlsplit(chain[1]), urlsplit(chain[-1])
    if final.scheme != "https":
        return "redirection-not-to-https"
    if second.scheme != "https":
        return "redirection-not-to-https-on-initial-redirection"
    if second.hostname != first.hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_test(observed):
    value = header(observed, "Referrer-Policy")
    if value is None:
        return "referrer-policy-not-implemented"
    # Browsers use the last value they understand.
    known = [
        token.strip().lower()
        for token in value.split(",")
        if token.strip().lower() in PRIVATE_REFERRERS | UNSAFE_REFERRERS
    ]
    if not known:
        return "referrer-policy-header-invalid"
    return "referrer-policy-private" if known[-1] in PRIVATE_REFERRERS else "referrer-policy-unsafe"


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            attributes = dict(attrs)
            if attributes.get("src"):
                self.scripts.append(attributes)


def sri_test(observed):
    content_type = (header(observed, "Content-Type") or "").lower()
    if not content_type.startswith("text/html"):
        return "sri-not-implemented-response-not-html"
    parser = Scripts()
    parser.feed(observed.body)
    if not parser.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    page = urlsplit(observed.url)
    same_origin, with_integrity, insecure_external, secure_external_without = True, True, False, False
    for script in parser.scripts:
        source = urlsplit(script["src"])
        local = not source.netloc or (source.scheme in {"", page.scheme} and source.hostname == page.hostname)
        local = local and not script["src"].startswith("//")
        integrity = bool(script.get("integrity"))
        with_integrity = with_integrity and integrity
        if not local:
            same_origin = False
            if source.scheme != "https":
                insecure_external = True
            elif not integrity:
                secure_external_without = True
    if insecure_external:
        return (
            "sri-implemented-but-external-scripts-not-loaded-securely"
            if with_integrity
            else "sri-not-implemented-and-external-scripts-not-loaded-securely"
        )
    if secure_external_without:
        return "sri-not-implemented-but-external-scripts-loaded-securely"
    if with_integrity:
        return (
            "sri-implemented-and-all-scripts-loaded-securely"
            if same_origin
            else "sri-implemented-and-external-scripts-loaded-securely"
        )
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def x_content_type_options_test(observed):
    value = header(observed, "X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented"
    return (
        "x-content-type-options-nosniff"
        if value.strip().lower() == "nosniff"
        else "x-content-type-options-header-invalid"
    )


def x_frame_options_test(observed, policy):
    ancestors = policy.get("frame-ancestors")
    if ancestors is not None and not ancestors & DANGEROUSLY_BROAD:
        return "x-frame-options-implemented-via-csp"
    value = header(observed, "X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented"
    if value.strip().lower() in {"deny", "sameorigin"} or value.strip().lower().startswith("allow-from "):
        return "x-frame-options-sameorigin-or-deny"
    return "x-frame-options-header-invalid"


def corp_test(observed):
    value = header(observed, "Cross-Origin-Resource-Policy")
    if value is None:
        return "cross-origin-resource-policy-not-implemented"
    value = value.strip().lower()
    if value in {"same-origin", "same-site", "cross-origin"}:
        return f"cross-origin-resource-policy-implemented-with-{value}"
    return "cross-origin-resource-policy-header-invalid"


def score(observed: Observed) -> Score:
    csp, policy = csp_test(observed)
    results = {
        "content-security-policy": csp,
        "cookies": cookies_test(observed),
        "cross-origin-resource-sharing": cors_test(observed),
        "redirection": redirection_test(observed),
        "referrer-policy": referrer_test(observed),
        "strict-transport-security": hsts_test(observed),
        "subresource-integrity": sri_test(observed),
        "x-content-type-options": x_content_type_options_test(observed),
        "x-frame-options": x_frame_options_test(observed, policy),
        "cross-origin-resource-policy": corp_test(observed),
    }
    modifiers = [MODIFIERS[result] for result in results.values()]
    total = max(100 + sum(m for m in modifiers if m < 0), 0)
    if total >= MINIMUM_SCORE_FOR_EXTRA_CREDIT:
        total += sum(m for m in modifiers if m > 0)
    grade = next(letter for floor, letter in GRADES if total >= floor)
    return Score(total, grade, results)
