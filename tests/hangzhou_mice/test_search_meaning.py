"""The search finds what a visitor means: synonyms, spelling, word boundaries.

Entries are indexed directly through the backend (no pages, no signals), so
each test reads as the words it indexes and the query it asks.
"""

import os
import subprocess
import sys

import pytest
from django.db import connection

from hangzhou_mice.models import SearchEntry, SearchWord
from hangzhou_mice.search import Filters, backend
from hangzhou_mice.search.backends import Document, compiled, han_tsquery
from hangzhou_mice.search.text import parse

pytestmark = pytest.mark.django_db


def index(language, *titles, text="", first=1):
    backend().index(
        Document(
            kind="article",
            object_id=n,
            language=language,
            title=title,
            url=f"/{language}/articles/{n}/",
            published=True,
            text=text,
        )
        for n, title in enumerate(titles, start=first)
    )


def search(language, q):
    return backend().search(parse(q), language, Filters(), "best", 0, 10)


def titles(results):
    return [hit.title for hit in results.hits]


def test_a_synonym_finds_what_the_site_calls_otherwise():
    index("en", "Qiantang Convention Centre", "Lakeside hotel", "Tea fields")
    index("zh-hans", "西湖大酒店", "茶园")

    assert titles(search("en", "convention center")) == ["Qiantang Convention Centre"]
    assert titles(search("en", "accommodation")) == ["Lakeside hotel"]
    assert titles(search("zh-hans", "宾馆")) == ["西湖大酒店"]


def test_the_word_as_typed_ranks_above_its_synonym():
    index("zh-hans", "西湖宾馆", "西湖酒店")

    assert titles(search("zh-hans", "酒店")) == ["西湖酒店", "西湖宾馆"]


def test_a_misspelt_word_is_searched_as_the_index_spells_it():
    index("en", "Cardiology congress", text="Meet our cardiologists")
    index("en", "Tea fields", first=2)

    results = search("en", "cardiolgy")

    assert titles(results) == ["Cardiology congress"]
    assert (results.suggestion, results.corrected) == ("cardiology", True)


def test_a_chinese_homophone_is_searched_as_the_word_it_sounds_like():
    index("zh-hans", "杭州会展", "湘湖度假村")

    results = search("zh-hans", "杭洲会展")

    assert titles(results) == ["杭州会展"]
    assert results.suggestion == "杭州会展"


def test_pinyin_finds_the_chinese_words_it_spells():
    index("zh-hans", "会议指南", text="外国来宾请提前办理签证。")
    index("zh-hans", "茶园", first=2)

    results = search("zh-hans", "qianzheng")

    assert titles(results) == ["会议指南"]
    assert results.suggestion == "签证"


def test_a_query_found_as_typed_is_not_corrected():
    # The lexicon has "congresses" only; "congress" finds it by its stem.
    index("en", "Congresses")

    results = search("en", "congress")

    assert titles(results) == ["Congresses"]
    assert (results.suggestion, results.corrected) == ("", False)


def test_a_two_character_word_is_not_found_where_it_straddles_two_words():
    # 会议会场 is 会议|会场 and 学会展示 学会|展示: their 议会 and 会展 are
    # no words; 省议会 and 会展中心 have them.
    index("zh-hans", "国际会议会场", "省议会大楼", "学会展示活动", "会展中心")

    assert titles(search("zh-hans", "议会")) == ["省议会大楼"]
    assert titles(search("zh-hans", "会展")) == ["会展中心"]


def test_a_phrase_across_two_words_still_matches():
    index("zh-hans", "钱塘国际博览中心")

    assert titles(search("zh-hans", "博览中心")) == ["钱塘国际博览中心"]


