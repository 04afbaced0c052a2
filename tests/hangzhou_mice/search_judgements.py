"""A judged query set for the site search, on the demo content (issue 25).

Written on 2026-12-06, before any change to the search, and judged from the
demo's own content (`manage.py load_demo`: its articles, events, venues with
their rooms, active ambassadors and bureau pages, read in both languages),
never from what the search returned. Each query is something a meeting
planner, an association's staff or a journalist would type; `wanted` holds
the public addresses they would be glad to see among the first three
results: published articles in the page's language, published events,
venues and bureau pages, active ambassadors. An empty `wanted` means the
demo has nothing on the subject, and the right answer is no result.

Half the queries are asked on the Chinese site and half on the English one.
The kinds:

- exact: a name or a topic written as the content writes it.
- plural-district-cross: a plural or singular of the content's word, a
  district, or a name or topic typed in the other language or script.
- several-words: several words or a natural question, not all of which
  occur in the item ("banquet hall", 西湖边适合开会的场地).
- synonym: another word or a variant spelling for what the content says
  (center for centre, 宾馆 for 酒店, 展览 for 博览).
- typo: a misspelling, or a Chinese homophone typed by a pinyin input method
  (杭洲 for 杭州).
- traditional: traditional characters for the content's simplified ones.
- pinyin: Chinese names typed in pinyin, with or without spaces.
"""

from dataclasses import dataclass

EXACT = "exact"
PLURAL_DISTRICT_CROSS = "plural-district-cross"
SEVERAL_WORDS = "several-words"
SYNONYM = "synonym"
TYPO = "typo"
TRADITIONAL = "traditional"
PINYIN = "pinyin"
KINDS = (
    EXACT,
    PLURAL_DISTRICT_CROSS,
    SEVERAL_WORDS,
    SYNONYM,
    TYPO,
    TRADITIONAL,
    PINYIN,
)


@dataclass(frozen=True)
class Judgement:
    language: str  # "en" or "zh-hans": the site the query is typed on
    query: str
    kind: str
    wanted: tuple[str, ...]  # any of these among the first three; () for none


# The demo's public items, as paths without the language prefix.
ARTICLE_ASSOCIATIONS = "articles/introducing-hangzhous-association-resources"
ARTICLE_CLERVAUX = "articles/clervaux-rent-a-city"  # English only
ARTICLE_INNOVATION = "articles/hangzhou-leading-innovation-for-future-conferences"
FORUM = "events/demo-asian-materials-forum-2025"
ROADSHOW = "events/hangzhou-plus-roadshow-beijing"
PAVILION = "venues/lakeside-demo-pavilion"
EXPO = "venues/qiantang-demo-expo-centre"
HOTEL = "venues/west-lake-demo-grand-hotel"
RESORT = "venues/xianghu-demo-resort"
ZIJINGANG = "venues/zijingang-demo-academic-centre"
CHEN = "ambassadors/chen-shifan"
LIN = "ambassadors/lin-yanshi"
TIAN = "ambassadors/tian-mei"
WANG = "ambassadors/wang-lizi"
WHY = "meet/why-hangzhou"
BID = "meet/bid-support"
GETTING_HERE = "meet/getting-here"
TOOLKIT = "meet/planners-toolkit"
CASES = "meet/case-studies"
ABOUT = "meet/about-the-bureau"
CONTACT = "meet/contact"

AMBASSADORS = (CHEN, LIN, TIAN, WANG)
XIAOSHAN = (EXPO, RESORT)
WEST_LAKE = (HOTEL, PAVILION, ZIJINGANG)
BANQUET_VENUES = (HOTEL, EXPO, RESORT)
CONVENTION_CENTRES = (EXPO, ZIJINGANG)
# MICE in English, 会展 on the Chinese site.
MICE_EN = (ARTICLE_ASSOCIATIONS, ROADSHOW, EXPO, ARTICLE_INNOVATION)
MICE_ZH = (ARTICLE_ASSOCIATIONS, ROADSHOW, EXPO, ABOUT)
PCO = (BID, ABOUT, ARTICLE_ASSOCIATIONS, TOOLKIT)


