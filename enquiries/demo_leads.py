"""The demo pipeline's thirty-one invented bids, as data (loaded by
enquiries/demo_pipeline.py, which says what the fields mean). Every
association, company and person is invented and marked "(demo)" or
"（演示）"; addresses are at example.org.
"""

from hangzhou_mice.models import Language

from .demo import PRIVACY_NOTICE_VERSION
from .models import Lead

S, Src, Kind, R, F = Lead.Status, Lead.Source, Lead.Kind, Lead.Rotation, Lead.Frequency
Reason, EN, ZH = Lead.LostReason, Language.ENGLISH, Language.CHINESE
EXPO, HOTEL, CAMPUS = (
    "qiantang-demo-expo-centre",
    "west-lake-demo-grand-hotel",
    "zijingang-demo-academic-centre",
)
PAVILION, RESORT = "lakeside-demo-pavilion", "xianghu-demo-resort"
FORUM = "Demo Asian Materials Forum 2025 (fictitious)"
TEA = "Demo World Tea Science Symposium 2026 (fictitious)"
SCIENCES = "Demo Congress of Example Sciences 2027 (fictitious)"
FORUM_EVENT = "demo-asian-materials-forum-2025"


def icca(rotation, pattern, countries, frequency):
    return {
        "rotation": rotation,
        "rotation_pattern": pattern,
        "rotation_countries": countries,
        "frequency": frequency,
    }


def national(frequency=F.ANNUAL):
    return {"rotation": R.NATIONAL, "rotation_pattern": "全国各城市轮流"} | {
        "frequency": frequency
    }


def planner(name, organisation, email, country, message):
    """The contact fields of a lead that came through the form."""
    return {
        "source": Src.FORM,
        "name": name,
        "organisation": organisation,
        "email": email,
        "country": country,
        "message": message,
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
    }


