"""The fields of events and venues kept in each language (django-modeltranslation).

Each adds a column per language (`title_en`, `title_zh_hans`); `title` reads
the page's language and falls back to the other, and queries on `title` are
rewritten to the active language's column. English is required where the
field is: it is the language of the bureau's international marketing and of
the slugs.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, MeetingRoom, Organization, Venue


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "city", "country")
    required_languages = ("en",)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "city", "address")
    required_languages = ("en",)


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "address")
    required_languages = ("en",)


@register(MeetingRoom)
class MeetingRoomTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
