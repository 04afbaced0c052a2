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
    # The title and names in the other language, shown when the query
    # found the item by them (田梅 on the English site finds "Tian Mei").
    other = models.CharField(_("other names"), max_length=300, blank=True)
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
            # One per language: a page searches its own language, and the
            # other one's entries (a Chinese one is kilobytes) stay out of
            # its bitmap rather than being filtered out row by row after
            # a second bitmap of the whole language (cardiology: 15 → 8 ms
            # at bench scale 1).
            *(
                GinIndex(
                    fields=["document"],
                    condition=models.Q(language=code),
                    name=f"search_document_{code.replace('-', '_')}_idx",
                )
                for code in Language.values
            ),
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


class SearchWord(models.Model):
    """A word the index holds in one language, for correcting a query's
    spelling: a Latin word (lower case, as written, not stemmed), or a Han
    bigram with its toneless pinyin, so that a homophone typed by a pinyin
    input method (杭洲) or pinyin itself (qianzheng) finds the word (杭州,
    签证). Added to as entries are indexed; emptied with the index."""

    language = models.CharField(_("language"), max_length=10, choices=Language)
    word = models.CharField(_("word"), max_length=40)
    han = models.BooleanField(_("Chinese"))
    # A Han word's, once written (just after the word is added).
    pinyin = models.CharField(_("pinyin"), max_length=80, blank=True)
    seen = models.PositiveIntegerField(
        _("seen"), default=0, help_text=_("How many indexings had the word.")
    )

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="search_word_unique"
            )
        ]
        indexes = [
            # Spelled alike: Latin words only (a Han bigram has no trigram).
            GinIndex(
                fields=["word"],
                opclasses=["gin_trgm_ops"],
                condition=models.Q(han=False),
                name="search_word_trgm_idx",
            ),
            models.Index(
                fields=["language", "pinyin"],
                condition=models.Q(han=True),
                name="search_word_pinyin_idx",
            ),
        ]

    def __str__(self):
        return self.word


class SynonymGroup(models.Model):
    """Words and phrases a visitor may use for the same thing, in either
    script (centre, center; 酒店, 宾馆, hotel): a query with one of them
    finds the others (`hangzhou_mice.search.synonyms`). Edited by the
    bureau's editors; one per line, Latin in lower case, Chinese simplified
    (the admin's form writes them so)."""

    terms = models.TextField(
        _("words and phrases"),
        help_text=_(
            "Two or more that mean the same to a visitor, Chinese and English "
            "alike, one per line or separated by commas: “酒店, 宾馆, hotel”. "
            "Every one is searched for whenever one is typed, so keep to what "
            "a meeting planner would take as the same thing."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")
        ordering = ["pk"]

    def __str__(self):
        return " · ".join(self.terms.splitlines())[:120]
