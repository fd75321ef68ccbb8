"""schema.org JSON-LD built from the models, so search engines read the same facts the page shows."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .facts import eastern, nrmp_track_type, salaries_by_year

# Residents train to be general internists: O*NET-SOC 29-1216.00.
OCCUPATIONAL_CATEGORY = {
    "@type": "CategoryCode",
    "codeValue": "29-1216.00",
    "name": "General Internal Medicine Physicians",
    "inCodeSet": {"@type": "CategoryCodeSet", "name": "O*NET-SOC"},
}
STAFF_PHOTO_SPEC = "fill-160x160"  # the rendition the staff card shows

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
            "programPrerequisites": apply_page.exam_requirements,
            "maximumEnrollment": apply_page.positions_per_year,
            "trainingSalary": training_salary(apply_page),
        }
    )


def person(member, organization: str, request) -> dict:
    photo = member.photo.get_rendition(STAFF_PHOTO_SPEC) if member.photo else None
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
