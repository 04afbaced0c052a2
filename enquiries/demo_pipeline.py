"""Demo leads of the bid pipeline: thirty-one invented bids in every state,
each with the history of its steps, so the admin and the impact report have
something to show.

Their dates fall in the current year and the two before, counted from today,
so the demo keeps showing three years; their meetings from two years back to
three ahead. The three meetings the ambassadors' profiles showed before the
pipeline keep their names and years, and their dates follow those years.
Every association, company and person is invented and marked "(demo)" or
"（演示）"; addresses are at example.org.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

import reversion
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ambassadors.models import Ambassador
from events.demo import organization
from events.models import Event, Organization, Venue
from hangzhou_mice.models import Status
from hangzhou_mice.services import tag_snapshot_record

from .demo_leads import EXPO, FORUM, FORUM_EVENT, LEADS, SCIENCES, TEA, ZH, S, Src
from .models import Lead, StatusChange

SHANGHAI = ZoneInfo("Asia/Shanghai")
HALF_HOUR = datetime.timedelta(minutes=30)
# The demo user of the bid team (website's load_demo makes it).
BID_TEAM_USER = "bidteam"
# A lead's usual way, and how long each step takes against the others.
ROUTE = (S.NEW, S.QUALIFIED, S.SITE_INSPECTION, S.BID_SUBMITTED)
STEP_WEIGHT = {
    S.QUALIFIED: 1,
    S.SITE_INSPECTION: 2,
    S.BID_SUBMITTED: 2,
    S.WON: 3,
    S.LOST: 3,
    S.WITHDRAWN: 3,
}


REFERENCES = [f"HZ-DEMP-{data['code']}" for data in LEADS]
# The ambassadors' contributions became leads with references of their own
# (enquiries 0003): a database from before the pipeline has these already.
FORMER_CONTRIBUTIONS = (FORUM, TEA, SCIENCES)
LEAD_FIELDS = {field.name for field in Lead._meta.concrete_fields}


def demo_leads():
    former = Q(meeting_name__in=FORMER_CONTRIBUTIONS, source=Src.AMBASSADOR)
    return Lead.objects.filter(Q(reference__in=REFERENCES) | former)


def load_pipeline() -> int:
    """Create the demo pipeline's leads that do not exist yet; return how many
    there are. A lead already there is left as an editor may have made it."""
    owner = get_user_model().objects.filter(username=BID_TEAM_USER).first()
    present = set(
        itertools.chain(*demo_leads().values_list("reference", "meeting_name"))
    )
    with transaction.atomic():
        for data, reference in zip(LEADS, REFERENCES, strict=True):
            if not {reference, data["meeting_name"]} & present:
                lead_create(data, reference=reference, owner=owner)
        translations_complete()
    return demo_leads().count()


def translations_complete() -> None:
    """Give the demo leads loaded before the profiles read in both languages
    the translation of their meeting's name; an editor's one is kept."""
    data_of = {data["code"]: data for data in LEADS}
    data_of |= {data["meeting_name"]: data for data in LEADS}
    for lead in demo_leads().filter(meeting_name_translated=""):
        data = data_of.get(lead.reference[len("HZ-DEMP-") :]) or data_of.get(
            lead.meeting_name, {}
        )
        if "meeting_name_translated" in data:
            lead.meeting_name_translated = data["meeting_name_translated"].format(
                year=lead.year
            )
            lead.save(update_fields=["meeting_name_translated", "updated_at"])


def lead_create(data: dict, *, reference: str, owner) -> Lead:
    """Create the lead with its history, backdated; validated as the admin would."""
    steps = data.get("steps") or route(data["status"])
    times = step_times(data, steps)
    lead = Lead(
        reference=reference, owner=owner, status_changed_at=times[-1],
        **lead_values(data), **bid_dates(data, steps, times),
    )  # fmt: skip
    lead.full_clean()
    lead.save()
    lead.venues_proposed.set(Venue.objects.filter(slug__in=data.get("venues", ())))
    Lead.objects.filter(pk=lead.pk).update(created_at=times[0])
    StatusChange.objects.bulk_create(
        StatusChange(
            lead=lead, previous=previous, status=status, at=at,
            # The planner's own enquiry came in by no one's hand.
            by=None if lead.source == Src.FORM and not previous else owner,
        )
        for previous, status, at in zip(("", *steps[:-1]), steps, times, strict=True)
    )  # fmt: skip
    return lead


def route(status) -> tuple:
    """The usual way to `status`: every step, the site inspection included."""
    if status in ROUTE:
        return ROUTE[: ROUTE.index(status) + 1]
    return (*ROUTE, status)


def lead_values(data: dict) -> dict:
    """The lead's fields: the data's own, and the year, dates and related rows."""
    values = {name: value for name, value in data.items() if name in LEAD_FIELDS}
    year = data.get("year") or timezone.localdate().year + data["year_in"]
    values["year"] = year
    for name in ("meeting_name", "meeting_name_translated"):
        if name in data:
            values[name] = data[name].format(year=year)
    if "starts" in data:
        start = datetime.date(year, *data["starts"])
        values["start_date"] = start
        values["end_date"] = start + datetime.timedelta(days=data["days"] - 1)
    if "org" in data:
        name_en, name_zh = data["org"]
        values["organization"] = association(name_en, name_zh)
        values.setdefault("association", name_zh if data["language"] == ZH else name_en)
    values["ambassador"] = Ambassador.objects.filter(
        slug=data.get("ambassador")
    ).first()
    values["venue"] = Venue.objects.filter(slug=data.get("venue")).first()
    if "won_event" in data:
        values["won_event"] = forum_event(values["organization"])
    return values


def moment(year: int, fraction: float) -> datetime.datetime:
    """The instant `fraction` of the way through `year` in Hangzhou, or
    through its part gone by when it is this year."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = min(datetime.datetime(year + 1, 1, 1, tzinfo=zone), timezone.now())
    return start + (end - start) * fraction


