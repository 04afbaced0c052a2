"""The admin in Chinese on a laptop: the participant list of one event fits a
1366 px screen with no word broken inside a column, and the language menu
switches as soon as a language is chosen."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import EventFactory, OrganizationFactory, ParticipantFactory

from .checks import assert_no_sideways_scroll, fill_login

pytestmark = pytest.mark.browser

TITLE_ZH = "“杭州PLUS”会奖旅游北京推介会"
# Text nodes laid out on more than one line, among a list's column headings
# and short cells; and the results box's overflow, which scrolls inside it.
BROKEN_CELLS = """() => {
  const lines = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
  };
  const cells = document.querySelectorAll(
    "#result_list thead th, #result_list td.field-category");
  return [...cells].flatMap((cell) => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const broken = [];
    while (walker.nextNode()) {
      const text = walker.currentNode;
      if (text.data.trim() && lines(text).size > 1) broken.push(text.data.trim());
    }
    return broken;
  });
}"""
RESULTS_OVERFLOW = """() => {
  const box = document.querySelector("#changelist-form .results");
  return box.scrollWidth - box.clientWidth;
}"""


@pytest.fixture
def viewport():
    return {"width": 1366, "height": 768}


def log_in(page, user, language):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}]
    )
    fill_login(page, user)


@pytest.mark.parametrize("language", ["zh-hans"])
def test_participant_list_of_an_event_fits_a_laptop_in_chinese(page, superuser):
    event = EventFactory(title_en="“Hangzhou PLUS” roadshow", title_zh_hans=TITLE_ZH)
    # An organization with no Chinese name shows its English one, on one line
    # unless the list lets it wrap.
    for name in ("Demo Biochemistry Association of China", "Amber Congress Partners"):
        ParticipantFactory(
            event=event,
            organization=OrganizationFactory(name_en=name),
            checked_in_at=event.start,
        )
    url = reverse("admin:events_participant_changelist")
    page.goto(f"{url}?event__id__exact={event.pk}")
    log_in(page, superuser, "zh-hans")
    page.wait_for_selector("#result_list")

    assert_no_sideways_scroll(page)
    assert page.evaluate(RESULTS_OVERFLOW) <= 0
    assert page.evaluate(BROKEN_CELLS) == []
    assert page.locator("#content h1").inner_text() == f"{TITLE_ZH}的参会人员"


def test_language_menu_switches_when_a_language_is_chosen(page, superuser, problems):
    page.goto(reverse("admin:index"))
    log_in(page, superuser, "en")
    # The script that hides the button is deferred: wait for it, not the menu.
    page.locator("form.admin-language button").wait_for(state="hidden")

    with page.expect_navigation():
        page.select_option("#admin-language", "zh-hans")

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("#site-name").is_visible()
    assert problems == []
