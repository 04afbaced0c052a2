"""The synonym groups a site starts with, for this site's subject: written
after `migrate` when the site has none (`apps.synonyms_seed`); the bureau's
editors change them in the admin (Synonyms). Latin entries are lower case."""

GROUPS = (
    # British and American spellings the English stemmer keeps apart.
    ("centre", "center"),
    ("centres", "centers"),
    ("theatre", "theater"),
    ("organiser", "organizer"),
    ("organisers", "organizers"),
    ("organise", "organize"),
    ("programme", "program"),
    ("catalogue", "catalog"),
    ("travelling", "traveling"),
    ("licence", "license"),
    # Meeting places.
    (
        "convention centre",
        "convention center",
        "congress centre",
        "congress center",
        "conference centre",
        "conference center",
        "会议中心",
        "会展中心",
        "国际会议中心",
    ),
    (
        "exhibition centre",
        "exhibition center",
        "expo centre",
        "expo center",
        "exhibition hall",
        "展览中心",
        "博览中心",
        "会展中心",
        "展览馆",
    ),
    ("trade fair", "trade show", "exhibition", "expo", "展会", "展览会", "博览会"),
    ("展览", "博览"),
    ("venue", "meeting place", "会场", "场地", "场馆"),
    ("auditorium", "lecture hall", "lecture theatre", "报告厅", "礼堂"),
    ("ballroom", "banquet hall", "宴会厅"),
    ("banquet", "gala dinner", "宴会", "晚宴"),
    ("meeting room", "conference room", "会议室"),
    ("hotel", "hotels", "accommodation", "lodging", "酒店", "宾馆", "饭店", "住宿"),
    ("resort", "度假村", "度假酒店"),
    ("university", "universities", "大学", "高校"),
    # Kinds of meetings.
    ("mice", "会展", "会奖"),
    ("incentive travel", "incentive trip", "incentive trips", "奖励旅游", "会奖旅游"),
    ("symposium", "symposia", "symposiums", "研讨会"),
    ("congress", "congresses", "大会"),
    ("roadshow", "roadshows", "推介会", "路演"),
    ("association", "associations", "society", "societies", "协会", "学会"),
    ("professional congress organiser", "pco", "pcos", "会议公司"),
    ("delegate", "delegates", "attendee", "attendees", "参会者", "参会代表"),
    # What the bureau offers.
    ("subsidy", "subsidies", "subvention", "financial support", "补贴", "资助"),
    ("bid", "bidding", "申办"),
    ("ambassador", "大使"),  # the plural has the same stem
    ("site inspection", "site visit", "考察", "踩线"),
    # Getting here.
    ("visa", "visas", "签证"),
    ("airport", "机场"),
    ("subway", "metro", "地铁"),
    ("high-speed rail", "high speed train", "bullet train", "高铁"),
    # Fields the ambassadors come from.
    (
        "cardiology",
        "cardiologist",
        "cardiac",
        "heart doctor",
        "heart specialist",
        "心内科",
        "心血管",
        "心脏病学",
    ),
    ("doctor", "physician", "医生", "医师", "大夫"),
    ("tea science", "茶学"),
    # Places visitors name in another form.
    ("west lake", "westlake", "西湖"),
)


def seed(model=None):
    """Write these groups if the site has none (a new site, a demo);
    `model`, a migration's historical SynonymGroup."""
    if model is None:
        from ..models import SynonymGroup as model  # noqa: N813, PLC0415

    if not model.objects.exists():
        model.objects.bulk_create(model(terms="\n".join(group)) for group in GROUPS)
