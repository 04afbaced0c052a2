"""A planner on a phone finds why and how to meet in Hangzhou, downloads the
toolkit and reaches the bureau, in both languages."""

import pytest
from django.utils import translation

from bureau.models import Bureau, BureauPage
from tests.demo import load_demo

from .checks import assert_sound_on_a_phone

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(settings):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    load_demo()


def text(language, message):
    with translation.override(language):
        return translation.gettext(message)


def titled(language, slug):
    with translation.override(language):
        return BureauPage.objects.get(slug=slug).title


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_planner_reads_why_downloads_the_toolkit_and_finds_the_contact(
    demo, page, language, problems
):
    page.goto(f"/{language}/")
    assert_sound_on_a_phone(page, problems)

    nav = page.get_by_role("navigation", name=text(language, "Main"))
    nav.get_by_role("link", name=titled(language, "why-hangzhou"), exact=True).click()
    page.wait_for_url(f"**/{language}/meet/why-hangzhou/")
    assert_sound_on_a_phone(page, problems)

    footer = page.get_by_role("contentinfo")
    toolkit = titled(language, "planners-toolkit")
    footer.get_by_role("link", name=toolkit, exact=True).click()
    page.wait_for_url(f"**/{language}/meet/planners-toolkit/")
    downloads = page.get_by_role("region", name=text(language, "Downloads"))
    assert downloads.get_by_role("link").count() == 2
    assert_sound_on_a_phone(page, problems)
    with page.expect_download() as fact_sheet:
        downloads.get_by_role("link").first.click()
    assert fact_sheet.value.suggested_filename.endswith(".pdf")

    nav.get_by_role("link", name=titled(language, "contact"), exact=True).click()
    page.wait_for_url(f"**/{language}/meet/contact/")
    card = page.get_by_role("region", name=text(language, "Contact details"))
    with translation.override(language):
        bureau = Bureau.current()
        assert card.get_by_text(bureau.name, exact=True).is_visible()
    assert card.locator(f'a[href="mailto:{bureau.enquiry_email}"]').is_visible()
    assert_sound_on_a_phone(page, problems)
