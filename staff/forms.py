"""The staff record's admin form (the model imports it while models load)."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm


def saved_since_opened(data, instance):
    """The revision the editor's form started from is no longer the object's latest.

    Wagtail refuses such a save only from autosave; a form submitted as is would silently replace
    the other editor's revision. The form names the revision it was opened on (loaded_revision_id
    and its time), or the editor's own autosaved revision (overwrite_revision_id).
    """
    latest = instance.latest_revision if instance.pk else None
    if latest is None:
        return False
    if overwrite := data.get("overwrite_revision_id"):
        return overwrite != str(latest.pk)
    if loaded := data.get("loaded_revision_id"):
        return loaded != str(latest.pk) or data.get("loaded_revision_created_at", "") != latest.created_at.isoformat()
    return False


def out_of_date_message(noun):
    return (
        f"Someone else saved this {noun} after you opened it. Your changes are below and not saved yet: "
        "save again to replace their version with yours, or open it again in a new tab to see theirs."
    )


class StaffMemberForm(WagtailAdminModelForm):
    """A staff record's form: no silent overwrite of a version saved after the editor opened it."""

    OUT_OF_DATE = out_of_date_message("record")

    def clean(self):
        cleaned_data = super().clean()
        if saved_since_opened(self.data, self.instance):
            raise ValidationError(self.OUT_OF_DATE, code="out_of_date")
        return cleaned_data
