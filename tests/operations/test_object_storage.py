"""Media in object storage (MEDIA_BUCKET): what the site writes, links,
deletes, sweeps and backs up goes to a bucket through the S3 API, here moto's server
on loopback (scripts/objectstore.sh test), a bucket a test."""

import datetime
import io
import urllib.request
from unittest import mock

import botocore.endpoint
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from config.settings.media import media_storage, private_storage
from hangzhou_mice import services, tasks
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Image
from operations.backup import backup_restore, connect
from tests.factories import ArticleFactory, DownloadFactory, make_image
from tests.hangzhou_mice.test_tasks import jpeg
from tests.operations.test_backup import backup

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(s3, settings):
    """A new public bucket, the media storage; returns what it holds."""
    name = s3.bucket(public=True)
    settings.MEDIA_BUCKET = name
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(name)}
    return lambda: s3.keys(name)


def stored_image(django_capture_on_commit_callbacks):
    file = clean_upload(ContentFile(jpeg(), name="lake.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        return services.image_save(
            image=Image(title="West Lake", alt_text="Boats", file=file)
        )


def image_names(image):
    renditions = [*image.renditions, *image.square_renditions]
    files = (r[key] for r in renditions for key in ("webp", "fallback"))
    return {image.file.name, *files}


def test_images_renditions_and_downloads_are_stored_and_linked_in_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    image = stored_image(django_capture_on_commit_callbacks)
    tasks.image_renditions_make.call(image.pk)
    image.refresh_from_db()
    download = DownloadFactory()

    assert bucket() == image_names(image) | {download.file.name}
    rendition = linked(image.renditions[0]["webp"])
    assert rendition.headers["Content-Type"] == "image/webp"
    assert rendition.headers["Cache-Control"] == "public, max-age=86400"
    assert (
        linked(download.file.name)
        .headers["Content-Disposition"]
        .startswith("attachment;")
    )


def linked(name):
    """The response to a visitor's GET of `name`'s link: no credentials."""
    with urllib.request.urlopen(default_storage.url(name), timeout=5) as got:  # noqa: S310
        got.read()
        return got


def test_deleting_an_image_deletes_its_objects(
    bucket, django_capture_on_commit_callbacks
):
    image = stored_image(django_capture_on_commit_callbacks)
    tasks.image_renditions_make.call(image.pk)
    image.refresh_from_db()
    kept = stored_image(django_capture_on_commit_callbacks)
    kept.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.image_delete_files(image=image)
        image.delete()

    assert bucket() == image_names(kept)


def test_the_orphan_sweep_deletes_only_unreferenced_objects_a_day_old(
    bucket, django_capture_on_commit_callbacks
):
    image = stored_image(django_capture_on_commit_callbacks)
    image.refresh_from_db()
    download = DownloadFactory()
    orphans = {
        default_storage.save("renditions/999/480.webp", ContentFile(b"x")),
        default_storage.save("images/2020/01/old.jpg", ContentFile(b"x")),
    }
    call_command("sweep_orphaned_media", stdout=io.StringIO())
    assert bucket() >= orphans  # a day old at the earliest

    with time_machine.travel(datetime.timedelta(days=1, minutes=1)):
        call_command("sweep_orphaned_media", stdout=io.StringIO())

    assert bucket() == image_names(image) | {download.file.name}


def test_links_go_to_the_cdn_domain_when_one_is_set(bucket, settings, monkeypatch):
    monkeypatch.setenv("MEDIA_CDN_DOMAIN", "media.example.cn")
    settings.STORAGES = {**settings.STORAGES, "default": media_storage("media")}

    assert default_storage.url("images/2026/12/lake.jpg") == (
        "https://media.example.cn/images/2026/12/lake.jpg"
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_buckets_media_and_restores_them_into_another(
    s3, settings, scratch_database, tmp_path
):
    def media_in(name):
        settings.MEDIA_BUCKET = name
        settings.STORAGES = {**settings.STORAGES, "default": media_storage(name)}

    def held(name):
        return {
            key: s3.client.get_object(Bucket=name, Key=key)["Body"].read()
            for key in s3.keys(name)
        }

    first = s3.bucket(public=True)
    media_in(first)
    ArticleFactory(hero_image=make_image())
    stored = held(first)

    archive = backup(tmp_path / "backups")
    media_in(s3.bucket(public=True))
    manifest, differences = backup_restore(archive=archive, database=scratch_database)

    assert len(stored) > 1  # the upload and its renditions
    assert [entry["path"] for entry in manifest["media"]] == sorted(stored)
    assert held(settings.MEDIA_BUCKET) == stored
    assert differences == []


def test_old_versions_expire_within_the_backup_window(s3, settings):
    media, private = s3.bucket(public=True), s3.bucket()
    settings.MEDIA_BUCKET, settings.PRIVATE_BUCKET = media, private
    settings.STORAGES = settings.STORAGES | {
        "default": media_storage(media),
        "private": private_storage(private),
    }

    call_command("configure_buckets", stdout=io.StringIO())

    def rules(name):
        got = s3.client.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
        return {
            rule["Filter"]["Prefix"]: (
                rule.get("NoncurrentVersionExpiration", {}).get("NoncurrentDays"),
                rule["Expiration"].get("Days"),
            )
            for rule in got
        }

    assert rules(media) == {"": (35, None)}
    assert rules(private) == {
        "": (35, None),
        "exports/": (None, 2),
        "backups/": (None, 35),
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_kept_in_the_private_bucket_restores(
    s3, settings, scratch_database, monkeypatch
):
    private = s3.bucket()
    settings.PRIVATE_BUCKET = private
    settings.STORAGES = settings.STORAGES | {"private": private_storage(private)}
    ArticleFactory(title="Congress won")
    output = io.StringIO()

    call_command("backup", "--to-bucket", stdout=output, stderr=io.StringIO())
    (stored,) = s3.keys(private)
    monkeypatch.setitem(settings.DATABASES, "default", scratch_database)
    call_command("restore", "--from-bucket", stored, "--no-input", stdout=io.StringIO())

    assert stored.startswith("backups/hangzhou-mice-")
    assert f"Wrote {stored}:" in output.getvalue()
    with connect(scratch_database) as connection:
        titles = connection.execute("SELECT title FROM articles_article").fetchall()
    assert titles == [("Congress won",)]


def test_a_feed_links_hero_images_in_the_bucket_without_asking_it_their_sizes(
    bucket, client
):
    ArticleFactory(hero_image=make_image())
    asked = []
    boto_request = botocore.endpoint.Endpoint.make_request

    def counted(self, *args, **kwargs):
        asked.append(args)
        return boto_request(self, *args, **kwargs)

    with mock.patch.object(botocore.endpoint.Endpoint, "make_request", counted):
        body = client.get("/en/articles/feed/").content.decode()

    assert (asked, 'length="0"' in body, "/renditions/" in body) == ([], True, True)
