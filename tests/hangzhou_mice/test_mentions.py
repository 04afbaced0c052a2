"""Cross-links: an article names what it is about, their pages list it."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from ambassadors.models import Ambassador
from articles.models import Article
from events.models import Event
from hangzhou_mice.mentions import key_of, mentioned_by, mentions_set
from hangzhou_mice.models import Mention, Status
from tests.demo import load_demo
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def article_form(**overrides):
    return {
        "language": "en",
        "title": "Hangzhou PLUS",
        "slug": "hangzhou-plus",
        "summary": "The roadshow.",
        "body": "Sixty associations.",
        "tags": "",
        "status": Status.PUBLISHED,
        "byline": "",
        "hero_caption": "",
    } | overrides


def about(article):
    return {
        (m.target_type.model, m.target_id)
        for m in Mention.objects.filter(
            source_id=article.pk, source_type__model="article"
        )
    }


def test_editor_says_what_an_article_is_about_and_changes_it(admin_client):
    event, venue, person = EventFactory(), VenueFactory(), AmbassadorFactory()
    add = reverse("admin:articles_article_add")

    page = admin_client.get(add).content.decode()
    admin_client.post(add, article_form(about=[key_of(event), key_of(person)]))
    article = Article.objects.get(slug="hangzhou-plus")
    change = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.post(change, article_form(about=[key_of(venue)]))

    # Found by typing: the page lists no event, venue or ambassador itself.
    assert 'data-ajax--url="/admin/articles/article/about/"' in page
    assert event.title not in page
    assert about(article) == {("venue", venue.pk)}


def test_the_about_search_finds_drafts_of_the_kinds_the_editor_may_view(
    client, staff_member, django_assert_max_num_queries
):
    EventFactory(title="Hangzhou PLUS Beijing", draft=True)
    EventFactory(title="Tea Symposium")
    VenueFactory(name="Hangzhou PLUS Hall")
    staff_member(None, "add_article", "view_event")
    url = reverse("admin:articles_article_mentions")

    # The session, the user, their permissions (two), one per kind searched.
    with django_assert_max_num_queries(5):
        answer = client.get(url, {"term": "PL\x00US"}).json()

    assert [
        (group["text"], [item["text"] for item in group["children"]])
        for group in answer["results"]
    ] == [("Events", ["Hangzhou PLUS Beijing"])]


def test_the_about_search_is_for_who_may_write_articles(client, staff_member):
    staff_member(None, "view_event")

    assert client.get(reverse("admin:articles_article_mentions")).status_code == 403


def test_an_unknown_choice_is_refused_and_nothing_saved(admin_client):
    event = EventFactory()
    event_id = event.pk
    event.delete()

    page = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(about=[f"event:{event_id}"]),
    )

    assert "Choose what the article is about from the list." in page.content.decode()
    assert not Article.objects.exists()


def test_a_draft_event_may_be_chosen(admin_client):
    event = EventFactory(draft=True)

    admin_client.post(
        reverse("admin:articles_article_add"), article_form(about=[key_of(event)])
    )

    assert about(Article.objects.get()) == {("event", event.pk)}


def test_a_writers_change_to_a_published_article_cannot_change_what_it_is_about(
    client, staff_member
):
    staff_member("Writer")
    article, event = ArticleFactory(), EventFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = client.get(url).content.decode()
    client.post(url, article_form(slug=article.slug, about=[key_of(event)]))

    assert "someone who may publish it changes this" in page
    assert about(article) == set()


def test_a_translation_starts_about_the_same_things(admin_client):
    article, event = ArticleFactory(), EventFactory()
    mentions_set(source=article, targets=[event])

    url = reverse("admin:articles_article_translate", args=[article.pk, "zh-hans"])
    page = admin_client.get(url).content.decode()

    assert f'<option value="{key_of(event)}" selected>' in page


def test_article_page_links_what_it_is_about_that_is_public(client):
    article = ArticleFactory()
    start = timezone.now() + datetime.timedelta(days=30)
    event = EventFactory(title="Roadshow in Beijing", start=start)
    hidden = [
        EventFactory(title="Draft roadshow", draft=True),
        AmbassadorFactory(name="Retired Ambassador", inactive=True),
    ]
    person = AmbassadorFactory(name="Tian Mei", chinese_name="田梅", honorific="prof")
    mentions_set(source=article, targets=[event, person, *hidden])

    body = client.get(article.get_absolute_url()).content.decode()

    assert '<h2 id="mentions-heading">In this article</h2>' in body
    assert f'<a href="{event.get_absolute_url()}">Roadshow in Beijing</a> · ' in body
    other_name = '<span class="person-name person-name--other" lang="zh-Hans">田梅'
    assert f"Prof. Tian Mei</span> {other_name}" in body
    assert "Draft roadshow" not in body and "Retired Ambassador" not in body


def test_article_page_says_nothing_when_nothing_it_is_about_is_public(client):
    article = ArticleFactory()
    mentions_set(source=article, targets=[EventFactory(draft=True)])

    body = client.get(article.get_absolute_url()).content.decode()

    assert "mentions-heading" not in body


def test_chinese_article_names_the_ambassador_as_chinese_does(client):
    article = ArticleFactory(language="zh-hans")
    person = AmbassadorFactory(name="Tian Mei", chinese_name="田梅", honorific="prof")
    mentions_set(source=article, targets=[person])

    with translation.override("zh-hans"):
        body = client.get(article.get_absolute_url()).content.decode()

    assert "田梅" in body.split('id="mentions-heading"')[1].split("</section>")[0]
    assert "<dt>会议大使</dt>" in body


TARGETS = {
    "event": lambda: EventFactory(),
    "venue": lambda: VenueFactory(),
    "ambassador": lambda: AmbassadorFactory(),
}


@pytest.mark.parametrize("kind", TARGETS)
def test_page_lists_public_articles_in_its_language_that_mention_it(client, kind):
    target = TARGETS[kind]()
    now = timezone.now()
    older = ArticleFactory(title="Older news", published_at=now - datetime.timedelta(2))
    newer = ArticleFactory(title="Newer news", published_at=now - datetime.timedelta(1))
    unseen = [
        ArticleFactory(title="Draft news", draft=True),
        ArticleFactory(title="Future news", published_at=now + datetime.timedelta(1)),
        ArticleFactory(title="Chinese news", language="zh-hans"),
    ]
    ArticleFactory(title="Unrelated news")
    for article in [older, newer, *unseen]:
        mentions_set(source=article, targets=[target])

    response = client.get(target.get_absolute_url())

    assert [a.title for a in response.context["news"]] == ["Newer news", "Older news"]
    assert '<h2 id="news-heading">In the news</h2>' in response.content.decode()


def test_chinese_page_lists_the_chinese_articles(client):
    event = EventFactory()
    ArticleFactory(title="English news")
    chinese = ArticleFactory(title="中文报道", language="zh-hans")
    for article in Article.objects.all():
        mentions_set(source=article, targets=[event])

    with translation.override("zh-hans"):
        response = client.get(event.get_absolute_url())

    assert response.context["news"] == [chinese]
    assert 'id="news-heading"' in response.content.decode()


def test_an_article_in_the_news_is_not_repeated_among_related_articles(client):
    event = EventFactory(tags=["roadshow"])
    news = ArticleFactory(title="News", tags=["roadshow"])
    ArticleFactory(title="Related", tags=["roadshow"])
    mentions_set(source=news, targets=[event])

    response = client.get(event.get_absolute_url())

    assert [a.title for a in response.context["related_articles"]] == ["Related"]


@pytest.fixture
def same_queries(client, django_assert_max_num_queries, django_assert_num_queries):
    """Show `few`'s page, then `many`'s in as many queries, at most `most`."""

    def check(few, many, most=12):
        client.get(few)  # content types and the like, looked up once
        cache.clear()
        with django_assert_max_num_queries(most) as first:
            assert client.get(few).status_code == 200
        cache.clear()
        with django_assert_num_queries(len(first.captured_queries)):
            assert client.get(many).status_code == 200

    return check


def one_of_each():
    return [EventFactory(), VenueFactory(), AmbassadorFactory()]


def test_article_page_queries_do_not_grow_with_what_it_is_about(same_queries):
    few, many = ArticleFactory(), ArticleFactory()
    mentions_set(source=few, targets=one_of_each())
    mentions_set(source=many, targets=one_of_each() + one_of_each() + one_of_each())

    same_queries(few.get_absolute_url(), many.get_absolute_url())


@pytest.mark.parametrize("kind", TARGETS)
def test_page_queries_do_not_grow_with_the_news(kind, same_queries):
    few, many = TARGETS[kind](), TARGETS[kind]()
    mentions_set(source=ArticleFactory(), targets=[few])
    for article in ArticleFactory.create_batch(3):
        mentions_set(source=article, targets=[many])

    same_queries(few.get_absolute_url(), many.get_absolute_url())


def test_mentions_set_outdates_the_cached_page(client):
    event, article = EventFactory(), ArticleFactory(title="Fresh news")
    client.get(event.get_absolute_url())  # cached now

    mentions_set(source=article, targets=[event])

    assert "Fresh news" in client.get(event.get_absolute_url()).content.decode()


def test_only_items_of_mentionable_kinds_can_be_mentioned():
    with pytest.raises(ValueError, match="not a mentionable kind"):
        mentions_set(source=ArticleFactory(), targets=[ArticleFactory()])


@pytest.mark.parametrize("deleted", ["source", "target"])
def test_deleting_either_side_deletes_the_mention(deleted):
    article, event = ArticleFactory(), EventFactory()
    mentions_set(source=article, targets=[event])

    (article if deleted == "source" else event).delete()

    assert not Mention.objects.exists()


def test_demo_roadshow_article_links_its_event_and_tian_mei(client):
    load_demo()
    event = Event.objects.get(slug="hangzhou-plus-roadshow-beijing")
    tian_mei = Ambassador.objects.get(slug="tian-mei")

    rows = Article.objects.filter(slug="introducing-hangzhous-association-resources")
    pages = {
        article.language: client.get(article.get_absolute_url()).content.decode()
        for article in rows
    }
    with translation.override("zh-hans"):
        chinese_event = client.get(event.get_absolute_url()).content.decode()

    assert sorted(pages) == ["en", "zh-hans"]
    for language, body in pages.items():
        with translation.override(language):
            assert f'href="{event.get_absolute_url()}"' in body
            assert f'href="{tian_mei.get_absolute_url()}"' in body
    assert [kind.key for kind, _items in mentioned_by(rows[0])] == [
        "event",
        "ambassador",
    ]
    assert 'id="news-heading"' in chinese_event
