"""The bureau's pages: both languages, the navigation and the footer, and
their place among the kinds (tag pages, search, sitemap)."""

import datetime
import re

import pytest
from django.utils import timezone
from reversion.models import Version

from bureau.models import BureauPage
from tests.factories import BureauPageFactory, DownloadFactory

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def part(html, start, end):
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def links(html):
    return re.findall(r'<a href="(/[^"]*)"[^>]*>([^<]*)</a>', html)


def test_a_page_reads_in_each_language(client):
    BureauPageFactory(
        slug="why-hangzhou",
        title_en="Why Hangzhou",
        title_zh_hans="为什么选择杭州",
        summary_en="Knowledge, access and rooms.",
        summary_zh_hans="知识、交通与客房。",
        body_en="<p>West Lake.</p>",
        body_zh_hans="<p>西湖。</p>",
    )

    english = html_of(client, "/en/meet/why-hangzhou/")
    chinese = html_of(client, "/zh-hans/meet/why-hangzhou/")

    assert "<h1>Why Hangzhou</h1>" in english and "<p>West Lake.</p>" in english
    assert "<h1>为什么选择杭州</h1>" in chinese and "<p>西湖。</p>" in chinese
    assert '<html lang="zh-Hans">' in chinese


def test_an_untranslated_page_marks_its_english_on_the_chinese_side(client):
    BureauPageFactory(slug="case-studies", title_en="Case studies", title_zh_hans="")

    chinese = html_of(client, "/zh-hans/meet/case-studies/")

    assert '<h1 lang="en">Case studies</h1>' in chinese


def test_drafts_and_scheduled_pages_are_not_found(client):
    BureauPageFactory(slug="draft", draft=True)
    later = timezone.now() + datetime.timedelta(days=1)
    BureauPageFactory(slug="scheduled", published_at=later)

    assert client.get("/en/meet/draft/").status_code == 404
    assert client.get("/en/meet/scheduled/").status_code == 404


def test_a_slug_in_another_case_redirects_to_the_page(client):
    BureauPageFactory(slug="getting-here")

    response = client.get("/en/meet/Getting-Here/")

    assert (response.status_code, response["Location"]) == (
        301,
        "/en/meet/getting-here/",
    )


def test_navigation_and_footer_list_published_pages_in_their_order(client):
    BureauPageFactory(
        slug="contact", title_en="Contact", position=70, in_navigation=True
    )
    BureauPageFactory(slug="toolkit", title_en="Toolkit", position=40)
    BureauPageFactory(
        slug="why", title_en="Why Hangzhou", position=10, in_navigation=True
    )
    BureauPageFactory(slug="draft", title_en="Draft page", position=5, draft=True)

    html = html_of(client, "/en/articles/")

    navigation = links(part(html, '<nav class="site-nav"', "</nav>"))
    footer = links(part(html, '<nav class="site-footer__pages"', "</nav>"))
    assert navigation[-2:] == [
        ("/en/meet/why/", "Why Hangzhou"),
        ("/en/meet/contact/", "Contact"),
    ]
    assert footer == [
        ("/en/meet/", "Meet in Hangzhou"),
        ("/en/meet/why/", "Why Hangzhou"),
        ("/en/meet/toolkit/", "Toolkit"),
        ("/en/meet/contact/", "Contact"),
    ]


def test_a_scheduled_page_joins_the_menu_at_its_time(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC))
    later = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    BureauPageFactory(slug="why", title_en="Why Hangzhou")
    BureauPageFactory(slug="toolkit", title_en="Toolkit", published_at=later)
    before = html_of(client, "/en/articles/")  # the menu's query is built now

    time_machine.move_to(later + datetime.timedelta(minutes=1))
    after = html_of(client, "/en/articles/")

    footer = '<nav class="site-footer__pages"'
    assert ("/en/meet/toolkit/", "Toolkit") not in links(part(before, footer, "</nav>"))
    assert ("/en/meet/toolkit/", "Toolkit") in links(part(after, footer, "</nav>"))


def test_the_menu_speaks_the_page_language(client):
    BureauPageFactory(
        slug="why",
        title_en="Why Hangzhou",
        title_zh_hans="为什么选择杭州",
        in_navigation=True,
    )
    BureauPageFactory(
        slug="cases", title_en="Case studies", title_zh_hans="", position=200
    )

    html = html_of(client, "/zh-hans/articles/")

    footer = part(html, '<nav class="site-footer__pages"', "</nav>")
    assert '<a href="/zh-hans/meet/why/">为什么选择杭州</a>' in footer
    assert '<a href="/zh-hans/meet/cases/" lang="en">Case studies</a>' in footer


