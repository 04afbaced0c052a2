"""The fields of ambassadors kept in each language (see events/translation.py).

The name stays one field in Latin letters beside `chinese_name`, the person's
name in characters, which both languages show.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import AcademicField, Ambassador


@register(AcademicField)
class AcademicFieldTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Ambassador)
class AmbassadorTranslation(TranslationOptions):
    fields = ("position", "biography")
    required_languages = ("en",)
