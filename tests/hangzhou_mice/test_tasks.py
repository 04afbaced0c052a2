"""Background work through the database queue, worked in this process."""

import datetime
import io
import json
import os
import signal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from hangzhou_mice import services, tasks
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Image, RenditionStatus
from hangzhou_mice.pagecache import content_state
from tests.factories import ArticleFactory, DownloadFactory

ADD_URL = reverse("admin:hangzhou_mice_image_add")
TWO_DAYS_AGO = (timezone.now() - datetime.timedelta(days=2)).timestamp()


@pytest.fixture
def immediate_tasks(settings):
    """Here tasks wait in the database queue until a worker takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def jpeg(size=(1200, 800)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 95, 91)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(client):
    return client.post(
        ADD_URL,
        {
            "title": "West Lake",
            "file": SimpleUploadedFile("lake.jpg", jpeg()),
            "alt_text_en": "Boats on West Lake",
            "credit": "",
        },
    )


def stored_image(django_capture_on_commit_callbacks):
    """An image stored as an upload stores it, its task queued, not run."""
    file = clean_upload(ContentFile(jpeg(), name="lake.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        return services.image_save(
            image=Image(title="West Lake", alt_text="Boats", file=file)
        )


def work_the_queue():
    """Run every waiting task in this process, as `run_worker --batch` does."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "run_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            stdout=io.StringIO(),
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def media_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file())


# Renditions


@pytest.mark.django_db(transaction=True)
def test_upload_returns_before_renditions_which_appear_once_the_worker_ran(
    admin_client, client, media_root
):
    response = upload(admin_client)

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions_status == RenditionStatus.PROCESSING
    assert image.renditions == image.square_renditions == []
    assert media_files(media_root) == [media_root / image.file.name]
    assert DBTaskResult.objects.ready().count() == 1
    change_url = reverse("admin:hangzhou_mice_image_change", args=[image.pk])
    assert "being made" in admin_client.get(change_url).content.decode()
    article = ArticleFactory(hero_image=image)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<picture" not in page and "article__hero" not in page
    assert "/media/" not in page and 'content="summary"' in page
    before = content_state()

    work_the_queue()

    image.refresh_from_db()
    assert image.renditions_status == RenditionStatus.READY
    assert [r["width"] for r in image.renditions] == [480, 960, 1200]
    assert image.square_renditions
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert content_state() != before
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'srcset="/media/{image.renditions[0]["webp"]} 480w' in page
    assert 'content="summary_large_image"' in page


@pytest.mark.django_db
def test_running_the_task_again_changes_nothing(
    media_root, django_capture_on_commit_callbacks
):
    image = stored_image(django_capture_on_commit_callbacks)
    assert tasks.image_renditions_make.call(image.pk) is True
    image.refresh_from_db()
    files = media_files(media_root)

    assert tasks.image_renditions_make.call(image.pk) is False

    assert media_files(media_root) == files
    assert Image.objects.get().renditions == image.renditions


@pytest.mark.django_db
def test_a_run_beaten_by_another_removes_its_own_files(
    media_root, monkeypatch, django_capture_on_commit_callbacks
):
    image = stored_image(django_capture_on_commit_callbacks)
    make_renditions = tasks.make_renditions

    def another_run_finishes_first(image, storage, written):
        made = make_renditions(image, storage, written)
        Image.objects.filter(pk=image.pk).update(renditions_status="ready")
        return made

    monkeypatch.setattr(tasks, "make_renditions", another_run_finishes_first)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.image_renditions_make.call(image.pk) is False

    assert media_files(media_root) == [media_root / image.file.name]


