"""Demo venues: clearly fictitious places, with rooms and a photo each."""

import io
import math
from decimal import Decimal

import reversion
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image, ImageDraw

from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Image as LibraryImage
from hangzhou_mice.models import Status
from hangzhou_mice.services import image_save, tag_snapshot_record

from .models import MeetingRoom, Venue, VenuePhoto

K = Venue.Kind
D = Venue.District
# name, slug, kind, district, (lat, lon), guest rooms, airport km, metro km,
# rooms [(name, m², theatre, classroom, banquet, reception)], tags, colour
VENUES = [
    ("Qiantang Demo International Expo Centre", "qiantang-demo-expo-centre",
     K.CONVENTION_CENTRE, D.XIAOSHAN, ("30.2360", "120.2370"), 0, "12.5", "0.6",
     [("Grand Hall", 3200, 2400, 1400, 1200, 3000),
      ("River Hall", 1100, 900, 520, 480, 1000),
      ("Meeting Room 1", 120, 90, 50, 40, 100)],
     ["MICE", "association meetings", "Hangzhou"], (46, 96, 140)),
    ("West Lake Demo Grand Hotel", "west-lake-demo-grand-hotel",
     K.HOTEL, D.XIHU, ("30.2590", "120.1580"), 452, "30.0", "0.4",
     [("Lakeview Ballroom", 1400, 1200, 700, 800, 1300),
      ("Orchid Room", 180, 140, 80, 90, 160)],
     ["MICE", "Hangzhou"], (160, 92, 60)),
    ("Lakeside Demo Pavilion by West Lake", "lakeside-demo-pavilion",
     K.UNIQUE, D.XIHU, ("30.2470", "120.1480"), 0, "31.0", "1.2",
     [("Pavilion Terrace", 400, 250, None, 200, 400)],
     ["unique venues", "destinations", "Hangzhou"], (60, 130, 90)),
    ("Zijingang Demo Academic Conference Centre", "zijingang-demo-academic-centre",
     K.UNIVERSITY, D.XIHU, ("30.3040", "120.0860"), 120, "40.0", "0.9",
     [("Auditorium", 1000, 800, None, None, None),
      ("Seminar Room A", 90, 60, 40, None, None)],
     ["association meetings", "innovation", "Hangzhou"], (110, 80, 150)),
    ("Xianghu Demo Lakeside Resort", "xianghu-demo-resort",
     K.RESORT, D.XIAOSHAN, ("30.1430", "120.2250"), 260, "20.0", "3.5",
     [("Lotus Hall", 600, 500, 300, 320, 550)],
     ["MICE", "destinations"], (40, 120, 120)),
]  # fmt: skip


# The Chinese names of the demo venues (by slug) and of their rooms.
CHINESE_NAMES = {
    "qiantang-demo-expo-centre": "钱塘国际博览中心（演示）",
    "west-lake-demo-grand-hotel": "西湖大酒店（演示）",
    "lakeside-demo-pavilion": "西湖湖畔水榭（演示）",
    "zijingang-demo-academic-centre": "紫金港学术会议中心（演示）",
    "xianghu-demo-resort": "湘湖湖畔度假村（演示）",
}
ROOMS_IN_CHINESE = {
    "Grand Hall": "大会堂",
    "River Hall": "江景厅",
    "Meeting Room 1": "1号会议室",
    "Lakeview Ballroom": "湖景宴会厅",
    "Orchid Room": "兰花厅",
    "Pavilion Terrace": "水榭露台",
    "Auditorium": "报告厅",
    "Seminar Room A": "A研讨室",
    "Lotus Hall": "莲花厅",
}


def in_chinese(seed, kind, district):
    """The demo venue's address and summary in Chinese."""
    with translation.override("zh-hans"):
        # Chinese addresses run from the city down: 杭州市西湖区演示路1号.
        district_name = str(D(district).label).split("（")[0]
        address = f"杭州市{district_name}演示路{seed + 1}号"
        summary = f"演示用的虚构{K(kind).label}。"
    return address, summary


def venue_picture(colour, seed):
    """Draw a simple building against the sky as JPEG bytes."""
    image = Image.new("RGB", (1200, 800), (200, 225, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 560, 1200, 800], fill=(90, 140, 110))
    for n in range(5):
        x = 120 + n * 200 + int(30 * math.sin(seed + n))
        top = 260 + int(60 * math.cos(seed * 2 + n))
        draw.rectangle([x, top, x + 160, 600], fill=colour)
        for row in range(top + 30, 580, 50):
            draw.rectangle([x + 20, row, x + 140, row + 20], fill=(240, 230, 190))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def photo(name, colour, seed):
    title = f"{name} (demo illustration)"
    existing = LibraryImage.objects.filter(title=title).first()
    if existing:
        return existing
    upload = clean_upload(ContentFile(venue_picture(colour, seed), name="venue.jpg"))
    alt = f"Illustration of {name}: buildings with lit windows above a lawn"
    chinese = CHINESE_NAMES[next(row[1] for row in VENUES if row[0] == name)]
    alt_zh = f"{chinese}示意图：草坪后方的楼宇，窗户亮着灯"
    return image_save(
        image=LibraryImage(
            title=title,
            file=upload,
            alt_text_en=alt,
            alt_text_zh_hans=alt_zh,
            credit_en="Hangzhou MICE demo image",
            credit_zh_hans="杭州会展演示图片",
        )
    )


def load_venues():
    """Create the demo venues that do not exist yet; return how many exist."""
    for seed, row in enumerate(VENUES):
        name, slug, kind, district, (lat, lon), guest_rooms = row[:6]
        airport, metro, rooms, tags, colour = row[6:]
        if Venue.objects.filter(slug=slug).exists():
            continue
        with reversion.create_revision():
            reversion.set_comment("Demo content")
            address_zh, summary_zh = in_chinese(seed, kind, district)
            venue = Venue.objects.create(
                name_en=name, name_zh_hans=CHINESE_NAMES[slug], slug=slug,
                kind=kind, district=district,
                address_en=f"{seed + 1} Demo Road, {D(district).label}, Hangzhou",
                address_zh_hans=address_zh,
                latitude=Decimal(lat), longitude=Decimal(lon),
                summary_en=f"A fictitious {K(kind).label.lower()} for the demo.",
                summary_zh_hans=summary_zh,
                guest_rooms=guest_rooms, airport_km=Decimal(airport),
                metro_km=Decimal(metro),
                meeting_space_m2=sum(room[1] for room in rooms),
                status=Status.PUBLISHED,
            )  # fmt: skip
            MeetingRoom.objects.bulk_create(
                MeetingRoom(venue=venue, name_en=r[0],
                            name_zh_hans=ROOMS_IN_CHINESE[r[0]],
                            area_m2=r[1], theatre=r[2],
                            classroom=r[3], banquet=r[4], reception=r[5])
                for r in rooms
            )  # fmt: skip
            VenuePhoto.objects.create(venue=venue, image=photo(name, colour, seed))
            venue.tags.set(tags)
            tag_snapshot_record(obj=venue)
    return Venue.objects.count()
