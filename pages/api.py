"""API fields of the program pages: the facts applicants compare, computed once from the Apply page."""

from rest_framework import serializers

from .settings import ContactSettings


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
