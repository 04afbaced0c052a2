"""The site search on the demo: both languages, typos, drafts, bad input."""

import datetime
import re
from urllib.parse import quote_from_bytes

import pytest
from django.db.models import F
from django.utils import timezone

from hangzhou_mice.models import SearchEntry
from tests.demo import load_demo
from tests.factories import ArticleFactory, VenueFactory

pytestmark = pytest.mark.django_db
TITLE = re.compile(r'<h2 class="search-result__title"><a href="([^"]+)">(.*?)</a>')


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    load_demo()


def found(client, language, q, **params):
    response = client.get(f"/{language}/search/", {"q": q, **params})
    assert response.status_code == 200
    return [url for url, _title in TITLE.findall(response.content.decode())]


def test_demo_is_indexed_in_both_languages(demo):
    assert SearchEntry.objects.filter(language="en").count() > 10
    assert SearchEntry.objects.filter(language="zh-hans").count() > 10


def test_west_lake_in_either_script(client, demo):
    english = found(client, "en", "West Lake")
    chinese = found(client, "zh-hans", "西湖")

    assert "/en/venues/west-lake-demo-grand-hotel/" in english
    assert "/zh-hans/venues/west-lake-demo-grand-hotel/" in chinese
    # The roadshow article, whose picture shows the lake (西湖大学 in Chinese).
    assert "/en/articles/introducing-hangzhous-association-resources/" in english
    assert "/zh-hans/articles/introducing-hangzhous-association-resources/" in chinese
    assert "/zh-hans/venues/west-lake-demo-grand-hotel/" in found(
        client, "zh-hans", "West Lake"
    )


def test_roadshows_finds_the_roadshow_article_and_event(client, demo):
    roadshow_article = "/en/articles/introducing-hangzhous-association-resources/"
    results = found(client, "en", "roadshows")

    assert "/en/events/hangzhou-plus-roadshow-beijing/" in results
    assert roadshow_article in results
    articles = [url for url in found(client, "en", "roadshow") if "/articles/" in url]
    assert articles[0] == roadshow_article


def test_an_ambassador_by_either_name(client, demo):
    for q in ("Tian Mei", "tian mei", "田梅"):
        assert "/en/ambassadors/tian-mei/" in found(client, "en", q), q
        assert "/zh-hans/ambassadors/tian-mei/" in found(client, "zh-hans", q), q


def test_a_typo_still_finds_the_item(client, demo):
    results = found(client, "en", "Hangzou")

    assert results
    assert any("hangzhou" in url for url in results)


def test_drafts_and_english_only_articles_stay_out_of_chinese_results(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="Tea symposium draft", status="draft")
        ArticleFactory(title="Tea symposium in English")
        chinese = ArticleFactory(title="茶学研讨会", language="zh-hans")

    assert found(client, "en", "tea symposium") == [
        url for url in found(client, "en", "tea symposium") if "draft" not in url
    ]
    assert len(found(client, "en", "tea symposium")) == 1
    # The Chinese page finds the Chinese article (symposium is 研讨会), never
    # the English ones.
    assert found(client, "zh-hans", "tea symposium") == [chinese.get_absolute_url()]
    assert found(client, "zh-hans", "研讨会") == [chinese.get_absolute_url()]


BAD = [
    "",
    " ",
    "a" * 10_000,
    "会" * 5_000,
    "\x00",
    "west\x00lake",
    "& | ! :* ( )",
    "'; DROP TABLE hangzhou_mice_searchentry; --",
    "\ud800",
    "😀 Hangzhou 🎉",
    '"unbalanced',
    "-",
    "!!!",
    "the and of",
    " ".join(["word"] * 500),
]


