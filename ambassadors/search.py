"""Ambassadors in the site search: a document per site language.

Both names are in every document's title weight, so "Tian Mei" and "田梅"
find the same profile; inactive ambassadors are indexed but never shown.
"""

from django.conf import settings
from django.utils import translation

from hangzhou_mice.search import Document
from hangzhou_mice.search.text import plain

from .models import Ambassador


def search_items():
    return Ambassador.objects.select_related("institution").prefetch_related(
        "academic_fields"
    )


def search_documents(ambassador):
    documents = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            fields = " ".join(field.name for field in ambassador.academic_fields.all())
            text = [ambassador.position, ambassador.institution.name, fields]
            documents.append(
                Document(
                    kind="ambassador",
                    object_id=ambassador.pk,
                    language=code,
                    title=ambassador.display_name,
                    names=f"{ambassador.name} {ambassador.chinese_name}",
                    url=ambassador.get_absolute_url(),
                    published=ambassador.active,
                    text=" ".join([*text, plain(ambassador.biography)]),
                )
            )
    return documents
