import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from hangzhou_mice.models import Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def days(n):
    return datetime.timedelta(days=n)


def test_published_excludes_drafts_and_future_dates():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(published_at=timezone.now() + days(1))

    assert list(Article.objects.published()) == [live]


def test_draft_article_is_404_for_visitors(client):
    draft = ArticleFactory(draft=True)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_future_dated_article_is_404_until_its_time(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC))
    article = ArticleFactory(
        published_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    )
    assert client.get(article.get_absolute_url()).status_code == 404

    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 1, tzinfo=datetime.UTC))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_publishing_without_a_date_dates_it_now(time_machine):
    moment = datetime.datetime(2026, 5, 4, 8, 0, tzinfo=datetime.UTC)
    time_machine.move_to(moment, tick=False)
    article = ArticleFactory(published_at=None, status=Status.PUBLISHED)

    assert article.published_at == moment


def test_hidden_articles_never_reach_lists_tags_or_home(client):
    ArticleFactory(title="Visible congress", tags=["MICE"])
    ArticleFactory(title="Secret draft", draft=True, tags=["MICE"])
    ArticleFactory(
        title="Tomorrow's news",
        published_at=timezone.now() + days(1),
        tags=["MICE"],
    )

    for url in ("/en/", "/en/articles/", "/en/tags/mice/", "/en/articles/feed/"):
        body = client.get(url).content.decode()
        assert "Visible congress" in body, url
        assert "Secret draft" not in body, url
        assert "Tomorrow" not in body, url


def test_unpublished_article_disappears_at_once(client):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 200

    article.status = Status.DRAFT
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404


def test_detail_page_shows_title_date_and_body(client):
    article = ArticleFactory(
        title="Hangzhou PLUS in Beijing",
        body="Sixty associations came.",
        published_at=datetime.datetime(2019, 11, 20, 2, 0, tzinfo=datetime.UTC),
    )

    response = client.get(reverse("articles:article_detail", args=[article.slug]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Hangzhou PLUS in Beijing</h1>" in body
    assert "November 20, 2019" in body
    assert "Sixty associations came." in body