def office_hours(at: datetime.datetime) -> datetime.datetime:
    """The same day between 9:00 and 17:00, to the minute."""
    local = timezone.localtime(at)
    return local.replace(hour=9 + local.hour % 8, second=0, microsecond=0)


def step_times(data: dict, steps: tuple) -> list[datetime.datetime]:
    """When each step was taken, in order, the last no later than now."""
    base = data.get("dated_in") or timezone.localdate().year
    (years, fraction), (last_years, last_fraction) = data["dates"]
    opened = moment(base + years, fraction)
    span = moment(base + last_years, last_fraction) - opened
    weights = [0, *itertools.accumulate(STEP_WEIGHT[step] for step in steps[1:])]
    times = []
    for weight in weights:
        at = office_hours(opened + span * weight / (weights[-1] or 1))
        times.append(max(at, times[-1] + HALF_HOUR) if times else at)
    # Early in a year the steps of this year crowd to now: keep them apart.
    now = timezone.now().replace(second=0, microsecond=0)
    return [
        min(at, now - datetime.timedelta(minutes=len(times) - n))
        for n, at in enumerate(times)
    ]


def bid_dates(data: dict, steps: tuple, times: list) -> dict:
    """The bid deadline and decision date the lead's course makes plausible."""
    day = {step: timezone.localdate(at) for step, at in zip(steps, times, strict=True)}
    status = steps[-1]
    due = timezone.localdate() + datetime.timedelta(days=data.get("due_in", 0))
    deadline = decision = None
    if S.BID_SUBMITTED in day:
        deadline = day[S.BID_SUBMITTED] + datetime.timedelta(days=3)
    elif status in (S.QUALIFIED, S.SITE_INSPECTION):
        deadline = due
    if status in (S.WON, S.LOST):
        decision = day[status]
    elif status == S.BID_SUBMITTED:
        decision = due
    return {"bid_deadline": deadline, "decision_date": decision}


def association(name_en: str, name_zh: str) -> Organization:
    """The association in the directory, with its Chinese name if it had none
    (the events demo names its roadshow delegates' societies in English)."""
    seat = ("Beijing", "China") if name_en.endswith("of China") else ("", "")
    found = organization(name_en, Organization.Kind.ASSOCIATION, *seat)
    if not found.name_zh_hans:
        found.name_zh_hans = name_zh
        found.save(update_fields=["name_zh_hans", "updated_at"])
    return found


def forum_event(organizer: Organization) -> Event:
    """The page of the demo's meeting won and held, in the events calendar."""
    event = Event.objects.filter(slug=FORUM_EVENT).first()
    if event:
        return event
    start = datetime.datetime(2025, 10, 16, 9, 0, tzinfo=SHANGHAI)
    with reversion.create_revision():
        reversion.set_comment("Demo content")
        event = Event.objects.create(
            title_en=FORUM,
            title_zh_hans="2025 亚洲材料论坛（演示）",
            slug=FORUM_EVENT,
            kind=Event.Kind.CONGRESS,
            start=start,
            end=start + datetime.timedelta(days=3, hours=8),
            city_en="Hangzhou",
            city_zh_hans="杭州",
            venue=Venue.objects.filter(slug=EXPO).first(),
            organizer=organizer,
            summary_en=(
                "An invented forum for the demo site: about 1,200 materials "
                "scientists from across Asia met in Hangzhou."
            ),
            summary_zh_hans="演示网站虚构的论坛：约1200名亚洲各地的材料科学家齐聚杭州。",
            status=Status.PUBLISHED,
            published_at=datetime.datetime(2024, 7, 1, 10, 0, tzinfo=SHANGHAI),
        )
        event.tags.set(["association meetings", "Hangzhou"])
        tag_snapshot_record(obj=event)
    return event
