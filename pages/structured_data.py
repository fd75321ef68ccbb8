"""schema.org JSON-LD built from the models, so search engines read the same facts the page shows."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from staff.photos import PHOTO_SPEC

from .facts import ELIGIBILITY, eastern, nrmp_track_type, program_facts, salaries_by_year

# Residents train to be general internists: O*NET-SOC 29-1216.00.
OCCUPATIONAL_CATEGORY = {
    "@type": "CategoryCode",
    "codeValue": "29-1216.00",
    "name": "General Internal Medicine Physicians",
    "inCodeSet": {"@type": "CategoryCodeSet", "name": "O*NET-SOC"},
}

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """<script type="application/ld+json"> with the data, safe to place in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def compact(data: dict) -> dict:
    """Leave out unset values, so the JSON-LD never states an empty fact."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def node(schema_type: str, **fields) -> dict | None:
    """A schema.org node of the fields that are set, or None when none is."""
    fields = compact(fields)
    return {"@type": schema_type, **fields} if fields else None


def provider(contact) -> dict | None:
    """The hospital that runs the program, with its address and how to reach the program."""
    if contact is None:
        return None
    contact_point = node("ContactPoint", telephone=contact.phone, faxNumber=contact.fax, email=contact.email)
    return node(
        "Hospital",
        name=contact.organization,
        department=node("MedicalOrganization", name=contact.department),
        address=node(
            "PostalAddress",
            streetAddress=contact.street_address,
            addressLocality=contact.city,
            addressRegion=contact.state,
            postalCode=contact.postal_code,
        ),
        contactPoint={**contact_point, "contactType": "admissions"} if contact_point else None,
    )


def training_salary(apply_page) -> list[dict]:
    return [
        {
            "@type": "MonetaryAmountDistribution",
            "name": f"PGY-{value['pgy']}",
            "currency": "USD",
            "duration": "P1Y",
            "median": value["salary"],
        }
        for value in salaries_by_year(apply_page.salaries)
    ]


def prerequisites(apply_page, contact) -> list[str]:
    """The eligibility facts as the "at a glance" panel states them: "Visa sponsorship: J-1"."""
    return [f"{fact.label}: {fact.value}" for fact in program_facts(apply_page, contact) if fact.key in ELIGIBILITY]


def event(key_date, organizer, page_url) -> dict:
    """One key date as a schema.org Event; all-day dates as dates, the rest with their Boston offset."""
    location = key_date.location
    return compact(
        {
            "@type": "Event",
            "name": key_date.title,
            "startDate": key_date.start,
            "endDate": key_date.end,
            "description": key_date.description,
            "location": node("Place", name=location) if location else None,
            "url": key_date.link or page_url,
            "organizer": organizer,
            "eventStatus": "https://schema.org/EventScheduled",
        }
    )


def events(key_dates, contact, page_url) -> dict | None:
    """The key dates as schema.org Events in one graph, or None when there are none."""
    if not key_dates:
        return None
    organizer = node("Hospital", name=contact.organization) if contact else None
    graph = [event(key_date, organizer, page_url) for key_date in key_dates]
    return {"@context": "https://schema.org", "@graph": graph}


def faq(page, request) -> dict:
    """The FAQ page as a schema.org FAQPage: each question with its answer's text."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": page.title,
        "url": page.get_full_url(request),
        "mainEntity": [
            {
                "@type": "Question",
                "name": block.value["question"],
                "acceptedAnswer": {"@type": "Answer", "text": str(block.value["answer"])},
            }
            for block in page.questions
        ],
    }


def program(home, apply_page, contact, request) -> dict:
    """The program as an EducationalOccupationalProgram, from the overview, the Apply page and contact details."""
    nrmp_type = nrmp_track_type(apply_page.nrmp_code)
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalProgram",
            "name": home.title,
            "description": home.listing_summary,
            "url": home.get_full_url(request),
            "provider": provider(contact),
            "identifier": node(
                "PropertyValue", propertyID="NRMP program code", value=apply_page.nrmp_code, description=nrmp_type
            ),
            "occupationalCategory": OCCUPATIONAL_CATEGORY,
            "applicationStartDate": apply_page.application_open_date,
            "applicationDeadline": eastern(apply_page.application_deadline).date(),
            "programPrerequisites": prerequisites(apply_page, contact),
            "maximumEnrollment": apply_page.positions_per_year,
            "trainingSalary": training_salary(apply_page),
        }
    )


def person(member, organization: str, request) -> dict:
    photo = member.photo.get_rendition(PHOTO_SPEC) if member.photo else None
    return compact(
        {
            "@type": "Person",
            "name": member.name,
            "honorificSuffix": member.credentials,
            "jobTitle": member.title,
            "image": request.build_absolute_uri(photo.url) if photo else None,
            "email": member.public_email,
            "worksFor": node("Hospital", name=organization),
        }
    )


def people(members, contact, request) -> dict:
    """The listed staff as schema.org Person entries, in one graph."""
    organization = contact.organization if contact else ""
    return {"@context": "https://schema.org", "@graph": [person(member, organization, request) for member in members]}
