"""The plain-Django yardstick: production settings and middleware, one view, no pages."""

from residency.settings.production import *  # noqa: F403

ROOT_URLCONF = "residency.bench.urls"
