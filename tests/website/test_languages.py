"""Every public page lives under /en/ and /zh-hans/; old links still work."""

import re

import icalendar
import pytest

from tests.demo import load_demo
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/articles/", "/en/articles/"),
        ("/events/?page=2", "/en/events/?page=2"),
        ("/venues/?kind=hotel", "/en/venues/?kind=hotel"),
        ("/tags/会展/", "/en/tags/%E4%BC%9A%E5%B1%95/"),
    ],
)
def test_old_unprefixed_links_move_permanently_to_english(client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_old_link_to_an_article_reaches_it(client):
    article = ArticleFactory(slug="hangzhou-plus")

    response = client.get("/articles/hangzhou-plus/", follow=True)

    assert response.redirect_chain == [(article.get_absolute_url(), 301)]
    assert response.status_code == 200


def test_unknown_unprefixed_address_is_still_404(client):
    assert client.get("/no-such-page/").status_code == 404


def test_home_follows_the_browser_then_the_visitors_choice(client):
    chinese = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert chinese.status_code == 302 and chinese["Location"] == "/zh-hans/"
    client.get("/en/articles/")  # reading English pages is no choice yet

    assert client.get("/", headers={"accept-language": "zh-CN"})["Location"] == (
        "/zh-hans/"
    )

    switched = client.get("/language/en/", {"next": "/en/articles/?page=2"})
    assert switched["Location"] == "/en/articles/?page=2"
    assert client.get("/", headers={"accept-language": "zh-CN"})["Location"] == "/en/"


def test_the_switch_leads_only_to_a_page_in_its_own_language(client):
    elsewhere = [
        "//evil.example/zh-hans/",
        "https://evil.example/zh-hans/",
        "/en/articles/",
        "zh-hans/articles/",
        "/zh-hans/\n",
        "/zh-hans/\x00",
        "",
    ]

    locations = {
        target: client.get("/language/zh-hans/", {"next": target})["Location"]
        for target in elsewhere
    }

    assert locations == dict.fromkeys(elsewhere, "/zh-hans/")
    assert client.get("/language/fr/", {"next": "/fr/"}).status_code == 404


@pytest.mark.parametrize(("prefix", "lang"), [("en", "en"), ("zh-hans", "zh-Hans")])
def test_pages_say_their_language(client, prefix, lang):
    body = client.get(f"/{prefix}/events/").content.decode()

    assert f'<html lang="{lang}">' in body


def test_event_page_names_both_languages_for_search_engines(client):
    event = EventFactory(slug="beijing-roadshow")

    body = client.get(event.get_absolute_url()).content.decode()

    host = "http://testserver"
    assert f'hreflang="en" href="{host}/en/events/beijing-roadshow/"' in body
    assert f'hreflang="zh-Hans" href="{host}/zh-hans/events/beijing-roadshow/"' in body
    assert f'hreflang="x-default" href="{host}/en/events/beijing-roadshow/"' in body
    assert f'rel="canonical" href="{host}/en/events/beijing-roadshow/"' in body
    assert (
        'href="/language/zh-hans/?next=/zh-hans/events/beijing-roadshow/" '
        'hreflang="zh-Hans"' in body
    )


def test_admin_and_health_check_stay_unprefixed(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/admin/login/").status_code == 200


def test_editors_choose_their_admin_language(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert 'name="language"' in page

    response = admin_client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/admin/"}
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert '<html lang="zh-hans"' in admin_client.get("/admin/").content.decode()


def test_text_not_yet_in_chinese_is_marked_english_on_chinese_pages(client):
    event = EventFactory(title="Beijing roadshow", summary="Planners met.")

    english = client.get(f"/en/events/{event.slug}/").content.decode()
    chinese = client.get(f"/zh-hans/events/{event.slug}/").content.decode()

    assert '<h1 lang="en">Beijing roadshow</h1>' in chinese
    assert '<p class="lede" lang="en">Planners met.</p>' in chinese
    assert "<h1>Beijing roadshow</h1>" in english


def test_chinese_article_text_is_not_marked_on_chinese_pages(client):
    article = ArticleFactory(title="杭州PLUS", language="zh-hans", tags=["会展"])
    EventFactory(title="Beijing roadshow", tags=["会展"])

    body = client.get(article.get_absolute_url()).content.decode()
    tag_page = client.get("/zh-hans/tags/会展/").content.decode()

    assert 'lang="en">杭州PLUS' not in body
    assert '<h3 class="card__title" lang="en"><a href="/zh-hans/events/' in tag_page


def test_chinese_pages_speak_chinese(client):
    load_demo()

    event = client.get("/zh-hans/events/hangzhou-plus-roadshow-beijing/")
    AmbassadorFactory(name="Chen Shi", slug="chen-shi", honorific="prof")
    ambassador = client.get("/zh-hans/ambassadors/chen-shi/")

    body = event.content.decode()
    assert '<a href="/zh-hans/articles/"' in body and ">资讯</a>" in body
    assert "2019年11月19日" in body
    assert "<h1>“杭州PLUS”会奖旅游北京推介会</h1>" in body
    assert "<dd>北京朝阳区演示会议酒店</dd>" in body  # the city first, no comma
    # The city comes from the organizations' Chinese names.
    assert (
        "<strong>60</strong> 家协会和学会、"
        "<strong>30</strong> 家专业会议组织者（PCO），"
        "以及 <strong>18</strong> 家杭州会议公司和酒店。" in body
    )
    assert "<title>Chen Shi 教授 · " in ambassador.content.decode()


def test_chinese_pages_name_the_institution_before_the_position(client):
    AmbassadorFactory(
        name="Tian Mei",
        slug="tian-mei",
        position="Vice chairperson",
        institution__name="Zhejiang Association",
    )

    body = client.get("/zh-hans/ambassadors/tian-mei/").content.decode()

    assert (
        '<span lang="en">Zhejiang Association</span>'
        '<span lang="en">Vice chairperson</span>' in body
    )


def test_a_field_untranslated_shows_the_other_language_marked(client):
    event = EventFactory(
        title="Tea symposium",
        summary="Held beside the tea fields.",
        description="",
    )
    event.title_zh_hans = "茶学研讨会"
    event.description_zh_hans = "<p>只有中文的介绍。</p>"
    event.save()

    chinese = client.get(f"/zh-hans/events/{event.slug}/").content.decode()
    english = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "<h1>茶学研讨会</h1>" in chinese
    assert '<p class="lede" lang="en">Held beside the tea fields.</p>' in chinese
    assert "<h1>Tea symposium</h1>" in english
    assert 'prose" lang="zh-Hans"><p>只有中文的介绍。</p>' in english


def test_calendar_files_speak_the_language_of_their_address(client):
    load_demo()
    path = "events/hangzhou-plus-roadshow-beijing.ics"

    chinese = icalendar.Calendar.from_ical(client.get(f"/zh-hans/{path}").content)
    english = icalendar.Calendar.from_ical(client.get(f"/en/{path}").content)

    (event,) = chinese.walk("VEVENT")
    assert str(event["SUMMARY"]) == "“杭州PLUS”会奖旅游北京推介会"
    assert str(event["LOCATION"]) == "北京朝阳区演示会议酒店"
    assert str(chinese["X-WR-CALNAME"]) == "杭州会展活动"
    (event,) = english.walk("VEVENT")
    assert str(event["LOCATION"]) == "Demo conference hotel, Chaoyang District, Beijing"


def test_venue_finder_lists_venues_by_the_name_shown(client):
    VenueFactory(name="Zhejiang Hall", name_zh_hans="浙江厅", slug="zhejiang-hall")
    VenueFactory(name="Binjiang Centre", slug="binjiang-centre")  # English only

    def shown(language):
        body = client.get(f"/{language}/venues/").content.decode()
        return re.findall(
            r'class="card__title"(?: lang="[^"]+")?><a [^>]+>([^<]+)', body
        )

    assert shown("en") == ["Binjiang Centre", "Zhejiang Hall"]
    assert shown("zh-hans") == ["Binjiang Centre", "浙江厅"]
    chinese = client.get("/zh-hans/venues/").content.decode()
    assert (
        '<h2 class="card__title" lang="en"><a href="/zh-hans/venues/binjiang' in chinese
    )


def test_switch_on_a_later_list_page_leads_to_the_first_page(client):
    ArticleFactory.create_batch(13)  # two pages in English, none in Chinese

    body = client.get("/en/articles/?page=2").content.decode()

    assert '<a href="/language/zh-hans/?next=/zh-hans/articles/" hreflang=' in body
    assert client.get("/zh-hans/articles/").status_code == 200
