"""The venue finder's Topic box: tag names as shown, old slug links, and what
it says when nothing matches."""

import datetime

import pytest

from events.forms import VenueFinderForm
from hangzhou_mice.models import Tag
from tests.factories import ArticleFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged():
    VenueFactory(name="Expo", slug="expo", tags=["MICE", "Hangzhou"])
    VenueFactory(name="Lake Hotel", slug="lake-hotel", tags=["West Lake", "会展"])
    VenueFactory(name="Pavilion", slug="pavilion", tags=["unique venues"])
    VenueFactory(name="Draft", slug="draft", tags=["MICE", "Secret"], draft=True)
    ArticleFactory(tags=["Articles only"])


def found(client, language="en", **params):
    response = client.get(f"/{language}/venues/", params)
    assert response.status_code == 200
    return [v.slug for v in response.context["venue_list"]], response


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("topic", "slugs"),
    [
        ("MICE", ["expo"]),
        ("mice", ["expo"]),
        ("  Mice ", ["expo"]),
        ("会展", ["lake-hotel"]),
        ("West Lake", ["lake-hotel"]),
        ("west lake", ["lake-hotel"]),
        ("Unique Venues", ["pavilion"]),
    ],
)
def test_topic_finds_venues_by_tag_name_in_any_case(
    client, tagged, language, topic, slugs
):
    assert found(client, language, tag=topic)[0] == slugs


@pytest.mark.parametrize(
    ("slug", "venue"),
    [
        ("mice", "expo"),
        ("MICE", "expo"),
        ("west-lake", "lake-hotel"),
        ("会展", "lake-hotel"),
        ("unique-venues", "pavilion"),
    ],
)
def test_old_links_by_tag_slug_still_find_the_venues(client, tagged, slug, venue):
    assert found(client, tag=slug)[0] == [venue]


def test_venue_with_a_tag_named_and_another_slugged_as_the_topic_appears_once(
    client,
):
    by_name = Tag.objects.create(name="lakes", slug="lake-views")
    by_slug = Tag.objects.create(name="Lakes and hills", slug="lakes")
    VenueFactory(slug="hall", tags=[by_name, by_slug])

    names, response = found(client, tag="Lakes")

    assert names == ["hall"]
    assert "1 venue found" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_topic_box_suggests_the_tags_of_published_venues(client, tagged, language):
    body = found(client, language)[1].content.decode()

    assert 'list="venue-topics"' in body
    datalist = body.split('<datalist id="venue-topics">')[1].split("</datalist>")[0]
    for name in ("MICE", "Hangzhou", "West Lake", "unique venues", "会展"):
        assert f'<option value="{name}"' in datalist
    assert "Secret" not in datalist  # a draft venue's only
    assert "Articles only" not in datalist


def test_a_scheduled_venues_tags_are_suggested_once_it_is_live(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC))
    later = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    VenueFactory(name="Expo", slug="expo", tags=["MICE"])
    VenueFactory(name="New Hall", slug="new", tags=["Opening"], published_at=later)
    before = found(client)[1].content.decode()  # the query is built now

    time_machine.move_to(later + datetime.timedelta(minutes=1))
    after = found(client)[1].content.decode()

    assert '<option value="Opening"' not in before
    assert '<option value="Opening"' in after


@pytest.mark.parametrize(
    ("language", "option"),
    [
        ("en", '<option value="MICE">'),
        ("en", '<option value="会展" lang="zh-Hans">'),
        ("zh-hans", '<option value="MICE" lang="en">'),
        ("zh-hans", '<option value="会展">'),
    ],
)
def test_suggestions_in_the_other_language_say_which(client, tagged, language, option):
    assert option in found(client, language)[1].content.decode()


def test_topic_filter_and_suggestions_cost_no_query_per_venue(
    client, tagged, django_assert_max_num_queries
):
    VenueFactory.create_batch(20, tags=["MICE", "会展"])

    # With the page cache's two reads, the footer's record and menu.
    with django_assert_max_num_queries(7):
        names, _ = found(client, tag="mice")

    assert len(names) == 12  # a full page


def test_unknown_topic_finds_nothing_and_says_so(client, tagged):
    names, response = found(client, tag="Atlantis")

    body = response.content.decode()
    assert names == []
    assert "No venue matches: topic “Atlantis”. Try another topic." in body
    assert "attendees" not in body.split("No venue matches")[1]
    assert 'href="/en/venues/">Show all venues</a>' in body


def test_no_results_note_names_every_filter_given(client, tagged):
    params = {"attendees": 800, "layout": "theatre", "district": "xihu",
              "tag": "MICE", "sort": "capacity"}  # fmt: skip

    body = found(client, **params)[1].content.decode()

    assert (
        "No venue matches: at least 800 attendees (theatre), district Xihu "
        "(West Lake), topic “MICE”. Try removing one of them." in body
    )


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"district": "binjiang"}, "district Binjiang. Try another district."),
        ({"kind": "resort", "layout": "banquet"},
         "kind resort. Try another kind of venue."),
        ({"min_guest_rooms": 900, "tag": "mice"},
         "at least 900 guest rooms, topic “mice”. Try removing one of them."),
        ({"min_guest_rooms": 0, "tag": "?"}, "topic “?”. Try another topic."),
        ({"attendees": 1, "layout": "reception", "kind": "resort"},
         "at least 1 attendee (reception), kind resort. Try removing"),
    ],
)  # fmt: skip
def test_no_results_note_names_only_the_filters_that_narrowed(
    client, tagged, params, note
):
    body = found(client, **params)[1].content.decode()

    assert f"No venue matches: {note}" in body
    if "attendees" not in params:
        assert "attendee" not in body.split("No venue matches")[1]


def test_chinese_note_lists_the_filters_the_chinese_way(client, tagged):
    response = found(client, "zh-hans", district="binjiang", tag="MICE")[1]

    assert "、" in response.context["narrowed_by"]


def test_no_venue_at_all_is_not_blamed_on_filters(client):
    names, response = found(client, sort="capacity", layout="banquet")

    assert names == []
    assert "No venues are listed yet." in response.content.decode()
    assert "No venue matches" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "tag=%00",
        "tag=MICE%00",
        "tag=" + "x" * 10_000,
        "tag=%F0%9F%8F%9B%EF%B8%8F",  # 🏛️
        "tag=%ED%A0%80",  # a lone surrogate, as UTF-8 would write it
        "tag=%FF%FE",
        "tag=%25",
        "tag=%27%20OR%201%3D1%20--",
        "tag=a&tag=b",
        "tag=",
    ],
)
def test_any_topic_gives_a_page(client, tagged, query):
    for language in ("en", "zh-hans"):
        response = client.get(f"/{language}/venues/?{query}")

        assert response.status_code == 200


@pytest.mark.parametrize(
    ("topic", "error"),
    [
        ("MICE\x00", "Null characters are not allowed."),
        ("x" * 10_000, "at most 100 characters"),
    ],
)
def test_unusable_topic_is_ignored_with_a_note(client, tagged, topic, error):
    names, response = found(client, tag=topic)

    assert names == ["expo", "lake-hotel", "pavilion"]
    body = response.content.decode()
    assert "Ignored topic:" in body
    assert error in body


def test_form_refuses_a_lone_surrogate_rather_than_send_it_to_the_database():
    form = VenueFinderForm({"tag": "\ud800MICE", "kind": "hotel"})

    assert form.filters() == {"kind": "hotel", "layout": "theatre"}
    assert "tag" in form.errors
