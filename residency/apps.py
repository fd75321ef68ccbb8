from django.apps import AppConfig


class ResidencyConfig(AppConfig):
    """Site-wide templates, static files and local management commands; the page cache's invalidation."""

    name = "residency"
    verbose_name = "Residency site"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401 - checks register themselves

        signal_handlers.connect()

        from django.db.models.signals import pre_save

        from wagtail.images import get_image_model

        from .image_limits import limit_decoded_pixels
        from .image_metadata import strip_rendition_metadata, strip_uploaded_metadata

        pre_save.connect(strip_uploaded_metadata, sender=get_image_model(), dispatch_uid="strip_image_metadata")
        strip_rendition_metadata()
        limit_decoded_pixels()