def test_any_query_string_answers_a_page(client, demo):
    extras = ({}, {"page": "x"}, {"page": "99999"}, {"year": "abc", "tag": "mice"})

    def query_string(params):
        # As a browser sends it: a lone surrogate arrives as invalid UTF-8.
        return "&".join(
            f"{key}={quote_from_bytes(value.encode('utf-8', 'surrogatepass'))}"
            for key, value in params.items()
        )

    answers = {
        (q[:20], language, str(extra)): client.get(
            f"/{language}/search/?"
            + query_string({"q": q, "kind": "nope", "tag": q} | extra)
        ).status_code
        for q in BAD
        for language in ("en", "zh-hans")
        for extra in extras
    }

    assert {key: code for key, code in answers.items() if code != 200} == {}


def test_an_edit_is_searchable_once_committed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        venue = VenueFactory(name="Lakeside Hall", slug="lakeside-hall")
    assert found(client, "en", "lakeside") == ["/en/venues/lakeside-hall/"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        venue.name_zh_hans = "湖畔厅"
        venue.name = "Riverside Hall"
        venue.save()
        # Nothing is written before the commit.
        assert found(client, "en", "riverside") == []
    assert len(callbacks) == 1

    assert found(client, "en", "riverside") == ["/en/venues/lakeside-hall/"]
    assert found(client, "en", "lakeside") == []
    assert found(client, "zh-hans", "湖畔") == ["/zh-hans/venues/lakeside-hall/"]

    with django_capture_on_commit_callbacks(execute=True):
        venue.delete()
    assert not SearchEntry.objects.filter(kind="venue").exists()


def test_a_scheduled_article_appears_when_its_time_comes(
    client, django_capture_on_commit_callbacks
):
    wait = datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(
            title="Scheduled tea symposium", published_at=timezone.now() + wait
        )
    assert found(client, "en", "scheduled symposium") == []

    # The query compares with the database's clock, which time-machine cannot
    # move: take the wait off the stored moment instead, as no save would.
    entries = SearchEntry.objects.filter(kind="article")
    entries.update(published_at=F("published_at") - wait)

    # No job ran: the index knew the time, and the query compares it.
    assert len(found(client, "en", "scheduled symposium")) == 1


def index_congresses(how_many):
    """Index English articles titled "Congress 1", "Congress 2"… directly."""
    from hangzhou_mice.search import backend
    from hangzhou_mice.search.backends import Document

    backend().index(
        Document(
            kind="article",
            object_id=n,
            language="en",
            title=f"Congress {n}",
            url=f"/en/articles/congress-{n}/",
            published=True,
        )
        for n in range(1, how_many + 1)
    )


def test_popular_words_count_up_to_a_thousand(
    client, django_capture_on_commit_callbacks
):
    from hangzhou_mice.search import backend
    from hangzhou_mice.search.backends import Filters
    from hangzhou_mice.search.text import parse

    index_congresses(1002)

    results = backend().search(parse("congress"), "en", Filters(), "best", 0, 10)
    body = client.get("/en/search/", {"q": "congress"}).content.decode()

    assert (results.count, results.capped, len(results.hits)) == (1000, True, 10)
    assert "More than 1,000 results" in body


def test_a_page_of_excerpts_takes_the_same_queries_for_more_hits(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    # The excerpts are cut from the items' own texts, read per kind.
    def make(how_many):
        with django_capture_on_commit_callbacks(execute=True):
            for _n in range(how_many):
                ArticleFactory(language="en", body="<p>Lakeside banquet.</p>")
                VenueFactory(summary="Lakeside banquet hall.")

    make(1)
    with django_assert_max_num_queries(100) as few:
        client.get("/en/search/", {"q": "lakeside banquet"})
    make(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/en/search/", {"q": "lakeside banquet"}).content.decode()

    assert body.count("<mark>banquet</mark>") == 10


def test_matches_are_marked_in_title_and_excerpt(client, demo):
    body = client.get("/en/search/", {"q": "roadshows"}).content.decode()
    chinese = client.get("/zh-hans/search/", {"q": "西湖"}).content.decode()

    assert "<mark>roadshow</mark>" in body
    assert "<mark>西湖</mark>大酒店" in chinese
    lake = client.get("/en/search/", {"q": "lake"}).content.decode()
    assert "<mark>Lake</mark>" in lake and "Lakeside" in lake
    assert "<mark>Lakeside" not in lake


@pytest.mark.parametrize(
    ("language", "query", "marked"),
    [("zh-hans", "Xyzzy", '<span lang="en">Xyzzy</span>'),
     ("en", "无此词", '<span lang="zh-Hans">无此词</span>')],
)  # fmt: skip
def test_a_query_in_the_other_script_is_marked_with_its_language(
    client, language, query, marked
):
    body = client.get(f"/{language}/search/", {"q": query}).content.decode()

    assert marked in body
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert query not in title  # a title cannot mark part of itself


def test_a_chinese_word_after_a_minus_is_left_out(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="会展酒店推介", language="zh-hans", slug="hotels")
        ArticleFactory(title="会展中心推介", language="zh-hans", slug="centre")

    assert found(client, "zh-hans", "会展 -酒店") == ["/zh-hans/articles/centre/"]
    assert len(found(client, "zh-hans", "会展 酒店")) == 1


def test_no_page_the_pager_offers_is_empty(client):
    from hangzhou_mice.search.backends import RANKED_WHEN_CAPPED

    index_congresses(1002)
    last = RANKED_WHEN_CAPPED // 10

    body = client.get("/en/search/", {"q": "congress", "page": last}).content
    beyond = client.get("/en/search/", {"q": "congress", "page": last + 1}).content

    assert f"Page {last} of {last}" in body.decode()
    assert len(TITLE.findall(body.decode())) == 10
    assert f"Page {last} of {last}" in beyond.decode()  # the last page instead
    assert "order=newest" in body.decode()  # every match, newest first


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_traditional_characters_find_the_simplified_text(
    client, django_capture_on_commit_callbacks, language
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="萧山会展指南", language="zh-hans", slug="xiaoshan")
        ArticleFactory(title="Xiaoshan 萧山 venues", slug="xiaoshan")
    body = client.get(f"/{language}/search/", {"q": "蕭山"}).content.decode()

    assert len(TITLE.findall(body)) == 1
    assert "<mark>萧山</mark>" in body


@pytest.mark.parametrize("query", ["xihu", "Hangzhou Guoji", "tianmei"])
def test_chinese_titles_and_names_are_found_by_their_pinyin(
    client, django_capture_on_commit_callbacks, query
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="西湖边的会议", language="zh-hans", slug="xihu")
        ArticleFactory(title="杭州国际博览中心", language="zh-hans", slug="guoji")
        ArticleFactory(title="访田梅", language="zh-hans", slug="tianmei")
        ArticleFactory(title="钱塘江会议", language="zh-hans", slug="qiantang")

    expected = "/zh-hans/articles/" + query.split()[-1].lower() + "/"
    assert found(client, "zh-hans", query) == [expected]


@pytest.mark.parametrize(
    ("language", "query", "best"),
    [
        ("en", "which hotel can host a banquet", "both"),
        ("zh-hans", "哪家酒店可以办宴会", "hotel"),
        ("zh-hans", "garden 宴会厅", "hall"),
    ],
)
def test_a_question_no_page_answers_word_for_word_finds_the_closest(
    client, django_capture_on_commit_callbacks, language, query, best
):
    # Titles only: a random body could hold any of the query's synonyms.
    with django_capture_on_commit_callbacks(execute=True):
        for title, slug in (
            ("Banquet hall", "banquet"),
            ("Banquet hall and hotel", "both"),
            ("宴会厅", "hall"),
            ("酒店宴会", "hotel"),
            ("Tea symposium", "tea"),
        ):
            ArticleFactory(
                title=title, language=language, slug=slug, summary="", body="<p></p>"
            )

    body = client.get(f"/{language}/search/", {"q": query}).content.decode()

    assert TITLE.findall(body)[0][0] == f"/{language}/articles/{best}/"
    assert "tea" not in [url.split("/")[-2] for url, _title in TITLE.findall(body)]
    assert 'class="notice"' in body
