"""Demo ambassadors: Tian Mei, and four invented ones labelled "(demo)".

Tian Mei is a real ambassador (she spoke at the Hangzhou PLUS roadshow); only
what the demo articles say of her is given. The meetings the profiles show
are the bid pipeline's demo leads (enquiries/demo_pipeline.py), each
invented and marked fictitious. Every portrait is a drawn placeholder, not a
photo.
"""

import datetime
import io

import reversion
from django.core.files.base import ContentFile
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw

from events.demo import CHINESE
from events.models import Organization, Participant
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Image
from hangzhou_mice.services import image_save, tag_snapshot_record

from .models import AcademicField, Ambassador, RosterLink

Kind = Organization.Kind
ZAST = "Zhejiang Association for Science and Technology"
# English and Chinese names of the demo's academic fields.
FIELDS = {
    "Materials Science": "材料科学",
    "Tea Science": "茶学",
    "Cardiology": "心血管病学",
    "Hydrology": "水文学",
    "Computer Science": "计算机科学",
}

AMBASSADORS = [
    {
        "name": "Tian Mei",
        "chinese_name": "田梅",
        "position": "Vice chairperson",
        "position_zh": "副主席",
        "institution": (ZAST, Kind.ASSOCIATION),
        "biography": (
            "Hangzhou Conference Ambassador and vice chairperson of the "
            "Zhejiang Association for Science and Technology. She spoke at the "
            "“Hangzhou PLUS” MICE roadshow in Beijing."
        ),
        "biography_zh": (
            "杭州会议大使，浙江省科学技术协会副主席。"
            "她在北京举行的“杭州PLUS”会奖旅游推介会上发言。"
        ),
        "fields": (),
        "tags": ["Hangzhou", "MICE", "association meetings", "roadshow"],
        "colour": (11, 95, 91),
    },
    {
        "name": "Chen Shifan",
        "chinese_name": "陈示范",
        "honorific": Ambassador.Honorific.PROF,
        "position": "Professor of materials science (demo)",
        "position_zh": "材料科学教授（演示）",
        "biography": (
            "An invented materials scientist for the demo site. Brought the "
            "invented Asian Materials Forum to Hangzhou."
        ),
        "biography_zh": "演示网站虚构的材料科学家，把虚构的亚洲材料论坛带到了杭州。",
        "institution": ("Qiantang University (demo)", Kind.UNIVERSITY),
        "fields": ("Materials Science",),
        "tags": ["innovation", "association meetings"],
        "colour": (46, 96, 140),
    },
    {
        "name": "Lin Yanshi",
        "chinese_name": "林演示",
        "honorific": Ambassador.Honorific.DR,
        "position": "Director, tea science laboratory (demo)",
        "position_zh": "茶学实验室主任（演示）",
        "biography": (
            "An invented tea scientist for the demo site, bidding to host "
            "symposia beside the tea fields of Longjing."
        ),
        "biography_zh": "演示网站虚构的茶学家，正在申办在龙井茶园旁举行的研讨会。",
        "institution": (
            "West Lake Institute of Example Research (demo)",
            Kind.UNIVERSITY,
        ),
        "fields": ("Tea Science", "Hydrology"),
        "tags": ["Hangzhou", "innovation"],
        "colour": (120, 140, 60),
    },
    {
        "name": "Wang Lizi",
        "chinese_name": "王例子",
        "honorific": Ambassador.Honorific.PROF,
        "position": "Chief physician, cardiology (demo)",
        "position_zh": "心内科主任医师（演示）",
        "biography": "An invented cardiologist for the demo site.",
        "biography_zh": "演示网站虚构的心脏病学家。",
        "institution": ("Qiantang University (demo)", Kind.UNIVERSITY),
        "fields": ("Cardiology",),
        "tags": ["association meetings", "MICE"],
        "colour": (150, 70, 70),
    },
    {
        "name": "Xu Guoqu",
        "chinese_name": "许过去",
        "position": "Former ambassador, computer science (demo)",
        "position_zh": "前任大使，计算机科学（演示）",
        "biography": (
            "An invented former ambassador, whose term has ended: not listed."
        ),
        "biography_zh": "虚构的前任大使，任期已满，不在名录中。",
        "institution": ("Qiantang University (demo)", Kind.UNIVERSITY),
        "fields": ("Computer Science",),
        "tags": ["innovation"],
        "colour": (90, 90, 110),
        "active": False,
    },
]


