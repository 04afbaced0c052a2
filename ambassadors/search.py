"""Ambassadors in the site search: a document per site language.

Both names are in every document's title weight, so "Tian Mei" and "田梅"
find the same profile; the other language's position, institution and
academic fields are in `other`, so "cardiology" finds a cardiologist on the
Chinese site; inactive ambassadors are indexed but never shown.
"""

from events.search import with_other
from hangzhou_mice.search import in_each_language
from hangzhou_mice.search.text import plain
from hangzhou_mice.tagging import with_topic_names

from .models import Ambassador


def search_items():
    ambassadors = Ambassador.objects.select_related("institution")
    return with_topic_names(ambassadors.prefetch_related("academic_fields"))


def labels(ambassador):
    fields = [field.name for field in ambassador.academic_fields.all()]
    parts = [str(Ambassador._meta.verbose_name), ambassador.position]
    return " ".join([*parts, ambassador.institution.name, *fields])


def describe(ambassador):
    return {
        "names": f"{ambassador.name} {ambassador.chinese_name}",
        "published": ambassador.active,
        "text": "\n".join([plain(ambassador.biography), labels(ambassador)]),
    }


def search_documents(ambassador):
    documents = in_each_language(ambassador, "display_name", describe)
    return with_other(documents, ambassador, labels)
