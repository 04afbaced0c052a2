"""The page on a 390 px phone: a short header, and fields iOS does not zoom
into (it does below 16 px)."""

import pytest

from tests.demo import load_demo

from .checks import EVERY, assert_accessible, assert_sound_on_a_phone

pytestmark = pytest.mark.browser

# The content should start near the top of a 844 px screen.
MAX_HEADER_PX = 120
MIN_FIELD_FONT_PX = 16
FIELDS = (
    "main input:not([type=checkbox], [type=radio], [type=hidden]),"
    " main select, main textarea"
)


@pytest.fixture
def demo(settings):
    """The demo's menu: the bureau's pages beside the sections."""
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    load_demo()


def font_sizes(page, selector):
    return page.eval_on_selector_all(
        selector,
        "fields => fields.map(f => [f.name, parseFloat(getComputedStyle(f).fontSize)])",
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_phone_header_leaves_the_screen_to_the_page(demo, page, language, problems):
    page.goto(f"/{language}/")

    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= MAX_HEADER_PX, header
    # Search, enquiry and the other language stay in view; the menu scrolls.
    for name in ("#site-search-q", ".site-header__enquire", ".language-switch a"):
        assert page.locator(name).is_visible(), name
    assert_sound_on_a_phone(page, problems)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_search_and_enquiry_fields_are_big_enough_not_to_zoom(
    demo, page, language, problems
):
    page.goto(f"/{language}/enquire/")

    fields = font_sizes(page, f"#site-search-q, {FIELDS}")
    assert len(fields) > 10, fields
    small = [(name, size) for name, size in fields if size < MIN_FIELD_FONT_PX]
    assert small == []
    assert_sound_on_a_phone(page, problems)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_name_breaks_inside_on_a_phone_or_a_laptop(demo, page, language, problems):
    pages = (
        "ambassadors/",
        "ambassadors/chen-shifan/",
        "events/hangzhou-plus-roadshow-beijing/",
    )
    broken = []
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            page.goto(f"/{language}/{path}")
            # An inline element split over two lines has two client rects.
            broken += page.eval_on_selector_all(
                ".person-name",
                "names => names.filter(n => n.getClientRects().length > 1)"
                ".map(n => n.textContent)",
            )
            assert page.locator(".person-name").count() > 0, path
    assert broken == []
    assert problems == []


# The public pages a visitor lands on: lists, and a venue with its rooms.
PUBLIC = (
    "",
    "articles/",
    "events/",
    "venues/",
    "venues/lakeside-demo-pavilion/",
    "ambassadors/",
    "meet/",
    "search/?q=hangzhou",
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_keep_every_axe_rule(demo, page, language, problems):
    """Not only the serious faults: headings in order under the h1, and no
    two landmarks of one name."""
    for path in PUBLIC:
        page.goto(f"/{language}/{path}")
        assert_accessible(page, impacts=EVERY)
    assert problems == []


def test_the_rooms_table_says_it_scrolls_and_takes_the_keyboard(demo, page):
    page.goto("/zh-hans/venues/lakeside-demo-pavilion/")

    table = page.get_by_role("region", name="会议室一览表")
    overflows = table.evaluate("t => t.scrollWidth > t.clientWidth")
    table.focus()
    page.keyboard.press("ArrowRight")

    assert overflows and page.get_by_text("左右滑动表格").is_visible()
    # Scrolled by the arrow key (smoothly: wait for it).
    page.wait_for_function("t => t.scrollLeft > 0", arg=table.element_handle())
