"""Demo events: the Hangzhou PLUS roadshow in Beijing with its roster.

Every organization and delegate here is invented; only the three named guests
on stage are real people, and no contact data is given for them.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

import reversion

from hangzhou_mice.models import Status
from hangzhou_mice.pagecache import content_changed
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

# (name, in characters, job title, in Chinese, organization), as the demo
# article tells them (articles/demo.py); Noor Ahmad Hamid has no Chinese name.
GUESTS = [
    ("Zhang Ansheng", "张安胜", "Member of the leading CPC members' group",
     "党组成员", "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism"),
    ("Tian Mei", "田梅", "Hangzhou Conference Ambassador; vice chairperson",
     "副主席、杭州会议大使", "Zhejiang Association for Science and Technology"),
    ("Noor Ahmad Hamid", "", "Regional Director Asia Pacific", "亚太区总监",
     "ICCA (International Congress and Convention Association)"),
]  # fmt: skip
# The Chinese of the invented delegates' organizations, word by word.
CHINESE_FIELDS = dict(zip(FIELDS, (
    "声学", "农学", "解剖学", "天文学", "生物化学", "植物学", "心血管病", "陶瓷",
    "海岸带研究", "皮肤病学", "生态学", "内分泌学", "林学", "遗传学", "测绘学",
    "冰川学", "水文学", "免疫学", "语言学", "材料科学", "真菌学", "肾脏病学",
    "海洋学", "光学", "古生物学", "药理学", "放射学", "地震学", "茶学", "病毒学",
), strict=True))  # fmt: skip
CHINESE_WORDS = dict(zip(PCO_WORDS, (
    "蔚蓝", "翠竹", "雪松", "三角洲", "星火", "蕨叶", "磐石", "港湾", "靛青", "碧玉",
    "纸鸢", "灯笼", "红枫", "祥云", "幽兰", "卵石", "石英", "芦苇", "藏红", "潮汐",
    "赭石", "幽谷", "垂柳", "氙光", "蓍草", "和风", "琥珀", "白桦", "钴蓝", "沙丘",
), strict=True))  # fmt: skip
ASSOCIATION_FORMS = {"Society": "学会", "Association": "协会"}
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
    """(name, Chinese name, kind, city) of the invented organizations at the
    roadshow."""
    cities = itertools.cycle(("Beijing", "Beijing", "Shanghai", "Wuhan", "Xi'an"))
    associations = [
        (f"Demo {field} {form} of China",
         f"中国{CHINESE_FIELDS[field]}{form_zh}（演示）", Kind.ASSOCIATION,
         next(cities))
        for field in FIELDS
        for form, form_zh in ASSOCIATION_FORMS.items()
    ]  # fmt: skip
    pcos = [
        (f"{word} Congress Partners (demo)", f"{CHINESE_WORDS[word]}会议服务（演示）",
         Kind.PCO, PCO_CITIES[i % 5])
        for i, word in enumerate(PCO_WORDS)
    ]  # fmt: skip
    hangzhou = [
        (f"West Lake {word} Hotel (demo)", f"西湖{CHINESE_WORDS[word]}酒店（演示）",
         Kind.HOTEL_VENUE, "Hangzhou")
        for word in PCO_WORDS[:10]
    ] + [
        (f"Qiantang {word} Events (demo)", f"钱塘{CHINESE_WORDS[word]}会展（演示）",
         Kind.CONFERENCE_COMPANY, "Hangzhou")
        for word in PCO_WORDS[10:18]
    ]  # fmt: skip
    return associations + pcos + hangzhou


DELEGATE_CATEGORY = {
    Kind.ASSOCIATION: Category.ASSOCIATION,
    Kind.PCO: Category.PCO,
    Kind.HOTEL_VENUE: Category.LOCAL_SUPPLIER,
    Kind.CONFERENCE_COMPANY: Category.LOCAL_SUPPLIER,
}


def organization(name, kind, city, country="China", chinese_name=None):
    """The organization of this English name, created in both languages if
    missing; one the demo made before it had a Chinese name gets it."""
    chinese_name = chinese_name or CHINESE.get(name)
    found, created = Organization.objects.get_or_create(
        name_en=name,
        defaults={
            "name_zh_hans": chinese_name,
            "kind": kind,
            "city_en": city,
            "city_zh_hans": CHINESE.get(city),
            "country_en": country,
            "country_zh_hans": CHINESE.get(country),
        },
    )
    if not created and chinese_name and not found.name_zh_hans:
        found.name_zh_hans = chinese_name
        found.save(update_fields=["name_zh_hans", "updated_at"])
    return found


def guest_entries(event):
    """The three public guests on stage, in both languages."""
    return [
        Participant(
            event=event, full_name=name, chinese_name=chinese_name,
            job_title=title, chinese_job_title=chinese_title,
            category=Category.VIP, is_public=True, checked_in_at=event.start,
            registered_at=event.start - datetime.timedelta(days=30),
            organization=organization(org, Kind.GOVERNMENT if "Bureau" in org
                                      else Kind.ASSOCIATION, "Hangzhou"),
        )
        for name, chinese_name, title, chinese_title, org in GUESTS
    ]  # fmt: skip


def roster(event):
    """Build the roadshow roster: three public guests and one delegate each."""
    names = itertools.product(SURNAMES, GIVEN)
    entries = guest_entries(event)
    for n, (name, chinese_name, kind, city) in enumerate(demo_organizations(), 1):
        surname, given = next(names)
        entries.append(
            Participant(
                event=event,
                full_name=f"{given} {surname}",
                job_title="Delegate",
                chinese_job_title="参会代表",
                organization=organization(name, kind, city, chinese_name=chinese_name),
                category=DELEGATE_CATEGORY[kind],
                email=f"delegate{n:03d}@example.org",
                country="China",
                checked_in_at=event.start,
                # Registered in the two months before the event, not today.
                registered_at=event.start - datetime.timedelta(days=60 - n % 53),
            )
        )
    Participant.objects.bulk_create(entries)


def complete_roster(event):
    """Give a roadshow loaded before the demo was bilingual its Chinese:
    the guests' names and job titles, the organizations' names. What an
    editor has filled in is kept."""
    content_changed()
    # Demos loaded before registration dates were set registered on load day.
    event.participants.filter(registered_at__gt=event.start).update(
        registered_at=event.start - datetime.timedelta(days=14)
    )
    for name, chinese_name, _title, chinese_title, org in GUESTS:
        guests = event.participants.filter(full_name=name, is_public=True)
        guests.filter(chinese_name="").update(chinese_name=chinese_name)
        guests.filter(chinese_job_title="").update(chinese_job_title=chinese_title)
        organization(org, Kind.ASSOCIATION, "Hangzhou")
    for name, chinese_name, kind, city in demo_organizations():
        organization(name, kind, city, chinese_name=chinese_name)


def load_events():
    """Create the demo roadshow unless it exists; return the number of events."""
    existing = Event.objects.filter(slug="hangzhou-plus-roadshow-beijing").first()
    if existing:
        complete_roster(existing)
        return Event.objects.count()
    bureau = organization(GUESTS[0][4], Kind.GOVERNMENT, "Hangzhou")
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
