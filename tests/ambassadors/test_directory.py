import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambassadors.models import Ambassador
from tests.factories import (
    AcademicFieldFactory,
    AmbassadorFactory,
    OrganizationFactory,
    make_image,
)

pytestmark = pytest.mark.django_db

URL = "/en/ambassadors/"


@pytest.fixture
def directory():
    """Three active ambassadors across two fields and two institutions."""
    tea = AcademicFieldFactory(name="Tea Science")
    optics = AcademicFieldFactory(name="Optics")
    zju = OrganizationFactory(name="Qiantang University")
    westlake = OrganizationFactory(name="West Lake Institute")
    AmbassadorFactory(
        name="Tian Mei", chinese_name="田梅", institution=zju, academic_fields=[tea]
    )
    AmbassadorFactory(name="Chen Bo", institution=zju, academic_fields=[optics])
    AmbassadorFactory(
        name="Li Wei", institution=westlake, academic_fields=[tea, optics]
    )
    return {"tea": tea, "optics": optics, "zju": zju, "westlake": westlake}


def names(response):
    return [a.name for a in response.context["ambassador_list"]]


def test_directory_lists_active_ambassadors_with_position_and_institution(client):
    AmbassadorFactory(
        name="Tian Mei",
        position="Vice chairperson",
        institution=OrganizationFactory(name="Zhejiang Association"),
        photo=make_image(alt_text="Tian Mei smiling"),
    )
    AmbassadorFactory(name="Retired Person", inactive=True)

    response = client.get(URL)

    body = response.content.decode()
    assert names(response) == ["Tian Mei"]
    assert "Vice chairperson, Zhejiang Association" in body
    assert 'alt="Tian Mei smiling"' in body and "square-" in body
    assert "Retired Person" not in body
    assert "1 ambassador" in body


def test_active_queryset_is_what_the_home_page_counts():
    AmbassadorFactory.create_batch(2)
    AmbassadorFactory(inactive=True)

    assert Ambassador.objects.active().count() == 2


def test_directory_shows_the_count(client, directory):
    body = client.get(URL).content.decode()

    assert "3 ambassadors" in body


def test_filter_by_academic_field(client, directory):
    response = client.get(URL, {"field": "optics"})

    assert names(response) == ["Chen Bo", "Li Wei"]
    assert "2 ambassadors found" in response.content.decode()


def test_filter_by_institution(client, directory):
    response = client.get(URL, {"institution": directory["westlake"].pk})

    assert names(response) == ["Li Wei"]


@pytest.mark.parametrize("query", ["Tian", "tian mei", "田梅", "梅"])
def test_search_by_name_in_latin_letters_or_chinese_characters(
    client, directory, query
):
    assert names(client.get(URL, {"q": query})) == ["Tian Mei"]


def test_filters_combine(client, directory):
    both = {"field": "tea-science", "institution": directory["zju"].pk}

    assert names(client.get(URL, both)) == ["Tian Mei"]
    assert names(client.get(URL, both | {"q": "Chen"})) == []
    assert names(client.get(URL, {"field": "optics", "q": "li"})) == ["Li Wei"]


def test_form_keeps_the_chosen_filters(client, directory):
    body = client.get(URL, {"field": "optics", "q": "Li"}).content.decode()

    assert 'method="get"' in body
    assert '<option value="optics" selected>' in body
    assert 'value="Li"' in body


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"field": "alchemy"}, "There is no academic field “alchemy”."),
        ({"institution": "abc"}, "There is no institution “abc” here."),
        ({"institution": "999999"}, "There is no institution “999999” here."),
        ({"q": "x" * 101}, "The name searched for was too long."),
    ],
)
def test_bad_filter_values_are_ignored_with_a_note(client, directory, params, note):
    response = client.get(URL, params)

    body = response.content.decode()
    assert response.status_code == 200
    assert f"{note} That filter was ignored." in body
    assert len(names(response)) == 3


def test_a_bad_filter_leaves_the_good_ones_applied(client, directory):
    response = client.get(URL, {"field": "alchemy", "q": "Tian"})

    assert names(response) == ["Tian Mei"]
    assert "There is no academic field" in response.content.decode()


def test_bad_filter_values_are_escaped_in_the_note(client, directory):
    body = client.get(URL, {"field": "<script>x</script>"}).content.decode()

    assert "<script>x" not in body
    assert "&lt;script&gt;x" in body


def test_pagination_links_keep_the_filters(client):
    field = AcademicFieldFactory(name="Optics")
    AmbassadorFactory.create_batch(30, academic_fields=[field])

    body = client.get(URL, {"field": "optics"}).content.decode()

    assert "?field=optics&amp;page=2" in body
    assert client.get(URL, {"field": "optics", "page": 2}).status_code == 200


def add_ambassadors(count, photo, field):
    AmbassadorFactory.create_batch(count, photo=photo, academic_fields=[field])


def test_directory_queries_do_not_grow_with_ambassadors(client):
    photo, field = make_image(), AcademicFieldFactory(name="Optics")
    add_ambassadors(2, photo, field)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add_ambassadors(20, photo, field)

    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    # With the page cache's two reads (the change count before, the page's state after).
    assert len(many.captured_queries) == len(few.captured_queries) <= 8


def test_filtered_directory_queries_are_bounded(
    client, directory, django_assert_max_num_queries
):
    params = {"field": "tea-science", "institution": directory["zju"].pk, "q": "T"}

    with django_assert_max_num_queries(10):  # the page cache's two reads
        response = client.get(URL, params)

    assert names(response) == ["Tian Mei"]