def en(query, kind, *items):
    return Judgement("en", query, kind, tuple(f"/en/{item}/" for item in items))


def zh(query, kind, *items):
    return Judgement("zh-hans", query, kind, tuple(f"/zh-hans/{i}/" for i in items))


JUDGEMENTS = [
    # English site.
    en("West Lake Demo Grand Hotel", EXACT, HOTEL),
    en("Clervaux", EXACT, ARTICLE_CLERVAUX),
    en("Tian Mei", EXACT, TIAN, ARTICLE_ASSOCIATIONS),
    en("cardiology", EXACT, WANG),
    en("Asian Materials Forum", EXACT, FORUM, CHEN, CASES),
    en("Hangzhou PLUS", EXACT, ROADSHOW, ARTICLE_ASSOCIATIONS),
    en("Lakeview Ballroom", EXACT, HOTEL),
    en("visa", EXACT, GETTING_HERE),
    en("golf", EXACT),
    en("dentistry", EXACT),
    en("PCO", PLURAL_DISTRICT_CROSS, *PCO),
    en("会展", PLURAL_DISTRICT_CROSS, *MICE_EN),
    en("Xiaoshan", PLURAL_DISTRICT_CROSS, *XIAOSHAN),
    en("cardiologists", PLURAL_DISTRICT_CROSS, WANG),
    en("West Lake hotels", PLURAL_DISTRICT_CROSS, HOTEL),
    en("田梅", PLURAL_DISTRICT_CROSS, TIAN),
    en("materials scientists", PLURAL_DISTRICT_CROSS, CHEN, FORUM),
    en("西湖", PLURAL_DISTRICT_CROSS, HOTEL, PAVILION),
    en("Xiaoshan venues", SEVERAL_WORDS, *XIAOSHAN),
    en("congress centre", SEVERAL_WORDS, *CONVENTION_CENTRES),
    en("banquet hall", SEVERAL_WORDS, *BANQUET_VENUES),
    en(
        "which hotel in Hangzhou can host a 500-person banquet",
        SEVERAL_WORDS,
        HOTEL,
    ),
    en("how do I get from the airport to the city", SEVERAL_WORDS, GETTING_HERE),
    en("financial support for international congresses", SEVERAL_WORDS, BID),
    en("how to contact the convention bureau", SEVERAL_WORDS, CONTACT, ABOUT),
    en("venues near West Lake for a 200-person meeting", SEVERAL_WORDS, *WEST_LAKE),
    en("convention center", SYNONYM, *CONVENTION_CENTRES),
    en("incentive travel", SYNONYM, ROADSHOW, ARTICLE_ASSOCIATIONS),
    en("tea science symposium", SYNONYM, LIN, CASES),
    en("accommodation", SYNONYM, WHY, HOTEL, RESORT),
    en("heart doctor", SYNONYM, WANG),
    en("subsidy", SYNONYM, BID),
    en("conference centers", SYNONYM, *CONVENTION_CENTRES),
    en("trade fair venue", SYNONYM, EXPO),
    en("Westlake Grand Hotel", SYNONYM, HOTEL),
    en("convension centre", TYPO, *CONVENTION_CENTRES),
    en("cardiolgy", TYPO, WANG),
    en("Qiantong expo centre", TYPO, EXPO),
    en("Clairvaux", TYPO, ARTICLE_CLERVAUX),
    en("ambasador", TYPO, ABOUT, ARTICLE_ASSOCIATIONS, *AMBASSADORS),
    en("Xianghu resrot", TYPO, RESORT),
    en("Zijingang Acadmic Centre", TYPO, ZIJINGANG),
    en("會展", TRADITIONAL, *MICE_EN),
    en("蕭山", TRADITIONAL, *XIAOSHAN),
    en("陳示範", TRADITIONAL, CHEN),
    en("錢塘", TRADITIONAL, EXPO, FORUM),
    en("會議大使", TRADITIONAL, ABOUT, ARTICLE_ASSOCIATIONS, *AMBASSADORS),
    en("xihu", PINYIN, *WEST_LAKE),
    en("huqingyutang", PINYIN, WHY),
    en("Longjing", PINYIN, LIN, WHY, CASES),
    en("hangzhou guoji", PINYIN, WHY, EXPO),
    en("tianmei", PINYIN, TIAN),
    # Chinese site.
    zh("西湖大酒店", EXACT, HOTEL),
    zh("田梅", EXACT, TIAN, ARTICLE_ASSOCIATIONS),
    zh("会展", EXACT, *MICE_ZH),
    zh("签证", EXACT, GETTING_HERE),
    zh("申办支持", EXACT, BID),
    zh("陈示范", EXACT, CHEN, CASES, FORUM),
    zh("报告厅", EXACT, ZIJINGANG, CASES),
    zh("茶学", EXACT, LIN, CASES),
    zh("高尔夫", EXACT),
    zh("滑雪场", EXACT),
    zh("萧山", PLURAL_DISTRICT_CROSS, *XIAOSHAN),
    zh("cardiology", PLURAL_DISTRICT_CROSS, WANG),
    zh("West Lake", PLURAL_DISTRICT_CROSS, HOTEL, PAVILION),
    zh("Tian Mei", PLURAL_DISTRICT_CROSS, TIAN),
    zh("MICE", PLURAL_DISTRICT_CROSS, *MICE_ZH),
    zh("PCO", PLURAL_DISTRICT_CROSS, *PCO),
    zh("Xiaoshan", PLURAL_DISTRICT_CROSS, *XIAOSHAN),
    zh("roadshow", PLURAL_DISTRICT_CROSS, ROADSHOW, ARTICLE_ASSOCIATIONS),
    zh("西湖边适合开会的场地", SEVERAL_WORDS, *WEST_LAKE),
    zh("杭州哪家酒店可以举办500人的宴会", SEVERAL_WORDS, HOTEL),
    zh("湘湖度假村", SEVERAL_WORDS, RESORT),
    zh("Hangzhou 会展", SEVERAL_WORDS, *MICE_ZH),
    zh("萧山 会展中心", SEVERAL_WORDS, EXPO),
    zh("怎么从机场到市区", SEVERAL_WORDS, GETTING_HERE),
    zh("申办国际会议能获得资助吗", SEVERAL_WORDS, BID),
    zh("有800座报告厅的高校会场", SEVERAL_WORDS, ZIJINGANG, CASES),
    zh("展览中心", SYNONYM, EXPO),
    zh("宾馆", SYNONYM, HOTEL),
    zh("饭店", SYNONYM, HOTEL),
    zh("心内科医生", SYNONYM, WANG),
    zh("会议补贴", SYNONYM, BID),
    zh("奖励旅游", SYNONYM, ROADSHOW, ARTICLE_ASSOCIATIONS),
    zh("度假酒店", SYNONYM, RESORT, WHY),
    zh("杭洲会展", TYPO, *MICE_ZH),
    zh("钱唐国际博览中心", TYPO, EXPO),
    zh("田美", TYPO, TIAN),
    zh("湘胡度假村", TYPO, RESORT),
    zh("紫金刚", TYPO, ZIJINGANG),
    zh("签正", TYPO, GETTING_HERE),
    zh("會展", TRADITIONAL, *MICE_ZH),
    zh("蕭山", TRADITIONAL, *XIAOSHAN),
    zh("會議大使", TRADITIONAL, ABOUT, ARTICLE_ASSOCIATIONS, *AMBASSADORS),
    zh("錢塘國際博覽中心", TRADITIONAL, EXPO),
    zh("簽證", TRADITIONAL, GETTING_HERE),
    zh("紫金港學術會議中心", TRADITIONAL, ZIJINGANG),
    zh("xihu", PINYIN, *WEST_LAKE),
    zh("tianmei", PINYIN, TIAN),
    zh("hangzhou guoji", PINYIN, WHY, EXPO),
    zh("chenshifan", PINYIN, CHEN),
    zh("huiyi dashi", PINYIN, ABOUT, ARTICLE_ASSOCIATIONS, *AMBASSADORS),
    zh("longjing", PINYIN, LIN, WHY, CASES),
    zh("qianzheng", PINYIN, GETTING_HERE),
]
