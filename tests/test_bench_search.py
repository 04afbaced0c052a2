"""The benchmark's generated text and its search comparison, at the smallest scale."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, TaggedArticle
from bench import search as bench_search
from events.models import MeetingRoom, Venue
from hangzhou_mice import search
from hangzhou_mice.search.text import HAN, parse, plain, simplified
from hangzhou_mice.slugs import syllables
from website.management.commands.generate_data import CHINESE_WORDS, ENGLISH_WORDS

pytestmark = pytest.mark.django_db

# digest() of the data generate_data wrote at this scale before articles had
# text: the other benchmarks compare their runs with earlier ones.
SCALE = 0.0001
BEFORE_TEXT = "b00d9d52806d14366af324879c35b1dd27e42231a15cc4143493d2e48d2d7c79"


@pytest.fixture
def generated():
    call_command(
        "generate_data", scale=SCALE, stdout=io.StringIO(), stderr=io.StringIO()
    )


def digest():
    """Everything the other benchmarks read of the data, but the text."""
    english = Article.objects.filter(language="en")
    rows = [
        *english.order_by("slug").values_list("slug", "status", "published_at"),
        *TaggedArticle.objects.filter(content_object__in=english)
        .order_by("tag__slug", "content_object__slug")
        .values_list("tag__slug", "content_object__slug"),
        *Venue.objects.order_by("slug").values_list("slug", "guest_rooms"),
        *MeetingRoom.objects.order_by("venue__slug", "name").values_list(
            "venue__slug", "name", "area_m2", "theatre"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_generated_text_leaves_every_other_value_as_before(generated):
    assert digest() == BEFORE_TEXT


def test_every_generated_article_exists_in_chinese_with_text(generated):
    english = Article.objects.filter(language="en")
    chinese = Article.objects.filter(language="zh-hans")
    keys = set(english.values_list("translation_key", flat=True))
    assert set(chinese.values_list("translation_key", flat=True)) == keys
    for article in english:
        assert len(plain(article.body)) >= 500
        assert len(article.title.split()) >= 3
    for article in chinese:
        assert len("".join(HAN.findall(article.body))) >= 400
        assert HAN.fullmatch(article.title)


def test_site_search_finds_the_chinese_articles_icontains_finds(generated):
    search.rebuild()
    articles = search.Filters(kind="article")
    backend = search.backend()
    for query in bench_search.CHINESE:
        found = backend.search(parse(query), "zh-hans", articles, "best", 0, 10)
        assert found.count == bench_search.icontains(query), query


def test_chinese_anchor_finds_the_articles_icontains_finds(generated):
    bench_search.build_anchors()
    anchor = bench_search.anchor("zh-hans")
    for query in bench_search.CHINESE:
        assert anchor(query) == bench_search.icontains(query), query


def test_every_question_has_a_word_no_generated_article_has():
    """So that at every scale no entry has all its words: the any-word path."""
    questions = bench_search.KINDS["questions"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector('english', %s))",
            [ENGLISH_WORDS.replace("_", " ")],
        )
        generated_words = set(cursor.fetchone()[0])
        for question in questions["en"]:
            cursor.execute(
                "SELECT tsvector_to_array(to_tsvector('english', %s))", [question]
            )
            assert set(cursor.fetchone()[0]) - generated_words, question
    generated_characters = set(CHINESE_WORDS)
    for question in questions["zh-hans"]:
        assert set(question) - generated_characters, question


def test_traditional_and_pinyin_queries_stand_for_generated_words():
    words = CHINESE_WORDS.split()
    spoken = {"".join(syllables(word)) for word in words}
    for query in bench_search.KINDS["traditional"]["zh-hans"]:
        assert query != simplified(query) and simplified(query) in words, query
    for query in bench_search.KINDS["pinyin"]["zh-hans"]:
        assert set(query.split()) <= spoken, query
