"""Where the site search keeps its index: an interface and PostgreSQL's.

A backend indexes documents, removes items and searches. Views and the
content registry speak only this interface (see the README, "Search", for
what another engine would take).
"""

import functools
import operator
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
from django.db.models import BooleanField, F, Max, Min, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Now

from ..models import SearchEntry, SearchWord
from ..slugs import syllables
from .spelling import corrected as spelled
from .synonyms import alike, in_han, in_latin, in_run
from .text import (
    HAN,
    STRADDLE_MARK,
    Query,
    han_bigrams,
    han_prefix,
    han_words,
    kept_straddles,
    parse,
    pinyin_words,
    simplified,
    split_scripts,
)

COUNT_CAP = 1000
RANKED_WHEN_CAPPED = 300  # candidates ranked for a word more common than that
MAX_BODY = 20_000  # characters of an item's text indexed


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
    other_names: str = ""  # shown beside the title when the query found them


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    date: datetime | None
    other: str = ""  # the title and names in the other language


@dataclass
class Results:
    hits: list[Hit]
    count: int  # exact up to COUNT_CAP
    capped: bool  # more than COUNT_CAP
    similar: bool = False  # no word matched: these are similar spellings
    relaxed: bool = False  # nothing had every word: these have some of them
    ranked: int | None = None  # how many matches best-first order covers, if not all
    stems: list[str] = field(default_factory=list)  # Latin words as indexed
    marks: tuple[str, ...] = ()  # more to mark: synonyms, corrections
    suggestion: str = ""  # the query spelled as the index knows its words
    corrected: bool = False  # the hits are the suggestion's: the query found none


@dataclass
class Page:
    """What one way of asking the index gave (PostgresBackend.search)."""

    count: int
    hits: list[Hit]
    stems: list[str]
    ranked: int | None = None
    similar: bool = False


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    year: int | None = None
    tag_items: dict | None = None  # {kind: queryset of object ids} with the tag


def han_tsquery(run, page):
    """A Han run as the index holds it in entries in the `page` language: a
    phrase of bigrams, or, for a single character (validated by text.HAN),
    a prefix; a run in traditional characters (會展, 蕭山) matches its
    simplified form too."""
    converted = simplified(run)
    if converted != run:
        return han_phrase(run, page) | han_phrase(converted, page)
    return han_phrase(run, page)


HIT_COLUMNS = ("kind", "object_id", "title", "url", "date", "other")
# A page of the best matches: the matches up to the cap, counted; the first
# RANKED_WHEN_CAPPED of them when there are more, or all; those ranked. A
# page past the end still gives the count (the LEFT JOIN's one empty row).
BEST_SQL = """
    WITH matched (id) AS MATERIALIZED ({matching} LIMIT %s),
    counted AS (SELECT count(*) AS total FROM matched)
    SELECT counted.total, tsvector_to_array(to_tsvector('english', %s)), hit.*
    FROM counted LEFT JOIN LATERAL (
        SELECT {table}.kind, {table}.object_id, {table}.title, {table}.url,
            {table}.date, {table}.other, {rank} AS rank,
            {table}.id
        FROM (
            SELECT id FROM matched
            LIMIT CASE WHEN counted.total > %s THEN %s END
        ) candidates
        JOIN {table} ON {table}.id = candidates.id
            AND {table}.language = ANY(%s)
        ORDER BY rank DESC, {table}.date DESC NULLS LAST, {table}.id
        LIMIT %s OFFSET %s
    ) hit ON true
    ORDER BY hit.rank DESC, hit.date DESC NULLS LAST, hit.id
"""


def compiled(expression):
    """SQL and parameters of an expression over the search table."""
    query = SearchEntry.objects.all().query
    compiler = query.get_compiler(connection=connection)
    return compiler.compile(expression.resolve_expression(query))


def any_of(phrases, page):
    """A tsquery matching any of these words or phrases: Han as a phrase,
    Latin words all present, as a typed query's are (a Latin phrase would
    have every entry with its words read again for their positions)."""
    parts = [
        han_tsquery(phrase, page)
        if HAN.search(phrase)
        else SearchQuery(phrase, search_type="plain", config="english")
        for phrase in dict.fromkeys(phrases)
    ]
    return functools.reduce(operator.or_, parts)


def in_page(alikes, typed, language):
    """The synonyms of a word `typed` worth searching on a page in
    `language`: on the Chinese site, a Chinese word's Chinese synonyms only
    (its Latin ones are common words that make PostgreSQL read every
    Chinese entry, kilobytes each: 会议中心 took 112 ms instead of 30 at
    bench scale 0.1, and they would only match titles in the other
    language); every synonym otherwise (会展 on the English site finds
    MICE; cardiology on the Chinese site 心内科)."""
    if language.startswith("zh") and HAN.search(typed):
        return [a for a in alikes if HAN.search(a)]
    return list(alikes)


