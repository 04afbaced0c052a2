"""The site search's entries, one per item and language."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Language


class SearchEntry(models.Model):
    """One item in one language, as the site search finds it.

    Written by `hangzhou_mice.search` after every commit that changes an
    indexed item; never edited. Visibility is stored, not decided at write
    time, so an item scheduled for later appears on time with no job.
    """

    kind = models.CharField(_("kind"), max_length=50)
    object_id = models.BigIntegerField(_("item"))
    language = models.CharField(_("language"), max_length=10, choices=Language)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    published = models.BooleanField(_("published"))
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    document = SearchVectorField(_("document"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique"
            )
        ]
        indexes = [
            GinIndex(fields=["document"], name="search_document_idx"),
            # Typos in titles and names: pg_trgm ignores case, and indexes
            # Chinese too under C.UTF-8 (not under C: see checks.py).
            GinIndex(
                fields=["title"],
                opclasses=["gin_trgm_ops"],
                name="search_title_trgm_idx",
            ),
            # Newest first, in the order the search sorts (undated last): the
            # newest matches of a common word are read in order, and the scan
            # stops once it has enough.
            models.Index(
                "language",
                models.F("date").desc(nulls_last=True),
                name="search_language_newest_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language})"
