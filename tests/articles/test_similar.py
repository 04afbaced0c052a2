import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def similar_titles(article):
    return [a.title for a in Article.objects.similar_to(article)]


def test_ranked_by_number_of_shared_tags():
    article = ArticleFactory(tags=["a", "b", "c"])
    ArticleFactory(title="one", tags=["a"], published_at=ago(1))
    ArticleFactory(title="three", tags=["a", "b", "c"], published_at=ago(30))
    ArticleFactory(title="two", tags=["b", "c", "z"], published_at=ago(20))

    assert similar_titles(article) == ["three", "two", "one"]


def test_ties_go_to_the_most_recent():
    article = ArticleFactory(tags=["a"])
    ArticleFactory(title="older", tags=["a"], published_at=ago(10))
    ArticleFactory(title="newest", tags=["a"], published_at=ago(1))
    ArticleFactory(title="middle", tags=["a"], published_at=ago(5))

    assert similar_titles(article) == ["newest", "middle", "older"]


def test_at_most_three_and_never_itself():
    article = ArticleFactory(tags=["a"])
    for days in range(1, 6):
        ArticleFactory(tags=["a"], published_at=ago(days))

    similar = list(Article.objects.similar_to(article))

    assert len(similar) == 3
    assert article not in similar


def test_drafts_and_future_articles_are_never_similar():
    article = ArticleFactory(tags=["a"])
    ArticleFactory(title="draft", tags=["a"], draft=True)
    ArticleFactory(title="scheduled", tags=["a"], published_at=ago(-1))
    ArticleFactory(title="live", tags=["a"], published_at=ago(3))

    assert similar_titles(article) == ["live"]


def test_unrelated_articles_are_not_similar():
    article = ArticleFactory(tags=["a"])
    ArticleFactory(tags=["b"])

    assert similar_titles(article) == []


def test_similar_section_shows_title_date_and_summary(client):
    article = ArticleFactory(tags=["MICE"])
    ArticleFactory(
        title="Clervaux rent-a-city",
        summary="A whole town as a venue.",
        published_at=datetime.datetime(2019, 11, 11, 9, 0, tzinfo=datetime.UTC),
        tags=["MICE"],
    )

    body = client.get(article.get_absolute_url()).content.decode()

    assert "Similar Articles" in body
    section = body[body.index("Similar Articles") :]
    assert 'href="/en/articles/clervaux-rent-a-city/"' in section
    assert "Posted: <time" in section
    assert "November 11, 2019" in section
    assert "A whole town as a venue." in section


def test_no_similar_section_without_shared_tags(client):
    article = ArticleFactory(tags=["lonely"])
    ArticleFactory(tags=["other"])

    body = client.get(article.get_absolute_url()).content.decode()
    assert "Similar Articles" not in body


def test_tag_names_match_case_insensitively():
    article = ArticleFactory(tags=["MICE"])
    ArticleFactory(title="lower", tags=["mice"])

    assert similar_titles(article) == ["lower"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("tag_count", "others"), [(1, 2), (12, 40)])
def test_detail_page_queries_do_not_grow(
    client, django_assert_num_queries, tag_count, others, language
):
    tags = [f"topic-{n}" for n in range(tag_count)]
    article = ArticleFactory(tags=tags, language=language)
    for n in range(others):
        ArticleFactory(tags=tags[: 1 + n % tag_count], language=language)

    # The page cache's two reads, the article with its author, its tags,
    # the similar articles, the bureau's record and menu (the footer); on
    # the first view the stored list is found missing, then computed.
    with django_assert_num_queries(7):
        response = client.get(article.get_absolute_url())
    cache.clear()
    with django_assert_num_queries(6):
        again = client.get(article.get_absolute_url())
    assert response.status_code == again.status_code == 200
