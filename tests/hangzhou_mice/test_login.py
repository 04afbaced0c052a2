"""Login throttling: locked usernames and addresses, the 429 page, unlocking,
and the client address behind a proxy."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache
from django.test import RequestFactory

from hangzhou_mice.clientip import client_ip
from hangzhou_mice.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        "editor", password="right-horse-battery", is_staff=True
    )


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
        "username:editor",
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


@pytest.mark.parametrize("name", ["İzmir kongre", "ς\x00", "😀 " * 200, ""])
def test_odd_usernames_are_refused_plainly(client, staff, name):
    for _ in range(6):
        response = attempt(client, name, "wrong")
        assert response.status_code in (200, 429)
    assert attempt(client, "editor", "right-horse-battery").status_code == 302
