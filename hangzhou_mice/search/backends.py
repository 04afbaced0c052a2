"""Where the site search keeps its index: an interface and PostgreSQL's.

A backend indexes documents, removes items and searches. Views and the
content registry speak only this interface (see the README, "Search", for
what another engine would take).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import F, Max, Min, Q
from django.db.models.functions import Now

from ..models import SearchEntry
from .text import Query, han_tokens, pinyin_words, simplified, split_scripts

COUNT_CAP = 1000
RANKED_WHEN_CAPPED = 300  # candidates ranked for a word more common than that
MAX_BODY = 20_000  # characters of text kept per entry, for excerpts


@dataclass(frozen=True)
class Document:
    """One item in one language, as an app describes it for the index.

    `title` (and `names`, such as a name in the other script) weigh most,
    `text` next, `other` (the title in the other language, so that "West
    Lake" finds 西湖 on a Chinese page) least.
    """

    kind: str
    object_id: int
    language: str
    title: str
    url: str
    published: bool
    published_at: datetime | None = None
    date: datetime | None = None
    names: str = ""
    text: str = ""
    other: str = ""


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    body: str
    date: datetime | None


@dataclass
class Results:
    hits: list[Hit]
    count: int  # exact up to COUNT_CAP
    capped: bool  # more than COUNT_CAP
    similar: bool = False  # no word matched: these are similar spellings
    relaxed: bool = False  # nothing had every word: these have some of them
    ranked: int | None = None  # how many matches best-first order covers, if not all
    stems: list[str] = field(default_factory=list)  # Latin words as indexed


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    year: int | None = None
    tag_items: dict | None = None  # {kind: queryset of object ids} with the tag


def han_tsquery(run):
    """A Han run as the index holds it: a phrase of bigrams, or, for a single
    character (validated by text.HAN), a prefix; a run in traditional
    characters (會展, 蕭山) matches its simplified form too."""
    converted = simplified(run)
    if converted != run:
        return han_phrase(run) | han_phrase(converted)
    return han_phrase(run)


def han_phrase(run):
    if len(run) == 1:
        return SearchQuery(f"{run}:*", search_type="raw", config="simple")
    bigrams = " ".join(run[i : i + 2] for i in range(len(run) - 1))
    return SearchQuery(bigrams, search_type="phrase", config="simple")


class SearchBackend:
    """What the site needs of a search engine."""

    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace these documents; return how many were written."""
        raise NotImplementedError

    def remove(self, kind: str, object_ids: Iterable[int]) -> None:
        """Remove every language's entry of these items."""
        raise NotImplementedError

    def search(
        self,
        query: Query,
        language: str,
        filters: Filters,
        order: str,
        offset: int,
        limit: int,
    ) -> Results:
        """Visible entries in `language` matching `query`, best or newest first."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def years(self, language: str) -> list[int]:
        """The years items in `language` are dated, newest first, for a filter."""
        raise NotImplementedError


# The tsvector of one entry, from its prepared columns (see text.py).
DOCUMENT_SQL = """
    setweight(to_tsvector('english', t.title_latin), 'A')
    || setweight(to_tsvector('simple', t.title_han), 'A')
    || setweight(to_tsvector('english', t.text_latin), 'B')
    || setweight(to_tsvector('simple', t.text_han), 'B')
    || setweight(to_tsvector('english', t.other_latin), 'C')
    || setweight(to_tsvector('simple', t.other_han), 'C')
"""
STAGE_SQL = """
    CREATE TEMP TABLE IF NOT EXISTS search_stage (
        kind text, object_id bigint, language text, title text, body text,
        url text, date timestamptz, published boolean, published_at timestamptz,
        title_latin text, title_han text, text_latin text, text_han text,
        other_latin text, other_han text
    )
"""
COLUMNS = (
    "kind",
    "object_id",
    "language",
    "title",
    "body",
    "url",
    "date",
    "published",
    "published_at",
)
PREPARED = (
    "title_latin",
    "title_han",
    "text_latin",
    "text_han",
    "other_latin",
    "other_han",
)


def prepared(document):
    body = document.text[:MAX_BODY]
    title_latin, title_han = split_scripts(f"{document.title} {document.names}")
    text_latin, text_han = split_scripts(body)
    other_latin, other_han = split_scripts(document.other)
    # Chinese names and titles in pinyin, weighed as the other language's title.
    names = f"{document.title} {document.names} {document.other}"
    other_latin = f"{other_latin} {pinyin_words(names)}"
    return (
        document.kind,
        document.object_id,
        document.language,
        document.title[:300],
        body,
        document.url[:500],
        document.date,
        document.published,
        document.published_at,
        title_latin,
        title_han,
        text_latin,
        text_han,
        other_latin,
        other_han,
    )


class PostgresBackend(SearchBackend):
    """The index as a table of this database: tsvector, GIN and pg_trgm."""

    table = SearchEntry._meta.db_table

    def index(self, documents):
        rows = [prepared(document) for document in documents]
        if not rows:
            return 0
        names = (*COLUMNS, *PREPARED)
        stage = "search_stage"
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*COLUMNS[3:], "document"))
        with transaction.atomic(), connection.cursor() as cursor:
            # The rows as written, then their tsvectors computed in one INSERT.
            cursor.execute(STAGE_SQL)
            with cursor.copy(f"COPY {stage} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            # Our own table and column names; every value came through COPY.
            cursor.execute(
                f"INSERT INTO {self.table} ({', '.join(COLUMNS)}, document) "  # noqa: S608
                f"SELECT {', '.join(COLUMNS)}, {DOCUMENT_SQL} FROM {stage} t "
                f"ON CONFLICT (kind, object_id, language) DO UPDATE SET {updates}"
            )
            cursor.execute(f"DELETE FROM {stage}")  # noqa: S608
        return len(rows)

    def remove(self, kind, object_ids):
        # One statement: no signals, no page-cache bump (entries are derived).
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.table} WHERE kind = %s AND object_id = ANY(%s)",  # noqa: S608
                [kind, list(object_ids)],
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.table}")

    def years(self, language):
        # Two index lookups (language, date), not a scan of the years.
        dated = SearchEntry.objects.filter(language=language, date__isnull=False)
        span = dated.aggregate(first=Min("date"), last=Max("date"))
        if span["first"] is None:
            return []
        return list(range(span["last"].year, span["first"].year - 1, -1))

    def visible(self, language, filters):
        entries = SearchEntry.objects.filter(
            Q(published_at__isnull=True) | Q(published_at__lte=Now()),
            language=language,
            published=True,
        )
        if filters.kind:
            entries = entries.filter(kind=filters.kind)
        if filters.year:
            entries = entries.filter(date__year=filters.year)
        if filters.tag_items is not None:
            tagged = Q(pk__in=[])
            for kind, ids in filters.tag_items.items():
                tagged |= Q(kind=kind, object_id__in=ids)
            entries = entries.filter(tagged)
        return entries

    def tsquery(self, query):
        """The query as a tsquery: Latin words stemmed, Han runs as bigrams,
        each Han run after a "-" left out."""
        parts = []
        if query.latin_words:
            parts.append(
                SearchQuery(query.latin, search_type="websearch", config="english")
            )
        parts += [han_tsquery(run) for run in query.han_runs]
        parts += [~han_tsquery(run) for run in query.excluded_han_runs]
        combined = parts[0]
        for part in parts[1:]:
            combined &= part
        return combined

    def relaxed_tsquery(self, query):
        """Any of the query's words, for a query no entry has every word of
        ("which hotel can host a banquet", 杭州哪家酒店可以举办宴会): each
        Latin word, each bigram of a Han run; excluded words stay out.
        None for a query of one word, which has nothing to relax."""
        latin = [term for term in query.latin.split() if not term.startswith("-")]
        words = [w for term in latin for w in re.findall(r"\w+", term)]
        bigrams = [b for run in query.han_runs for b in han_tokens(run)[:-1] or [run]]
        if len(words) + len(bigrams) < 2:
            return None
        parts = []
        if words:
            either = " or ".join(words)
            parts.append(SearchQuery(either, search_type="websearch", config="english"))
        if bigrams:
            any_bigram = " | ".join(b if len(b) > 1 else f"{b}:*" for b in bigrams)
            parts.append(SearchQuery(any_bigram, search_type="raw", config="simple"))
        combined = parts[0] | parts[1] if len(parts) == 2 else parts[0]
        for run in query.excluded_han_runs:
            combined &= ~han_tsquery(run)
        return combined

    def matching(self, entries, tsquery):
        """The ids of entries matching, up to the cap, in one pass: they give
        the count and the candidates to rank without testing the query on a
        row twice (a Chinese phrase rechecks each row's positions)."""
        return list(
            entries.filter(document=tsquery).values_list("pk", flat=True)[
                : COUNT_CAP + 1
            ]
        )

    def search(self, query, language, filters, order, offset, limit):
        entries = self.visible(language, filters)
        tsquery = self.tsquery(query)
        ids = self.matching(entries, tsquery)
        relaxed = False
        if not ids and (any_word := self.relaxed_tsquery(query)) is not None:
            tsquery, relaxed = any_word, True
            ids = self.matching(entries, tsquery)
        matched = entries.filter(document=tsquery)
        count = len(ids)
        similar, ranked_only = False, None
        if count == 0 and query.latin_words:
            # No word matched: titles and names spelled alike ("Hangzou").
            matched = entries.filter(title__trigram_word_similar=query.text)
            count, similar = matched.values("pk")[: COUNT_CAP + 1].count(), True
        if similar:
            ranked = matched.annotate(
                rank=TrigramWordSimilarity(query.text, "title")
            ).order_by("-rank", F("date").desc(nulls_last=True), "pk")
        elif order == "newest":
            ranked = matched.order_by(F("date").desc(nulls_last=True), "pk")
        else:
            # Ranking reads each candidate's whole document (a Chinese one is
            # kilobytes): exact up to COUNT_CAP matches; beyond, the best of
            # the first RANKED_WHEN_CAPPED the index yields. Asking for the
            # newest instead sorts every match (0.4 s for a word in half the
            # articles at full scale: make bench).
            candidates = ids
            if count > COUNT_CAP:
                candidates, ranked_only = ids[:RANKED_WHEN_CAPPED], RANKED_WHEN_CAPPED
            matched = SearchEntry.objects.filter(pk__in=candidates)
            ranked = matched.annotate(rank=SearchRank(F("document"), tsquery)).order_by(
                "-rank", F("date").desc(nulls_last=True), "pk"
            )
        rows = ranked.values_list("kind", "object_id", "title", "url", "body", "date")
        hits = [Hit(*row) for row in rows[offset : offset + limit]] if count else []
        return Results(
            hits=hits,
            count=min(count, COUNT_CAP),
            capped=count > COUNT_CAP,
            similar=similar,
            relaxed=relaxed and count > 0,
            ranked=ranked_only,
            stems=self.stems(query) if hits else [],
        )

    def stems(self, query):
        """The Latin words of the query as the index keeps them, to mark."""
        if not query.latin_words:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(to_tsvector('english', %s))",
                [" ".join(query.latin_words)],
            )
            return cursor.fetchone()[0]
