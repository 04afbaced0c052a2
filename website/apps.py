from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The project layer: URLs, the home page, demo content and data commands."""

    name = "website"
    verbose_name = _("Website")
