"""The fields of the bureau's pages and record kept in each language (see
events/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Bureau, BureauPage


@register(Bureau)
class BureauTranslation(TranslationOptions):
    fields = ("name", "address", "contact_name", "contact_role", "office_hours")
    # The footer names the bureau in the page's language: both are needed.
    required_languages = {"en": ("name",), "zh-hans": ("name",)}


@register(BureauPage)
class BureauPageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)
