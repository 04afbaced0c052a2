"""What each kind's search documents say: topics and labels in both
languages, rooms with their capacities, nothing a visitor would not type;
and that renaming or pairing a tag refreshes what it tags."""

import pytest
from django.contrib.postgres.search import SearchQuery

from events.models import Event, MeetingRoom, Venue
from hangzhou_mice import registry
from hangzhou_mice.models import SearchEntry, Tag
from hangzhou_mice.search import rebuild
from hangzhou_mice.search.backends import han_phrase
from hangzhou_mice.search.text import HAN
from hangzhou_mice.services import tag_merge, tag_pair
from tests.factories import (
    AcademicFieldFactory,
    AmbassadorFactory,
    ArticleFactory,
    BureauPageFactory,
    EventFactory,
    OrganizationFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def documents(item):
    """{language: Document} of one item, read as a rebuild reads it."""
    kind = registry.for_model(type(item))
    item = kind.search_items().get(pk=item.pk)
    return {document.language: document for document in kind.search_documents(item)}


def paired(english, chinese):
    tag = Tag.objects.create(name=english, counterpart=Tag.objects.create(name=chinese))
    tag_pair(tag=tag)
    return tag


def indexed(item, language, word):
    """Whether the item's stored entry in `language` has `word`: a Chinese
    word as the index keeps it in that language, an English one stemmed."""
    if HAN.search(word):
        query = han_phrase(word, language)
    else:
        query = SearchQuery(word, config="english")
    entries = SearchEntry.objects.filter(
        kind=item._meta.model_name, object_id=item.pk, language=language
    )
    assert entries.exists()
    return entries.filter(document=query).exists()


@pytest.mark.parametrize(
    "factory",
    [ArticleFactory, EventFactory, VenueFactory, AmbassadorFactory, BureauPageFactory],
)
def test_every_kind_carries_its_topics_under_both_names(factory):
    tag = paired("MICE", "会展")
    item = factory()
    item.tags.add(tag)

    for document in documents(item).values():
        assert {"MICE", "会展"} <= set(document.other.split()), document.language


def test_a_venue_carries_the_other_languages_labels_and_room_names():
    venue = VenueFactory(
        name="Riverside Expo", district=Venue.District.XIAOSHAN, kind=Venue.Kind.HOTEL
    )
    MeetingRoom.objects.create(
        venue=venue, name_en="Grand Ballroom", name_zh_hans="大宴会厅", area_m2=900
    )

    english, chinese = documents(venue)["en"], documents(venue)["zh-hans"]

    assert {"Xiaoshan", "Hotel", "venue", "Grand", "Ballroom"} <= set(
        chinese.other.split()
    )
    assert {"萧山区", "酒店", "场馆", "大宴会厅"} <= set(english.other.split())
    assert "萧山区" not in chinese.other and "Xiaoshan" not in english.other


def test_an_ambassador_carries_the_other_languages_fields_and_institution():
    field = AcademicFieldFactory(name_en="Cardiology", name_zh_hans="心血管病学")
    ambassador = AmbassadorFactory(
        institution__name_en="Qiantang University",
        institution__name_zh_hans="钱塘大学",
    )
    ambassador.academic_fields.add(field)

    english, chinese = documents(ambassador)["en"], documents(ambassador)["zh-hans"]

    assert {"Cardiology", "Qiantang", "University"} <= set(chinese.other.split())
    assert {"心血管病学", "钱塘大学"} <= set(english.other.split())


def test_an_event_carries_the_other_languages_kind_venue_and_organizer():
    venue = VenueFactory(name_en="Riverside Expo", name_zh_hans="江畔会展中心")
    organizer = OrganizationFactory(name_en="Hangzhou Tourism", name_zh_hans="杭州旅游")
    event = EventFactory(kind=Event.Kind.ROADSHOW, venue=venue, organizer=organizer)

    english, chinese = documents(event)["en"], documents(event)["zh-hans"]

    assert {"路演", "江畔会展中心", "杭州旅游"} <= set(english.other.split())
    assert {"Roadshow", "Riverside", "Tourism"} <= set(chinese.other.split())


def test_a_venues_text_has_each_room_with_its_capacity_per_layout():
    venue = VenueFactory()
    MeetingRoom.objects.create(
        venue=venue,
        name_en="Grand Ballroom",
        name_zh_hans="大宴会厅",
        area_m2=900,
        theatre=1200,
        banquet=800,
    )
    MeetingRoom.objects.create(
        venue=venue, name_en="Orchid Room", area_m2=100, banquet=60, reception=90
    )

    english, chinese = documents(venue)["en"].text, documents(venue)["zh-hans"].text

    assert "Grand Ballroom: theatre 1200 people, banquet 800 people." in english
    assert "Orchid Room: banquet 60 people, reception 90 people." in english
    assert "Up to 1200 seated (theatre) · Up to 800 seated (banquet)" in english
    assert "大宴会厅" in chinese
    assert "剧院式 1200" in chinese and "宴会式 800" in chinese
    assert "最多 800 座（宴会式）" in chinese


def test_documents_hold_no_slugs():
    tag = Tag.objects.create(name="Meetings industry", slug="zq-topic")
    venue = VenueFactory(name="Lakeside Hall", slug="zq-venue")
    MeetingRoom.objects.create(venue=venue, name="Hall", area_m2=90, banquet=30)
    article = ArticleFactory(title="Congress", slug="zq-article")
    for item in (venue, article):
        item.tags.add(tag)

    for item in (venue, article):
        for document in documents(item).values():
            said = f"{document.title} {document.names} {document.text} {document.other}"
            assert "Meetings industry" in said
            assert "zq-" not in said


def test_building_every_document_takes_the_same_queries_for_more_items(
    django_assert_max_num_queries,
):
    def build_all():
        return [
            document
            for kind in registry.kinds()
            if kind.search_documents
            for item in kind.search_items()
            for document in kind.search_documents(item)
        ]

    def make(n):
        tags = [paired(f"Topic {n} {i}", f"话题{n}{i}") for i in range(3)]
        for factory in (
            ArticleFactory,
            EventFactory,
            VenueFactory,
            AmbassadorFactory,
            BureauPageFactory,
        ):
            factory(tags=tags)
        venue = Venue.objects.latest("pk")
        MeetingRoom.objects.create(venue=venue, name="Hall", area_m2=90, banquet=30)

    make(0)
    with django_assert_max_num_queries(100) as few:
        build_all()
    for n in range(1, 6):
        make(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(build_all()) > 5 * 9


def test_a_rebuild_indexes_the_topics_in_both_languages():
    tag = paired("MICE", "会展")
    items = [factory(tags=[tag]) for factory in (ArticleFactory, VenueFactory)]

    rebuild()

    for item in items:
        assert indexed(item, "en", "会展")


def test_pairing_a_tag_reindexes_what_it_tags(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(tags=["MICE"])
        venue = VenueFactory(tags=["会展"])
    assert not indexed(article, "en", "会展")

    with django_capture_on_commit_callbacks(execute=True):
        tag = Tag.objects.get(name="MICE")
        tag.counterpart = Tag.objects.get(name="会展")
        tag.save()
        tag_pair(tag=tag)

    assert indexed(article, "en", "会展")
    # The counterpart's items carry the tag's name too.
    assert indexed(venue, "zh-hans", "MICE")


def test_renaming_a_tag_reindexes_what_it_and_its_counterpart_tag(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        tag = paired("MICE", "会展")
        article = ArticleFactory(tags=[tag])
        page = BureauPageFactory(tags=[tag.counterpart])

    with django_capture_on_commit_callbacks(execute=True):
        tag.counterpart.name = "会奖"
        tag.counterpart.save()

    assert indexed(article, "en", "会奖")
    assert indexed(page, "zh-hans", "会奖")
    assert not indexed(article, "en", "会展")


def test_deleting_a_tag_reindexes_what_it_tagged(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tag = paired("MICE", "会展")
        article = ArticleFactory(tags=[tag])

    with django_capture_on_commit_callbacks(execute=True):
        tag.counterpart.delete()

    assert not indexed(article, "en", "会展")
    assert indexed(article, "en", "MICE")


def test_merging_a_tag_reindexes_what_it_tagged(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(tags=["conference"])
        target = Tag.objects.create(name="congress", slug="congress")

    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(source=Tag.objects.get(name="conference"), target=target)

    assert indexed(article, "en", "congress")
    assert not indexed(article, "en", "conference")
