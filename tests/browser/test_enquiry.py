"""A planner on a phone goes from a venue to the enquiry form, sends an
enquiry and sees its reference and the venues that fit, in both languages."""

import pytest
from django.utils import translation

from enquiries.models import Lead
from events.models import Venue
from tests.demo import load_demo

from .checks import assert_sound_on_a_phone

pytestmark = pytest.mark.browser

HOTEL = "west-lake-demo-grand-hotel"


@pytest.fixture
def demo(settings):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    load_demo()


def text(language, message):
    with translation.override(language):
        return translation.gettext(message)


def named(language, slug):
    with translation.override(language):
        return Venue.objects.get(slug=slug).name


def fill(form, language, label, value):
    form.get_by_label(text(language, label), exact=True).fill(value)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_planner_enquires_about_a_venue_and_sees_the_venues_that_fit(
    demo, page, language, problems
):
    page.goto(f"/{language}/venues/{HOTEL}/")
    assert_sound_on_a_phone(page, problems)

    enquire = page.get_by_role("link", name=text(language, "Enquire about this venue"))
    enquire.click()
    page.wait_for_url(f"**/{language}/enquire/?venue={HOTEL}")
    about = page.locator(".enquiry__about")
    assert about.get_by_role("link", name=named(language, HOTEL)).is_visible()
    assert_sound_on_a_phone(page, problems)

    form = page.locator("form.enquiry__form")
    fill(form, language, "Your name", "Ana Ruiz")
    fill(form, language, "Organisation", "European Society of Limnology")
    fill(form, language, "Email address", "ana.ruiz@example.org")
    fill(form, language, "Country or region", "Spain")
    fill(form, language, "Name of the meeting", "Congress of Limnology")
    form.get_by_label(text(language, "Association congress or conference")).check()
    fill(form, language, "Year", "2099")
    # The demo's rooms for 1,000 in theatre: the expo centre and the West Lake
    # hotel; 400 guest rooms leave the hotel alone.
    form.get_by_label(text(language, "Expected delegates")).fill("1,000")
    form.get_by_label(text(language, "Guest rooms on the peak night")).fill("400")
    form.locator("#id_privacy").check()
    form.get_by_role("button", name=text(language, "Send enquiry")).click()
    page.wait_for_url(f"**/{language}/enquire/sent/*/")

    lead = Lead.objects.latest("created_at")
    assert page.locator(".reference").inner_text() == lead.reference
    fits = page.get_by_role("region", name=text(language, "Venues that fit"))
    assert fits.locator(".card").count() == 1
    assert fits.get_by_role("link", name=named(language, HOTEL)).is_visible()
    assert (lead.language, lead.venue.slug) == (language, HOTEL)
    assert_sound_on_a_phone(page, problems)
