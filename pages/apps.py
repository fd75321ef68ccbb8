from django.apps import AppConfig


def forget_on_change(sender, instance=None, **kwargs):
    """A saved or deleted page, site, view restriction, staff or alumni record, setting or related link throws the
    cached site pages away (the Apply page's facts count the alumni)."""
    from wagtail.models import Page, PageViewRestriction, Site

    from staff.models import Alumnus, StaffMember

    from .models import HomePageRelatedLink
    from .settings import ContactSettings, SocialMediaSettings
    from .site import forget_site_pages

    kept = (
        Page,
        PageViewRestriction,
        Site,
        StaffMember,
        Alumnus,
        HomePageRelatedLink,
        ContactSettings,
        SocialMediaSettings,
    )
    if isinstance(instance, kept):
        forget_site_pages()


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Program pages"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.signals import page_unpublished, post_page_move

        # The cached site pages (pages.site) hold the top pages, the settings, the overview's related
        # links, the Apply page's contact and which of the top pages are private. Publishing and
        # unpublishing save the page or record; a move changes paths without a save.
        post_save.connect(forget_on_change, dispatch_uid="pages_forget_site_pages_saved")
        post_delete.connect(forget_on_change, dispatch_uid="pages_forget_site_pages_deleted")
        page_unpublished.connect(forget_on_change, dispatch_uid="pages_forget_site_pages_unpublished")
        post_page_move.connect(forget_on_change, dispatch_uid="pages_forget_site_pages_moved")
