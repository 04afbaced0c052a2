import pytest
from pytest_django.asserts import assertContains

from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "zh-hans"]


def link(language, query=""):
    return f'href="/{language}/enquire/{query}"'


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_of_every_kind_of_page_links_to_the_form(client, language):
    venue, event = VenueFactory(), EventFactory()
    article = ArticleFactory(language=language)
    pages = [
        f"/{language}/",
        article.get_absolute_url(),
        f"/{language}/venues/{venue.slug}/",
        f"/{language}/events/{event.slug}/",
        f"/{language}/privacy/",
        f"/{language}/enquire/",
    ]
    for url in pages:
        header = client.get(url).text.split("</header>")[0]
        assert f'<a class="site-header__enquire" {link(language)}' in header, url


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_invites_planners_to_enquire(client, language):
    assertContains(
        client.get(f"/{language}/"), f'class="button button--light" {link(language)}'
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_venue_page_links_to_an_enquiry_about_the_venue(client, language):
    venue = VenueFactory()

    page = client.get(f"/{language}/venues/{venue.slug}/")

    assertContains(page, f'class="button" {link(language, f"?venue={venue.slug}")}')


@pytest.mark.parametrize("language", LANGUAGES)
def test_ambassador_profile_links_to_an_introduction(client, language):
    ambassador = AmbassadorFactory()

    page = client.get(f"/{language}/ambassadors/{ambassador.slug}/")

    query = f"?ambassador={ambassador.slug}"
    assertContains(page, f'class="button" {link(language, query)}')


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_page_links_to_an_enquiry_about_a_meeting_like_it(client, language):
    event = EventFactory()

    page = client.get(f"/{language}/events/{event.slug}/")

    assertContains(page, f'class="button" {link(language, f"?event={event.slug}")}')
