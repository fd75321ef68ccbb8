"""The page editor's form for every program page (the page models import it while models load)."""

from wagtail.admin.forms import WagtailAdminPageForm

from .permissions import may_take_offline


class ProgramPageForm(WagtailAdminPageForm):
    """The page editor's form: an expiry date only for those who may take the page offline.

    An expiry date unpublishes the page when it passes, so on the overview and the section pages
    the field is left out for everyone but superusers (a crafted POST to it is ignored too).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not may_take_offline(self.instance, self.for_user):
            self.fields.pop("expire_at", None)
