import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import MeetingRoom, Venue, VenuePhoto
from hangzhou_mice.models import Status
from tests.demo import load_demo
from tests.factories import ArticleFactory, EventFactory, make_image

pytestmark = pytest.mark.django_db


def venue(name, rooms=(), **fields):
    defaults = {
        "slug": name.lower().replace(" ", "-"),
        "kind": Venue.Kind.HOTEL,
        "district": Venue.District.XIHU,
        "address": "1 Demo Road",
        "summary": "s",
        "status": Status.PUBLISHED,
    }
    created = Venue.objects.create(name=name, **(defaults | fields))
    for n, seats in enumerate(rooms):
        MeetingRoom.objects.create(
            venue=created, name=f"Room {n}", area_m2=2000, **seats
        )
    return created


def found(client, **params):
    response = client.get("/en/venues/", params)
    assert response.status_code == 200
    return [v.name for v in response.context["venue_list"]], response


@pytest.fixture
def city():
    venue(
        "Expo",
        [{"theatre": 2400, "banquet": 1200}, {"theatre": 300}],
        kind=Venue.Kind.CONVENTION_CENTRE,
        district=Venue.District.XIAOSHAN,
    )
    venue("Grand Hotel", [{"theatre": 1200, "banquet": 800}], guest_rooms=450)
    pavilion = venue("Pavilion", [{"reception": 400}], kind=Venue.Kind.UNIQUE)
    pavilion.tags.add("unique venues")
    venue("Draft Hall", [{"theatre": 5000}], status=Status.DRAFT)
    venue("Tomorrow Hall", [{"theatre": 5000}],
          published_at=timezone.now() + datetime.timedelta(days=1))  # fmt: skip


def test_finder_lists_published_venues_by_name_with_count(client, city):
    names, response = found(client)

    assert names == ["Expo", "Grand Hotel", "Pavilion"]
    assert "3 venues found" in response.content.decode()


def test_finder_filters_by_attendees_in_a_layout(client, city):
    assert found(client, attendees=1000)[0] == ["Expo", "Grand Hotel"]
    assert found(client, attendees=1000, layout="banquet")[0] == ["Expo"]
    assert found(client, attendees=350, layout="reception")[0] == ["Pavilion"]


def test_finder_filters_one_by_one(client, city):
    assert found(client, kind="unique")[0] == ["Pavilion"]
    assert found(client, district="xiaoshan")[0] == ["Expo"]
    assert found(client, min_guest_rooms=400)[0] == ["Grand Hotel"]
    assert found(client, tag="unique-venues")[0] == ["Pavilion"]


def test_finder_filters_together(client, city):
    names, _ = found(client, attendees=1000, layout="theatre", district="xihu",
                     min_guest_rooms=100, kind="hotel")  # fmt: skip

    assert names == ["Grand Hotel"]


