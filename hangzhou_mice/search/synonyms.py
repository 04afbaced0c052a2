"""Words a visitor may use for what the site says another way.

Each group lists words and phrases that mean the same to someone looking
for a meeting place (centre and center, 宾馆 and 酒店, heart doctor and
cardiologist), in either script: a query that contains one of them also
finds the others. Written for this site's subject; keep a group to what a
planner would accept as the same thing, since every member of a group is
searched for whenever one is typed. Latin entries are lower case.
"""

import functools
import re

from .text import HAN

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


@functools.cache
def _index():
    """Each entry, lower case, to the groups it belongs to."""
    groups = {}
    for group in GROUPS:
        for entry in group:
            groups.setdefault(entry, []).append(group)
    return groups


@functools.cache
def _latin_pattern():
    # Longest first; a whole word or phrase, not one after "-" (excluded).
    latin = sorted((e for e in _index() if not HAN.search(e)), key=len, reverse=True)
    alternatives = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in latin)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w)", re.I)


def alike(entry):
    """The other members of every group `entry` is in, in order."""
    found = {}
    for group in _index().get(entry, ()):
        for other in group:
            if other != entry:
                found[other] = None
    return list(found)


def in_latin(text):
    """(text without the phrases a group knows, [(phrase, its alikes), …]).

    A quoted query, or one with "or", is taken as typed."""
    if '"' in text or re.search(r"\bor\b", text, re.I):
        return text, []
    found = []
    for match in _latin_pattern().finditer(text):
        phrase = re.sub(r"\s+", " ", match[0].lower())
        found.append((phrase, alike(phrase)))
    return _latin_pattern().sub(" ", text), found


def in_run(run):
    """The Han entries of the groups found in a run."""
    return [entry for entry in _index() if HAN.fullmatch(entry) and entry in run]


def in_han(run):
    """The forms of a Han run with a group's words replaced by the others
    (展览中心 → 博览中心, 会展中心…), the run first; and, for a run that is a
    group's entry as a whole, that group's Latin members."""
    forms = {run: None}
    for entry in in_run(run):
        for other in alike(entry):
            if HAN.fullmatch(other):
                forms[run.replace(entry, other)] = None
    latin = [other for other in alike(run) if not HAN.search(other)]
    return list(forms), latin
