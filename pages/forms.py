"""The page editor's form for every program page (the page models import it while models load)."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm

from staff.forms import out_of_date_message, saved_since_opened

from .permissions import may_take_offline


class ProgramPageForm(WagtailAdminPageForm):
    """The page editor's form: an expiry date only for those who may take the page offline, and no
    silent overwrite of a version saved after the editor opened the page.

    An expiry date unpublishes the page when it passes, so on the overview and the section pages
    the field is left out for everyone but superusers (a crafted POST to it is ignored too).
    """

    OUT_OF_DATE = out_of_date_message("page")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not may_take_offline(self.instance, self.for_user):
            self.fields.pop("expire_at", None)

    def clean(self):
        cleaned_data = super().clean()
        if saved_since_opened(self.data, self.instance, self.for_user):
            raise ValidationError(self.OUT_OF_DATE, code="out_of_date")
        return cleaned_data
