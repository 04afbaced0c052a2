"""A headless Chromium against a live server on the test database.

Debian's Chromium (`make browser` installs it), driven by Playwright's own
driver from its PyPI wheel: no browser build is ever downloaded.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import sync_playwright

from .checks import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
PHONE = {"width": 390, "height": 844}
LOCALES = {"en": "en-GB", "zh-hans": "zh-CN"}
# Chromium fires `securitypolicyviolation` on the document: hand each one to
# Python through a binding (bindings and init scripts are outside the CSP).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="package")
def browser():
    """One Chromium for every browser test, closed after the last of them.

    Playwright's sync API keeps an event loop running in this thread while it
    lives, so Django's async-safety check would refuse the ORM here: allowed
    for these tests only, and the loop ends before the next package's tests.
    """
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium not found: run `make browser` (Debian's chromium)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # Chromium refuses to run as root inside its sandbox.
            browser = playwright.chromium.launch(
                executable_path=executable, chromium_sandbox=os.geteuid() != 0
            )
            yield browser
            browser.close()


@pytest.fixture
def staff_in(django_user_model):
    """Make a staff user in a role (a group of `hangzhou_mice.roles`)."""

    def make(role, username):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def superuser(django_user_model):
    """Who administers the site, and publishes without review."""
    return django_user_model.objects.create_superuser(
        "chen", "chen@example.org", PASSWORD
    )


@pytest.fixture
def problems():
    """Console errors, uncaught exceptions and CSP violations of the test."""
    return []


@pytest.fixture
def language():
    """The page's language; tests parametrize it over both."""
    return "en"


@pytest.fixture
def viewport():
    """A phone's, unless a test module overrides it."""
    return PHONE


@pytest.fixture
def page(request, browser, live_server, language, viewport, problems):
    """A tab in a fresh context; kept as PNG and HTML when the test fails."""
    context = browser.new_context(
        viewport=viewport, locale=LOCALES[language], base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    watch(context, problems)
    stem = ARTIFACTS / re.sub(r"[^\w-]+", "_", request.node.name)
    for stale in (Path(f"{stem}.png"), Path(f"{stem}.html")):
        stale.unlink(missing_ok=True)
    tab = context.new_page()
    yield tab
    if getattr(request.node, "failed", False):
        keep_artifacts(tab, stem)
    context.close()


def watch(context, problems):
    """Note every console error, uncaught exception and CSP violation."""
    context.expose_binding(
        "reportCspViolation", lambda source, text: problems.append(f"CSP: {text}")
    )
    context.add_init_script(CSP_LISTENER)
    context.on("console", lambda m: m.type == "error" and problems.append(message(m)))
    context.on("weberror", lambda error: problems.append(f"uncaught: {error.error}"))


def message(console_message):
    return f"{console_message.text} ({console_message.location['url']})"


def keep_artifacts(tab, stem):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=f"{stem}.png", full_page=True)
    Path(f"{stem}.html").write_text(tab.content(), encoding="utf-8")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Tell the page fixture whether the test itself failed."""
    report = yield
    if report.when == "call" and report.failed:
        item.failed = True
    return report