def test_finder_sorts_by_capacity_of_the_layout(client, city):
    names, _ = found(client, sort="capacity")

    assert names == ["Expo", "Grand Hotel", "Pavilion"]  # no theatre seats: last
    assert found(client, sort="capacity", layout="reception")[0][0] == "Pavilion"


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"attendees": "lots"}, "Ignored attendees"),
        ({"attendees": "-5"}, "Ignored attendees"),
        ({"min_guest_rooms": "-1"}, "Ignored guest rooms at least"),
        ({"kind": "castle"}, "Ignored kind"),
        ({"layout": "standing"}, "Ignored layout"),
        ({"district": "atlantis"}, "Ignored district"),
        ({"sort": "price"}, "Ignored sort by"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_note(client, city, params, note):
    names, response = found(client, **params)

    assert names == ["Expo", "Grand Hotel", "Pavilion"]
    assert note in response.content.decode()


def test_bad_value_does_not_drop_the_good_filters(client, city):
    names, _ = found(client, attendees="lots", kind="unique")

    assert names == ["Pavilion"]


def test_finder_keeps_filters_in_page_links(client):
    for n in range(14):
        venue(f"Hall {n:02d}", [{"theatre": 100}])

    body = client.get(
        "/en/venues/", {"attendees": 50, "kind": "hotel"}
    ).content.decode()

    assert 'href="?attendees=50&amp;kind=hotel&amp;page=2"' in body
    assert 'value="50"' in body


def test_finder_queries_do_not_grow_with_results(client):
    for n in range(3):
        venue(f"Small {n}", [{"theatre": 100}]).photos.create(image=make_image())
    with CaptureQueriesContext(connection) as few:
        client.get("/en/venues/", {"attendees": 50})
    for n in range(9):
        venue(f"More {n}", [{"theatre": 100}]).photos.create(image=make_image())

    with CaptureQueriesContext(connection) as many:
        client.get("/en/venues/", {"attendees": 50})

    # The page cache's two reads, count, venues, their photos,
    # the tags the Topic box suggests, and the bureau's record and menu.
    assert len(many.captured_queries) == len(few.captured_queries) <= 7


def test_capacities_are_derived_from_rooms():
    hall = venue("Hall", [{"theatre": 900, "banquet": 400}, {"theatre": 1500}])

    derived = Venue.objects.with_capacities().get(pk=hall.pk)

    assert (derived.max_theatre, derived.max_banquet, derived.max_reception) == (
        1500,
        400,
        None,
    )
    MeetingRoom.objects.filter(venue=hall, theatre=1500).update(theatre=1600)
    assert Venue.objects.with_capacities().get(pk=hall.pk).max_theatre == 1600


def test_venue_page_shows_rooms_facts_map_events_and_related(client):
    hall = venue("Lake Hall", [{"theatre": 900, "classroom": 500, "banquet": 400,
                                "reception": 800}],
                 guest_rooms=300, airport_km=Decimal("25.5"), metro_km=Decimal("0.4"),
                 latitude=Decimal("30.25"), longitude=Decimal("120.15"))  # fmt: skip
    hall.tags.add("MICE")
    EventFactory(title="Congress here", venue=hall)
    EventFactory(title="Draft here", venue=hall, draft=True)
    ArticleFactory(title="Related story", tags=["MICE"])

    body = client.get(hall.get_absolute_url()).content.decode()

    for text in ("900", "500", "400", "800", "300", "26 km", "400 m",
                 "Congress here", "Related story"):  # fmt: skip
        assert text in body, text
    assert "Draft here" not in body
    assert "openstreetmap.org/?mlat=30.250000&amp;mlon=120.150000" in body
    assert "<script" not in body.split("<main")[1]


def test_draft_and_unknown_venues_are_404(client):
    draft = venue("Secret", status=Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/en/venues/no-such-venue/").status_code == 404
    assert client.get("/en/venues/SECRET/").status_code == 404


def room_form(admin_client, **room):
    data = {
        "name_en": "Hall", "slug": "hall", "kind": "hotel", "district": "xihu",
        "address_en": "1 Road", "summary_en": "s", "description_en": "", "tags": "",
        "guest_rooms": "0", "status": "draft",
        "rooms-TOTAL_FORMS": "1", "rooms-INITIAL_FORMS": "0",
        "rooms-0-name_en": "Ballroom", "rooms-0-area_m2": "100",
        "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0",
    }  # fmt: skip
    data |= {f"rooms-0-{key}": value for key, value in room.items()}
    return admin_client.post(reverse("admin:events_venue_add"), data)


def test_implausible_room_capacity_is_a_form_error(admin_client):
    response = room_form(admin_client, theatre="401")

    assert response.status_code == 200
    assert "more than 4 per m²" in response.content.decode()
    assert not Venue.objects.exists()


def test_negative_capacity_is_a_form_error(admin_client):
    response = room_form(admin_client, theatre="-5")

    assert response.status_code == 200
    assert not Venue.objects.exists()


def test_plausible_room_is_saved(admin_client):
    response = room_form(admin_client, theatre="400", banquet="250")

    assert response.status_code == 302
    assert MeetingRoom.objects.get().theatre == 400


def test_coordinates_out_of_range_are_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:events_venue_add"),
        {"name_en": "Hall", "slug": "hall", "kind": "hotel", "district": "xihu",
         "address_en": "1 Road", "summary_en": "s",
         "latitude": "91", "longitude": "200",
         "guest_rooms": "0", "status": "draft", "tags": "",
         "rooms-TOTAL_FORMS": "0", "rooms-INITIAL_FORMS": "0",
         "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"},
    )  # fmt: skip

    body = response.content.decode()
    assert "less than or equal to 90" in body
    assert "less than or equal to 180" in body


def test_duplicate_slug_is_a_form_error(admin_client):
    venue("Hall")

    response = room_form(admin_client, theatre="10")

    assert "Venue with this Slug already exists" in response.content.decode()


def test_publishing_a_venue_needs_alt_text_on_its_photos(admin_client):
    image = make_image(alt_text="")
    response = admin_client.post(
        reverse("admin:events_venue_add"),
        {"name_en": "Hall", "slug": "hall", "kind": "hotel", "district": "xihu",
         "address_en": "1 Road", "summary_en": "s", "guest_rooms": "0",
         "status": "published", "tags": "",
         "rooms-TOTAL_FORMS": "0", "rooms-INITIAL_FORMS": "0",
         "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0",
         "photos-0-image": image.pk, "photos-0-position": "0"},
    )  # fmt: skip

    assert "Give this image alt text" in response.content.decode()
    assert not VenuePhoto.objects.exists()


def test_demo_venues(client):
    load_demo()

    assert found(client, attendees=2000)[0] == [
        "Qiantang Demo International Expo Centre"
    ]
    assert "West Lake Demo Grand Hotel" in found(client, min_guest_rooms=400)[0]
    assert "Lakeside Demo Pavilion by West Lake" in found(client, kind="unique")[0]
    body = client.get("/en/").content.decode()
    assert "Qiantang Demo International Expo Centre" in body
