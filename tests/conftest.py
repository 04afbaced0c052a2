import os

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploads of every test in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def roster_export_dir(settings, tmp_path):
    """Keep large roster exports out of the checkout's var/exports too: the
    test workers of `pytest -n` would write and sweep one folder at once."""
    settings.ROSTER_EXPORT_DIR = tmp_path / "exports"
    return settings.ROSTER_EXPORT_DIR


@pytest.fixture(autouse=True)
def demo_password(settings):
    """Give load_demo a password, so that it never writes the checkout's
    var/demo-admin-password, which workers running at once would race for."""
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"


@pytest.fixture(autouse=True)
def static_files(settings):
    """Serve static names as they are, so tests need no collectstatic first."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }


@pytest.fixture(autouse=True, scope="session")
def static_root():
    """WhiteNoise expects STATIC_ROOT to exist, collected or not."""
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with nothing cached."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def synonyms_read_again():
    """Every test reads the synonym groups as its database has them."""
    from hangzhou_mice.search import synonyms

    synonyms.forget()


@pytest.fixture(autouse=True)
def english():
    """Start every test in English, whatever a request left active before."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch):
    """One PBKDF2 round: the same hasher as production, without its cost.
    The demo alone makes eight users, and many tests sign in; none times a
    hash."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    monkeypatch.setattr(PBKDF2PasswordHasher, "iterations", 1)


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    """Staff log in with a password alone, except in the two-factor tests,
    which turn REQUIRE_STAFF_2FA on themselves."""
    settings.REQUIRE_STAFF_2FA = False


@pytest.fixture(autouse=True)
def immediate_tasks(settings, monkeypatch):
    """Run background tasks as they are enqueued, and enqueue at once.

    A test runs inside a transaction that never commits, so work enqueued
    after the commit would never run. tests/hangzhou_mice/test_tasks.py
    overrides this fixture to go through the database queue for real.
    """
    from hangzhou_mice import tasks

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    monkeypatch.setattr(
        tasks, "enqueue_on_commit", lambda job, *args: job.enqueue(*args)
    )


@pytest.fixture
def staff_member(django_user_model, client):
    """Sign the test client in as a new staff user in `role` (a group of
    hangzhou_mice.roles, or None) with any further permissions, by codename;
    return the user, named after the role unless given a `username`."""
    from django.contrib.auth.models import Group, Permission

    def sign_in(role=None, *codenames, username=None):
        user = django_user_model.objects.create_user(
            username or role or "staff", is_staff=True
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        client.force_login(user)
        return user

    return sign_in


@pytest.fixture
def topic_lists(monkeypatch):
    """Call with n: a topic then lists and counts n items of a kind at most
    (its counts' query, built once a process, is built again)."""
    from hangzhou_mice import views  # noqa: PLC0415 (after Django is set up)

    def at_most(n):
        monkeypatch.setattr(views, "LISTED", n)
        views.counts_query.cache_clear()

    yield at_most
    views.counts_query.cache_clear()


def service_url(variable, what):
    """The URL of a service `make test` starts, from `variable`. Without one
    the test is skipped, and with CI=true it fails instead."""
    if url := os.environ.get(variable):
        return url
    message = f"no {what} for this test: run it through make test, or set {variable}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_url():
    """The tests' Redis (scripts/redis.sh test)."""
    return service_url("REDIS_TEST_URL", "Redis")


@pytest.fixture
def s3(monkeypatch):
    """The tests' S3 API (scripts/objectstore.sh test), the S3_* variables
    set for it; `s3.bucket(public=False)` makes a new bucket and returns its
    name, `s3.keys(name)` lists what it holds."""
    import uuid
    from types import SimpleNamespace

    import boto3

    endpoint = service_url("S3_TEST_URL", "S3 API")
    variables = {
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "cn-east-1",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_ADDRESSING_STYLE": "path",
    }
    for variable, value in variables.items():
        monkeypatch.setenv(variable, value)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="cn-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )

    def bucket(public=False):
        name = f"test-{uuid.uuid4().hex[:16]}"
        client.create_bucket(
            Bucket=name,
            # Media: anyone may read (README, "Object storage").
            ACL="public-read" if public else "private",
            CreateBucketConfiguration={"LocationConstraint": "cn-east-1"},
        )
        return name

    def keys(name):
        listed = client.list_objects_v2(Bucket=name).get("Contents", [])
        return {entry["Key"] for entry in listed}

    return SimpleNamespace(client=client, bucket=bucket, keys=keys)


@pytest.fixture
def through_the_pooler(transactional_db, settings):
    """Django's connection goes to the test database through PgBouncer in
    transaction mode (scripts/pgbouncer.sh test), which resets a server
    session after every transaction; DATABASE_DIRECT names the server."""
    from urllib.parse import urlsplit

    from django.db import connection

    pooler = urlsplit(service_url("PGBOUNCER_TEST_URL", "PgBouncer"))
    settings_dict = connection.settings_dict
    server = dict(settings_dict)
    settings.DATABASE_DIRECT = server
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = pooler.hostname, pooler.port
    yield
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = server["HOST"], server["PORT"]
    pooler_release(pooler, server["NAME"])


def pooler_release(pooler, name):
    """Close the pooler's server connections to the database `name`, which
    would stop it being dropped at the end of the run."""
    import subprocess

    from operations.backup.database import client_path

    subprocess.run(  # noqa: S603  (psql, fixed arguments)
        [
            client_path("psql"),
            f"--host={pooler.hostname}",
            f"--port={pooler.port}",
            f"--username={pooler.username}",
            "--dbname=pgbouncer",
            f"--command=RECONNECT {name}",
        ],
        capture_output=True,
        check=True,
    )