def han_phrase(run, page):
    """A Han run as a tsquery on a `page` in that language: a single
    character as a prefix (of a bigram, or where it ends a word); its
    bigrams within words (`han_words`) at their distances otherwise, so
    博览中心 is 博览 <2> 中心, and a bigram it skips that the index keeps
    (`kept_straddles`) is asked for too, marked where it straddles or as
    itself where a text has it within a word:
    博览 <2> 中心 & (览中x | 览中)."""
    prefix = han_prefix(page)
    if len(run) == 1:
        return SearchQuery(f"{prefix}{run}:*", search_type="raw", config="simple")
    (start, first), *rest = han_words(run)
    phrase, last = [prefix + first], start
    for offset, bigram in rest:
        phrase.append(f"<{offset - last}> {prefix}{bigram}")
        last = offset
    raw = " ".join(phrase)
    kept = kept_straddles()
    for token, whole in han_bigrams(run)[:-1]:
        if not whole and token in kept:
            raw += f" & ({prefix}{token}{STRADDLE_MARK} | {prefix}{token})"
    return SearchQuery(raw, search_type="raw", config="simple")


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

    def compact(self) -> None:
        """Make the index as small as it can be, after a full rebuild."""

    def years(self, language: str) -> list[int]:
        """The years items in `language` are dated, newest first, for a filter."""
        raise NotImplementedError


# The tsvector of one entry, from its prepared columns (see text.py).
DOCUMENT_SQL = """
    setweight(to_tsvector('english', t.title_latin), 'A')
    || t.title_han::tsvector
    || setweight(to_tsvector('english', t.text_latin), 'B')
    || t.text_han::tsvector
    || setweight(to_tsvector('english', t.other_latin), 'C')
    || t.other_han::tsvector
"""
STAGE_SQL = """
    CREATE TEMP TABLE IF NOT EXISTS search_stage (
        kind text, object_id bigint, language text, title text, other text,
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
    "other",
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


# The words of the staged entries into the lexicon (SearchWord): Latin
# words of titles and texts as written, Han bigrams; `seen` counts entries.
WORDS_SQL = """
    INSERT INTO hangzhou_mice_searchword (language, word, han, pinyin, seen)
    SELECT language, word, han, '', count(*)
    FROM (
        SELECT DISTINCT t.language, w.word, false AS han FROM search_stage t,
            regexp_split_to_table(lower(t.title_latin || ' ' || t.text_latin),
                                  '[^[:alpha:]]+') AS w(word)
        WHERE length(w.word) BETWEEN 3 AND 40
        UNION
        SELECT DISTINCT t.language, right(w.word, 2), true FROM search_stage t,
            unnest(tsvector_to_array(t.title_han::tsvector || t.text_han::tsvector))
            AS w(word)
        WHERE w.word ~ '^[a-z]*[^a-z]{2}$'
    ) words
    GROUP BY language, word, han
    ON CONFLICT (language, word)
    DO UPDATE SET seen = hangzhou_mice_searchword.seen + EXCLUDED.seen
