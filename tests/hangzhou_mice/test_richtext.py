import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template import Context, Template

from articles.models import Article
from hangzhou_mice.richtext import sanitize_html
from tests.factories import ArticleFactory, make_image

HOSTILE = (
    '<h2>Programme</h2><p onclick="steal()">Welcome '
    '<a href="javascript:alert(1)">click</a> '
    '<a href="https://www.icca.org/" target="_blank">ICCA</a></p>'
    "<script>alert('x')</script><style>body{display:none}</style>"
    '<iframe src="https://evil.example/"></iframe>'
    '<img src="data:image/png;base64,AAAA" onerror="steal()">'
    '<img src="/media/hall.jpg" alt="Hall">'
    "<blockquote>Quote</blockquote><ul><li>One</li></ul><ol><li>Two</li></ol>"
    "<p><strong>bold</strong> <em>italic</em></p>"
)


def test_sanitizer_removes_scripts_handlers_and_dangerous_urls():
    clean = sanitize_html(HOSTILE)

    for banned in (
        "<script",
        "alert(",
        "<style",
        "<iframe",
        "onclick",
        "onerror",
        "javascript:",
        "data:",
        "target=",
    ):
        assert banned not in clean, banned


def test_sanitizer_keeps_what_the_editor_offers():
    clean = sanitize_html(HOSTILE)

    for kept in (
        "<h2>Programme</h2>",
        "<blockquote>Quote</blockquote>",
        "<ul><li>One</li></ul>",
        "<ol><li>Two</li></ol>",
        "<strong>bold</strong>",
        "<em>italic</em>",
        '<img src="/media/hall.jpg" alt="Hall">',
    ):
        assert kept in clean, kept


def test_links_get_rel_noopener():
    clean = sanitize_html('<p><a href="https://www.icca.org/">ICCA</a></p>')

    assert clean == '<p><a href="https://www.icca.org/" rel="noopener">ICCA</a></p>'


def test_empty_editor_document_is_stored_empty():
    assert sanitize_html("<p></p>") == ""


@pytest.mark.django_db
def test_body_is_stored_clean_when_saved_outside_a_form():
    article = ArticleFactory(body=HOSTILE)

    stored = Article.objects.values_list("body", flat=True).get(pk=article.pk)

    assert "<script" not in stored and "onclick" not in stored
    assert "<h2>Programme</h2>" in stored


@pytest.mark.django_db
def test_body_is_sanitized_again_on_output(client):
    article = ArticleFactory()
    # A bulk update skips save(), as a raw import could.
    Article.objects.filter(pk=article.pk).update(body=HOSTILE)

    body = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert" not in body
    assert "javascript:alert" not in body
    assert "<h2>Programme</h2>" in body


@pytest.mark.django_db
def test_admin_form_stores_clean_html(admin_client):
    admin_client.post(
        "/admin/articles/article/add/",
        {
            "title": "Hostile",
            "slug": "hostile",
            "language": "en",
            "summary": "s",
            # Images from elsewhere are refused with a message (below); the
            # handler on an image of ours must still go.
            "body": HOSTILE.replace("data:image/png;base64,AAAA", "/media/x.png"),
            "tags": "",
            "status": "draft",
        },
    )

    stored = Article.objects.get(slug="hostile").body
    assert "<script" not in stored and "javascript:" not in stored
    assert "onerror" not in stored


@pytest.mark.django_db
def test_admin_shows_the_rich_text_editor_from_local_files(admin_client):
    body = admin_client.get("/admin/articles/article/add/").content.decode()

    assert "/static/django_prose_editor/editor." in body
    assert "https://" not in body.split("<body")[0]


def test_richtext_filter_marks_clean_html_safe():
    rendered = Template("{% load mice %}{{ html|richtext }}").render(
        Context({"html": "<p>Hi<script>x()</script></p>"})
    )

    assert rendered == "<p>Hi</p>"


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example/pixel.png",
        "//evil.example/media/pixel.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "https://evil.example\\@localhost/media/pixel.png",
        "/media/../admin/pixel.png",
        "pixel.png",
    ],
)
def test_images_from_outside_our_media_are_dropped(src):
    html = f'<p>Before</p><p><img src="{src}" alt="Pixel"></p><p>After</p>'

    assert sanitize_html(html) == "<p>Before</p><p></p><p>After</p>"


