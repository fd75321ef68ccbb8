"""The admin form of the program's people records (their models import it while models load)."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm


def saved_since_opened(data, instance, user):
    """Someone else saved the object since the revision the editor's form started from.

    Wagtail refuses such a save only from autosave; a form submitted as is would silently replace
    the other editor's revision. The form names the revision it was opened on (loaded_revision_id
    and its time), or the editor's own autosaved revision (overwrite_revision_id). An autosave sends
    the latter, but the form's own Save and Publish still name the revision it was opened on: the
    revisions the editor's autosave made since then are theirs, and no conflict.
    """
    latest = instance.latest_revision if instance.pk else None
    if latest is None:
        return False
    if overwrite := data.get("overwrite_revision_id"):
        return overwrite != str(latest.pk)
    loaded = data.get("loaded_revision_id", "")
    if not loaded.isdigit():
        return False
    if loaded == str(latest.pk):
        # The same revision, rewritten since it was loaded: by an autosave, which only rewrites its own.
        rewritten = data.get("loaded_revision_created_at", "") != latest.created_at.isoformat()
        return rewritten and latest.user_id != getattr(user, "pk", None)
    others = instance.revisions.filter(pk__gt=int(loaded)).exclude(user_id=getattr(user, "pk", None))
    return others.exists()


def out_of_date_message(noun):
    return (
        f"Someone else saved this {noun} after you opened it. Your changes are below and not saved yet: "
        "save again to replace their version with yours, or open it again in a new tab to see theirs."
    )


class RecordForm(WagtailAdminModelForm):
    """A staff, resident or alumni record's form: no silent overwrite of a version saved after the editor opened it."""

    OUT_OF_DATE = out_of_date_message("record")

    def clean(self):
        cleaned_data = super().clean()
        if saved_since_opened(self.data, self.instance, self.for_user):
            raise ValidationError(self.OUT_OF_DATE, code="out_of_date")
        return cleaned_data
