from django.apps import AppConfig


class ResidencyConfig(AppConfig):
    """Site-wide templates, static files and local management commands."""

    name = "residency"
    verbose_name = "Residency site"
