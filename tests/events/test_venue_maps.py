"""A venue's map link and distances, in the page's language."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from events.templatetags.distances import distance
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def lakeside(**fields):
    return VenueFactory(
        name="Lakeside Hotel",
        name_zh_hans="湖畔酒店",
        latitude=Decimal("30.259"),
        longitude=Decimal("120.158"),
        **fields,
    )


def page(client, venue, language):
    with translation.override(language):
        url = venue.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_chinese_page_links_amap_which_converts_from_wgs84(client):
    body = page(client, lakeside(), "zh-hans")

    (href,) = [part.split('"')[0] for part in body.split('href="')[1:]
               if part.startswith("https://uri.amap.com/")]  # fmt: skip
    query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert query["position"] == ["120.158000,30.259000"]  # longitude first
    assert query["coordinate"] == ["wgs84"]
    assert query["name"] == ["湖畔酒店"]
    assert "openstreetmap.org" not in body


def test_english_page_links_openstreetmap(client):
    body = page(client, lakeside(), "en")

    assert "openstreetmap.org/?mlat=30.259000&amp;mlon=120.158000" in body
    assert "amap.com" not in body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_venue_without_coordinates_has_no_map_link(client, language):
    body = page(client, VenueFactory(), language)

    with translation.override(language):
        labels = [gettext("Map (Amap)"), gettext("Map (OpenStreetMap)")]
    assert [label for label in labels if label in body] == []


@pytest.mark.parametrize(
    ("km", "en", "zh_hans"),
    [
        ("0.4", "400 m", "400 米"),
        ("0.0", "0 m", "0 米"),
        ("1.0", "1 km", "1 公里"),
        ("2.5", "2.5 km", "2.5 公里"),
        ("9.96", "10 km", "10 公里"),
        ("12.5", "13 km", "13 公里"),
        ("30.0", "30 km", "30 公里"),
        ("120", "120 km", "120 公里"),
    ],
)
def test_distance_is_metres_under_a_km_and_never_ends_in_point_zero(km, en, zh_hans):
    with translation.override("en"):
        assert distance(Decimal(km)) == en
    with translation.override("zh-hans"):
        assert distance(Decimal(km)) == zh_hans


def test_venue_page_shows_distances_and_area_in_the_page_language(client):
    venue = lakeside(
        airport_km=Decimal("30.0"), metro_km=Decimal("0.4"), meeting_space_m2=1580
    )

    chinese, english = page(client, venue, "zh-hans"), page(client, venue, "en")

    for fact in ("30 公里", "400 米", "1580 平方米"):
        assert f"<dd>{fact}</dd>" in chinese, fact
    for fact in ("30 km", "400 m", "1580 m²"):
        assert f"<dd>{fact}</dd>" in english, fact


@pytest.mark.parametrize(
    ("language", "says"), [("en", "WGS-84 degrees (GPS)"), ("zh-hans", "WGS-84 坐标")]
)
def test_venue_form_says_which_coordinate_system_it_wants(admin_client, language, says):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    body = admin_client.get("/admin/events/venue/add/").content.decode()

    assert body.count(says) == 2  # latitude and longitude
