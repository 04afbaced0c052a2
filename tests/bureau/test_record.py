"""The bureau's identity and contact record: one row that every footer,
the contact page and the privacy notice read, and only bureau admins edit."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bureau.models import Bureau
from tests.factories import (
    AmbassadorFactory,
    ArticleFactory,
    BureauPageFactory,
    EventFactory,
    VenueFactory,
    make_image,
)

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def record():
    bureau = Bureau.current()
    bureau.name_en = "Hangzhou Test Bureau"
    bureau.name_zh_hans = "杭州测试局"
    bureau.address_en = "1 Lake Road, Hangzhou 310000"
    bureau.address_zh_hans = "杭州市湖滨路1号"
    bureau.phone = "+86 571 0000 1111"
    bureau.email = "hello@example.org"
    bureau.wechat_account = "HangzhouTest"
    bureau.icp_number = "浙ICP备00000000号-1"
    bureau.save()
    return bureau


def footer(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_the_migration_creates_the_record_in_both_languages():
    bureau = Bureau.objects.get()

    assert (bureau.name_en, bureau.name_zh_hans) == (
        "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism",
        "杭州市文化广电旅游局",
    )


def test_every_kind_of_page_shows_the_record_in_its_footer(client, record):
    ArticleFactory(slug="news", tags=["MICE"])
    ArticleFactory(slug="news", language="zh-hans", tags=["MICE"])
    EventFactory(slug="roadshow")
    VenueFactory(slug="hotel")
    AmbassadorFactory(slug="tian-mei")
    BureauPageFactory(slug="contact")
    pages = [
        "", "articles/", "articles/news/", "events/", "events/roadshow/",
        "venues/", "venues/hotel/", "ambassadors/", "ambassadors/tian-mei/",
        "meet/", "meet/contact/", "tags/mice/", "search/?q=lake", "privacy/",
    ]  # fmt: skip

    for page in pages:
        english = footer(client, f"/en/{page}")
        chinese = footer(client, f"/zh-hans/{page}")
        assert "<h2>Hangzhou Test Bureau</h2>" in english, page
        assert "<h2>杭州测试局</h2>" in chinese, page
        assert "1 Lake Road, Hangzhou 310000" in english, page
        assert "杭州市湖滨路1号" in chinese, page
        for html in (english, chinese):
            assert '<a href="tel:+8657100001111">+86 571 0000 1111</a>' in html
            assert '<a href="mailto:hello@example.org">hello@example.org</a>' in html
            assert "HangzhouTest" in html


def test_the_not_found_page_shows_the_record_too(client, record):
    response = client.get("/zh-hans/meet/no-such-page/")

    assert response.status_code == 404
    assert "杭州测试局" in response.content.decode()


def test_the_icp_number_links_to_the_filing_register(client, record):
    english = footer(client, "/en/")
    chinese = footer(client, "/zh-hans/")

    link = (
        '<a href="https://beian.miit.gov.cn/" rel="noopener"{}>浙ICP备00000000号-1</a>'
    )
    assert link.format(' lang="zh-Hans"') in english
    assert link.format("") in chinese


def test_the_public_security_number_links_to_its_record(client, record):
    record.public_security_number = "浙公网安备 33010602000001号"
    record.save()

    html = footer(client, "/zh-hans/")

    assert (
        '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602000001" '
        'rel="noopener">浙公网安备 33010602000001号</a>'
    ) in html


def test_empty_details_leave_no_empty_line(client):
    bureau = Bureau.current()
    bureau.address_en = bureau.phone = bureau.email = bureau.icp_number = ""
    bureau.save()

    html = footer(client, "/en/")

    assert "Municipal Bureau of Culture" in html
    for absent in ("tel:", "mailto:", "beian", "<dd></dd>", "<dt>Address</dt>"):
        assert absent not in html


def test_the_contact_page_shows_the_named_contact_and_the_wechat_code(client, record):
    record.contact_name_en, record.contact_role_en = "Lin Yue", "Head of conventions"
    record.enquiry_email = "meetings@example.org"
    record.wechat_qr = make_image(alt_text="QR code of the bureau's WeChat account")
    record.wechat_qr.renditions_status = "ready"
    record.wechat_qr.renditions = [{"width": 64, "webp": "q.webp", "fallback": "q.jpg"}]
    record.wechat_qr.save()
    record.save()
    BureauPageFactory(slug="contact", shows_contact=True)
    BureauPageFactory(slug="why")

    contact = client.get("/en/meet/contact/").content.decode()
    why = client.get("/en/meet/why/").content.decode()

    card = contact[contact.index('<section class="contact-card"') :]
    assert 'Lin Yue</span><br><span class="muted">Head of conventions' in card
    assert '<a href="mailto:meetings@example.org">' in card
    assert 'alt="QR code of the bureau&#x27;s WeChat account"' in card
    assert "contact-card" not in why


def test_a_change_to_the_record_outdates_cached_pages(client, record):
    BureauPageFactory(slug="why")
    client.get("/en/meet/why/")
    with CaptureQueriesContext(connection) as hit:
        cached = client.get("/en/meet/why/")
    queries = len(hit)  # before the next request clears the log

    record.phone = "+86 571 2222 3333"
    record.save()
    fresh = client.get("/en/meet/why/").content.decode()

    assert queries == 1  # the content state: the page came from the cache
    assert "0000 1111" in cached.content.decode()
    assert "+86 571 2222 3333" in fresh and "0000 1111" not in fresh


def test_the_footer_costs_one_query(client, record):
    BureauPageFactory(slug="why", in_navigation=True)
    BureauPageFactory(slug="contact")

    with CaptureQueriesContext(connection) as queries:
        client.get("/en/privacy/")

    record_reads = [q for q in queries if "bureau_bureau" in q["sql"]]
    assert len(queries) == 1 and len(record_reads) == 1


def test_no_template_types_the_bureau_name():
    # The catalogue's own rule is in tests/test_catalogues.py.
    names = ("Bureau of Culture", "文化广电旅游局", "会展办", "会议促进机构")
    typed = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if any(name in path.read_text(encoding="utf-8") for name in names)
    ]

    assert typed == []


def test_only_bureau_admins_edit_the_record(client, staff_member):
    editor = staff_member("Editor")
    admin = staff_member("Bureau admin")
    url = "/admin/bureau/bureau/1/change/"

    client.force_login(editor)
    editor_sees = client.get(url).status_code
    client.force_login(admin)
    admin_sees = client.get(url).status_code
    listed = client.get("/admin/bureau/bureau/")

    assert (editor_sees, admin_sees) == (403, 200)
    assert (listed.status_code, listed["Location"]) == (302, url)
    assert client.get("/admin/bureau/bureau/add/").status_code == 403
    assert client.get("/admin/bureau/bureau/1/delete/").status_code == 403


def test_the_record_refuses_a_wechat_code_without_alt_text(client, staff_member):
    client.force_login(staff_member("Bureau admin"))
    image = make_image(alt_text="")
    data = {
        "name_en": "Hangzhou Test Bureau",
        "name_zh_hans": "杭州测试局",
        "wechat_qr": image.pk,
        "icp_number": "not a number",
    }

    response = client.post("/admin/bureau/bureau/1/change/", data)

    errors = response.context["adminform"].form.errors
    assert set(errors) == {"wechat_qr", "icp_number"}
    assert Bureau.current().name_en != "Hangzhou Test Bureau"