def test_the_index_narrows_a_phrase_across_words_the_site_knows():
    # 展览|中心: the straddling 览中 is kept for the seed's 展览中心, so the
    # index finds the one entry with the phrase instead of handing over
    # every entry with both words to be read again for positions.
    index("zh-hans", "浙江展览中心", "书画展览在文化中心", "摄影展览走进社区中心")
    phrase, params = compiled(han_tsquery("展览中心", "zh-hans"))
    with connection.cursor() as cursor:
        # The entries' documents with a GIN index and nothing else to choose.
        cursor.execute(
            "CREATE TEMP TABLE documents ON COMMIT DROP AS "
            "SELECT document FROM hangzhou_mice_searchentry; "
            "CREATE INDEX ON documents USING gin (document); "
            "SET LOCAL enable_seqscan = off"
        )
        explain = f"EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1 FROM documents WHERE document @@ {phrase}"  # noqa: E501, S608
        cursor.execute(explain, params)
        plan = cursor.fetchone()[0][0]["Plan"]

    assert titles(search("zh-hans", "展览中心")) == ["浙江展览中心"]
    assert plan["Plans"][0]["Node Type"] == "Bitmap Index Scan"
    assert plan["Plans"][0]["Actual Rows"] == 1


def test_a_phrase_does_not_run_on_across_punctuation():
    index("zh-hans", "国际，会议", "国际会议中心")

    found = search("zh-hans", "国际会议")
    assert (titles(found), found.relaxed) == (["国际会议中心"], False)


def test_chinese_words_in_english_entries_are_counted_apart():
    # PostgreSQL plans from one set of statistics for the table: an English
    # entry's 会展 must not count as the Chinese entries' (text.han_prefix).
    index("en", "Destination guide", text="Tagged 会展")
    index("zh-hans", "会展中心", first=2)

    lexemes = dict(SearchEntry.objects.values_list("language", "document"))
    assert "'en会展'" in lexemes["en"] and "'会展'" not in lexemes["en"]
    assert "'会展'" in lexemes["zh-hans"]
    assert titles(search("en", "会展")) == ["Destination guide"]
    assert titles(search("zh-hans", "会展")) == ["会展中心"]


def test_one_character_is_found_where_a_word_ends():
    # 西湖|公园: the straddling 湖公 is not indexed; 湖 stands in its place.
    index("zh-hans", "西湖公园", "湖滨路", "杭州")

    assert sorted(titles(search("zh-hans", "湖"))) == ["湖滨路", "西湖公园"]


def test_the_lexicon_holds_the_indexed_words_and_empties_with_the_index():
    index("zh-hans", "杭州 Expo")

    words = dict(
        SearchWord.objects.filter(language="zh-hans").values_list("word", "pinyin")
    )
    assert words == {"杭州": "hangzhou", "expo": ""}
    backend().clear()
    assert not SearchWord.objects.exists()


def test_a_short_item_about_the_words_ranks_above_a_long_page_mentioning_them():
    filler = " ".join(f"planning note {n} on transport and visas." for n in range(80))
    index("en", "Lakeside Hotel", text="Banquet hall for 800.")
    index("en", "Planners' guide", first=2, text=f"{filler} Hotel banquet. " * 3)

    assert titles(search("en", "hotel banquet")) == [
        "Lakeside Hotel",
        "Planners' guide",
    ]


def test_indexing_leaves_nothing_in_its_staging_table():
    # A temporary table is never vacuumed: rows deleted from it would stay
    # for the connection's life and be read by every later save.
    index("en", *(f"Congress {n}" for n in range(200)))

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('search_stage')")
        assert cursor.fetchone()[0] == 0


def test_an_entry_without_chinese_text_loads_no_word_dictionary():
    # jieba's dictionary takes about 33 MB a process: only Han text needs it.
    script = (
        "import sys, django; django.setup();"
        "from hangzhou_mice.search.text import han_vector;"
        "han_vector('Lakeside hotel, banquet for 800', 'B');"
        "print('rjieba' in sys.modules)"
    )
    loaded = subprocess.run(  # noqa: S603  (our own code, fixed arguments)
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings"},
    ).stdout.split()[-1]

    assert loaded == "False"
