import io

import pytest
from django.core.management import call_command
from django.utils import translation

from ambassadors.contributions import public_contributions
from ambassadors.demo import load_ambassadors
from ambassadors.models import Ambassador
from articles.demo import load_articles
from enquiries.models import Lead
from events.demo import CHINESE, load_events
from events.models import Organization, Participant
from hangzhou_mice.models import Image
from tests.demo import load_demo

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


def blank_the_chinese_of_an_older_demo():
    """What a database loaded before the demo was bilingual holds."""
    Participant.objects.update(chinese_name="", chinese_job_title="")
    delegates = Organization.objects.filter(
        participants__isnull=False, leads__isnull=True
    ).exclude(name_en__in=CHINESE)
    Organization.objects.filter(pk__in=delegates).update(name_zh_hans=None)
    Lead.objects.update(meeting_name_translated="")


@pytest.mark.parametrize("older", [False, True], ids=["fresh", "older"])
def test_demo_guests_organizations_and_contributions_read_in_both_languages(older):
    load_demo()
    if older:
        blank_the_chinese_of_an_older_demo()
        call_command("load_demo", stdout=io.StringIO())

    guests = Participant.objects.public()
    assert {(g.full_name, g.chinese_name) for g in guests} >= {
        ("Tian Mei", "田梅"),
        ("Zhang Ansheng", "张安胜"),
    }
    assert all(g.job_title and g.chinese_job_title for g in guests)
    roster = Organization.objects.filter(participants__isnull=False)
    assert [o.name_en for o in roster.filter(name_zh_hans__isnull=True)] == []
    for language in ("en", "zh-hans"):
        with translation.override(language):
            shown = [
                (item.meeting, item.meeting_language, item.association_language)
                for ambassador in Ambassador.objects.active()
                for item in public_contributions(ambassador)
            ]
        assert len(shown) == 4
        assert [s for s in shown if s[1:] != (language, language)] == []
