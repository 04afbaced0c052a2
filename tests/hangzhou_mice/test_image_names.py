"""Images are stored under names nobody can guess (issue 19)."""

import io
import re
from pathlib import PurePosixPath

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from hangzhou_mice import services
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Image, RenditionStatus, Status
from tests.factories import ArticleFactory, make_image
from tests.hangzhou_mice.test_images import (
    assert_refused,
    jpeg,
    png,
    post_upload,
    save_image,
    stored_files,
)

pytestmark = pytest.mark.django_db

ORIGINAL = re.compile(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp)")
RENDITION = re.compile(
    r"renditions/\d{4}/\d{2}/[0-9a-f]{32}-(square-)?\d+\.(webp|jpg|png)"
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rendition_names(image):
    renditions = image.renditions + image.square_renditions
    return [r[key] for r in renditions for key in ("webp", "fallback")]


def all_names(image):
    return [image.file.name, *rendition_names(image)]


def test_upload_is_stored_under_random_names_and_keeps_its_name_as_a_label(
    admin_client,
):
    response = post_upload(admin_client, "West Lake.jpg", jpeg(size=(1200, 800)))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.original_name == "West Lake.jpg"
    assert ORIGINAL.fullmatch(image.file.name), image.file.name
    for name in rendition_names(image):
        assert RENDITION.fullmatch(name), name
        assert f"/{image.pk}/" not in name


def test_the_same_upload_twice_gets_different_names(media_root):
    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):
        first, second = save_image(jpeg()), save_image(jpeg())

    assert first.original_name == second.original_name == "photo.jpg"
    assert not set(all_names(first)) & set(all_names(second))


def test_image_of_a_draft_is_not_at_an_address_made_of_its_id(client, media_root):
    image = make_image(width=1000, height=600)
    ArticleFactory(hero_image=image, status=Status.DRAFT)
    guesses = ["480.webp", "960.jpg", "square-240.webp"]

    answers = [client.get(f"/media/renditions/{image.pk}/{g}") for g in guesses]

    assert [answer.status_code for answer in answers] == [404, 404, 404]


@pytest.mark.parametrize("name", ["..png", ".png", ".hidden.png", "....png"])
def test_names_of_dots_are_stored_and_served(admin_client, client, name):
    response = post_upload(admin_client, name, png(size=(600, 300)))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.original_name == name
    answers = {n: client.get(f"/media/{n}").status_code for n in all_names(image)}
    assert set(answers.values()) == {200}, answers


def test_name_of_dots_alone_is_refused_for_its_missing_extension(
    admin_client, media_root
):
    response = post_upload(admin_client, "...", png())

    message = assert_refused(response, "wrong_extension", media_root)
    assert "has no extension" in message


@pytest.mark.parametrize(
    ("uploaded", "label"),
    [
        ("C:\\fakepath\\lake.jpg", "lake.jpg"),
        ("../../etc/lake.jpg", "lake.jpg"),
        ("la\x00ke.jpg", "lake.jpg"),
        ("\u202egpj.exe.jpg", "gpj.exe.jpg"),  # right-to-left override
        (" 西湖 .jpg", "西湖 .jpg"),
        ("x" * 300 + ".jpg", "x" * 251 + ".jpg"),
    ],
)
def test_label_keeps_only_the_printable_file_name(media_root, uploaded, label):
    # A ContentFile, not an upload: Django's own upload handling would
    # already have dropped some of this.
    upload = clean_upload(ContentFile(jpeg(), name=uploaded))

    image = services.image_save(image=Image(title="West Lake", file=upload))

    image.refresh_from_db()
    assert image.original_name == label
    assert ORIGINAL.fullmatch(image.file.name)


def test_admin_shows_the_uploaded_name(admin_client, media_root):
    image = save_image(jpeg(), name="Hall <b>A.jpg")

    listing = admin_client.get(reverse("admin:hangzhou_mice_image_changelist"))
    found = admin_client.get(
        reverse("admin:hangzhou_mice_image_changelist"), {"q": "Hall <b>"}
    )
    detail = admin_client.get(
        reverse("admin:hangzhou_mice_image_change", args=[image.pk])
    )

    for page in (listing, detail):
        assert "Hall &lt;b&gt;A.jpg" in page.content.decode()
    assert list(found.context["cl"].result_list) == [image]


# Images stored before issue 19


def store_old_style(image, media_root):
    """Move `image`'s files to the names they had before: upload name, id."""
    moves = {image.file.name: "images/2025/05/lake.jpg"}
    for name in rendition_names(image):
        moves[name] = f"renditions/{image.pk}/{name.rsplit('-', 1)[1]}"
        if "-square-" in name:
            moves[name] = f"renditions/{image.pk}/square-{name.rsplit('-', 1)[1]}"
    for old, new in moves.items():
        (media_root / new).parent.mkdir(parents=True, exist_ok=True)
        (media_root / old).rename(media_root / new)
    image.file.name = moves[image.file.name]
    for rendition in image.renditions + image.square_renditions:
        for key in ("webp", "fallback"):
            rendition[key] = moves[rendition[key]]
    image.save()
    return {new: (media_root / new).read_bytes() for new in moves.values()}


def test_rename_command_moves_old_images_to_random_names(
    media_root, client, django_capture_on_commit_callbacks
):
    image = make_image(width=1000, height=600)
    old = store_old_style(image, media_root)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rename_image_files", stdout=(out := io.StringIO()))

    image.refresh_from_db()
    assert ORIGINAL.fullmatch(image.file.name)
    assert PurePosixPath(image.file.name).parent == PurePosixPath("images/2025/05")
    for name in rendition_names(image):
        assert RENDITION.fullmatch(name), name
    new = {name: (media_root / name).read_bytes() for name in all_names(image)}
    assert sorted(new.values()) == sorted(old.values())
    assert stored_files(media_root) == sorted(media_root / name for name in new)
    assert {client.get(f"/media/{name}").status_code for name in new} == {200}
    assert "1 image(s) renamed" in out.getvalue()


def test_rename_command_leaves_new_and_processing_images_alone(media_root):
    new = make_image()
    processing = make_image()
    store_old_style(processing, media_root)
    Image.objects.filter(pk=processing.pk).update(
        renditions_status=RenditionStatus.PROCESSING
    )
    before = {image.pk: all_names(image) for image in (new, processing)}

    call_command("rename_image_files", stdout=(out := io.StringIO()))

    after = {image.pk: all_names(image) for image in Image.objects.all()}
    assert after == before
    assert "0 image(s) renamed" in out.getvalue()
    assert "1 still processing" in out.getvalue()


def test_rename_command_points_rich_text_at_the_new_names(
    media_root, client, django_capture_on_commit_callbacks
):
    image = make_image(width=1000, height=600)
    store_old_style(image, media_root)
    old = image.renditions[1]["webp"]
    article = ArticleFactory(
        body=f'<p><img src="/media/{old}" alt="Hall"></p>'
        f'<p><img src="https://testserver/media/{old}" alt="Hall"></p>'
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rename_image_files", stdout=io.StringIO())

    image.refresh_from_db()
    article.refresh_from_db()
    new = image.renditions[1]["webp"]
    assert article.body == (
        f'<p><img src="/media/{new}" alt="Hall"></p>'
        f'<p><img src="https://testserver/media/{new}" alt="Hall"></p>'
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert old not in page
    assert client.get(f"/media/{new}").status_code == 200
