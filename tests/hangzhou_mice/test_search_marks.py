"""What a search result shows: marks, names in the other script, excerpts
and the "Did you mean" line."""

import re

import pytest
from django.utils import translation

from hangzhou_mice.search.backends import Document, Hit, Results
from hangzhou_mice.search.highlight import excerpt, marked, pattern, title_and_other

LONG_CHINESE = (
    "杭州常住人口超过一千万，乘高铁到上海约一小时。这里高校和科研机构云集，"
    "数字经济活跃，拥有三处世界遗产。G20 峰会和亚运会留下的场馆设施完善，"
    "是举办协会会议的理想城市。协会会议往往选择学科发展活跃的城市，参会代表"
    "可以实地走访相关的实验室、医院和企业，本地会员也以承办会议为荣。越来越多"
    "学科的协会把目光投向杭州，会展路演让更多协会了解杭州。浙江大学是国内一流的"
    "研究型大学，西湖大学聚焦基础研究，阿里巴巴达摩院也在这里。杭州萧山国际机场"
    "通达国内主要城市以及亚洲等地，乘高铁到北京最快不到五小时。"
)
LONG_ENGLISH = (
    "A city of more than twelve million people an hour from Shanghai, with "
    "leading universities, a digital economy that delegates want to see, three "
    "World Heritage sites and the venues of the G20 summit and the Asian Games. "
    "Associations choose cities where their field is alive: delegates visit the "
    "laboratories, hospitals and companies, and local members are proud to host. "
    "The roadshow brought the city to national associations in Beijing, where "
    "planners met the ambassadors. Zhejiang University is among the leading "
    "research universities of China; Westlake University focuses on research."
)


def shown(html):
    """The text a visitor reads: tags dropped."""
    return re.sub(r"<[^>]+>", "", str(html))


@pytest.mark.parametrize(
    ("text", "stems", "strings", "expected"),
    [
        ("杭州PLUS会展", ["plus"], ["杭州"], "<mark>杭州</mark><mark>PLUS</mark>会展"),
        ("会展PLUS", ["plus"], [], "会展<mark>PLUS</mark>"),
        ("the digital economy", ["economi"], [], "the digital <mark>economy</mark>"),
        ("Lakeside by the Lake", ["lake"], [], "Lakeside by the <mark>Lake</mark>"),
        ("Convention center", [], ["center"], "Convention <mark>center</mark>"),
        ("epicenter", [], ["center"], "epicenter"),
    ],
)
def test_latin_words_are_marked_at_latin_boundaries_even_beside_han(
    text, stems, strings, expected
):
    assert marked(text, pattern(stems, strings)) == expected


@pytest.mark.parametrize(
    ("text", "word", "longest", "shortest"),
    [(LONG_CHINESE, "会展", 80, 50), (LONG_ENGLISH, "roadshow", 160, 120)],
)
def test_an_excerpt_is_about_80_han_or_160_latin_characters_around_the_mark(
    text, word, longest, shortest
):
    result = excerpt(text, pattern([], [word]))

    assert f"<mark>{word}</mark>" in result
    assert shortest <= len(shown(result).strip("…")) <= longest
    assert shown(result).startswith("…") and shown(result).endswith("…")


def test_the_script_at_the_mark_decides_the_length():
    text = LONG_CHINESE.replace("会展路演", "PLUS 路演")

    result = excerpt(text, pattern(["plus"], []))

    assert "<mark>PLUS</mark>" in result
    assert len(shown(result)) <= 80 + 2


@pytest.mark.parametrize(
    ("text", "stems", "strings", "before", "after"),
    [
        (LONG_CHINESE, [], ["会展"], "，。", "，。"),
        (LONG_ENGLISH, ["roadshow"], [], " ", " "),
    ],
)
def test_an_excerpt_is_cut_after_punctuation_or_between_words(
    text, stems, strings, before, after
):
    inner = shown(excerpt(text, pattern(stems, strings))).strip("…")
    start = text.index(inner)
    end = start + len(inner)

    assert text[start - 1] in before
    assert inner[-1] in after or text[end] in after


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A venue: summary, address, district, kind and rooms joined for the index.
        ("演示用的虚构会展中心。  杭州市萧山区演示路1号 萧山区 会展中心 大会堂",
         "演示用的虚构<mark>会展</mark>中心。"),
        # A heading joined to its paragraph.
        ("市内交通 地铁连通机场和主要会展区域。",
         "地铁连通机场和主要<mark>会展</mark>区域。"),
        # Two paragraphs.
        ("第一段。 2019 年的会展。", "2019 年的<mark>会展</mark>。"),
        # A field per line, as an app may join them.
        ("A venue for shows.\nMeeting Room 会展", "Meeting Room <mark>会展</mark>"),
    ],
)  # fmt: skip
def test_an_excerpt_stays_within_the_piece_of_text_holding_the_mark(body, expected):
    assert excerpt(body, pattern([], ["会展"])) == expected


