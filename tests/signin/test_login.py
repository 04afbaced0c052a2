"""Login throttling: locked usernames and addresses, the 429 page, unlocking,
and the client address behind a proxy."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache
from django.test import RequestFactory

from hangzhou_mice import audit
from hangzhou_mice.clientip import client_ip
from hangzhou_mice.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def no_ceiling(settings):
    """The site-wide ceiling has tests of its own (test_login_ceiling.py)."""
    settings.LOGIN_FAILURES_PER_MINUTE = 0


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_fifth_wrong_password_locks_the_username_for_that_address(
    client, staff, django_assert_max_num_queries
):
    for _ in range(4):
        assert attempt(client, "editor", "wrong").status_code == 200
    locked = attempt(client, "editor", "wrong")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.text
    assert "60 minutes" in locked.text
    assert locked["Retry-After"] == "3600"
    (entry,) = AuditEntry.objects.filter(action="login.locked_out")
    assert (entry.subject, entry.detail) == (
        audit.fingerprint("editor"),
        {"address": "203.0.113.7"},
    )
    # The right password no longer helps from there ...
    with django_assert_max_num_queries(0):
        refused = attempt(client, "editor", "right-horse-battery")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but the account still works from elsewhere.
    assert (
        attempt(client, "editor", "right-horse-battery", "198.51.100.2").status_code
        == 302
    )


def test_the_shared_refusal_page_names_no_one(client, staff, django_user_model):
    """It is rendered once and kept for every refused client in that language,
    so it must not carry whoever was signed in when it was rendered."""
    signed_in = django_user_model.objects.create_user(
        "mei.lin@example.org", password="x", is_staff=True
    )
    client.force_login(signed_in)
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [attempt(client, "editor", "wrong").status_code for _ in range(limit)]
    assert statuses[-1] == 429
    client.logout()

    page = attempt(client, "editor", "wrong")

    assert page.status_code == 429
    assert "mei.lin" not in page.text


def test_locked_client_costs_no_password_hash(client, staff, monkeypatch):
    for _ in range(5):
        attempt(client, "editor", "wrong")
    hashed = []
    original = PBKDF2PasswordHasher.encode

    def counting(self, *args, **kwargs):
        hashed.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", counting)
    assert attempt(client, "editor", "right-horse-battery").status_code == 429
    assert hashed == []
    # Another username from that address is still checked, and hashed.
    assert attempt(client, "nobody", "wrong").status_code == 200
    assert hashed


def test_an_address_trying_many_usernames_is_locked(client, staff):
    for n in range(19):
        assert attempt(client, f"guess{n}", "wrong").status_code == 200
    assert attempt(client, "guess19", "wrong").status_code == 429
    # Every username is now refused from that address, the real one too.
    assert attempt(client, "editor", "right-horse-battery").status_code == 429
    assert (
        attempt(client, "editor", "right-horse-battery", "198.51.100.2").status_code
        == 302
    )


def test_a_bureau_admin_unlocks_by_deleting_the_attempt(client, staff):
    for _ in range(5):
        attempt(client, "editor", "wrong")
    assert AccessFailureLog.objects.filter(username="editor").count() == 5
    admin = get_user_model().objects.create_superuser("chief", password="x-y-z-w-1")
    other = type(client)()
    other.force_login(admin)
    page = other.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "editor" in page.text
    (entry,) = AccessAttempt.objects.filter(username="editor")
    other.post(
        f"/admin/axes/accessattempt/{entry.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert attempt(client, "editor", "right-horse-battery").status_code == 302


def test_after_the_mark_expires_the_database_still_holds_the_lock(client, staff):
    for _ in range(5):
        attempt(client, "editor", "wrong")
    cache.clear()  # the short-lived mark is gone, as on another server
    assert attempt(client, "editor", "right-horse-battery").status_code == 429
    # Refusals are neither counted nor audited again.
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 5
    assert AuditEntry.objects.filter(action="login.locked_out").count() == 1


def test_success_resets_the_count(client, staff):
    for _ in range(4):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", "right-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "editor", "wrong").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # spoofed entry on the left
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected


def test_behind_a_proxy_one_client_is_locked_not_everyone(client, settings, staff):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    ok = client.post(
        LOGIN,
        {"username": "editor", "password": "right-horse-battery"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert ok.status_code == 302


@pytest.mark.parametrize(
    ("name", "counted"),
    [
        ("İzmir kongre", True),
        ("😀 " * 200, True),
        # The form refuses these before any password is checked: nothing counts.
        ("ς\x00", False),
        ("", False),
    ],
)
def test_odd_usernames_are_refused_plainly(client, staff, name, counted):
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [attempt(client, name, "wrong").status_code for _ in range(limit + 1)]
    # The failure that reaches the limit is itself answered with the lock.
    expected = [200] * (limit - 1) + [429] * 2 if counted else [200] * (limit + 1)
    assert statuses == expected
    assert attempt(client, "editor", "right-horse-battery").status_code == 302


# --- finding 1: a success lifts no one else's lock ----------------------------


@pytest.fixture
def chief():
    return get_user_model().objects.create_user(
        "admin", password="chief-lantern-river", is_staff=True
    )


def sign_in(client, user, password, address="203.0.113.7"):
    response = attempt(client, user, password, address)
    client.logout()
    return response.status_code


def test_rounds_of_guesses_between_anothers_logins_lock_the_guessed_name(
    client, staff, chief
):
    statuses = []
    for _ in range(10):
        statuses += [attempt(client, "admin", "wrong").status_code for _ in range(4)]
        assert sign_in(client, "editor", "right-horse-battery") == 302
    assert statuses == [200] * 4 + [429] * 36
    assert attempt(client, "admin", "chief-lantern-river").status_code == 429


def test_a_locked_name_stays_locked_when_another_signs_in_there(client, staff, chief):
    for _ in range(5):
        attempt(client, "admin", "wrong")
    assert sign_in(client, "editor", "right-horse-battery") == 302
    cache.clear()  # the database decides, not a mark
    assert attempt(client, "admin", "chief-lantern-river").status_code == 429


def test_a_success_keeps_the_failures_of_other_names_from_the_address(client, staff):
    for n in range(19):
        attempt(client, f"guess{n}", "wrong")
    assert sign_in(client, "editor", "right-horse-battery") == 302
    assert attempt(client, "guess19", "wrong").status_code == 429


def test_a_success_resets_only_its_own_name_at_its_own_address(client, staff):
    for address in ("203.0.113.7", "198.51.100.2"):
        for _ in range(4):
            attempt(client, "editor", "wrong", address)
    assert sign_in(client, "editor", "right-horse-battery", "203.0.113.7") == 302
    assert attempt(client, "editor", "wrong", "198.51.100.2").status_code == 429


# --- finding 8 (login): Retry-After says the time left ------------------------

MORNING = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)


@pytest.mark.parametrize("from_mark", [False, True], ids=["database", "mark"])
def test_retry_after_is_the_time_left_of_a_name_lock(
    client, staff, time_machine, from_mark
):
    time_machine.move_to(MORNING, tick=False)
    for _ in range(5):
        attempt(client, "editor", "wrong")
    time_machine.move_to(MORNING + datetime.timedelta(minutes=59), tick=False)
    cache.clear()
    if from_mark:
        attempt(client, "editor", "wrong")  # checks the database, marks
        time_machine.move_to(MORNING + datetime.timedelta(minutes=59, seconds=20))
    refused = attempt(client, "editor", "right-horse-battery")
    assert refused.status_code == 429
    assert refused["Retry-After"] == ("40" if from_mark else "60")
    assert "paused for 1 minute." in refused.text


def test_retry_after_of_an_address_lock_counts_from_the_failures_that_hold_it(
    client, staff, time_machine
):
    time_machine.move_to(MORNING, tick=False)
    for n in range(10):
        attempt(client, f"early{n}", "wrong")
    time_machine.move_to(MORNING + datetime.timedelta(minutes=30), tick=False)
    for n in range(10):
        attempt(client, f"late{n}", "wrong")
    time_machine.move_to(MORNING + datetime.timedelta(minutes=45), tick=False)
    refused = attempt(client, "editor", "right-horse-battery")
    # The early ten leave the window at 10:00, and with them the lock.
    assert (refused.status_code, refused["Retry-After"]) == (429, "900")
    assert "paused for 15 minutes." in refused.text
    time_machine.move_to(MORNING + datetime.timedelta(minutes=60, seconds=1))
    assert attempt(client, "editor", "right-horse-battery").status_code == 302


# --- finding 5 (login part): the lock's audit row names no one -----------------


def test_the_lockout_audit_names_the_username_by_its_fingerprint(client, staff):
    for _ in range(5):
        attempt(client, "editor@example.org", "wrong")
    (entry,) = AuditEntry.objects.filter(action="login.locked_out")
    assert entry.subject == audit.fingerprint("editor@example.org")
    assert "editor" not in str(entry.subject) + str(entry.detail)
