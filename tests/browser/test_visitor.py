"""A visitor on a phone: the news, an article and its Similar Articles, the
venue finder, an event and a mistyped search, a topic with more than it
lists, and the language switch, in both languages."""

import re
from urllib.parse import quote

import pytest
from django.utils import translation
from playwright.sync_api import expect

from articles.models import Article
from tests.demo import load_demo
from tests.factories import ArticleFactory

from .checks import assert_sound_on_a_phone

pytestmark = pytest.mark.browser

ROADSHOW = "introducing-hangzhous-association-resources"
# A typo of each language and the spelling the search offers instead.
TYPOS = {"en": ("cardiolgy", "cardiology"), "zh-hans": ("杭洲会展", "杭州会展")}
# The demo has one Chinese article: two more on its topics give it Similar
# Articles, as the English roadshow has.
CHINESE_NEIGHBOURS = [
    ("杭州会奖旅游推介会走进上海", "推介会介绍杭州的会议场馆。", ["会展", "杭州"]),
    ("杭州国际会议中心迎来协会年会", "三千名代表出席年会。", ["会展", "协会会议"]),
]


@pytest.fixture
def demo(settings):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    load_demo()
    for title, summary, tags in CHINESE_NEIGHBOURS:
        ArticleFactory(title=title, summary=summary, language="zh-hans", tags=tags)


def text(language, message):
    with translation.override(language):
        return translation.gettext(message)


def follow(page, link, url):
    link.click()
    page.wait_for_url(url)


def follow_nav(page, language, label, path):
    nav = page.get_by_role("navigation", name=text(language, "Main"))
    link = nav.get_by_role("link", name=text(language, label), exact=True)
    follow(page, link, f"**/{language}/{path}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_visitor_reads_news_finds_a_venue_and_an_event(demo, page, language, problems):
    roadshow = Article.objects.get(slug=ROADSHOW, language=language)
    page.goto(f"/{language}/")
    assert_sound_on_a_phone(page, problems)

    follow_nav(page, language, "News", "articles/")
    assert_sound_on_a_phone(page, problems)
    article_link = page.get_by_role("link", name=roadshow.title, exact=True)
    follow(page, article_link.first, f"**{roadshow.get_absolute_url()}")
    similar = page.get_by_role("region", name=text(language, "Similar Articles"))
    assert similar.get_by_role("link").count() == 2
    assert_sound_on_a_phone(page, problems)

    follow_nav(page, language, "Venues", "venues/")
    assert_sound_on_a_phone(page, problems)
    page.get_by_label(text(language, "Attendees")).fill("1000")
    find = page.get_by_role("button", name=text(language, "Find venues"))
    follow(page, find, re.compile(r"attendees=1000"))
    # The demo's venues seating 1,000: the expo centre and the West Lake hotel,
    # in view on the phone, not below the form.
    assert page.locator("main .card").count() == 2
    expect(page.locator("main .card").first).to_be_in_viewport()
    assert_sound_on_a_phone(page, problems)

    follow_nav(page, language, "Events", "events/")
    assert_sound_on_a_phone(page, problems)
    follow(page, page.locator("main .card a").first, re.compile(r"/events/[^/]+/$"))
    assert page.get_by_role("heading", level=1).is_visible()
    assert_sound_on_a_phone(page, problems)

    search_with_a_typo(page, language, problems)


def search_with_a_typo(page, language, problems):
    """The header's box; the page offers the right spelling, and its link
    leads to that spelling's results."""
    typo, spelling = TYPOS[language]
    page.locator("#site-search-q").fill(typo)
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(re.compile(rf"/{language}/search/\?q="))
    line = page.locator(".search-suggestion")
    assert typo in line.inner_text()
    assert page.locator(".search-result").count() > 0
    assert_sound_on_a_phone(page, problems)

    link = line.get_by_role("link", name=spelling)
    follow(page, link, re.compile(rf"/search/\?q={re.escape(quote(spelling))}"))
    words = page.get_by_role("searchbox", name=text(language, "Words"))
    assert words.input_value() == spelling
    assert page.locator(".search-result mark").count() > 0


TOPICS = {"en": "mice", "zh-hans": "会展"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_visitor_reaches_the_end_of_a_long_topic_and_searches_it(
    demo, topic_lists, page, language, problems
):
    topic_lists(2)
    page.goto(f"/{language}/tags/{TOPICS[language]}/")
    kinds = page.get_by_role("navigation", name=text(language, "Kinds of content"))
    articles = kinds.locator('a[href="?kind=article"]')
    expect(articles).to_contain_text("2+")
    assert_sound_on_a_phone(page, problems)

    follow(page, articles, re.compile(r"\?kind=article"))
    assert page.locator("main .card").count() == 2
    note = page.locator(".listed-note")
    expect(note).to_be_visible()
    assert_sound_on_a_phone(page, problems)

    search = note.get_by_role("link", name=text(language, "Search this topic"))
    follow(page, search, re.compile(rf"/{language}/search/\?tag="))
    words = page.get_by_role("searchbox", name=text(language, "Words"))
    expect(words).to_be_visible()
    assert_sound_on_a_phone(page, problems)


OTHER = {"en": "zh-hans", "zh-hans": "en"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_visitor_switches_language_and_the_home_address_remembers_it(
    demo, page, language, problems
):
    other = OTHER[language]
    read, translated = (
        Article.objects.get(slug=ROADSHOW, language=code) for code in (language, other)
    )
    page.goto("/")
    page.wait_for_url(f"**/{language}/")  # the browser's language, at first
    page.goto(read.get_absolute_url())

    switch = page.get_by_role("navigation", name=text(language, "Language"))
    follow(page, switch.get_by_role("link"), f"**{translated.get_absolute_url()}")
    assert_sound_on_a_phone(page, problems)

    page.goto("/")
    page.wait_for_url(f"**/{other}/")
    assert_sound_on_a_phone(page, problems)