# "dates" are when the lead came in and when it took its last step, each as
# (years from this one, fraction of that year gone by); the steps between are
# spaced by STEP_WEIGHT. "dated_in" counts from another year than this one;
# "due_in" is the days from today to the next deadline of an open lead.
# fmt: off
LEADS = [
    # The ambassadors' meetings from before the pipeline.
    {"code": "MAT3", "meeting_name": FORUM, "language": EN, "source": Src.AMBASSADOR,
     "ambassador": "chen-shifan", "kind": Kind.CONGRESS, "year": 2025,
     "starts": (10, 16), "days": 4, "delegates": 1200,
     "org": ("Demo Materials Science Society of China", "中国材料科学学会（演示）"),
     **icca(R.REGIONAL, "China, Japan, Korea and Singapore in turn", 4, F.BIENNIAL),
     "venues": (EXPO, HOTEL), "status": S.WON, "won_event": FORUM_EVENT,
     "dated_in": 2024, "dates": ((0, .04), (0, .45)),
     "notes": "Professor Chen Shifan proposed Hangzhou and chaired the local host "
              "committee. Holds on the expo centre and 900 rooms in three hotels."},
    {"code": "TEA4", "meeting_name": TEA, "language": EN, "source": Src.AMBASSADOR,
     "meeting_name_translated": "2026 世界茶叶科学研讨会（演示）",
     "ambassador": "lin-yanshi", "kind": Kind.CONGRESS, "year": 2026, "days": 3,
     "delegates": 450,
     "org": ("Demo Tea Science Society of China", "中国茶学学会（演示）"),
     **icca(R.INTERNATIONAL, "Tea-growing countries in turn", 6, F.TRIENNIAL),
     "venues": (HOTEL, PAVILION), "status": S.WON,
     "dated_in": 2025, "dates": ((0, .1), (0, .7)),
     "notes": "Won against two other cities. Technical visits to the Longjing "
              "tea gardens; welcome reception by the lake."},
    {"code": "EXAM", "meeting_name": SCIENCES, "language": EN,
     "meeting_name_translated": "2027 示例科学大会（演示）",
     "source": Src.AMBASSADOR, "ambassador": "tian-mei", "kind": Kind.CONGRESS,
     "year": 2027, "days": 4, "delegates": 800,
     "org": ("Demo Society of Example Sciences (fictitious)", "示例科学学会（演示）"),
     **icca(R.INTERNATIONAL, "Asia, Europe and the Americas in turn", 12, F.ANNUAL),
     "venues": (EXPO, CAMPUS), "status": S.BID_SUBMITTED,
     "on_profile": Lead.OnProfile.WHILE_BIDDING, "due_in": 100,
     "dated_in": 2026, "dates": ((0, .2), (0, .8)),
     "notes": "Introduced to the society's council by Tian Mei. Bid presented; "
              "the council votes at its spring meeting."},
    # Won
    {"code": "GEN3", "meeting_name": "Asia-Pacific Congress of Example Genetics "
     "{year} (demo)", "language": EN, "source": Src.BUREAU, "kind": Kind.CONGRESS,
     "year_in": 1, "days": 4, "delegates": 1800,
     "org": ("Asia-Pacific Society of Example Genetics (demo)",
             "亚太示例遗传学会（演示）"),
     **icca(R.REGIONAL, "Member countries in Asia and the Pacific in turn", 9,
            F.BIENNIAL),
     "venues": (EXPO, HOTEL), "status": S.WON, "dates": ((-2, .35), (-1, .4)),
     "notes": "Found in the society's call for hosts. The board chose Hangzhou "
              "over Kuala Lumpur and Manila; the city's letter of support helped."},
    {"code": "TRP7", "meeting_name": "Example Pharma Asia top performers' "
     "incentive {year} (demo)", "language": EN,
     **planner("Nina Sample (demo)", "Example Pharma Asia (demo)",
               "nina.sample@example.org", "Singapore",
               "Four days for 220 of our best sales staff in spring, with a gala "
               "dinner and something to do with tea."),
     "association": "Example Pharma Asia (demo)", "kind": Kind.INCENTIVE,
     "year_in": -1, "starts": (4, 14), "days": 4, "delegates": 220,
     "venues": (RESORT, PAVILION), "status": S.WON, "dates": ((-2, .7), (-2, .92)),
     "notes": "Gala dinner at the lakeside pavilion; tea picking in Longjing."},
    {"code": "CARD", "meeting_name": "{year}年全国示例心血管病学术会议（演示）",
     "meeting_name_translated": "National Conference of Example Cardiology {year} "
                                "(demo)",
     "language": ZH, "source": Src.AMBASSADOR, "ambassador": "wang-lizi",
     "kind": Kind.CONGRESS, "year_in": 0, "days": 3, "delegates": 2400,
     "org": ("Demo Cardiology Society of China", "中国心血管病学会（演示）"),
     **national(), "venues": (EXPO,), "status": S.WON,
     "dates": ((-2, .15), (-1, .25)),
     "notes": "王例子教授向学会推荐杭州，常务理事会投票通过。已预留博览中心和周边酒店"
              "1500间客房。"},
    {"code": "EXP4", "meeting_name": "{year}中国（杭州）国际示例数字贸易博览会（演示）",
     "language": ZH, "source": Src.BUREAU,
     "association": "示例会展集团有限公司（演示）", "kind": Kind.EXHIBITION,
     "year_in": 1, "starts": (9, 8), "days": 3,
     "delegates": 5000, "exhibition_m2": 3000, "venues": (EXPO,), "status": S.WON,
     "dates": ((-1, .3), (0, .35)),
     "notes": "主办方要求展期避开广交会，已锁定博览中心九月档期。"},
    {"code": "NUVE", "meeting_name": "Example Cloud Partner Summit {year} (demo)",
     "language": EN, "source": Src.VENUE, "venue": HOTEL,
     "association": "Example Cloud Asia (demo)", "kind": Kind.CORPORATE,
     "year_in": -2, "starts": (9, 10), "days": 2, "delegates": 900,
     "venues": (HOTEL,), "status": S.WON,
     "steps": (S.NEW, S.QUALIFIED, S.BID_SUBMITTED, S.WON),
     "dates": ((-2, .05), (-2, .3)),
     "notes": "Passed on by the hotel's sales team. Proposal with two hotels and "
              "a city tour."},
    # Lost
    {"code": "VRX4", "meeting_name": "World Congress of Example Virology {year} "
     "(demo)", "language": EN, "source": Src.BUREAU, "kind": Kind.CONGRESS,
     "year_in": 1, "days": 5, "delegates": 2500,
     "org": ("International Society of Example Virology (demo)",
             "国际示例病毒学会（演示）"),
     **icca(R.INTERNATIONAL, "Europe, the Americas and Asia in turn", 20,
            F.BIENNIAL),
     "venues": (EXPO, HOTEL, CAMPUS), "status": S.LOST,
     "lost_reason": Reason.COMPETITION, "lost_to": "Singapore",
     "dates": ((-2, .2), (-1, .15)),
     "notes": "Shortlisted with Singapore, whose host committee had more members "
              "on the society's board."},
    {"code": "NEPH", "meeting_name": "Asian Congress of Example Nephrology {year} "
     "(demo)", "language": EN, "source": Src.ROADSHOW, "kind": Kind.CONGRESS,
     "year_in": 0, "days": 3, "delegates": 1200,
     "org": ("Asian Federation of Example Nephrology (demo)",
             "亚洲示例肾脏病学联合会（演示）"),
     **icca(R.REGIONAL, "China and Japan in turn", 2, F.BIENNIAL),
     "venues": (EXPO,), "status": S.LOST, "lost_reason": Reason.COST,
     "lost_to": "Fukuoka", "dates": ((-2, .55), (-1, .05)),
     "notes": "Met at the roadshow. Fukuoka paid the venue rent; our support "
              "covered about half of it."},
    {"code": "FRQT", "meeting_name": "International Symposium on Example "
     "Glaciology {year} (demo)", "language": EN,
     **planner("Dr Erik Exempel (demo)", "Nordic Institute of Example Glaciology "
               "(demo)", "erik.exempel@example.org", "Norway",
               "A one-off symposium for about 350 researchers, most of them from "
               "Europe and North America."),
     "association": "Nordic Institute of Example Glaciology (demo)",
     "kind": Kind.CONGRESS, "year_in": 1, "days": 4, "delegates": 350,
     **icca(R.INTERNATIONAL, "", None, F.ONCE),
     "venues": (CAMPUS,), "status": S.LOST, "lost_reason": Reason.ACCESS,
     "lost_to": "Bangkok", "steps": (S.NEW, S.QUALIFIED, S.BID_SUBMITTED, S.LOST),
     "dates": ((-1, .12), (-1, .68)),
     "notes": "The committee wanted more direct long-haul flights from Europe."},
    {"code": "RAD4", "meeting_name": "{year}年全国示例放射学年会（演示）",
     "language": ZH, "source": Src.ROADSHOW, "kind": Kind.CONGRESS, "year_in": 0,
     "days": 4, "delegates": 5000,
     "org": ("Demo Radiology Association of China", "中国放射学协会（演示）"),
     **national(), "venues": (EXPO,), "status": S.LOST,
     "lost_reason": Reason.VENUE, "lost_to": "成都", "dates": ((-2, .8), (-1, .6)),
     "notes": "学会需要5000座主会场和3000间客房，所提日期博览中心已有另一展会。"},
    {"code": "HYDR", "meeting_name": "International Conference on Example "
     "Hydrology {year} (demo)", "language": EN, "source": Src.AMBASSADOR,
     "ambassador": "lin-yanshi", "on_profile": Lead.OnProfile.WHILE_BIDDING,
     "kind": Kind.CONGRESS, "year_in": 2, "days": 5, "delegates": 1000,
     "org": ("International Association of Example Hydrology (demo)",
             "国际示例水文学协会（演示）"),
     **icca(R.INTERNATIONAL, "Asia, Europe and the Americas in turn", 15,
            F.QUADRENNIAL),
     "venues": (EXPO, CAMPUS), "status": S.LOST, "lost_reason": Reason.ROTATION,
     "lost_to": "Vancouver", "steps": (S.NEW, S.QUALIFIED, S.BID_SUBMITTED, S.LOST),
     "dates": ((0, .05), (0, .3)),
     "notes": "Dr Lin Yanshi proposed Hangzhou; the council kept to its rotation "
              "and gave that year to the Americas."},
    {"code": "HTM3", "meeting_name": "示例酒店集团{year}年华东区年会（演示）",
     "language": ZH, "source": Src.VENUE, "venue": RESORT,
     "association": "示例酒店集团（演示）", "kind": Kind.CORPORATE, "year_in": -2,
     "starts": (12, 3), "days": 2, "delegates": 350, "venues": (RESORT,),
     "status": S.LOST, "lost_reason": Reason.COST, "lost_to": "三亚",
     "steps": (S.NEW, S.QUALIFIED, S.BID_SUBMITTED, S.LOST),
     "dates": ((-2, .4), (-2, .6)),
     "notes": "客户预算有限，三亚的度假酒店报价更低。"},
    # Withdrawn
    {"code": "HRT6", "meeting_name": "Asia-Pacific Summit of Example Cardiology "
     "{year} (demo)", "language": EN, "source": Src.AMBASSADOR,
     "ambassador": "wang-lizi", "on_profile": Lead.OnProfile.WHILE_BIDDING,
     "kind": Kind.CONGRESS, "year_in": 0, "days": 3, "delegates": 600,
     "org": ("Asia-Pacific Society of Example Cardiology (demo)",
             "亚太示例心脏病学会（演示）"),
     **icca(R.REGIONAL, "Member countries in Asia and the Pacific in turn", 6,
            F.ANNUAL),
     "venues": (HOTEL,), "status": S.WITHDRAWN,
     "dates": ((-1, .2), (-1, .85)),
     "notes": "The society held that year's summit online; bid withdrawn."},
    {"code": "YHAN", "meeting_name": "示例银行华东区{year}年度工作会议（演示）",
     "language": ZH,
     **planner("赵示例（演示）", "示例银行华东区分行（演示）", "zhao.shili@example.org",
               "中国", "约300人，两天，需要一个主会场和六个分会场。"),
     "association": "示例银行（演示）", "kind": Kind.CORPORATE, "year_in": 1,
     "starts": (3, 18), "days": 2, "delegates": 300, "status": S.WITHDRAWN,
     "steps": (S.NEW, S.QUALIFIED, S.WITHDRAWN), "dates": ((0, .15), (0, .25)),
     "notes": "客户决定改在总部自有会议中心举办。"},
    # Bid submitted
    {"code": "ACU9", "meeting_name": "International Congress of Example Acoustics "
     "{year} (demo)", "language": EN, "source": Src.BUREAU, "kind": Kind.CONGRESS,
     "year_in": 2, "days": 5, "delegates": 1500,
     "org": ("International Commission for Example Acoustics (demo)",
             "国际示例声学委员会（演示）"),
     **icca(R.INTERNATIONAL, "Europe, Asia and the Americas in turn", 25,
            F.TRIENNIAL),
     "venues": (EXPO, CAMPUS), "status": S.BID_SUBMITTED, "due_in": 60,
     "dates": ((-1, .45), (0, .6)),
     "notes": "Bid book sent; the general assembly votes."},
    {"code": "PHAR", "meeting_name": "{year}年全国示例药理学学术大会（演示）",
     "language": ZH, "source": Src.ROADSHOW, "kind": Kind.CONGRESS, "year_in": 1,
     "days": 3, "delegates": 1500,
     "org": ("Demo Pharmacology Association of China", "中国药理学协会（演示）"),
     **national(), "venues": (EXPO, HOTEL), "status": S.BID_SUBMITTED,
     "steps": (S.NEW, S.QUALIFIED, S.BID_SUBMITTED), "due_in": 30,
     "dates": ((-1, .6), (0, .5)),
     "notes": "推介会上结识学会秘书长；申办材料已提交，等待常务理事会投票。"},
    {"code": "CERA", "meeting_name": "Asian Forum of Example Ceramics {year} (demo)",
     "language": EN,
     **planner("Ms Mira Contoh (demo)", "Asian Society of Example Ceramics (demo)",
               "mira.contoh@example.org", "Indonesia",
               "We are looking for a host city for our next forum, ideally with "
               "kilns or a ceramics museum to visit."),
     "org": ("Asian Society of Example Ceramics (demo)", "亚洲示例陶瓷学会（演示）"),
     "kind": Kind.CONGRESS, "year_in": 1, "days": 3, "delegates": 400,
     **icca(R.REGIONAL, "East and Southeast Asia in turn", 7, F.BIENNIAL),
     "venues": (HOTEL,), "status": S.BID_SUBMITTED, "due_in": 45,
     "dates": ((0, .12), (0, .7)),
     "notes": "Site inspection included the celadon kilns of Longquan. Jakarta "
              "is bidding too."},
    {"code": "AWRD", "meeting_name": "示例人寿{year}年度销售精英奖励旅游（演示）",
     "language": ZH, "source": Src.VENUE, "venue": PAVILION,
     "association": "示例人寿保险股份有限公司（演示）", "kind": Kind.INCENTIVE,
     "year_in": 1, "starts": (4, 20), "days": 5, "delegates": 160,
     "venues": (PAVILION, RESORT), "status": S.BID_SUBMITTED, "due_in": 20,
     "dates": ((0, .55), (0, .9)),
     "notes": "水榭转来的需求。方案含湘湖晚宴和龙井茶园体验，客户在比较杭州和厦门。"},
    # Site inspection
    {"code": "MAR9", "meeting_name": "World Congress of Example Oceanography "
     "{year} (demo)", "language": EN, "source": Src.BUREAU, "kind": Kind.CONGRESS,
     "year_in": 3, "days": 5, "delegates": 2200,
     "org": ("World Association of Example Oceanography (demo)",
             "世界示例海洋学协会（演示）"),
     **icca(R.INTERNATIONAL, "One continent after another", 18, F.QUADRENNIAL),
     "venues": (EXPO, HOTEL), "status": S.SITE_INSPECTION, "due_in": 75,
     "dates": ((-1, .8), (0, .78)),
     "notes": "Two board members inspected; they asked about the metro to the "
              "expo centre."},
    {"code": "ECGY", "meeting_name": "{year}年全国示例生态学大会（演示）",
     "language": ZH, "source": Src.ROADSHOW, "kind": Kind.CONGRESS, "year_in": 2,
     "days": 3, "delegates": 1600,
     "org": ("Demo Ecology Society of China", "中国生态学学会（演示）"),
     **national(F.BIENNIAL), "venues": (EXPO, CAMPUS),
     "status": S.SITE_INSPECTION, "due_in": 50, "dates": ((0, .22), (0, .85)),
     "notes": "考察组看过博览中心和紫金港会议中心，关注西溪湿地的野外考察线路。"},
    {"code": "MTR7", "meeting_name": "Example Motors Asia-Pacific dealer meeting "
     "{year} (demo)", "language": EN, "source": Src.VENUE, "venue": HOTEL,
     "association": "Example Motors Asia-Pacific (demo)", "kind": Kind.CORPORATE,
     "year_in": 1, "starts": (6, 9), "days": 3, "delegates": 450,
     "venues": (HOTEL, PAVILION), "status": S.SITE_INSPECTION, "due_in": 35,
     "dates": ((0, .6), (0, .92)),
     "notes": "Passed on by the hotel. The client wants a test-drive area nearby."},
    # Qualified
    {"code": "YUYN", "meeting_name": "International Conference on Example "
     "Linguistics {year} (demo)", "language": EN,
     **planner("Prof. Lena Beispiel (demo)", "International Association of "
               "Example Linguistics (demo)", "lena.beispiel@example.org",
               "Germany", "Our conference has never been held in China. Could "
               "you tell us about universities and support for associations?"),
     "org": ("International Association of Example Linguistics (demo)",
             "国际示例语言学协会（演示）"),
     "kind": Kind.CONGRESS, "year_in": 3, "days": 4, "delegates": 350,
     **icca(R.INTERNATIONAL, "Europe and Asia in turn", 3, F.BIENNIAL),
     "venues": (CAMPUS,), "status": S.QUALIFIED, "due_in": 120,
     "dates": ((0, .72), (0, .76)),
     "notes": "Next: introduce a linguist at a Hangzhou university."},
    {"code": "DERM", "meeting_name": "{year}年全国示例皮肤病学学术年会（演示）",
     "language": ZH, "source": Src.ROADSHOW, "kind": Kind.CONGRESS, "year_in": 2,
     "days": 3, "delegates": 2000,
     "org": ("Demo Dermatology Society of China", "中国皮肤病学学会（演示）"),
     **national(), "venues": (EXPO,), "status": S.QUALIFIED, "due_in": 90,
     "dates": ((0, .32), (0, .42)),
     "notes": "学会将在年会上确定举办城市，需要市政府支持函。"},
    {"code": "MUNE", "meeting_name": "Asia-Pacific Congress of Example Immunology "
     "{year} (demo)", "language": EN, "source": Src.BUREAU, "kind": Kind.CONGRESS,
     "year_in": 3, "days": 4, "delegates": 1100,
     "org": ("Asia-Pacific League of Example Immunology (demo)",
             "亚太示例免疫学联盟（演示）"),
     **icca(R.REGIONAL, "Asia and the Pacific in turn", 5, F.UNKNOWN),
     "venues": (EXPO,), "status": S.QUALIFIED, "due_in": 150,
     "dates": ((-1, .9), (0, .1)),
     "notes": "Frequency to confirm with the secretariat: the last two congresses "
              "were three years apart."},
    {"code": "EVTE", "meeting_name": "{year}示例新能源汽车技术研讨会（演示）",
     "language": ZH, "source": Src.BUREAU,
     "association": "示例新能源汽车有限公司（演示）", "kind": Kind.CORPORATE,
     "year_in": 1, "starts": (5, 12), "days": 2, "delegates": 250,
     "venues": (CAMPUS,), "status": S.QUALIFIED, "due_in": 40,
     "dates": ((0, .46), (0, .52)),
     "notes": "需要一个主会场和两个分会场，希望参观本地工厂。"},
    # New
    {"code": "AGRY", "meeting_name": "{year}年全国示例农学学术研讨会（演示）",
     "language": ZH,
     **planner("周示例（演示）", "中国农学学会（演示）", "zhou.shili@example.org",
               "中国", "约500人，三天，希望安排茶园和农业科技园考察。"),
     "org": ("Demo Agronomy Society of China", "中国农学学会（演示）"),
     "kind": Kind.CONGRESS, "year_in": 1, "days": 3, "delegates": 500,
     "rotation": R.NATIONAL, "status": S.NEW, "dates": ((0, .95), (0, .95))},
    {"code": "MECH", "meeting_name": "Example Robotics Asia user conference {year} "
     "(demo)", "language": EN,
     **planner("Alex Sample (demo)", "Example Robotics (demo)",
               "alex.sample@example.org", "Japan",
               "About 300 customers for two days; we need a hall for product "
               "demonstrations."),
     "association": "Example Robotics (demo)", "kind": Kind.CORPORATE,
     "year_in": 1, "days": 2, "delegates": 300, "status": S.NEW,
     "dates": ((0, .97), (0, .97))},
    {"code": "MYCE", "meeting_name": "Asia-Pacific Congress of Example Mycology "
     "{year} (demo)", "language": EN, "source": Src.VENUE, "venue": CAMPUS,
     "kind": Kind.CONGRESS, "year_in": 3, "days": 3, "delegates": 200,
     "org": ("Asia-Pacific Society of Example Mycology (demo)",
             "亚太示例真菌学会（演示）"),
     **icca(R.REGIONAL, "", None, F.BIENNIAL), "status": S.NEW,
     "dates": ((0, .91), (0, .91)),
     "notes": "Passed on by the academic conference centre; rotation to find out."},
    {"code": "QUAK", "meeting_name": "International Symposium on Example "
     "Seismology {year} (demo)", "language": EN, "source": Src.BUREAU,
     "kind": Kind.CONGRESS, "year_in": 2, "days": 4, "delegates": 600,
     "org": ("International Association of Example Seismology (demo)",
             "国际示例地震学协会（演示）"),
     **icca(R.INTERNATIONAL, "Asia, Europe and the Americas in turn", 10,
            F.BIENNIAL),
     "status": S.NEW, "dates": ((0, .88), (0, .88)),
     "notes": "Found in the association's call for hosts."},
]
# fmt: on
