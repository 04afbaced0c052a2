"""Images from the library inside the editor: the picker, references by id."""

import io
import json

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image as PILImage

from hangzhou_mice import roles
from hangzhou_mice.models import Image, RenditionStatus
from hangzhou_mice.richtext import sanitize_html
from tests.factories import make_image

pytestmark = pytest.mark.django_db

PICKER = reverse("admin:hangzhou_mice_image_picker")


def render(body):
    return Template("{% load mice %}{{ body|richtext }}").render(
        Context({"body": body})
    )


def picked(image, alt="Delegates"):
    """An image as the editor stores it after "Browse…": address and id."""
    src = default_storage.url(image.file.name)
    return f'<figure><img src="{src}" alt="{alt}" data-file="{image.pk}"></figure>'


def test_the_editor_keeps_a_library_id_and_nothing_else_in_data_file():
    kept = sanitize_html('<img src="/media/a.jpg" alt="x" data-file="42">')
    dropped = sanitize_html(
        '<img src="/media/a.jpg" alt="x" data-file="42 onload=steal()">'
        '<img src="/media/b.jpg" alt="y" data-file="²">'
    )

    assert 'data-file="42"' in kept
    assert "data-file" not in dropped and dropped.count("<img") == 2


def test_a_picked_image_is_shown_by_its_id_as_a_responsive_picture(
    django_assert_num_queries,
):
    first, second = make_image(), make_image(width=1600, height=900)
    # The address of the first, the id of the second: the reference wins.
    body = picked(first).replace(f'data-file="{first.pk}"', f'data-file="{second.pk}"')

    with django_assert_num_queries(1):
        html = render(body + picked(first, alt="会场"))

    assert html.count("<picture>") == 2
    assert default_storage.url(second.renditions[0]["webp"]) in html
    assert 'alt="会场"' in html


def test_a_picked_image_still_being_prepared_or_deleted_is_left_out():
    waiting, deleted = make_image(), make_image()
    Image.objects.filter(pk=waiting.pk).update(
        renditions_status=RenditionStatus.PROCESSING, renditions=[]
    )
    body = picked(waiting) + picked(deleted) + "<p>Text</p>"
    Image.objects.filter(pk=deleted.pk).delete()

    html = render(body)

    assert "<img" not in html and "<p>Text</p>" in html


def test_the_picker_lists_the_library_newest_first_with_images_in_preparation(
    client, staff_member
):
    older = make_image()
    newer = make_image()
    Image.objects.filter(pk=newer.pk).update(
        title="Lakeside", renditions_status=RenditionStatus.PROCESSING, renditions=[]
    )
    staff_member(roles.WRITER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(PICKER, {"CKEditorFuncNum": "-1"})
    html = page.content.decode()

    assert html.index(f'data-image-id="{newer.pk}"') < html.index(
        f'data-image-id="{older.pk}"'
    )
    assert "正在准备" in html
    choice = page.context["choices"][1]
    assert choice["url"] == default_storage.url(older.file.name)
    assert json.loads(choice["alt_texts"]) == {
        "en": "Delegates in a conference hall",
        "zh-hans": "会议厅里的参会代表",
    }
    assert 'name="CKEditorFuncNum" value="-1"' in html


def test_the_picker_searches_titles_and_alt_texts_in_both_languages(
    client, staff_member
):
    make_image()
    lake = make_image(alt_text="Boats", alt_text_zh_hans="西湖游船")
    staff_member(roles.WRITER)

    found = client.get(PICKER, {"q": "游船"}).context["choices"]
    odd = client.get(PICKER, {"q": "游\x00船"})

    assert [choice["image"] for choice in found] == [lake]
    assert [choice["image"] for choice in odd.context["choices"]] == [lake]


def jpeg_upload(name="lake.jpg"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def upload(client, file, **fields):
    return client.post(
        f"{PICKER}?CKEditorFuncNum=-3",
        {
            "upload-title": "West Lake",
            "upload-file": file,
            "upload-alt_text_en": "Boats on West Lake",
            "upload-alt_text_zh_hans": "西湖上的游船",
            "upload-credit_en": "",
            "upload-credit_zh_hans": "",
        }
        | fields,
    )


def test_an_image_uploaded_in_the_picker_is_inserted_at_once(
    client, staff_member, media_root
):
    staff_member(roles.WRITER)

    response = upload(client, jpeg_upload())

    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PICKER}?CKEditorFuncNum=-3&pick={image.pk}"
    assert image.alt_text_zh_hans == "西湖上的游船"


def test_a_bad_upload_in_the_picker_is_refused_in_the_editor_s_language(
    client, staff_member, media_root
):
    staff_member(roles.WRITER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = upload(client, SimpleUploadedFile("lake.jpg", b"not a picture"))

    assert response.status_code == 200
    assert "图片未上传" in response.content.decode()
    assert not Image.objects.exists()
    assert response.context["form"]["title"].value() == "West Lake"


def test_who_may_only_see_images_picks_but_does_not_upload(client, staff_member):
    staff_member(roles.EVENT_STAFF)

    page = client.get(PICKER)

    assert page.status_code == 200 and page.context["form"] is None
    assert upload(client, jpeg_upload()).status_code == 403


def test_who_may_not_see_images_has_no_picker(client, staff_member):
    staff_member(roles.BID_TEAM)

    assert client.get(PICKER).status_code == 403


def test_the_article_editor_opens_the_picker(admin_client):
    page = admin_client.get(reverse("admin:articles_article_add"))

    config = page.context["adminform"].form.fields["body"].widget.get_config()
    assert config["extensions"]["Figure"]["pickerUrl"] == PICKER
    assert str(PICKER) in page.content.decode()
