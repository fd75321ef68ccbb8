"""Template helpers for what applicants scan: email addresses that wrap sensibly, and the Apply page's
key facts for the side column and the next step at the end of every section page."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from pages.facts import format_deadline
from pages.models import ApplicationProcessPage
from pages.settings import ContactSettings
from pages.site import site_pages

register = template.Library()

# The facts a reader scans beside any page: how to find the program in the Match, how to apply, by when, whom to ask.
SUMMARY_FACTS = ("nrmp_code", "eras", "deadline", "contact")


# A domain up to this long moves to the next line whole ("name@ / partners.org"); a longer one may
# also break before its dots ("name@ / mail.department / .hospital.org").
WHOLE_DOMAIN = 20


@register.filter(needs_autoescape=True)
def email_breaks(address, autoescape=True):
    """The address with line-break opportunities (<wbr>) after "@" and before dots, never inside a word,
    so that "name@partners.org" wraps as "name@ / partners.org" and never as "partners.or / g"."""
    text = conditional_escape(address) if autoescape else str(address)
    local, at, domain = text.rpartition("@")
    if not at:
        local, domain = text, ""
    # Escaping writes no "@" or "." of its own, so every one left is the address's.
    local = local.replace(".", "<wbr>.")
    if len(domain) > WHOLE_DOMAIN:
        domain = domain.replace(".", "<wbr>.")
    return mark_safe(f"{local}{at}<wbr>{domain}" if at else local)  # noqa: S308


@dataclass
class ApplicationSummary:
    """What the next step on every section page says, and the few facts shown beside it on wide screens."""

    program_name: str
    url: str
    state: str
    deadline: str
    nrmp_code: str
    eras: bool
    facts: list


@register.simple_tag(takes_context=True)
def application_summary(context):
    """The Apply page's key facts for the side column and the next step, or None without a live Apply page."""
    request = context.get("request")
    page = ApplicationProcessPage.public_for_request(request)
    if page is None:
        return None
    contact = ContactSettings.for_request(request)
    facts = [fact for fact in page.program_facts(contact) if fact.key in SUMMARY_FACTS]
    return ApplicationSummary(
        program_name=site_pages(request).root.title,
        url=page.get_url(request) or "",
        state=page.deadline_state(),
        deadline=format_deadline(page.application_deadline),
        nrmp_code=page.nrmp_code,
        eras=page.eras_participation,
        facts=facts,
    )


@register.simple_tag(takes_context=True)
def calendar_feed_urls(context):
    """(https address, webcal address) of the key dates feed: the first to download, the second to subscribe."""
    request = context.get("request")
    path = reverse("key_dates_ics")
    if request is None:
        return path, ""
    address = request.build_absolute_uri(path)
    return address, "webcal://" + address.split("://", 1)[1]
