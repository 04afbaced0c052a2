"""The home page: what a planner sees first."""

import re

import pytest

from events.models import MeetingRoom
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def venue(name, *theatres, **kwargs):
    place = VenueFactory(name=name, **kwargs)
    for n, theatre in enumerate(theatres):
        MeetingRoom.objects.create(
            venue=place, name=f"Hall {n}", area_m2=100, theatre=theatre
        )
    return place


def test_home_shows_the_three_largest_venues_by_their_largest_room(client):
    venue("Expo Centre", 3000, 200)
    venue("Lakeside Hotel", 800)
    venue("Harbour Hotel", 800, 100)
    venue("Grand Hall", 5000, draft=True)
    venue("Tea House", 60)
    venue("Garden Villa")

    body = client.get("/en/").content.decode()

    section = body[body.index('id="venues-heading"') :]
    names = re.findall(r'card__title"[^>]*><a href="[^"]+">([^<]+)</a>', section)
    # Largest first; equal rooms by name; drafts never.
    assert names[:3] == ["Expo Centre", "Harbour Hotel", "Lakeside Hotel"]
