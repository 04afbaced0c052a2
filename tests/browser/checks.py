"""What every page a journey visits must hold to."""

from axe_playwright_python.sync_playwright import Axe

# axe-core from the package's own axe.min.js: nothing fetched at run time.
AXE = Axe()
BLOCKING = {"serious", "critical"}
EVERY = {"minor", "moderate", *BLOCKING}


PASSWORD = "browser-pass-for-tests"  # every user the journeys make


def fill_login(page, user):
    """Send the admin's login form on the current page as `user`."""
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()


def sign_in(page, user, url):
    """Open the admin's `url` as `user`, through its login form."""
    page.goto(f"/admin/login/?next={url}")
    fill_login(page, user)
    page.wait_for_url(f"**{url}")


def assert_sound(page, problems):
    """No serious accessibility fault, no console error, no CSP violation."""
    assert_accessible(page)
    assert problems == [], f"{page.url}: {problems}"


def assert_sound_on_a_phone(page, problems):
    assert_no_sideways_scroll(page)
    assert_sound(page, problems)


def assert_no_sideways_scroll(page):
    scroll, inner = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll <= inner, f"{page.url} scrolls sideways: {scroll}px in {inner}px"


def assert_accessible(page, impacts=BLOCKING):
    # axe leaves alone text drawn in an icon font (the rich-text toolbar's
    # "undo", "link"), but only once it can see that font: wait for the
    # page's fonts, or a slow load reads the icon names as dim text.
    page.evaluate("document.fonts.ready.then(() => true)")
    violations = AXE.run(page).response["violations"]
    blocking = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in impacts
    ]
    assert blocking == [], f"{page.url}: {blocking}"