@pytest.mark.django_db(transaction=True)
def test_a_failed_rendition_marks_the_image_failed_and_can_be_retried(
    admin_client, media_root, monkeypatch
):
    upload(admin_client)
    image = Image.objects.get()

    def disk_full(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr(tasks, "make_renditions", disk_full)
    work_the_queue()

    image.refresh_from_db()
    assert image.renditions_status == RenditionStatus.FAILED
    assert image.renditions_error == "OSError: No space left on device"
    assert media_files(media_root) == [media_root / image.file.name]
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    listing = admin_client.get(reverse("admin:hangzhou_mice_image_changelist"))
    assert "Failed: OSError: No space left on device" in listing.content.decode()

    monkeypatch.undo()
    admin_client.post(
        reverse("admin:hangzhou_mice_image_changelist"),
        {"action": "make_renditions_again", "_selected_action": [image.pk]},
    )
    image.refresh_from_db()
    assert image.renditions_status == RenditionStatus.PROCESSING
    work_the_queue()

    image.refresh_from_db()
    assert image.renditions_status == RenditionStatus.READY
    assert image.renditions_error == ""


@pytest.mark.django_db
def test_images_whose_task_was_lost_are_queued_again(
    django_capture_on_commit_callbacks,
):
    image = stored_image(django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # the enqueue was lost
    hour_ago = timezone.now() - datetime.timedelta(minutes=61)
    Image.objects.filter(pk=image.pk).update(updated_at=hour_ago)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("enqueue_renditions", stdout=io.StringIO())

    assert DBTaskResult.objects.ready().get().args_kwargs["args"] == [image.pk]


@pytest.mark.django_db
def test_a_retried_old_image_is_not_taken_for_a_lost_task(
    django_capture_on_commit_callbacks,
):
    from hangzhou_mice.services import image_renditions_request

    image = stored_image(django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Image.objects.filter(pk=image.pk).update(
        renditions_status=RenditionStatus.FAILED, updated_at=long_ago
    )
    image.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        image_renditions_request(image=image)
        call_command("enqueue_renditions", stdout=io.StringIO())

    assert DBTaskResult.objects.count() == 1  # the retry's task, not a second


# The health check


@pytest.mark.django_db
def test_healthz_reports_the_waiting_tasks_in_one_query(
    client, django_assert_num_queries
):
    for image_id in (1, 2, 3):
        tasks.image_renditions_make.enqueue(image_id)
    waited = timezone.now() - datetime.timedelta(seconds=90)
    DBTaskResult.objects.filter(args_kwargs__args=[1]).update(enqueued_at=waited)
    DBTaskResult.objects.filter(args_kwargs__args=[3]).update(
        status=TaskResultStatus.RUNNING
    )

    with django_assert_num_queries(1):
        response = client.get("/healthz", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    report = json.loads(response.content)
    assert report["database"] == "ok"
    assert report["tasks"]["waiting"] == 2
    assert 90 <= report["tasks"]["oldest_waiting_seconds"] < 100


@pytest.mark.django_db
def test_healthz_reports_an_empty_queue(client):
    response = client.get("/healthz", HTTP_ACCEPT="application/json")

    assert json.loads(response.content) == {
        "database": "ok",
        "tasks": {"waiting": 0, "oldest_waiting_seconds": 0},
    }


@pytest.mark.django_db(transaction=True)
def test_healthz_json_is_503_while_database_is_unreachable(client, monkeypatch):
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", 1)

    response = client.get("/healthz", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "unavailable"}
    monkeypatch.undo()
    connection.close()


# Periodic jobs


def stored(name, age=TWO_DAYS_AGO):
    name = default_storage.save(name, ContentFile(b"x"))
    os.utime(default_storage.path(name), (age, age))
    return name


@pytest.mark.django_db
def test_orphan_sweep_deletes_only_unreferenced_files_a_day_old(
    media_root, django_capture_on_commit_callbacks
):
    image = stored_image(django_capture_on_commit_callbacks)
    tasks.image_renditions_make.call(image.pk)
    DownloadFactory()
    for path in media_files(media_root):
        os.utime(path, (TWO_DAYS_AGO, TWO_DAYS_AGO))
    kept = media_files(media_root)
    orphans = [
        stored("renditions/999/480.webp"),
        stored("images/2020/01/old.jpg"),
        stored("downloads/2020/01/0123456789abcdef/Old fact sheet.pdf"),
    ]
    young = stored("renditions/999/960.webp", age=timezone.now().timestamp())

    dry = io.StringIO()
    call_command("sweep_orphaned_media", "--dry-run", stdout=dry)

    assert dry.getvalue().splitlines() == [
        *sorted(orphans),
        "3 orphaned media file(s) would be deleted.",
    ]
    assert all(default_storage.exists(name) for name in orphans)

    call_command("sweep_orphaned_media", stdout=io.StringIO())

    assert media_files(media_root) == sorted([*kept, media_root / young])


@pytest.mark.django_db
def test_periodic_jobs_run_in_order_past_a_failing_one(settings):
    settings.PERIODIC_JOBS = ["no_such_command", "sweep_orphaned_media --dry-run"]
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 job.s. failed: no_such_command"):
        call_command("run_periodic", stdout=out, stderr=err)

    assert "Unknown command: 'no_such_command'" in err.getvalue()
    assert out.getvalue().splitlines() == [
        "== no_such_command",
        "== sweep_orphaned_media --dry-run",
        "0 orphaned media file(s) would be deleted.",
    ]


@pytest.mark.django_db
def test_the_configured_periodic_jobs_all_run(settings):
    out = io.StringIO()

    call_command("run_periodic", stdout=out, stderr=io.StringIO())

    headers = [line for line in out.getvalue().splitlines() if line[:3] == "== "]
    assert headers == [f"== {job}" for job in settings.PERIODIC_JOBS]
    assert "sweep_export_jobs" in settings.PERIODIC_JOBS
