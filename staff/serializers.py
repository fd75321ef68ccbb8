"""How the public API shows a staff record wherever a page names one (the Apply page's contact).

Kept apart from the staff endpoint (api.py), which needs the models loaded: the page models
import this while models are still loading.
"""

from rest_framework import serializers


class PublicStaffField(serializers.Field):
    """A staff member as the public site shows them: nothing for drafts or people who left, no private email."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, member):
        if not member.is_public:
            return None
        return {
            "id": member.pk,
            "name": member.name,
            "display_name": member.display_name,
            "title": member.title,
            "public_email": member.public_email,
        }
