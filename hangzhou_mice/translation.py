"""The shared fields kept in each language (django-modeltranslation).

A download's title is shown on pages in both languages; English is
required, as for events and venues (events/translation.py).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Download


@register(Download)
class DownloadTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)
