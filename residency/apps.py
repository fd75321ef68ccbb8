from django.apps import AppConfig


class ResidencyConfig(AppConfig):
    """Site-wide templates, static files and local management commands; the page cache's invalidation."""

    name = "residency"
    verbose_name = "Residency site"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401 - checks register themselves

        signal_handlers.connect()
