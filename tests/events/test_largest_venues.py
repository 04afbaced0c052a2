"""The largest venues found from the largest rooms are the full ranking's."""

import random

import pytest
from django.db.models import F, Max

from events.models import MeetingRoom, Venue
from events.models import venues as venue_models
from hangzhou_mice.translated import localized
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_the_cutoff_gives_the_full_rankings_top_for_any_rooms(monkeypatch):
    chooser = random.Random(5)
    for n in range(24):
        venue = VenueFactory(
            name=f"Venue {chooser.randint(1, 9)} {n}", draft=n % 6 == 0
        )
        for m in range(chooser.randint(0, 4)):
            theatre = chooser.choice([None, 50, 200, 200, 800, 1500, 3000])
            MeetingRoom.objects.create(
                venue=venue, name=f"Hall {m}", area_m2=100, theatre=theatre
            )
    published = Venue.objects.published()
    ranking = published.alias(largest=Max("rooms__theatre")).order_by(
        F("largest").desc(nulls_last=True), localized(Venue, "name")
    )

    for walked in (1, 2, 3, 5, 8, 50):
        monkeypatch.setattr(venue_models, "LARGEST_ROOMS_WALKED", walked)
        for count in (1, 3, 5):
            expected = list(ranking.values_list("pk", flat=True)[:count])

            found = list(published.largest(count).values_list("pk", flat=True)[:count])

            assert found == expected, (walked, count)
