"""Backups restore every table and every uploaded file, and refuse bad archives."""

import hashlib
import io
import stat
import tarfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from pyrage import x25519

from articles.models import Article
from operations.backup import (
    BackupError,
    backup_restore,
    connect,
    identities_read,
    table_counts,
)
from tests.factories import (
    ArticleFactory,
    LeadFactory,
    ParticipantFactory,
    make_image,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    """A little of everything: an image with renditions, tagged content, a
    roster, a planner's enquiry with the mail it caused."""
    article = ArticleFactory(hero_image=make_image(), tags=["MICE", "会议"])
    ParticipantFactory.create_batch(2)
    lead = LeadFactory()
    lead.mails.create(kind="bureau", recipient="b@example.org", subject="s", body="b")
    return article


def counts(database):
    with connect(database) as connection, connection.cursor() as cursor:
        return table_counts(cursor)


def checksums(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).digest()
        for path in root.rglob("*")
        if path.is_file()
    }


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def backup(folder):
    folder.mkdir(exist_ok=True)
    call_command("backup", str(folder), stdout=io.StringIO(), stderr=io.StringIO())
    (archive,) = folder.iterdir()
    return archive


def restore(*args):
    call_command("restore", *map(str, args), "--no-input", stdout=io.StringIO())


def test_backup_restores_every_table_and_file_into_a_fresh_site(
    content, scratch_database, tmp_path
):
    original = counts(settings.DATABASES["default"])
    files = checksums(settings.MEDIA_ROOT)

    archive = backup(tmp_path / "backups")
    manifest, differences = backup_restore(
        archive=archive, database=scratch_database, media_root=tmp_path / "new"
    )

    assert archive.name.endswith(".tar")
    assert mode(archive) == 0o600
    assert manifest["database"]["tables"] == original
    assert original["articles_article"] == 1
    assert original["events_participant"] == 2
    assert (original["enquiries_lead"], original["enquiries_mail"]) == (1, 1)
    assert differences == []
    assert counts(scratch_database) == original
    assert len(files) > 3  # the upload and its renditions
    assert checksums(tmp_path / "new") == files
    assert [e["path"] for e in manifest["media"]] == sorted(files)


def test_tampered_media_file_is_refused_before_anything_is_restored(
    content, scratch_database, tmp_path
):
    archive = backup(tmp_path / "backups")
    media = tmp_path / "new"
    media.mkdir()
    (media / "kept.txt").write_text("old media")
    with tarfile.open(archive) as tar:
        first_media = next(m.name for m in tar if m.name.startswith("media/"))
    copy = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == first_media:
                data = bytes([data[0] ^ 1]) + data[1:]
            target.addfile(member, io.BytesIO(data))

    with pytest.raises(BackupError, match=f"^{first_media} does not match"):
        backup_restore(archive=copy, database=scratch_database, media_root=media)

    assert counts(scratch_database) == {}
    assert checksums(media) == {"kept.txt": hashlib.sha256(b"old media").digest()}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_encrypted_backup_round_trips_and_refuses_a_wrong_identity(
    content, scratch_database, tmp_path, settings
):
    identity = x25519.Identity.generate()
    settings.BACKUP_AGE_RECIPIENT = str(identity.to_public())
    key = tmp_path / "backup.key"
    key.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
    wrong = tmp_path / "wrong.key"
    wrong.write_text(f"{x25519.Identity.generate()}\n")
    files = checksums(settings.MEDIA_ROOT)

    archive = backup(tmp_path / "backups")
    _manifest, differences = backup_restore(
        archive=archive,
        identities=identities_read(key),
        database=scratch_database,
        media_root=tmp_path / "new",
    )

    assert archive.name.endswith(".tar.age")
    assert mode(archive) == 0o600
    assert archive.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert differences == []
    assert counts(scratch_database) == counts(settings.DATABASES["default"])
    assert checksums(tmp_path / "new") == files
    with pytest.raises(CommandError, match="Cannot decrypt .*No matching keys"):
        restore(archive, "--identity", wrong)
    with pytest.raises(CommandError, match="is encrypted: give its age identity"):
        restore(archive)
    archive.write_bytes(archive.read_bytes()[:-100])
    with pytest.raises(CommandError, match="truncated or damaged"):
        restore(archive, "--identity", key)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda archive: archive.unlink(), "Cannot read .*No such file"),
        (lambda archive: archive.write_text("not a tar"), "not a backup archive"),
        (
            lambda archive: archive.write_bytes(archive.read_bytes()[:-30000]),
            "does not match|no manifest|truncated",
        ),
    ],
    ids=["missing", "not-an-archive", "truncated"],
)
@pytest.mark.django_db  # no content to commit: the cheaper rollback will do
def test_bad_archive_is_refused_clearly(tmp_path, damage, message):
    archive = backup(tmp_path / "backups")
    before = counts(settings.DATABASES["default"])
    damage(archive)

    with pytest.raises(CommandError, match=message):
        restore(archive)

    assert counts(settings.DATABASES["default"]) == before


@pytest.mark.django_db  # committed data alone: the tables made by migrations
def test_site_without_uploads_restores_an_empty_media_folder(
    scratch_database, tmp_path
):
    archive = backup(tmp_path / "backups")
    media = tmp_path / "new"
    (media / "stale").mkdir(parents=True)

    _manifest, differences = backup_restore(
        archive=archive, database=scratch_database, media_root=media
    )

    assert differences == []
    assert list(media.iterdir()) == []


def test_restore_command_asks_then_brings_back_deleted_content(
    content, tmp_path, monkeypatch
):
    archive = backup(tmp_path / "backups")
    Article.objects.all().delete()
    upload = settings.MEDIA_ROOT / content.hero_image.file.name
    upload.unlink()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    out = io.StringIO()

    call_command("restore", str(archive), stdout=out)

    assert "replaces all content of the database" in out.getvalue()
    assert "Nothing restored." in out.getvalue()
    assert not Article.objects.exists()
    assert not upload.exists()

    restore(archive)

    assert Article.objects.get().title == content.title
    assert upload.is_file()


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_an_archive(tmp_path):
    existing = tmp_path / "backup.tar"
    existing.write_text("an older backup")

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing), stderr=io.StringIO())

    assert existing.read_text() == "an older backup"


def test_a_file_deleted_while_the_backup_runs_is_left_out(tmp_path, monkeypatch):
    from operations.backup import archive, services

    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "kept.jpg").write_bytes(b"kept")
    (media / "images" / "gone.jpg").write_bytes(b"gone")
    walked = archive.media_files

    def walk_then_delete(root):
        files = list(walked(root))
        (media / "images" / "gone.jpg").unlink()  # an editor deletes the image
        yield from files

    monkeypatch.setattr(archive, "media_files", walk_then_delete)
    path, manifest = services.backup_create(output=tmp_path / "out", media_root=media)

    assert [entry["path"] for entry in manifest["media"]] == ["images/kept.jpg"]
    assert path.exists()
