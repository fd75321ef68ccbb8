from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Editorial roles, the director-approval workflow and the admin's day-to-day helpers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
