"""Demo events: the Hangzhou PLUS roadshow in Beijing with its roster.

Every organization and delegate here is invented; only the three named guests
on stage are real people, and no contact data is given for them.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

import reversion

from hangzhou_mice.models import Status
from hangzhou_mice.services import tag_snapshot_record

from .models import Event, Organization, Participant

SHANGHAI = ZoneInfo("Asia/Shanghai")
Kind = Organization.Kind
Category = Participant.Category

FIELDS = (
    "Acoustics", "Agronomy", "Anatomy", "Astronomy", "Biochemistry", "Botany",
    "Cardiology", "Ceramics", "Coastal Studies", "Dermatology", "Ecology",
    "Endocrinology", "Forestry", "Genetics", "Geodesy", "Glaciology",
    "Hydrology", "Immunology", "Linguistics", "Materials Science", "Mycology",
    "Nephrology", "Oceanography", "Optics", "Paleontology", "Pharmacology",
    "Radiology", "Seismology", "Tea Science", "Virology",
)  # fmt: skip
PCO_WORDS = (
    "Azure", "Bamboo", "Cedar", "Delta", "Ember", "Fern", "Granite", "Harbor",
    "Indigo", "Jade", "Kite", "Lantern", "Maple", "Nimbus", "Orchid", "Pebble",
    "Quartz", "Reed", "Saffron", "Tidal", "Umber", "Vale", "Willow", "Xenon",
    "Yarrow", "Zephyr", "Amber", "Birch", "Cobalt", "Dune",
)  # fmt: skip
PCO_CITIES = ("Beijing", "Shanghai", "Guangzhou", "Chengdu", "Shenzhen")
SURNAMES = ("Chen", "Li", "Wang", "Zhao", "Liu", "Sun", "Zhou", "Wu", "Xu", "Ma")
GIVEN = ("Lan", "Wei", "Jing", "Hao", "Min", "Yu", "Qing", "Tao", "Yan", "Bo", "Xin")

GUESTS = [
    ("Zhang Ansheng", "Member of the leading CPC members' group",
     "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism"),
    ("Tian Mei", "Hangzhou Conference Ambassador; vice chairperson",
     "Zhejiang Association for Science and Technology"),
    ("Noor Ahmad Hamid", "Regional Director Asia Pacific",
     "ICCA (International Congress and Convention Association)"),
]  # fmt: skip


# The Chinese of the demo's place and organization names.
CHINESE = {
    "China": "中国",
    "Beijing": "北京",
    "Shanghai": "上海",
    "Guangzhou": "广州",
    "Chengdu": "成都",
    "Shenzhen": "深圳",
    "Wuhan": "武汉",
    "Xi'an": "西安",
    "Hangzhou": "杭州",
    "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism": (
        "杭州市文化广电旅游局"
    ),
    "Zhejiang Association for Science and Technology": "浙江省科学技术协会",
    "ICCA (International Congress and Convention Association)": (
        "国际大会及会议协会（ICCA）"
    ),
    "Qiantang University (demo)": "钱塘大学（演示）",
    "West Lake Institute of Example Research (demo)": "西湖示例研究院（演示）",
}


def demo_organizations():
    """(name, kind, city) of the invented organizations at the roadshow."""
    cities = itertools.cycle(("Beijing", "Beijing", "Shanghai", "Wuhan", "Xi'an"))
    associations = [
        (f"Demo {field} {form} of China", Kind.ASSOCIATION, next(cities))
        for field in FIELDS
        for form in ("Society", "Association")
    ]
    pcos = [
        (f"{word} Congress Partners (demo)", Kind.PCO, PCO_CITIES[i % 5])
        for i, word in enumerate(PCO_WORDS)
    ]
    hangzhou = [
        (f"West Lake {word} Hotel (demo)", Kind.HOTEL_VENUE, "Hangzhou")
        for word in PCO_WORDS[:10]
    ] + [
        (f"Qiantang {word} Events (demo)", Kind.CONFERENCE_COMPANY, "Hangzhou")
        for word in PCO_WORDS[10:18]
    ]
    return associations + pcos + hangzhou


DELEGATE_CATEGORY = {
    Kind.ASSOCIATION: Category.ASSOCIATION,
    Kind.PCO: Category.PCO,
    Kind.HOTEL_VENUE: Category.LOCAL_SUPPLIER,
    Kind.CONFERENCE_COMPANY: Category.LOCAL_SUPPLIER,
}


def organization(name, kind, city, country="China"):
    """The organization of this English name, created in both languages if missing."""
    return Organization.objects.get_or_create(
        name_en=name,
        defaults={
            "name_zh_hans": CHINESE.get(name),
            "kind": kind,
            "city_en": city,
            "city_zh_hans": CHINESE.get(city),
            "country_en": country,
            "country_zh_hans": CHINESE.get(country),
        },
    )[0]


def roster(event):
    """Build the roadshow roster: three public guests and one delegate each."""
    names = itertools.product(SURNAMES, GIVEN)
    entries = [
        Participant(
            event=event, full_name=name, job_title=title, category=Category.VIP,
            organization=organization(org, Kind.GOVERNMENT if "Bureau" in org
                                      else Kind.ASSOCIATION, "Hangzhou"),
            is_public=True, checked_in_at=event.start,
        )
        for name, title, org in GUESTS
    ]  # fmt: skip
    for n, (name, kind, city) in enumerate(demo_organizations(), 1):
        surname, given = next(names)
        entries.append(
            Participant(
                event=event,
                full_name=f"{given} {surname}",
                job_title="Delegate",
                organization=organization(name, kind, city),
                category=DELEGATE_CATEGORY[kind],
                email=f"delegate{n:03d}@example.org",
                country="China",
                checked_in_at=event.start,
            )
        )
    Participant.objects.bulk_create(entries)


def load_events():
    """Create the demo roadshow unless it exists; return the number of events."""
    if Event.objects.filter(slug="hangzhou-plus-roadshow-beijing").exists():
        return Event.objects.count()
    bureau = organization(GUESTS[0][2], Kind.GOVERNMENT, "Hangzhou")
    start = datetime.datetime(2019, 11, 19, 14, 0, tzinfo=SHANGHAI)
    with reversion.create_revision():
        reversion.set_comment("Demo content")
        event = Event.objects.create(
            title_en="“Hangzhou PLUS” MICE roadshow in Beijing",
            title_zh_hans="“杭州PLUS”会奖旅游北京推介会",
            slug="hangzhou-plus-roadshow-beijing",
            kind=Event.Kind.ROADSHOW,
            start=start,
            end=start + datetime.timedelta(hours=4),
            city_en="Beijing",
            city_zh_hans="北京",
            address_en="Demo conference hotel, Chaoyang District",
            address_zh_hans="朝阳区演示会议酒店",
            organizer=bureau,
            summary_en=(
                "Hangzhou presented its resources for association meetings to "
                "national associations and societies in Beijing."
            ),
            summary_zh_hans="杭州在北京向全国性学会、协会推介承接学术会议的资源。",
            description_en=(
                "<p>The Hangzhou Municipal Bureau of Culture, Radio, TV and "
                "Tourism brought the city's universities, research institutes, "
                "conference companies and hotels to Beijing to meet the "
                "associations and societies that choose where congresses go.</p>"
            ),
            description_zh_hans=(
                "<p>杭州市文化广电旅游局携全市高校、科研院所、会议公司和酒店"
                "来到北京，与决定大会举办地的学会、协会面对面交流。</p>"
            ),
            status=Status.PUBLISHED,
            published_at=start - datetime.timedelta(days=14),
        )
        event.tags.set(["roadshow", "Hangzhou", "association meetings"])
        tag_snapshot_record(obj=event)
    roster(event)
    return Event.objects.count()
