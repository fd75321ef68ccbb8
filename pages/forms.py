"""The page editor's form for every program page (the page models import it while models load)."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm

from .permissions import may_take_offline


class ProgramPageForm(WagtailAdminPageForm):
    """The page editor's form: an expiry date only for those who may take the page offline, and no
    silent overwrite of a version saved after the editor opened the page.

    An expiry date unpublishes the page when it passes, so on the overview and the section pages
    the field is left out for everyone but superusers (a crafted POST to it is ignored too).
    """

    OUT_OF_DATE = (
        "Someone else saved this page after you opened it. Your changes are below and not saved yet: "
        "save again to replace their version with yours, or open the page again in a new tab to see theirs."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not may_take_offline(self.instance, self.for_user):
            self.fields.pop("expire_at", None)

    def clean(self):
        cleaned_data = super().clean()
        if self.is_out_of_date():
            raise ValidationError(self.OUT_OF_DATE, code="out_of_date")
        return cleaned_data

    def is_out_of_date(self):
        """The revision the editor started from is no longer the page's latest.

        Wagtail refuses such a save only from autosave; a form submitted as is would silently replace
        the other editor's revision. The form names the revision it was opened on (loaded_revision_id
        and its time), or the editor's own autosaved revision (overwrite_revision_id).
        """
        latest = self.instance.latest_revision if self.instance.pk else None
        if latest is None:
            return False
        if overwrite := self.data.get("overwrite_revision_id"):
            return overwrite != str(latest.pk)
        if loaded := self.data.get("loaded_revision_id"):
            return loaded != str(latest.pk) or self.data.get("loaded_revision_created_at", "") != (
                latest.created_at.isoformat()
            )
        return False
