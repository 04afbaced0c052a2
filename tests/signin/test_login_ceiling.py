"""The site-wide ceiling on failed logins a minute, and the known-device
cookie that lets staff sign in past it (and past their address's lock)."""

import datetime

import pytest
from axes.models import AccessFailureLog
from django.core import signing
from django.core.cache import cache

from signin.login import devices

from .test_login import MORNING, attempt

pytestmark = pytest.mark.django_db
PASSWORD = "right-horse-battery"


@pytest.fixture(autouse=True)
def ceiling(settings, time_machine):
    settings.LOGIN_FAILURES_PER_MINUTE = 3
    time_machine.move_to(MORNING, tick=False)


def spread_failures(client, count=3):
    """Wrong passwords, each from an address of its own: no lock of their own."""
    for n in range(count):
        assert attempt(client, f"guess{n}", "wrong", f"198.18.0.{n}").status_code == 200


def known_device(client):
    """Sign the editor in once from this client, then out; keep the cookie
    (the test client's logout drops every cookie, a browser's keeps it)."""
    assert attempt(client, "editor", PASSWORD, "192.0.2.1").status_code == 302
    cookie = client.cookies[devices.COOKIE]
    client.logout()
    client.cookies[devices.COOKIE] = cookie.value
    return cookie


def test_past_the_ceiling_logins_are_refused_without_a_hash(
    client, staff, hashes, django_assert_num_queries
):
    spread_failures(client)
    hashes.clear()
    with django_assert_num_queries(1):  # the ceiling's count, once a process
        refused = attempt(client, "editor", PASSWORD, "198.18.1.1")
    with django_assert_num_queries(0):
        again = attempt(client, "nobody", "wrong", "198.18.1.2")
    assert (refused.status_code, again.status_code) == (429, 429)
    assert refused["Retry-After"] == "60"
    assert "paused for up to a minute" in refused.text
    assert hashes == []
    assert AccessFailureLog.objects.count() == 3


def test_the_ceiling_lifts_a_minute_after_the_failures_it_counts(
    client, staff, time_machine
):
    spread_failures(client)
    time_machine.move_to(MORNING + datetime.timedelta(seconds=59))
    refused = attempt(client, "editor", PASSWORD, "198.18.1.1")
    assert (refused.status_code, refused["Retry-After"]) == (429, "1")
    time_machine.move_to(MORNING + datetime.timedelta(seconds=60))
    assert attempt(client, "editor", PASSWORD, "198.18.1.1").status_code == 302


def test_the_ceiling_is_off_at_zero(client, staff, settings):
    settings.LOGIN_FAILURES_PER_MINUTE = 0
    spread_failures(client, 5)
    assert attempt(client, "editor", PASSWORD, "198.18.1.1").status_code == 302


def test_a_known_device_signs_its_user_in_past_the_ceiling(client, staff, hashes):
    known_device(client)
    spread_failures(client)
    assert attempt(client, "editor", "wrong", "198.18.1.1").status_code == 200
    assert hashes  # its password was checked
    assert attempt(client, "editor", PASSWORD, "198.18.1.1").status_code == 302


def change_password(user):
    user.set_password("a-new-lantern-pass")
    user.save()


def deactivate(user):
    user.is_active = False
    user.save()


@pytest.mark.parametrize(
    ("username", "tamper", "days_later", "change"),
    [
        pytest.param("admin", None, 0, None, id="another-username"),
        pytest.param("editor", "tampered", 0, None, id="tampered"),
        pytest.param("editor", "", 0, None, id="empty"),
        pytest.param("editor", "a:b:c", 0, None, id="garbage"),
        pytest.param("editor", None, 91, None, id="expired"),
        pytest.param("editor", None, 0, change_password, id="password-changed"),
        pytest.param("editor", None, 0, deactivate, id="deactivated"),
    ],
)
def test_the_ceiling_holds_for_a_cookie_that_does_not_vouch_for_the_login(
    client, staff, time_machine, username, tamper, days_later, change
):
    django_user_model = type(staff)
    django_user_model.objects.create_user("admin", password=PASSWORD, is_staff=True)
    value = known_device(client).value
    if tamper is not None:
        client.cookies[devices.COOKIE] = tamper or ""
        if tamper == "tampered":
            client.cookies[devices.COOKIE] = value[:-2] + "xx"
    if change:
        change(staff)
    time_machine.move_to(MORNING + datetime.timedelta(days=days_later))
    spread_failures(client)
    assert attempt(client, username, PASSWORD, "198.18.1.1").status_code == 429


@pytest.mark.parametrize("secure", [False, True])
def test_a_successful_login_sets_the_known_device_cookie(
    client, staff, settings, secure
):
    settings.SESSION_COOKIE_SECURE = secure
    cookie = known_device(client)
    assert signing.loads(cookie.value, salt=devices.SALT)[0] == str(staff.pk)
    assert cookie["path"] == "/admin/login/"
    assert cookie["max-age"] == 90 * 24 * 3600
    assert (cookie["httponly"], cookie["samesite"]) == (True, "Lax")
    assert cookie["secure"] == (True if secure else "")


def test_a_known_device_does_not_pass_its_users_own_lock(client, staff, settings):
    settings.LOGIN_FAILURES_PER_MINUTE = 100
    known_device(client)
    for _ in range(5):
        attempt(client, "editor", "wrong")
    cache.clear()  # the database decides, not a mark
    assert attempt(client, "editor", PASSWORD).status_code == 429


def test_a_known_device_passes_an_address_lock_which_its_success_leaves(
    client, staff, settings, django_user_model
):
    settings.LOGIN_FAILURES_PER_MINUTE = 100
    known_device(client)
    for n in range(20):
        attempt(client, f"guess{n}", "wrong")
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.logout()  # and the cookie with it
    cache.clear()
    assert attempt(client, "editor", PASSWORD).status_code == 429
    assert attempt(client, "guess-new", "wrong").status_code == 429


@pytest.mark.parametrize("value", ["junk", "", "W10:1abc:forged"])
def test_a_cookie_the_site_did_not_sign_does_not_reopen_an_address_lock(
    client, staff, settings, django_assert_max_num_queries, value
):
    settings.LOGIN_FAILURES_PER_MINUTE = 100
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        attempt(client, f"guess{n}", "wrong")
    client.cookies["known_device"] = value

    with django_assert_max_num_queries(0):
        refused = attempt(client, "guess-new", "wrong")

    assert refused.status_code == 429
