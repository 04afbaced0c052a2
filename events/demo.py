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
    return Organization.objects.get_or_create(
        name=name, defaults={"kind": kind, "city": city, "country": country}
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
            title="“Hangzhou PLUS” MICE roadshow in Beijing",
            slug="hangzhou-plus-roadshow-beijing",
            kind=Event.Kind.ROADSHOW,
            start=start,
            end=start + datetime.timedelta(hours=4),
            city="Beijing",
            address="Demo conference hotel, Chaoyang District",
            organizer=bureau,
            summary=(
                "Hangzhou presented its resources for association meetings to "
                "national associations and societies in Beijing."
            ),
            description=(
                "<p>The Hangzhou Municipal Bureau of Culture, Radio, TV and "
                "Tourism brought the city's universities, research institutes, "
                "conference companies and hotels to Beijing to meet the "
                "associations and societies that choose where congresses go.</p>"
            ),
            status=Status.PUBLISHED,
            published_at=start - datetime.timedelta(days=14),
        )
        event.tags.set(["roadshow", "Hangzhou", "association meetings"])
        tag_snapshot_record(obj=event)
    roster(event)
    return Event.objects.count()
