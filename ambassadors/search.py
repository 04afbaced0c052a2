"""Ambassadors in the site search: a document per site language.

Both names are in every document's title weight, so "Tian Mei" and "田梅"
find the same profile; inactive ambassadors are indexed but never shown.
"""

from hangzhou_mice.search import in_each_language
from hangzhou_mice.search.text import plain

from .models import Ambassador


def search_items():
    return Ambassador.objects.select_related("institution").prefetch_related(
        "academic_fields"
    )


def describe(ambassador):
    fields = [field.name for field in ambassador.academic_fields.all()]
    text = [ambassador.position, ambassador.institution.name, *fields]
    return {
        "names": f"{ambassador.name} {ambassador.chinese_name}",
        "published": ambassador.active,
        "text": " ".join([*text, plain(ambassador.biography)]),
    }


def search_documents(ambassador):
    return in_each_language(ambassador, "display_name", describe)
