"""Every edit that changes what visitors see, connected to residency.invalidation (called from apps.ready)."""

from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, published, unpublished

from staff.models import Alumnus, Resident, StaffMember

from . import invalidation


def on_page_changed(sender, instance, **kwargs):
    invalidation.invalidate(invalidation.page_changed(instance))


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidation.invalidate(invalidation.page_changed(instance))


def on_page_moved(sender, instance, url_path_before, **kwargs):
    invalidation.invalidate(invalidation.page_moved(instance, url_path_before))


def on_slug_changed(sender, instance, instance_before, **kwargs):
    invalidation.invalidate(invalidation.page_moved(instance, instance_before.url_path))


def on_view_restriction_changed(sender, instance, **kwargs):
    invalidation.invalidate(invalidation.page_changed(instance.page))


def on_staff_changed(sender, instance, **kwargs):
    invalidation.invalidate(invalidation.staff_changed(instance))


# Fields a save of a draft or a lock writes: the public record is unchanged.
BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)


def public_save(update_fields):
    """A save that may change what visitors see: a full save, or one writing more than bookkeeping."""
    return update_fields is None or not set(update_fields) <= BOOKKEEPING


def on_staff_saved(sender, instance, update_fields=None, **kwargs):
    # Saves outside publishing too: a reorder in the listing, a script or command updating the record.
    if public_save(update_fields):
        invalidation.invalidate(invalidation.staff_changed(instance))


# What each people record shows on (residency.invalidation).
PEOPLE_CHANGES = {Resident: invalidation.resident_changed, Alumnus: invalidation.alumnus_changed}


def on_person_changed(sender, instance, **kwargs):
    invalidation.invalidate(PEOPLE_CHANGES[sender](instance))


def on_person_saved(sender, instance, update_fields=None, **kwargs):
    # A save outside publishing (a script, the yearly graduation's own steps) may change the live record.
    if instance.live and public_save(update_fields):
        invalidation.invalidate(PEOPLE_CHANGES[sender](instance))


def on_page_saved(sender, instance, update_fields=None, **kwargs):
    # A live page saved directly, without a revision (scripts, commands), changes what visitors see.
    if isinstance(instance, Page) and instance.live and public_save(update_fields):
        invalidation.invalidate(invalidation.page_changed(instance))


def on_setting_saved(sender, instance, created=False, **kwargs):
    # Settings are created empty on first read (for_request); only an edit changes what pages show.
    if issubclass(sender, (BaseSiteSetting, BaseGenericSetting)) and not created:
        invalidation.invalidate(invalidation.settings_changed(instance))


def on_image_saved(sender, instance, created=False, **kwargs):
    if not created:
        invalidation.invalidate(invalidation.image_changed(instance))


def on_redirect_changed(sender, instance, **kwargs):
    invalidation.invalidate(invalidation.redirect_changed(instance))


def connect():
    page_published.connect(on_page_changed, dispatch_uid="pagecache_page_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="pagecache_page_unpublished")
    pre_delete.connect(on_page_deleted, dispatch_uid="pagecache_page_deleted")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache_page_moved")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="pagecache_slug_changed")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"pagecache_pvr_{name}")
        signal.connect(on_redirect_changed, sender=Redirect, dispatch_uid=f"pagecache_redirect_{name}")
    published.connect(on_staff_changed, sender=StaffMember, dispatch_uid="pagecache_staff_published")
    unpublished.connect(on_staff_changed, sender=StaffMember, dispatch_uid="pagecache_staff_unpublished")
    # Before deletion, while the Apply page still names the person as its contact.
    pre_delete.connect(on_staff_changed, sender=StaffMember, dispatch_uid="pagecache_staff_deleted")
    post_save.connect(on_staff_saved, sender=StaffMember, dispatch_uid="pagecache_staff_saved")
    for model in PEOPLE_CHANGES:
        name = model._meta.model_name
        published.connect(on_person_changed, sender=model, dispatch_uid=f"pagecache_{name}_published")
        unpublished.connect(on_person_changed, sender=model, dispatch_uid=f"pagecache_{name}_unpublished")
        post_delete.connect(on_person_changed, sender=model, dispatch_uid=f"pagecache_{name}_deleted")
        post_save.connect(on_person_saved, sender=model, dispatch_uid=f"pagecache_{name}_saved")
    post_save.connect(on_page_saved, dispatch_uid="pagecache_page_saved")
    post_save.connect(on_setting_saved, dispatch_uid="pagecache_setting_saved")
    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="pagecache_image_saved")