def test_no_space_shows_beside_full_width_punctuation():
    body = "数字经济与计算机 ：阿里巴巴总部所在地（ 演示 ）"

    assert excerpt(body, None) == "数字经济与计算机：阿里巴巴总部所在地（演示）"


def test_an_excerpt_without_a_mark_is_the_start_of_the_text():
    result = shown(excerpt(LONG_ENGLISH, pattern(["tea"], [])))

    assert result.startswith("A city of more than")
    assert result.endswith("…") and len(result) <= 161


@pytest.mark.parametrize(
    ("language", "title", "other", "query", "title_html", "other_html"),
    [
        ("en", "Tian Mei", "田梅", ["田梅"], "Tian Mei",
         '<span class="search-result__other" lang="zh-Hans"><mark>田梅</mark></span>'),
        ("zh-hans", "田梅", "Tian Mei", ["Tian Mei"], "田梅",
         '<span class="search-result__other" lang="en"><mark>Tian Mei</mark></span>'),
        ("en", "Tian Mei", "田梅 Tian Mei", ["Tian"], "<mark>Tian</mark> Mei", ""),
        ("zh-hans", "Lakeside Hall", "湖畔厅", ["Lakeside"],
         '<span lang="en"><mark>Lakeside</mark> Hall</span>', ""),
    ],
)  # fmt: skip
def test_the_other_language_title_shows_marked_where_only_it_has_the_words(
    language, title, other, query, title_html, other_html
):
    with translation.override(language):
        shown_title, shown_other = title_and_other(title, other, pattern([], query))

    assert (shown_title, shown_other) == (title_html, other_html)


@pytest.mark.django_db
def test_a_chinese_name_finds_and_marks_the_english_page_of_its_person(client):
    from hangzhou_mice.search import backend

    backend().index(
        [
            Document(
                kind="ambassador",
                object_id=1,
                language="en",
                title="Tian Mei",
                url="/en/ambassadors/tian-mei/",
                published=True,
                other="田梅",
                other_names="田梅",
                text="Vice chairperson of the Zhejiang Association for Science.",
            )
        ]
    )

    body = client.get("/en/search/", {"q": "田梅"}).content.decode()

    assert '<a href="/en/ambassadors/tian-mei/">Tian Mei</a>' in body
    assert re.search(
        r'class="search-result__other" lang="zh-Hans">[^<]*<mark>田梅', body
    )


class FakeBackend:
    """Answers every search with one hit and what the test gives it."""

    def __init__(self, **results):
        self.results = results

    def search(self, query, *args):
        hit = Hit("venue", 1, "Cardiology hall", "/en/venues/hall/", "", None)
        return Results(hits=[hit], count=1, capped=False, **self.results)

    def years(self, language):
        return []


@pytest.fixture
def answers(monkeypatch):
    def answer(**results):
        fake = FakeBackend(**results)
        monkeypatch.setattr("hangzhou_mice.search.views.backend", lambda: fake)

    return answer


SUGGESTED = '<a href="?q=cardiology&amp;kind=venue">cardiology</a>'


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("corrected", "line"),
    [
        (True, f"No results for “cardiolgy”. Showing results for {SUGGESTED}."),
        (False, f"Did you mean {SUGGESTED}?"),
    ],
)
def test_a_suggestion_links_to_its_search_keeping_the_filters(
    client, answers, corrected, line
):
    answers(suggestion="cardiology", corrected=corrected, stems=["cardiolog"])

    body = client.get("/en/search/", {"q": "cardiolgy", "kind": "venue", "page": 1})

    assert line in body.content.decode()
    assert "<mark>Cardiology</mark> hall" in body.content.decode()


@pytest.mark.django_db
def test_a_suggestion_in_the_other_script_carries_its_language(client, answers):
    answers(suggestion="cardiology", corrected=True)

    body = client.get("/zh-hans/search/", {"q": "cardiolgy"}).content.decode()

    assert '<span lang="en">cardiology</span></a>' in body
    assert '<span lang="en">cardiolgy</span>' in body


@pytest.mark.django_db
def test_no_suggestion_no_line(client, answers):
    answers()

    body = client.get("/en/search/", {"q": "cardiology"}).content.decode()

    assert "search-suggestion" not in body


def test_nothing_is_marked_inside_an_address():
    words = pattern(["mice"], ())

    text = marked("MICE enquiries: meetings@hangzhou-mice.example.cn", words)

    assert text == "<mark>MICE</mark> enquiries: meetings@hangzhou-mice.example.cn"
