"""What needs a database session of its own still works through PgBouncer in
transaction mode: the test pooler resets a server session after every
transaction, so whatever leans on one across transactions fails here."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from hangzhou_mice.direct import connect_direct
from operations.management.commands.run_periodic import LOCK


@pytest.fixture(params=["server", "pooler"])
def database(request):
    """The test database, directly and through the pooler."""
    if request.param == "pooler":
        request.getfixturevalue("through_the_pooler")
    else:
        request.getfixturevalue("transactional_db")
    return request.param


def test_the_pooler_keeps_no_session_between_transactions(through_the_pooler):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext('pooler test'))")
        assert cursor.fetchone()[0]
    with connect_direct() as other:
        taken = other.execute("SELECT pg_try_advisory_lock(hashtext('pooler test'))")
        assert taken.fetchone()[0]  # the pooled session's lock is gone


def test_run_periodic_holds_its_lock_for_the_whole_run(database, settings):
    # The run's one job is a second run: it must find the first one going.
    settings.PERIODIC_JOBS = ["run_periodic"]
    errors = io.StringIO()

    call_command("run_periodic", stdout=io.StringIO(), stderr=errors)

    assert errors.getvalue().count("Another run_periodic is running") == 1
    with connect_direct() as other:  # and gave it back
        assert other.execute(LOCK).fetchone()[0]
