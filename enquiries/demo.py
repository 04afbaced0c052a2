"""Demo enquiries: four invented planners, in both languages, with the mails
their enquiries caused stored as sent (no mail leaves the demo).

Every name, organisation and address is fictitious (example.org, .test).
"""

import datetime

from django.utils import timezone

from ambassadors.models import Ambassador
from bureau.models import Bureau
from events.models import Venue

from . import mails
from .models import Lead, Mail

PRIVACY_NOTICE_VERSION = 1
LEADS = [
    {
        "reference": "HZ-DEM3-CH7A",
        "language": "zh-hans",
        "name": "李示例",
        "organisation": "中国示例医学会（演示）",
        "role": "学术会议部主任",
        "email": "li.shili@example.org",
        "phone": "+86 10 0000 0000",
        "country": "中国",
        "meeting_name": "第二十届全国示例医学学术大会（演示）",
        "association": "中国示例医学会（演示）",
        "kind": Lead.Kind.CONGRESS,
        "rotation": Lead.Rotation.NATIONAL,
        "year": 2028,
        "delegates": 2500,
        "exhibition_m2": 3000,
        "largest_room": 2000,
        "peak_rooms": 1200,
        "wants_venue_holds": True,
        "wants_bid_documents": True,
        "wants_funding_information": True,
        "message": (
            "学会将于明年三月确定2028年大会举办城市，希望了解杭州的申办支持政策。"
        ),
        "shares_with_venues": True,
    },
    {
        "reference": "HZ-DEM4-AMX9",
        "language": "en",
        "name": "Dr Ana Exemplo",
        "organisation": "International Society of Example Hydrology (demo)",
        "role": "Chair of the congress committee",
        "email": "ana.exemplo@example.org",
        "phone": "+351 21 000 0000",
        "country": "Portugal",
        "meeting_name": "World Congress of Example Hydrology 2029 (demo)",
        "association": "International Society of Example Hydrology (demo)",
        "kind": Lead.Kind.CONGRESS,
        "rotation": Lead.Rotation.INTERNATIONAL,
        "year": 2029,
        "delegates": 1200,
        "largest_room": 1000,
        "peak_rooms": 700,
        "wants_site_inspection": True,
        "wants_ambassador": True,
        "message": (
            "Our board votes on the 2029 host city next spring. We would like "
            "to meet a local ambassador in our field before we put Hangzhou "
            "on the shortlist."
        ),
        "shares_abroad": True,
        "venue": "qiantang-demo-expo-centre",
        "ambassador": "chen-shifan",
    },
    {
        "reference": "HZ-DEM6-NCT4",
        "language": "en",
        "name": "Sam Example",
        "organisation": "Example Motors Europe (demo)",
        "email": "sam.example@example.org",
        "country": "Germany",
        "meeting_name": "Dealer incentive 2027 (demo)",
        "kind": Lead.Kind.INCENTIVE,
        "start_date": datetime.date(2027, 10, 12),
        "end_date": datetime.date(2027, 10, 16),
        "dates_flexible": True,
        "delegates": 180,
        "largest_room": 180,
        "layout": "banquet",
        "peak_rooms": 100,
        "wants_venue_holds": True,
        "wants_site_inspection": True,
        "message": "A gala dinner by West Lake on the last night, if possible.",
        "venue": "west-lake-demo-grand-hotel",
        "shares_with_venues": True,
    },
    {
        "reference": "HZ-DEM7-CRP3",
        "language": "zh-hans",
        "name": "王样本",
        "organisation": "示例科技有限公司（演示）",
        "email": "wang.yangben@example.org",
        "country": "中国",
        "meeting_name": "2027年度经销商大会（演示）",
        "kind": Lead.Kind.CORPORATE,
        "year": 2027,
        "delegates": 600,
        "layout": "banquet",
        "wants_venue_holds": True,
    },
]


def load_enquiries() -> int:
    """Create the demo leads that do not exist yet; return how many leads."""
    bureau = Bureau.current()
    for data in LEADS:
        if not Lead.objects.filter(reference=data["reference"]).exists():
            lead_create(data, bureau)
    return Lead.objects.count()


def lead_create(data: dict, bureau: Bureau) -> Lead:
    values = data | {
        "venue": Venue.objects.filter(slug=data.get("venue")).first(),
        "ambassador": Ambassador.objects.filter(slug=data.get("ambassador")).first(),
    }
    lead = Lead(privacy_notice_version=PRIVACY_NOTICE_VERSION, **values)
    lead.full_clean()
    lead.save()
    confirmation = mails.confirmation_text(lead, bureau)
    texts = [(Mail.Kind.CONFIRMATION, lead.email, confirmation)]
    address = bureau.enquiry_email or bureau.email
    if address:
        texts.append((Mail.Kind.BUREAU, address, mails.bureau_text(lead)))
    for kind, recipient, (subject, body) in texts:
        Mail.objects.create(
            lead=lead,
            kind=kind,
            recipient=recipient,
            subject=subject,
            body=body,
            status=Mail.Status.SENT,
            attempts=0,
            sent_at=timezone.now(),
        )
    return lead
