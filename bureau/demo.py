"""Demo content of the bureau: its contact record, seven pages and two downloads.

The contact details are fictitious (example.org addresses, a zero phone
number, demo filing numbers); the facts about Hangzhou are the demo
articles' or general and hedged ("about"). The case studies are invented.
"""

import io
import math
import re
import textwrap

import reversion
import segno
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from hangzhou_mice.downloads import describe_upload
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Download, Image, Status
from hangzhou_mice.services import image_save, tag_snapshot_record

from . import demo_files
from .demo_pages import DOMAIN, PAGES, TOOLKIT
from .models import Bureau, BureauPage, PageDownload

BUREAU = {
    "name_en": "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism",
    "name_zh_hans": "杭州市文化广电旅游局",
    "address_en": (
        "100 Shifan Road, Shangcheng District, Hangzhou, Zhejiang 310000, "
        "China (demo address)"
    ),
    "address_zh_hans": "浙江省杭州市上城区示范路100号（演示地址），邮编310000",
    "phone": "+86 571 0000 0000",
    "email": f"info@{DOMAIN}",
    "enquiry_email": f"meetings@{DOMAIN}",
    "privacy_email": f"privacy@{DOMAIN}",
    "contact_name_en": "Shen Yangli",
    "contact_name_zh_hans": "沈样例",
    "contact_role_en": "Head of the Meetings and Conventions Office (demo)",
    "contact_role_zh_hans": "会议与会展办公室主任（演示）",
    "office_hours_en": (
        "Monday to Friday, 9:00–12:00 and 13:30–17:00 (UTC+8), except public holidays"
    ),
    "office_hours_zh_hans": (
        "周一至周五 上午9:00—12:00，下午13:30—17:00（法定节假日除外）"
    ),
    "wechat_account": "HangzhouMICE-demo",
    "icp_number": "浙ICP备00000000号-1",
    "public_security_number": "浙公网安备 33010000000000号",
}
WECHAT_URL = f"https://{DOMAIN}/wechat"
QR_TITLE = "WeChat QR code of the bureau (demo)"
QR_ALT = "QR code of the bureau's WeChat official account (demo)"
QR_ALT_ZH = "杭州会展微信公众号二维码（演示）"
QR_PIXELS = 960  # the side of the stored original, about

FACT_SHEET = "hangzhou-fact-sheet-demo.pdf"
WORKBOOK = "hangzhou-venue-capacities-demo.xlsx"
DOWNLOADS = {
    FACT_SHEET: (
        "Hangzhou for association congresses: fact sheet (demo)",
        "杭州协会会议城市简介（演示，英文版）",
        "en",
    ),
    WORKBOOK: (
        "Meeting rooms and capacities of the demo venues",
        "演示会场会议室面积及容量一览表",
        "",
    ),
}
INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|\*(?P<em>[^*]+)\*|\[(?P<label>.+?)\]\((?P<target>\S+?)\)"
)


def is_wide(character):
    return character >= "\u2e80"  # CJK characters and punctuation


def is_full_width_punctuation(character):
    return "\u3000" <= character <= "\u303f" or "\uff00" <= character <= "\uffef"


def tight(before, after):
    """Whether two lines join without a space: Chinese runs on, but keeps a
    space before and after Latin letters and digits (30 公里)."""
    return (
        is_full_width_punctuation(before)
        or is_full_width_punctuation(after)
        or (is_wide(before) and is_wide(after))
    )


def joined(lines):
    """The lines of one block as one line."""
    text = ""
    for line in (line.strip() for line in lines):
        glue = "" if not text or tight(text[-1], line[0]) else " "
        text += glue + line
    return text


def href(target, language):
    """A link's address: `page:<slug>` is that bureau page in `language`."""
    if not target.startswith("page:"):
        return target
    with translation.override(language):
        return reverse("bureau:page_detail", kwargs={"slug": target[5:]})


def inline(text, language):
    """Escape `text`, then turn **bold**, *italics* and [label](target) into HTML."""

    def replace(match):
        if match["bold"]:
            return f"<strong>{match['bold']}</strong>"
        if match["em"]:
            return f"<em>{match['em']}</em>"
        return (
            f'<a href="{escape(href(match["target"], language))}">{match["label"]}</a>'
        )

    return INLINE.sub(replace, escape(text))


