"""API fields of the program pages: the facts applicants compare, computed once from the Apply page."""

from rest_framework import serializers

from .settings import ContactSettings


class PublicStaffField(serializers.Field):
    """A staff member as the public site shows them: nothing for drafts or people who left, no private email."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, member):
        if not (member.live and member.active):
            return None
        return {
            "id": member.pk,
            "name": member.name,
            "display_name": member.display_name,
            "title": member.title,
            "public_email": member.public_email,
        }


class ProgramFactsField(serializers.Field):
    """The "at a glance" facts exactly as the panel shows them: only those that are set, in order."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        request = self.context.get("request")
        contact = ContactSettings.for_request(request) if request else None
        return [
            {
                "key": fact.key,
                "label": fact.label,
                "value": fact.value,
                "items": list(fact.items),
                "note": fact.note,
                "email": fact.email,
                "datetime": fact.datetime,
                "state": fact.state,
            }
            for fact in page.program_facts(contact)
        ]
