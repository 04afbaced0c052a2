"""A few password checks at once over every worker: PostgreSQL advisory-lock
slots, and an answer at once when none is free."""

import pytest
from axes.models import AccessFailureLog
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connections
from django.test import RequestFactory

from signin.login import LockedClientMiddleware
from signin.login.slots import TAKE

from .test_login import attempt

pytestmark = pytest.mark.django_db
PASSWORD = "right-horse-battery"


@pytest.fixture(autouse=True)
def two_slots(settings):
    settings.LOGIN_PASSWORD_CHECK_SLOTS = 2


@pytest.fixture
def other_worker():
    """Another process's database session, outside the test's transaction."""
    connection = connections.create_connection("default")
    yield connection
    # The server ends a closed session a moment later, in its own time: give
    # the slots back first, or the next test's login may find them still taken.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock_all()")
    connection.close()


def take(connection, slot):
    with connection.cursor() as cursor:
        cursor.execute(TAKE, [slot])
        return cursor.fetchone()[0]


def test_with_every_slot_taken_a_login_is_answered_at_once(
    client, staff, other_worker, monkeypatch, django_assert_num_queries
):
    assert take(other_worker, 0) and take(other_worker, 1)
    hashed = []
    monkeypatch.setattr(
        PBKDF2PasswordHasher, "encode", lambda *a, **k: hashed.append(1)
    )
    with django_assert_num_queries(1):  # the ceiling's count; slots: their own
        busy = attempt(client, "editor", PASSWORD)
    assert (busy.status_code, busy["Retry-After"]) == (503, "2")
    assert "Sign-in busy" in busy.text
    assert hashed == []
    assert not AccessFailureLog.objects.exists()


def test_a_post_without_a_password_takes_no_slot(client, staff, other_worker):
    assert take(other_worker, 0) and take(other_worker, 1)

    answer = attempt(client, "editor", "")

    assert answer.status_code == 200


def succeed(client):
    assert attempt(client, "editor", PASSWORD).status_code == 302


def fail(client):
    assert attempt(client, "editor", "wrong").status_code == 200


@pytest.mark.parametrize("outcome", [succeed, fail])
def test_a_login_takes_a_free_slot_and_gives_it_back(
    client, staff, other_worker, outcome
):
    assert take(other_worker, 0)
    outcome(client)
    assert take(other_worker, 1)


def test_a_request_cut_short_gives_its_slot_back(other_worker):
    """Gunicorn ends a worker past its timeout with SystemExit, mid-request."""

    def cut_short(request):
        raise SystemExit(1)

    request = RequestFactory().post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}
    )
    with pytest.raises(SystemExit):
        LockedClientMiddleware(cut_short)(request)
    assert take(other_worker, 0)
