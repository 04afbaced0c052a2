"""Every public page of the demo speaks its language, and its language switch
leads to a page, never to a 404."""

import re
from urllib.parse import unquote

import pytest
from django.utils import translation

from ambassadors.models import Ambassador
from articles.models import Article
from bureau.models import BureauPage
from events.models import Event, Venue
from hangzhou_mice.models import Tag
from tests.demo import load_demo

from .script import foreign_text

pytestmark = pytest.mark.django_db
SWITCH = re.compile(r'<nav class="language-switch".*?</nav>', re.S)
LINK = re.compile(r'<a href="/language/[^/]+/\?next=([^"]+)" hreflang="([^"]+)"')
COUNTERPART = re.compile(r'<a class="counterpart" href="([^"]+)"')


def demo_pages():
    """Every public page of the demo, in every language it exists in."""
    pages = [a.get_absolute_url() for a in Article.objects.published()]
    for language in ("en", "zh-hans"):
        with translation.override(language):
            pages += ["/" + language + "/", f"/{language}/articles/"]
            pages += [f"/{language}/events/", f"/{language}/venues/"]
            pages += [f"/{language}/ambassadors/", f"/{language}/meet/"]
            pages += [f"/{language}/privacy/", f"/{language}/enquire/"]
            pages += [f"/{language}/search/?q=杭州", f"/{language}/search/?q=MICE"]
            pages += [f"/{language}/no-such-page/"]
            for model in (Event, Venue, BureauPage):
                pages += [o.get_absolute_url() for o in model.objects.published()]
            pages += [a.get_absolute_url() for a in Ambassador.objects.active()]
            pages += [tag.get_absolute_url() for tag in Tag.objects.all()]
    return pages


def test_switch_on_every_demo_page_leads_to_a_page(client):
    load_demo()
    walked = 0

    for url in demo_pages():
        response = client.get(url)
        if response.status_code == 404:  # a tag only the other language uses
            assert "/tags/" in url or "no-such-page" in url, url
            continue
        assert response.status_code == 200, url
        body = response.content.decode()
        switch = SWITCH.search(body).group()
        # The switch, and a tag page's link to its counterpart.
        targets = [unquote(target) for target, _language in LINK.findall(switch)]
        targets += COUNTERPART.findall(body)
        for target in targets:
            assert client.get(target).status_code == 200, (url, target)
            walked += 1

    assert walked > 40


def test_switch_keeps_the_item_where_it_exists(client):
    load_demo()
    event = Event.objects.get(slug="hangzhou-plus-roadshow-beijing")

    body = client.get(event.get_absolute_url()).content.decode()

    switch = SWITCH.search(body).group()
    assert LINK.findall(switch) == [
        ("/zh-hans/events/hangzhou-plus-roadshow-beijing/", "zh-Hans")
    ]


# Chinese that read as a translation, found on the pages before (issue 24).
STALE_CHINESE = (
    "Chen Shifan教授", "会在杭州 ·", "将即将举行的活动添加到日历", "嘉宾和演讲嘉宾",
    "(北京时间)", "0.4 km", "30.0 km", "m²", "家PCO", "cardiology……", "文章 (",
    "发布时间： ",
)  # fmt: skip


def test_every_demo_page_speaks_its_language(client):
    """No Latin words outside a Latin-script `lang` on a Chinese page, no Han
    characters outside `lang="zh-Hans"` on an English one (tests/website/script.py
    lists what Chinese text itself writes in Latin letters); and none of the
    Chinese that read as a translation."""
    load_demo()
    foreign, stale = set(), set()

    for url in demo_pages():
        response = client.get(url, follow=True)
        language = "zh-hans" if url.startswith("/zh-hans/") else "en"
        body = response.content.decode()
        foreign |= {(url, *where_text) for where_text in foreign_text(body, language)}
        if language == "zh-hans":
            stale |= {(url, text) for text in STALE_CHINESE if text in body}

    assert sorted(foreign) == [], "\n".join(map(str, sorted(foreign)))
    assert sorted(stale) == []
