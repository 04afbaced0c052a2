import errno
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.template import Context, Template
from django.urls import reverse
from PIL import Image as PILImage

from bench import uploads
from hangzhou_mice import images, services
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Image, RenditionStatus
from hangzhou_mice.storage import CleanFileSystemStorage
from tests.factories import ArticleFactory, make_image

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:hangzhou_mice_image_add")
HTML = b"<html><script>alert('owned')</script></html>"
ORIENTATION, GPS_INFO, MAKE = 0x0112, 0x8825, 0x010F


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """admin_client's user is created faster with a cheap hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def encoded(picture, image_format, **options):
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def jpeg(size=(200, 100), **options):
    return encoded(PILImage.new("RGB", size, "teal"), "JPEG", **options)


def png(size=(200, 100), mode="RGB", **options):
    return encoded(PILImage.new(mode, size), "PNG", **options)


def noisy_jpeg(size=(128, 128)):
    """A JPEG whose bytes are mostly scan data, so cutting it truncates pixels."""
    return encoded(PILImage.effect_noise(size, 64).convert("RGB"), "JPEG")


def png_claiming(width, height, mode="RGB"):
    """A tiny real PNG whose IHDR says it is `width` x `height` pixels."""
    data = png(size=(1, 1), mode=mode)
    fields = struct.pack(">II", width, height) + data[24:29]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + fields))
    return data[:16] + fields + crc + data[33:]


def gps_exif(orientation=1):
    exif = PILImage.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "SpyCam"
    exif[GPS_INFO] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}
    return exif.tobytes()


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file())


def save_image(data, name="photo.jpg", **fields):
    upload = clean_upload(SimpleUploadedFile(name, data))
    return services.image_save(
        image=Image(title=fields.pop("title", "West Lake"), file=upload, **fields)
    )


def opened(name):
    with default_storage.open(name) as f:
        picture = PILImage.open(f)
        picture.load()
    return picture


def post_upload(client, name, data, **fields):
    return client.post(
        ADD_URL,
        {
            "title": "West Lake",
            "file": SimpleUploadedFile(name, data),
            "alt_text_en": "Boats on West Lake",
            "alt_text_zh_hans": "西湖上的游船",
            "credit_en": "",
            "credit_zh_hans": "",
        }
        | fields,
    )


def file_errors(response):
    return response.context["adminform"].form.errors.as_data().get("file", [])


def assert_refused(response, code, media_root):
    assert response.status_code == 200
    errors = file_errors(response)
    assert [error.code for error in errors] == [code]
    assert errors[0].messages[0] in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(media_root) == []
    return errors[0].messages[0]


# Refused uploads


def test_png_claiming_100_megapixels_is_refused_before_decoding(
    admin_client, media_root
):
    data = png_claiming(10_000, 10_000)
    assert len(data) < 100

    response = post_upload(admin_client, "bomb.png", data)

    message = assert_refused(response, "too_many_pixels", media_root)
    assert "10000 × 10000" in message
    assert "40 megapixels" in message


def test_png_claiming_200_megapixels_is_refused_for_its_pixel_count(
    admin_client, media_root
):
    # Above twice Pillow's own limit, Image.open raises DecompressionBombError,
    # which must still be reported as too many pixels, not as "not an image".
    response = post_upload(admin_client, "panorama.png", png_claiming(20_000, 10_000))

    message = assert_refused(response, "too_many_pixels", media_root)
    assert "far more than 40 megapixels" in message


def test_rgba_png_of_6300_square_is_refused_for_the_memory_it_needs(
    admin_client, media_root
):
    # 40 megapixels is under the pixel limit; at 4 bytes each it is not.
    data = png(size=(6300, 6300), mode="RGBA")

    response = post_upload(admin_client, "poster.png", data)

    message = assert_refused(response, "too_much_memory", media_root)
    assert "6300 × 6300 pixels" in message
    assert "151.4\xa0MB of memory" in message
    assert "the limit is 128\xa0MB" in message


def test_decoded_size_limit_counts_four_bytes_a_pixel_with_alpha():
    # 5792² × 4 bytes is just under 128 MiB; 5793² × 4 is just over.
    under = SimpleUploadedFile("under.png", png_claiming(5792, 5792, mode="RGBA"))
    over = SimpleUploadedFile("over.png", png_claiming(5793, 5793, mode="RGBA"))

    with pytest.raises(ValidationError) as passed_the_limit:
        clean_upload(under)
    with pytest.raises(ValidationError) as refused:
        clean_upload(over)

    # The first got as far as decoding (its pixel data is one pixel).
    assert passed_the_limit.value.code == "broken_image"
    assert refused.value.code == "too_much_memory"


@pytest.mark.parametrize("name", sorted(uploads.REFUSED))
def test_issue_examples_are_refused_without_decoding(name, tmp_path):
    image_format, mode, (width, height) = uploads.REFUSED[name]

    figures = uploads.measure(uploads.write(tmp_path, name, *uploads.REFUSED[name]))

    assert not figures["accepted"]
    assert f"{width} × {height} pixels" in figures["message"]
    assert "the limit is 128\xa0MB" in figures["message"]
    # Refused before decoding: the process barely grows (time: make bench).
    assert uploads.above_idle_mb(figures) < 20


@pytest.mark.parametrize("name", ["largest.png", "largest.webp", "largest.jpg"])
def test_largest_accepted_upload_stays_under_250_mb(name, tmp_path):
    """The longest, thinnest ones: test_image_limits.py."""
    case = uploads.worst_accepted()[name]

    figures = uploads.measure(uploads.write(tmp_path, name, *case))

    assert figures["accepted"], figures.get("message")
    assert max(figures["kept"]) <= images.KEPT_MAX_SIDE
    # Measured in a child process; its time is make bench's to report.
    assert uploads.above_idle_mb(figures) < 250


def test_truncated_jpeg_is_refused(admin_client, media_root):
    data = noisy_jpeg()

    response = post_upload(admin_client, "cut.jpg", data[: len(data) // 2])

    assert_refused(response, "broken_image", media_root)


def test_html_renamed_jpg_is_refused(admin_client, media_root):
    response = post_upload(admin_client, "photo.jpg", HTML)

    message = assert_refused(response, "not_an_image", media_root)
    assert "JPEG, PNG or WebP" in message


def test_gif_is_refused(admin_client, media_root):
    gif = encoded(PILImage.new("P", (20, 20)), "GIF")

    response = post_upload(admin_client, "anim.gif", gif)

    assert_refused(response, "not_an_image", media_root)


def test_png_named_jpg_is_refused_with_the_right_extension(admin_client, media_root):
    response = post_upload(admin_client, "photo.jpg", png())

    message = assert_refused(response, "wrong_extension", media_root)
    assert "“.jpg”" in message
    assert ".png" in message


def test_upload_over_size_limit_is_refused(admin_client, media_root, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1024
    data = noisy_jpeg()
    assert len(data) > 1024

    response = post_upload(admin_client, "big.jpg", data)

    message = assert_refused(response, "file_too_large", media_root)
    assert "images may be at most 1\xa0KB" in message


def test_30_mb_upload_is_refused_by_default_limit(admin_client, media_root):
    data = jpeg() + bytes(30 * 1024 * 1024)

    response = post_upload(admin_client, "huge.jpg", data)

    message = assert_refused(response, "file_too_large", media_root)
    assert "The file is 30\xa0MB" in message
    assert "at most 20\xa0MB" in message


# What is kept of accepted uploads


def test_png_with_html_after_iend_is_stored_without_it(media_root):
    image = save_image(png() + HTML, name="lake.png")

    assert image.file.name.endswith(".png")
    for path in stored_files(media_root):
        assert b"<script>" not in path.read_bytes()


def test_exif_with_gps_is_stripped_from_stored_files(media_root):
    image = save_image(jpeg(exif=gps_exif()))

    assert dict(opened(image.file.name).getexif()) == {}
    for path in stored_files(media_root):
        data = path.read_bytes()
        assert b"Exif" not in data
        assert b"SpyCam" not in data


def test_jpeg_comment_is_stripped_from_stored_files(media_root):
    image = save_image(jpeg(comment=b"<script>alert(1)</script> home address"))

    assert "comment" not in opened(image.file.name).info
    for path in stored_files(media_root):
        assert b"home address" not in path.read_bytes()


def test_exif_orientation_is_applied(media_root):
    image = save_image(jpeg(size=(200, 100), exif=gps_exif(orientation=6)))

    assert (image.width, image.height) == (100, 200)
    assert opened(image.file.name).size == (100, 200)
    assert [(r["width"], r["height"]) for r in image.renditions] == [(100, 200)]


def test_large_rotated_photo_is_kept_upright_at_a_reduced_size(media_root):
    image = save_image(jpeg(size=(8000, 4000), exif=gps_exif(orientation=6)))

    # Decoded at a quarter of its size, which still holds the widest rendition.
    assert (image.width, image.height) == (1000, 2000)
    assert opened(image.file.name).size == (1000, 2000)
    assert [r["width"] for r in image.renditions] == [480, 960, 1000]


def test_wide_transparent_png_is_reduced_with_its_transparency(media_root):
    picture = PILImage.new("RGBA", (6500, 600), (0, 0, 255, 255))
    picture.paste((255, 0, 0, 0), (0, 0, 3250, 600))

    image = save_image(encoded(picture, "PNG"), name="banner.png")

    kept = opened(image.file.name)
    assert (kept.mode, kept.size) == ("RGBA", (2167, 200))
    assert kept.getpixel((0, 0))[3] == 0
    assert kept.getpixel((2166, 199)) == (0, 0, 255, 255)


def test_large_palette_png_with_transparency_keeps_it(media_root):
    picture = PILImage.new("P", (3300, 300), 1)
    picture.putpalette([0, 0, 0, 0, 128, 0] + [0] * 762)
    picture.paste(0, (0, 0, 1650, 300))

    image = save_image(encoded(picture, "PNG", transparency=0), name="logo.png")

    kept = opened(image.file.name)
    assert (kept.mode, kept.size) == ("RGBA", (1650, 150))
    assert kept.getpixel((0, 0))[3] == 0
    assert kept.getpixel((1649, 149)) == (0, 128, 0, 255)


def test_reducing_in_bands_gives_the_same_pixels_as_reducing_whole(monkeypatch):
    monkeypatch.setattr(images, "STRIP_PIXELS", 301 * 3 * 10)  # 34 bands
    picture = PILImage.effect_noise((301, 1000), 80).convert("RGB")
    picture.putalpha(PILImage.linear_gradient("L").resize((301, 1000)))

    in_bands = images.reduce_in_strips(picture, 3)

    assert in_bands.size == (101, 334)
    assert in_bands.tobytes() == picture.reduce(3).tobytes()


def test_jpeg_extension_is_normalised_to_jpg(media_root):
    image = save_image(jpeg(), name="Lake.JPEG")

    assert image.file.name.endswith(".jpg")
    assert image.original_name == "Lake.JPEG"


# Renditions


def test_wide_image_gets_three_renditions_in_webp_and_jpeg(media_root):
    image = save_image(jpeg(size=(2000, 1000)))

    assert [r["width"] for r in image.renditions] == [480, 960, 1600]
    for rendition in image.renditions:
        webp, fallback = opened(rendition["webp"]), opened(rendition["fallback"])
        assert (webp.format, fallback.format) == ("WEBP", "JPEG")
        expected = (rendition["width"], rendition["height"])
        assert webp.size == fallback.size == expected
        assert rendition["height"] == rendition["width"] // 2
    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [480, 960, 1600]
    # the original, three widths and two squares, each in WebP and JPEG
    assert len(stored_files(media_root)) == 1 + 2 * 3 + 2 * 2


def test_narrow_image_gets_one_rendition_at_its_own_width(media_root):
    image = save_image(jpeg(size=(300, 200)))

    assert [(r["width"], r["height"]) for r in image.renditions] == [(300, 200)]
    assert opened(image.renditions[0]["fallback"]).size == (300, 200)
    assert len(stored_files(media_root)) == 1 + 2 + 2  # one width, one square


def test_transparent_png_gets_png_fallbacks(media_root):
    image = save_image(png(size=(600, 300), mode="RGBA"), name="logo.png")

    assert [r["width"] for r in image.renditions] == [480, 600]
    for rendition in image.renditions:
        assert rendition["fallback"].endswith(".png")
        fallback = opened(rendition["fallback"])
        assert fallback.format == "PNG"
        assert fallback.mode == "RGBA"
        assert opened(rendition["webp"]).format == "WEBP"


def test_renditions_are_made_once_not_on_every_page_view(client, media_root):
    image = save_image(jpeg(size=(1000, 500)), alt_text="West Lake")
    article = ArticleFactory(hero_image=image)
    files = stored_files(media_root)

    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert image.renditions[0]["webp"] in first.content.decode()
    assert stored_files(media_root) == files


# Markup


def render_picture(image, sizes):
    template = Template("{% load mice %}{% picture image sizes=sizes %}")
    return template.render(Context({"image": image, "sizes": sizes}))


def test_picture_renders_webp_source_and_sized_lazy_img(
    media_root, django_assert_num_queries
):
    image = save_image(jpeg(size=(2000, 1000)), alt_text='Boats at "dawn"')
    url = default_storage.url
    webp = ", ".join(f"{url(r['webp'])} {r['width']}w" for r in image.renditions)
    jpgs = ", ".join(f"{url(r['fallback'])} {r['width']}w" for r in image.renditions)
    sizes = "(max-width: 48rem) 100vw, 44rem"

    with django_assert_num_queries(0):
        html = render_picture(image, sizes)

    assert html.startswith("<picture>")
    assert f'<source type="image/webp" srcset="{webp}" sizes="{sizes}">' in html
    assert " 480w, " in webp and webp.endswith(" 1600w")
    assert f'src="{url(image.renditions[1]["fallback"])}"' in html
    assert f'srcset="{jpgs}"' in html
    assert 'width="2000" height="1000"' in html
    assert 'alt="Boats at &quot;dawn&quot;"' in html
    assert 'loading="lazy"' in html


def test_picture_renders_nothing_without_an_image():
    assert render_picture(None, "100vw").strip() == ""


# Failures leave nothing behind


class DiskFullAfterFirstChunk(ContentFile):
    def chunks(self, chunk_size=None):
        self.seek(0)
        yield self.read(64)
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_on_third_rendition_marks_image_failed_and_keeps_original(
    monkeypatch, media_root
):
    upload = clean_upload(SimpleUploadedFile("lake.jpg", jpeg(size=(2000, 1000))))
    renditions_made = []

    def content_file(content, name=None):
        renditions_made.append(name)
        if len(renditions_made) == 3:
            return DiskFullAfterFirstChunk(content, name)
        return ContentFile(content, name)

    monkeypatch.setattr(images, "ContentFile", content_file)

    image = services.image_save(image=Image(title="West Lake", file=upload))

    assert len(renditions_made) == 3
    assert image.renditions_status == RenditionStatus.FAILED
    assert "No space left on device" in image.renditions_error
    assert image.renditions == image.square_renditions == []
    assert stored_files(media_root) == [media_root / image.file.name]


def test_database_failure_on_insert_leaves_no_file(media_root):
    upload = clean_upload(SimpleUploadedFile("lake.jpg", jpeg()))
    image = Image(title="West\x00Lake", file=upload)  # PostgreSQL refuses NUL

    with pytest.raises(DataError):
        services.image_save(image=image)

    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_clean_storage_removes_partly_written_file(tmp_path):
    storage = CleanFileSystemStorage(location=tmp_path)

    with pytest.raises(OSError) as raised:
        storage.save("big.bin", DiskFullAfterFirstChunk(b"x" * 1000))

    assert raised.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_clean_storage_keeps_other_files(tmp_path):
    storage = CleanFileSystemStorage(location=tmp_path)
    kept = storage.save("big.bin", ContentFile(b"kept"))

    with pytest.raises(OSError):
        storage.save("big.bin", DiskFullAfterFirstChunk(b"x" * 1000))

    assert [p.name for p in tmp_path.iterdir()] == [kept]
    assert (tmp_path / kept).read_bytes() == b"kept"


# Admin


def test_editor_uploads_jpeg_with_alt_text(admin_client, media_root):
    response = post_upload(admin_client, "lake.jpg", jpeg(size=(1200, 800)))

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.title, image.alt_text_en, image.alt_text_zh_hans) == (
        "West Lake",
        "Boats on West Lake",
        "西湖上的游船",
    )
    assert (image.width, image.height) == (1200, 800)
    assert [r["width"] for r in image.renditions] == [480, 960, 1200]
    assert len(stored_files(media_root)) == 1 + 2 * 3 + 2 * 2


def test_deleting_an_image_removes_its_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    image = make_image(width=600, height=400)
    assert stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:hangzhou_mice_image_delete", args=[image.pk]),
            {"post": "yes"},
        )

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_an_image_in_use_cannot_be_deleted(admin_client, media_root):
    image = make_image()
    ArticleFactory(hero_image=image, title="Roadshow")

    response = admin_client.post(
        reverse("admin:hangzhou_mice_image_delete", args=[image.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert "Roadshow" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()
    assert stored_files(media_root)


def test_alt_text_of_an_image_on_a_published_article_cannot_be_cleared(
    admin_client,
):
    image = make_image()
    ArticleFactory(hero_image=image)

    response = admin_client.post(
        reverse("admin:hangzhou_mice_image_change", args=[image.pk]),
        {"title": "Hall", "alt_text_en": "", "alt_text_zh_hans": ""},
    )

    assert response.status_code == 200
    assert "keep its alt text" in response.content.decode()
    image.refresh_from_db()
    assert image.alt_text_en


def test_square_renditions_are_centre_crops_for_portraits(media_root):
    image = make_image(width=800, height=600)

    assert [(r["width"], r["height"]) for r in image.square_renditions] == [
        (240, 240),
        (480, 480),
    ]
    with PILImage.open(media_root / image.square_renditions[0]["webp"]) as square:
        assert square.size == (240, 240)
    html = Template('{% load mice %}{% picture image sizes="10rem" shape="square" %}')
    rendered = html.render(Context({"image": image}))
    assert 'width="480" height="480"' in rendered
    assert "square-240.webp 240w" in rendered


def test_images_stored_before_squares_get_them_once(media_root):
    image = make_image()
    image.square_renditions = []
    image.save()

    services.image_ensure_square(image=image)
    first = list(image.square_renditions)
    services.image_ensure_square(image=image)

    assert first and image.square_renditions == first


def test_alt_text_of_a_published_venue_photo_cannot_be_cleared(admin_client):
    from events.models import Venue

    image = make_image()
    venue = Venue.objects.create(
        name="Hall",
        slug="hall",
        kind="hotel",
        district="xihu",
        address="1 Road",
        summary="s",
        status="published",
    )
    venue.photos.create(image=image)

    response = admin_client.post(
        reverse("admin:hangzhou_mice_image_change", args=[image.pk]),
        {"title": "Hall", "alt_text_en": "", "alt_text_zh_hans": ""},
    )

    assert "keep its alt text" in response.content.decode()
