"""The bureau's editors keep the search's synonym groups in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hangzhou_mice.models import SynonymGroup
from hangzhou_mice.search import synonyms
from hangzhou_mice.search.synonym_seed import GROUPS
from tests.hangzhou_mice.test_search_meaning import index, search, titles

pytestmark = pytest.mark.django_db

ADD = reverse("admin:hangzhou_mice_synonymgroup_add")


def test_a_site_starts_with_the_groups_the_search_was_written_with():
    assert SynonymGroup.objects.count() == len(GROUPS)
    assert {"酒店", "hotel"} <= set(synonyms.alike("宾馆"))


def test_an_editor_adds_a_group_and_the_search_uses_it_at_once(client, staff_member):
    index("en", "Garden pavilion", "Lakeside hotel")
    assert titles(search("en", "gazebo")) == []
    staff_member("Editor")

    client.post(ADD, {"terms": "Gazebo， Pavilion\n涼亭、gazebo"})

    assert SynonymGroup.objects.latest("pk").terms == "gazebo\npavilion\n凉亭"
    assert titles(search("en", "gazebo")) == ["Garden pavilion"]


def test_a_group_of_one_word_is_refused_in_the_editors_language(client, staff_member):
    staff_member("Editor")
    count = SynonymGroup.objects.count()

    page = client.post(
        ADD, {"terms": "gazebo\n \t、"}, headers={"accept-language": "zh-hans"}
    )

    assert "请至少填写两个意思相同的词或短语。" in page.content.decode()
    assert SynonymGroup.objects.count() == count


def test_a_group_saved_by_another_process_is_read_within_a_minute(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    index("en", "Garden pavilion")
    assert titles(search("en", "gazebo")) == []

    # Written as another process would: no signal reaches this one.
    SynonymGroup.objects.bulk_create([SynonymGroup(terms="gazebo\npavilion")])
    time_machine.shift(datetime.timedelta(seconds=synonyms.SECONDS - 1))
    assert titles(search("en", "gazebo")) == []
    time_machine.shift(datetime.timedelta(seconds=1))
    assert titles(search("en", "gazebo")) == ["Garden pavilion"]