"""


def spell_new_words(cursor):
    """The pinyin of Han words new to the lexicon (杭州 → hangzhou)."""
    cursor.execute(
        "SELECT id, word FROM hangzhou_mice_searchword WHERE han AND pinyin = ''"
    )
    new = cursor.fetchall()
    if new:
        cursor.execute(
            "UPDATE hangzhou_mice_searchword w SET pinyin = v.pinyin "
            "FROM unnest(%s::bigint[], %s::text[]) AS v(id, pinyin) WHERE w.id = v.id",
            [[i for i, _w in new], ["".join(syllables(w))[:80] for _i, w in new]],
        )


def prepared(document):
    body = document.text[:MAX_BODY]
    prefix = han_prefix(document.language)
    title = f"{document.title} {document.names}"
    title_latin, title_han = split_scripts(title, "A", prefix)
    text_latin, text_han = split_scripts(body, "B", prefix)
    other_latin, other_han = split_scripts(document.other, "C", prefix)
    # Chinese names and titles in pinyin, weighed as the other language's title.
    names = f"{document.title} {document.names} {document.other}"
    other_latin = f"{other_latin} {pinyin_words(names)}"
    return (
        document.kind,
        document.object_id,
        document.language,
        document.title[:300],
        document.other_names[:300],
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
            cursor.execute(WORDS_SQL)
            # TRUNCATE, not DELETE: a temporary table is never vacuumed, so
            # deleted rows would stay for the connection's life and every
            # later save would read them (0.4 s a save after a rebuild at
            # bench scale 0.1, 1 s at full scale).
            cursor.execute(f"TRUNCATE {stage}")
            spell_new_words(cursor)
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
            cursor.execute(f"TRUNCATE {self.table}, {SearchWord._meta.db_table}")

    def compact(self):
        # A GIN index filled row by row is a third larger than one built at
        # once (121 against 92 MB at bench scale 1); outside a transaction
        # the index is built beside the old one, so searches go on.
        concurrently = "" if connection.in_atomic_block else " CONCURRENTLY"
        with connection.cursor() as cursor:
            for table in (self.table, SearchWord._meta.db_table):
                cursor.execute(f"REINDEX TABLE{concurrently} {table}")

    def years(self, language):
        # Two index lookups (language, date), not a scan of the years.
        dated = SearchEntry.objects.filter(language=language, date__isnull=False)
        span = dated.aggregate(first=Min("date"), last=Max("date"))
        if span["first"] is None:
            return []
        return list(range(span["last"].year, span["first"].year - 1, -1))

    def visible(self, language, filters):
        # The language as "= ANY(array)", not "=": PostgreSQL moves an
        # equality with a constant to the end of a scan's filter, after the
        # query's @@, which then reads every entry in the other language
        # too (a Chinese one is kilobytes): 521 against 1.4 ms for
        # "Hangzhou" at full scale when a scan starts among Chinese entries.
        in_language = RawSQL(  # noqa: S611 (our table; the language a parameter)
            f"{self.table}.language = ANY(%s)", ([language],), BooleanField()
        )
        entries = SearchEntry.objects.filter(
            in_language,
            Q(published_at__isnull=True) | Q(published_at__lte=Now()),
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

    def tsquery(self, query, language, synonyms=True):
        """The query as a tsquery on a page in `language`: Latin words
        stemmed, Han runs as bigrams, each Han run after a "-" left out.
        With `synonyms`, a word or phrase a synonym group knows
        (synonyms.py) matches any member of its group (`in_page`)."""
        parts = []
        rest, found = in_latin(query.latin) if synonyms else (query.latin, [])
        if re.search(r"\w", rest):
            parts.append(SearchQuery(rest, search_type="websearch", config="english"))
        parts += [
            any_of([p, *in_page(others, p, language)], language) for p, others in found
        ]
        for run in query.han_runs:
            forms, latin = in_han(simplified(run)) if synonyms else ([], [])
            alikes = [*forms, *in_page(latin, run, language)]
            parts.append(any_of([run, *alikes], language))
        parts += [~han_tsquery(run, language) for run in query.excluded_han_runs]
        return functools.reduce(operator.and_, parts)

    def relaxed_tsquery(self, query, language, synonyms=True):
        """Any of the query's words, for a query no entry has every word of
        ("which hotel can host a banquet", 杭州哪家酒店可以举办宴会): each
        Latin word, each bigram of a Han run, and with the page's `language`
        each synonym of either; excluded words stay out. None for a query of
        one word, which has nothing to relax."""
        latin = [term for term in query.latin.split() if not term.startswith("-")]
        words = [w for term in latin for w in re.findall(r"\w+", term)]
        bigrams = [b for run in query.han_runs for _at, b in han_words(run)]
        if len(words) + len(bigrams) < 2:
            return None
        parts = []
        if words:
            either = " or ".join(words)
            parts.append(SearchQuery(either, search_type="websearch", config="english"))
        if bigrams:
            prefix = han_prefix(language)
            any_bigram = " | ".join(
                prefix + (b if len(b) > 1 else f"{b}:*") for b in bigrams
            )
            parts.append(SearchQuery(any_bigram, search_type="raw", config="simple"))
        alikes = self.alikes(query, language) if synonyms else []
        if alikes:
            parts.append(any_of(alikes, language))
        combined = functools.reduce(operator.or_, parts)
        for run in query.excluded_han_runs:
            combined &= ~han_tsquery(run, language)
        return combined

    def alikes(self, query, language):
        """What the query's synonym groups add to it (`in_page`)."""
        _rest, found = in_latin(query.latin)
        alikes = [a for p, others in found for a in in_page(others, p, language)]
        for run in query.han_runs:
            converted = simplified(run)
            for entry in in_run(converted):
                alikes += in_page(alike(entry), entry, language)
        return list(dict.fromkeys(alikes))

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

        def attempt(query, tsquery, typed):
            alikes = self.alikes(query, language)
            if order == "newest":
                return self.newest(entries, query, tsquery, alikes, offset, limit)
            page = (offset, limit)
            return self.best(entries, language, query, tsquery, typed, alikes, page)

        page = attempt(
            query,
            self.tsquery(query, language),
            self.tsquery(query, language, synonyms=False),
        )
        suggestion, corrected, relaxed = "", False, False
        if not page.count:
            # Nothing has every word: the words as the index spells them,
            # then any of the words (of the corrected query, if there is one).
            suggestion = spelled(query, language)
            if suggestion:
                query = parse(suggestion)
                tsquery = self.tsquery(query, language)
                page = attempt(
                    query, tsquery, self.tsquery(query, language, synonyms=False)
                )
                corrected = bool(page.count)
        if not page.count and (any_word := self.relaxed_tsquery(query, language)):
            typed = self.relaxed_tsquery(query, language, synonyms=False)
            page = attempt(query, any_word, typed)
            relaxed = bool(page.count)
            corrected = bool(suggestion and page.count)
        if not page.count and query.latin_words:
            page = self.similar(entries, query, offset, limit)
        alikes = self.alikes(query, language)
        return Results(
            hits=page.hits,
            count=min(page.count, COUNT_CAP),
            capped=page.count > COUNT_CAP,
            similar=page.similar,
            relaxed=relaxed,
            ranked=page.ranked,
            stems=page.stems if page.hits else [],
            marks=tuple(a for a in alikes if HAN.search(a)) if page.hits else (),
            suggestion=suggestion if corrected else "",
            corrected=corrected,
        )

    def best(self, entries, language, query, tsquery, typed, alikes, page):
        """A page of the matches, best first, with their count and the stems
        to mark, in one statement (BEST_SQL). Ranking reads each candidate's
        whole document (a Chinese one is kilobytes): exact up to COUNT_CAP
        matches; beyond, the best of the first RANKED_WHEN_CAPPED the index
        yields. Asking for the newest instead sorts every match (0.4 s for a
        word in half the articles at full scale: make bench)."""
        matching, matching_params = (
            entries.filter(document=tsquery).values("pk").query.sql_with_params()
        )
        # Divided by 1 + the log of the entry's length: a venue about the
        # words ranks above a long page that mentions them in passing.
        rank = SearchRank(F("document"), tsquery, normalization=Value(1))
        if alikes:
            # The words as typed count twice: a synonym's match ranks below.
            rank += SearchRank(F("document"), typed, normalization=Value(1))
        rank_sql, rank_params = compiled(rank)
        offset, limit = page
        sql = BEST_SQL.format(table=self.table, matching=matching, rank=rank_sql)
        params = [
            *matching_params,
            COUNT_CAP + 1,
            " ".join(self.stem_words(query, alikes)),
            *rank_params,
            COUNT_CAP,
            RANKED_WHEN_CAPPED,
            [language],
            limit,
            offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        count, stems = rows[0][0], rows[0][1]
        return Page(
            count=count,
            hits=[Hit(*row[2:8]) for row in rows if row[2] is not None],
            stems=stems,
            ranked=RANKED_WHEN_CAPPED if count > COUNT_CAP else None,
        )

    def newest(self, entries, query, tsquery, alikes, offset, limit):
        count = len(self.matching(entries, tsquery))
        ranked = entries.filter(document=tsquery).order_by(
            F("date").desc(nulls_last=True), "pk"
        )
        rows = ranked.values_list(*HIT_COLUMNS)[offset : offset + limit]
        hits = [Hit(*row) for row in rows] if count else []
        return Page(count=count, hits=hits, stems=self.stems(query, alikes))

    def similar(self, entries, query, offset, limit):
        """No word matched: titles and names spelled alike ("Hangzou")."""
        matched = entries.filter(title__trigram_word_similar=query.text)
        count = matched.values("pk")[: COUNT_CAP + 1].count()
        ranked = matched.annotate(
            rank=TrigramWordSimilarity(query.text, "title")
        ).order_by("-rank", F("date").desc(nulls_last=True), "pk")
        rows = ranked.values_list(*HIT_COLUMNS)[offset : offset + limit]
        hits = [Hit(*row) for row in rows] if count else []
        return Page(count=count, hits=hits, stems=self.stems(query), similar=True)

    def stem_words(self, query, alikes=()):
        return query.latin_words + [a for a in alikes if not HAN.search(a)]

    def stems(self, query, alikes=()):
        """The Latin words of the query and its synonyms as the index keeps
        them, to mark."""
        words = self.stem_words(query, alikes)
        if not words:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(to_tsvector('english', %s))",
                [" ".join(words)],
            )
            return cursor.fetchone()[0]