def test_the_current_page_is_marked_in_the_menu(client):
    BureauPageFactory(slug="why", title_en="Why Hangzhou", in_navigation=True)

    html = html_of(client, "/en/meet/why/")

    assert html.count('<a href="/en/meet/why/" aria-current="page">') == 2


def test_the_index_lists_every_published_page(client):
    BureauPageFactory(slug="why", title_en="Why Hangzhou", position=1)
    BureauPageFactory(slug="bids", title_en="Bid support", position=2)
    BureauPageFactory(slug="draft", title_en="Draft page", draft=True)

    main = part(html_of(client, "/en/meet/"), "<main", "</main>")

    titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', main)
    assert titles == ["Why Hangzhou", "Bid support"]


def test_a_page_lists_its_downloads_with_type_size_and_language(client):
    page = BureauPageFactory(slug="toolkit")
    fact_sheet = DownloadFactory(
        title="Fact sheet", title_zh_hans="概况", language="en"
    )
    page.page_downloads.create(download=fact_sheet, position=0)

    english = part(
        html_of(client, "/en/meet/toolkit/"), '<section class="downloads"', "</section>"
    )
    chinese = part(
        html_of(client, "/zh-hans/meet/toolkit/"),
        '<section class="downloads"',
        "</section>",
    )

    assert f'href="{fact_sheet.file.url}" download>Fact sheet</a>' in english
    assert re.search(r"PDF · \d+(\.\d)?\s(bytes|KB)</span>", english)
    assert "in English" not in english
    assert f'href="{fact_sheet.file.url}" download>概况</a>' in chinese
    assert "英文" in part(chinese, "downloads__facts", "</span>")


def test_pages_are_on_tag_pages_in_search_and_in_the_sitemap(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        BureauPageFactory(
            slug="bid-support",
            title_en="Bid support",
            title_zh_hans="申办支持",
            summary_en="Subvention for association congresses.",
            tags=["association meetings"],
        )
        BureauPageFactory(
            slug="hidden",
            title_en="Hidden subvention",
            draft=True,
            tags=["association meetings"],
        )

    tag_page = html_of(client, "/en/tags/association-meetings/")
    english = html_of(client, "/en/search/?q=subvention")
    chinese = html_of(client, "/zh-hans/search/?q=申办")
    sitemap = html_of(client, "/sitemap.xml")

    assert '<a href="/en/meet/bid-support/">Bid support</a>' in tag_page
    assert "Hidden subvention" not in tag_page
    assert 'href="/en/meet/bid-support/"' in english
    assert "/meet/hidden/" not in english
    assert 'href="/zh-hans/meet/bid-support/"' in chinese
    for language in ("en", "zh-hans"):
        assert f"<loc>http://testserver/{language}/meet/bid-support/</loc>" in sitemap
    assert "/meet/hidden/" not in sitemap


def test_a_draft_pages_downloads_appear_nowhere_public(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = BureauPageFactory(
            slug="bid-book", title_en="Bid book", draft=True, tags=["MICE"]
        )
        BureauPageFactory(slug="why", title_en="Why Hangzhou", tags=["MICE"])
        secret = DownloadFactory(title="Confidential bid book")
        draft.page_downloads.create(download=secret)

    pages = [
        "/en/",
        "/en/meet/",
        "/en/meet/why/",
        "/en/tags/mice/",
        "/en/search/?q=bid+book",
        "/sitemap.xml",
    ]

    for url in pages:
        body = html_of(client, url)
        assert secret.file.name not in body, url
        assert "Confidential bid book" not in body, url


def test_an_editor_writes_a_page_with_a_download_in_the_admin(client, staff_member):
    staff_member("Editor")
    fact_sheet = DownloadFactory(title="Fact sheet")
    data = {
        "title_en": "Planner's toolkit",
        "title_zh_hans": "会议策划工具包",
        "slug": "toolkit",
        "summary_en": "Everything to download.",
        "summary_zh_hans": "可下载的全部资料。",
        "body_en": "<p>Download them.</p>",
        "body_zh_hans": "<p>欢迎下载。</p>",
        "tags": "MICE",
        "position": "40",
        "status": "published",
        "page_downloads-TOTAL_FORMS": "1",
        "page_downloads-INITIAL_FORMS": "0",
        "page_downloads-0-download": str(fact_sheet.pk),
        "page_downloads-0-position": "0",
    }

    response = client.post("/admin/bureau/bureaupage/add/", data)

    page = BureauPage.objects.get(slug="toolkit")
    assert response.status_code == 302
    assert [link.download for link in page.page_downloads.all()] == [fact_sheet]
    [version] = Version.objects.get_for_object(page)
    assert version.revision.version_set.count() == 2  # the page and its download link
    assert "Fact sheet" in client.get("/zh-hans/meet/toolkit/").content.decode()
