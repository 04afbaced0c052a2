import pytest

from ambassadors.demo import load_ambassadors
from ambassadors.models import Ambassador
from articles.demo import load_articles
from events.demo import load_events
from events.models import Organization
from hangzhou_mice.models import Image

pytestmark = pytest.mark.django_db

ZAST = "Zhejiang Association for Science and Technology"


def test_demo_loads_idempotently():
    first = load_ambassadors()
    count = Ambassador.objects.count()
    images = Image.objects.count()

    assert load_ambassadors() == first == 4
    assert Ambassador.objects.count() == count
    assert Image.objects.count() == images == 5
    assert all(
        image.square_renditions and image.alt_text for image in Image.objects.all()
    )


def test_demo_keeps_an_editors_changes():
    load_ambassadors()
    Ambassador.objects.filter(slug="tian-mei").update(position="Edited")

    load_ambassadors()

    assert Ambassador.objects.get(slug="tian-mei").position == "Edited"


def test_demo_reuses_the_events_demo_organization_and_roster(client):
    load_articles()
    load_events()

    load_ambassadors()

    tian = Ambassador.objects.get(slug="tian-mei")
    assert tian.chinese_name == "田梅"
    assert tian.institution == Organization.objects.get(name=ZAST)
    response = client.get(tian.get_absolute_url())
    assert [e.slug for e in response.context["events"]] == [
        "hangzhou-plus-roadshow-beijing"
    ]
    related = [a.title for a in response.context["related_articles"]]
    assert related[0] == "Introducing Hangzhou's Association Resources"


def test_demo_directory_lists_the_active_ambassadors(client):
    load_ambassadors()

    response = client.get("/en/ambassadors/")

    assert len(response.context["ambassador_list"]) == 4
    assert "Xu Guoqu" not in response.content.decode()
    assert "(demo)" in response.content.decode()
