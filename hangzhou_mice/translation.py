"""The shared fields kept in each language (django-modeltranslation).

A download's title is shown on pages in both languages; English is
required, as for events and venues (events/translation.py).

An image's alt text and credit are kept per language too, and neither is
required: an image may wait in the library undescribed. What needs them is
published content, which asks for the alt text in each language it shows
the image in (`Image.languages_shown_in`).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Download, Image


@register(Download)
class DownloadTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


@register(Image)
class ImageTranslation(TranslationOptions):
    fields = ("alt_text", "credit")