def test_images_from_our_media_are_kept():
    html = '<p><img src="/media/renditions/1/960.webp" alt="Hall"></p>'

    assert sanitize_html(html) == html


def test_images_from_our_media_on_our_host_are_kept(settings):
    settings.ALLOWED_HOSTS = ["www.hangzhou-mice.example", ".example"]
    ours = '<img src="https://www.hangzhou-mice.example/media/hall.jpg" alt="Hall">'
    # A wildcard entry does not make every host under it ours.
    other = '<img src="https://other.example/media/hall.jpg" alt="Hall">'

    assert sanitize_html(ours) == ours
    assert sanitize_html(other) == ""


def test_images_follow_media_url_when_it_is_on_a_cdn(settings):
    settings.MEDIA_URL = "https://cdn.example/media/"
    ours = '<img src="https://cdn.example/media/hall.jpg" alt="Hall">'

    assert sanitize_html(ours) == ours
    assert sanitize_html('<img src="/media/hall.jpg" alt="Hall">') == ""


HOTLINK = '<p>Hi</p><img src="https://evil.example/t.gif">'


@pytest.mark.django_db
def test_hotlinked_image_is_dropped_when_saved():
    article = ArticleFactory(body=HOTLINK)

    stored = Article.objects.values_list("body", flat=True).get(pk=article.pk)

    assert stored == "<p>Hi</p>"


@pytest.mark.django_db
def test_hotlinked_image_stored_earlier_is_not_shown(client):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(body=HOTLINK)

    body = client.get(article.get_absolute_url()).content.decode()

    assert "evil.example" not in body
    assert "<p>Hi</p>" in body


@pytest.mark.django_db
def test_editor_is_told_a_hotlinked_image_would_be_removed(admin_client):
    from django.urls import reverse

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Lakeside",
            "slug": "lakeside",
            "language": "en",
            "summary": "s",
            "body": '<p>Hi</p><img src="https://evil.example/t.gif?a=1&amp;b=2">',
            "status": "draft",
            "byline": "",
        },
    )

    assert response.status_code == 200  # the form again, nothing saved
    assert "these would be removed: https://evil.example/t.gif?a=1&amp;b=2" in (
        response.content.decode()
    )
    assert not Article.objects.exists()


def test_images_of_our_library_pass_the_editor_check():
    from hangzhou_mice.richtext import validate_own_images

    validate_own_images('<p><img src="/media/renditions/3/960.webp" alt=""></p>')
    validate_own_images("")


@pytest.mark.django_db
def test_an_inline_image_of_the_library_is_a_lazy_responsive_picture(
    django_assert_num_queries,
):
    image = make_image(width=1600, height=900)
    src = default_storage.url(image.file.name)
    rendition = make_image().renditions[0]["fallback"]  # another, by a rendition
    other = default_storage.url(rendition)
    body = (
        f'<figure><img src="{src}" alt="会场全景">'
        "<figcaption>全景</figcaption></figure>"
        f'<p><img src="{other}" alt="Hall"></p>'
        '<p><img src="/media/gone.jpg" alt="x"></p>'
    )

    with django_assert_num_queries(1):  # whatever the number of images
        html = Template("{% load mice %}{{ body|richtext }}").render(
            Context({"body": body})
        )

    assert html.count("<picture>") == 2 and html.count('loading="lazy"') == 3
    assert 'srcset="' in html and 'alt="会场全景"' in html and 'alt="Hall"' in html
    assert '<img loading="lazy" decoding="async" src="/media/gone.jpg"' in html


@pytest.mark.django_db
def test_an_inline_image_without_alt_text_is_not_published():
    image = make_image()
    src = default_storage.url(image.file.name)
    article = ArticleFactory(draft=True, body=f'<p><img src="{src}" alt=" "></p>')
    article.status = "published"

    with pytest.raises(ValidationError) as refused:
        article.full_clean()

    assert "An image in the text has no alt text" in str(refused.value)
    article.body = f'<p><img src="{src}" alt="Delegates in the hall"></p>'
    article.full_clean()
