"""What needs a database session, or more than one transaction, still works
through PgBouncer in transaction mode: the hourly run's lock, the login
slots, the search index writer's staging table, what reads many rows (the
XLSX export, the index rebuild, the orphan sweep), a backup and its restore.
The test pooler resets a server session after every transaction, so
whatever leans on one across transactions fails here. Each test runs
directly and through it."""

import io
import re

import openpyxl
import PIL.Image
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from events.exporters import XLSXExporter
from events.models import Participant
from hangzhou_mice import exports
from hangzhou_mice.direct import connect_direct
from hangzhou_mice.management.commands.sweep_orphaned_media import referenced_files
from hangzhou_mice.models import Image, SearchEntry
from hangzhou_mice.search import rebuild
from operations.backup import backup_restore
from operations.management.commands.run_periodic import LOCK
from signin.login.slots import TAKE
from tests.factories import ArticleFactory, EventFactory, ParticipantFactory

from .test_backup import backup, counts

PASSWORD = "right-horse-battery"


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["server", "pooler"])
def database(request):
    """The test database, directly and through the pooler."""
    if request.param == "pooler":
        request.getfixturevalue("through_the_pooler")
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


def test_a_login_holds_its_slot_while_the_password_is_checked(
    database, client, settings, monkeypatch
):
    settings.LOGIN_PASSWORD_CHECK_SLOTS = 1
    settings.LOGIN_FAILURES_PER_MINUTE = 0
    get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    free_while_checked = []
    verify = PBKDF2PasswordHasher.verify

    def checking(self, password, encoded):
        with connect_direct() as other:  # another worker's login, meanwhile
            free_while_checked.append(other.execute(TAKE, [0]).fetchone()[0])
        return verify(self, password, encoded)

    monkeypatch.setattr(PBKDF2PasswordHasher, "verify", checking)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )

    assert (response.status_code, free_while_checked) == (302, [False])


def test_articles_saved_one_after_the_other_are_found(database, client):
    # Each save's index writer stages its entries in a temporary table.
    saved = [ArticleFactory(title=f"Pooled congress {n}") for n in ("one", "two")]

    page = client.get("/en/search/", {"q": "pooled congress"}).content.decode()

    found = re.findall(r'class="search-result__title"><a href="([^"]+)"', page)
    assert sorted(found) == sorted(a.get_absolute_url() for a in saved)


def test_an_xlsx_export_reads_its_rows_in_chunks(database, monkeypatch):
    # Rows come from a server-side cursor, a chunk a fetch: declared in a
    # transaction, it lives as long as the transaction, on one server session.
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    ParticipantFactory.create_batch(5, event=EventFactory())
    stream = io.BytesIO()

    XLSXExporter(Participant.objects.all(), ["full_name"]).write(stream)

    sheet = openpyxl.load_workbook(stream).active
    assert sheet.max_row == 1 + 5


def test_the_search_index_is_rebuilt_in_chunks(database):
    ArticleFactory.create_batch(5)

    rebuild(chunk=2)

    assert SearchEntry.objects.filter(kind="article").count() == 5


def test_the_orphan_sweep_reads_every_image_row(database):
    picture = io.BytesIO()
    PIL.Image.new("RGB", (8, 8)).save(picture, "JPEG")
    rendition = {"webp": "renditions/1/480.webp", "fallback": "renditions/1/480.jpg"}
    image = Image.objects.create(
        title="West Lake",
        file=ContentFile(picture.getvalue(), name="lake.jpg"),
        renditions=[rendition],
    )

    assert referenced_files() == {image.file.name, *rendition.values()}


def test_a_backup_restores_what_it_saw(database, settings, scratch_database, tmp_path):
    ArticleFactory.create_batch(3, tags=["MICE"])
    original = counts(settings.DATABASE_DIRECT or settings.DATABASES["default"])

    archive = backup(tmp_path / "backups")
    manifest, differences = backup_restore(
        archive=archive, database=scratch_database, media_root=tmp_path / "new"
    )

    assert (manifest["database"]["tables"], differences) == (original, [])