def portrait_bytes(colour, size=600):
    """Draw a head-and-shoulders silhouette on `colour`, as JPEG bytes."""
    picture = PILImage.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(picture)
    light = (235, 240, 238)
    draw.ellipse([size * 0.33, size * 0.18, size * 0.67, size * 0.52], fill=light)
    draw.ellipse([size * 0.14, size * 0.58, size * 0.86, size * 1.25], fill=light)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def demo_portrait(name, chinese_name, colour):
    """Return the placeholder portrait for `name`, made once through the
    pipeline, described in both languages."""
    title = f"Portrait placeholder: {name} (demo illustration)"
    described = {
        "alt_text_en": f"Drawn placeholder silhouette in place of a photo of {name}",
        "alt_text_zh_hans": f"代替{chinese_name}照片的手绘剪影占位图",
        "credit_en": "Hangzhou MICE demo image",
        "credit_zh_hans": "杭州会展演示图片",
    }
    existing = Image.objects.filter(title=title).first()
    if existing:
        if not existing.alt_text_zh_hans:  # made before images had Chinese
            Image.objects.filter(pk=existing.pk).update(**described)
        return existing
    upload = clean_upload(
        ContentFile(portrait_bytes(colour), name=f"{slugify(name)}.jpg")
    )
    return image_save(image=Image(title=title, file=upload, **described))


def organization(name, kind, city=""):
    """The organization of this English name, in any case, created if missing."""
    found = Organization.objects.filter(name_en__iexact=name).first()
    if found:
        return found
    return Organization.objects.create(
        name_en=name,
        name_zh_hans=CHINESE.get(name),
        kind=kind,
        city_en=city,
        city_zh_hans=CHINESE.get(city),
        country_en="China",
        country_zh_hans=CHINESE["China"],
    )


def academic_field(name):
    return AcademicField.objects.get_or_create(
        slug=slugify(name), defaults={"name_en": name, "name_zh_hans": FIELDS[name]}
    )[0]


def ambassador_fields(data):
    name, active = data["name"], data.get("active", True)
    return {
        "name": name,
        "chinese_name": data["chinese_name"],
        "slug": slugify(name),
        "honorific": data.get("honorific", ""),
        "position_en": data["position"],
        "position_zh_hans": data["position_zh"],
        "institution": organization(*data["institution"], city="Hangzhou"),
        "photo": demo_portrait(name, data["chinese_name"], data["colour"]),
        "biography_en": f"<p>{escape(data['biography'])}</p>",
        "biography_zh_hans": f"<p>{escape(data['biography_zh'])}</p>",
        "appointed_on": datetime.date(2019, 6, 1),
        "term_ends_on": None if active else datetime.date(2023, 5, 31),
        "active": active,
    }


def create_ambassador(data):
    with reversion.create_revision():
        reversion.set_comment("Demo content")
        ambassador = Ambassador.objects.create(**ambassador_fields(data))
        ambassador.academic_fields.set([academic_field(f) for f in data["fields"]])
        ambassador.tags.set(data["tags"])
        tag_snapshot_record(obj=ambassador)
    return ambassador


def link_roster_entries(ambassador):
    """Link the ambassador's unlinked roster entries of the same name (roadshow)."""
    entries = Participant.objects.filter(
        full_name=ambassador.name, ambassador_link__isnull=True
    )
    RosterLink.objects.bulk_create(
        RosterLink(participant=entry, ambassador=ambassador) for entry in entries
    )


def load_ambassadors():
    """Create the demo ambassadors that do not exist yet; return how many are active.

    Existing ones are left as they are, so an editor's changes survive the
    next `make run`.
    """
    for name in FIELDS:
        academic_field(name)
    for data in AMBASSADORS:
        if not Ambassador.objects.filter(slug=slugify(data["name"])).exists():
            ambassador = create_ambassador(data)
            link_roster_entries(ambassador)
    return Ambassador.objects.active().count()
