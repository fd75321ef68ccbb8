"""System checks for the page cache's set-up."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def frontend_cache_app_not_installed(app_configs, **kwargs):
    """residency.invalidation purges the front cache; Wagtail's app would purge a second, narrower set."""
    if "wagtail.contrib.frontend_cache" not in settings.INSTALLED_APPS:
        return []
    return [
        Error(
            "wagtail.contrib.frontend_cache must not be in INSTALLED_APPS.",
            hint=(
                "Its signal handlers purge only the edited page, while the same edit also shows on other pages "
                "(menus, footers, the directory). residency.invalidation purges exactly those when "
                "WAGTAILFRONTENDCACHE is set; the app is not needed for that."
            ),
            id="residency.E001",
        )
    ]
