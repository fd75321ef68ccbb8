from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def set_up_after_migrate(sender, apps=None, **kwargs):
    """Every install gets the roles and the workflow, on the models as migrated (and after a flush).

    Django sends post_migrate once per app, in INSTALLED_APPS order; the last one comes after every
    app's content types and permissions exist, which the roles are made of.
    """
    from django.apps import apps as installed_apps

    from .roles import ensure_editorial_setup

    last = [config for config in installed_apps.get_app_configs() if config.models_module is not None][-1]
    if sender is last:
        ensure_editorial_setup(apps or installed_apps)


def set_up_for_new_page(sender, instance, created, raw=False, **kwargs):
    """Page rights attach to the overview and the workflow to the Apply page once they exist."""
    from pages.models import ApplicationProcessPage, HomePage

    from .roles import ensure_editorial_setup

    if created and not raw and isinstance(instance, HomePage | ApplicationProcessPage):
        ensure_editorial_setup()


class EditorialConfig(AppConfig):
    """Editorial roles, the director-approval workflow and the admin's day-to-day helpers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"

    def ready(self):
        post_migrate.connect(set_up_after_migrate, dispatch_uid="editorial_setup")
        post_save.connect(set_up_for_new_page, dispatch_uid="editorial_setup_for_new_page")