def block_html(block, language):
    """One block of the pages' light markup: ## and ### headings, - lists."""
    lines = block.splitlines()
    if block.startswith("#"):
        level = len(block) - len(block.lstrip("#"))
        return f"<h{level}>{inline(joined(lines)[level + 1 :], language)}</h{level}>"
    if block.startswith("- "):
        items = "".join(
            f"<li><p>{inline(joined(item.splitlines()), language)}</p></li>"
            for item in re.split(r"^- ", block, flags=re.MULTILINE)[1:]
        )
        return f"<ul>{items}</ul>"
    return f"<p>{inline(joined(lines), language)}</p>"


def as_html(text, language):
    blocks = textwrap.dedent(text).strip().split("\n\n")
    return "".join(block_html(block, language) for block in blocks)


def qr_png():
    code = segno.make(WECHAT_URL, error="m")
    side = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=math.ceil(QR_PIXELS / side), border=4)
    return buffer.getvalue()


def wechat_qr():
    """Return the QR code image, made once through the image pipeline."""
    existing = Image.objects.filter(title=QR_TITLE).first()
    if existing:
        return existing
    upload = clean_upload(ContentFile(qr_png(), name="wechat-qr-demo.png"))
    return image_save(
        image=Image(
            title=QR_TITLE,
            file=upload,
            alt_text_en=QR_ALT,
            alt_text_zh_hans=QR_ALT_ZH,
            credit_en="Hangzhou MICE demo image",
            credit_zh_hans="杭州会展演示图片",
        )
    )


def fill_bureau():
    """Fill the record's empty fields: an editor's values stay as they are."""
    bureau = Bureau.objects.filter(pk=Bureau.ID).first() or Bureau(pk=Bureau.ID)
    empty = [field for field in BUREAU if not getattr(bureau, field)]
    for field in empty:
        setattr(bureau, field, BUREAU[field])
    if bureau.wechat_qr_id is None:
        bureau.wechat_qr = wechat_qr()
        empty.append("wechat_qr")
    if empty:
        bureau.full_clean()
        bureau.save()


def download(name, make):
    """Return the download uploaded as `name`, created from `make()` if missing."""
    existing = Download.objects.filter(original_name=name).first()
    if existing:
        return existing
    title_en, title_zh, language = DOWNLOADS[name]
    upload = ContentFile(make(), name=name)
    item = Download(title_en=title_en, title_zh_hans=title_zh, language=language)
    describe_upload(item, upload)  # checks the content; sets kind, size, name
    item.file = upload
    item.full_clean()
    item.save()
    return item


def create_page(position, data, downloads=()):
    """Create a published page from `data`, with `downloads` listed on it."""
    fields = {
        "slug": data["slug"],
        "position": position,
        "in_navigation": data.get("in_navigation", False),
        "shows_contact": data.get("shows_contact", False),
        "status": Status.PUBLISHED,
    }
    for language, column in (("en", "en"), ("zh-hans", "zh_hans")):
        title, summary, body = data[language]
        fields[f"title_{column}"] = title
        fields[f"summary_{column}"] = joined(summary.strip().splitlines())
        fields[f"body_{column}"] = as_html(body, language)
    with reversion.create_revision():
        reversion.set_comment("Demo content")
        page = BureauPage(**fields)
        page.full_clean()
        page.save()
        PageDownload.objects.bulk_create(
            PageDownload(page=page, download=item, position=n)
            for n, item in enumerate(downloads)
        )
        page.tags.set(data["tags"])
        tag_snapshot_record(obj=page)
    return page


def load_bureau(venues):
    """Fill the bureau's record and create the demo downloads and pages that
    do not exist yet; return how many pages are published.

    `venues` (the demo venues, their rooms prefetched) fill the capacity
    workbook. Existing pages and downloads are left as they are, so an
    editor's changes survive the next `make run`.
    """
    fill_bureau()
    downloads = [
        download(FACT_SHEET, demo_files.fact_sheet_pdf),
        download(WORKBOOK, lambda: demo_files.venue_capacities_xlsx(venues)),
    ]
    for n, data in enumerate(PAGES, start=1):
        if not BureauPage.objects.filter(slug__iexact=data["slug"]).exists():
            listed = downloads if data["slug"] == TOOLKIT else ()
            create_page(10 * n, data, listed)
    return BureauPage.objects.published().count()
