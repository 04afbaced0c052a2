"""What editors and event staff meet in the admin's forms and lists."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from hangzhou_mice.models import Tag
from tests.factories import (
    ArticleFactory,
    EventFactory,
    ParticipantFactory,
    make_image,
)

pytestmark = pytest.mark.django_db


def test_the_image_upload_field_says_what_to_upload(client, staff_member):
    staff_member("Editor")

    page = client.get(reverse("admin:hangzhou_mice_image_add")).content.decode()

    assert "Image file:" in page


def test_the_tags_filter_names_its_entry_for_untagged_items(admin_client):
    ArticleFactory(tags=["MICE"])

    page = admin_client.get(reverse("admin:articles_article_changelist"))

    filters = page.content.decode().split('id="changelist-filter"')[1]
    assert "No tags" in filters
    assert ">-</a>" not in filters


def test_event_staff_pick_existing_tags_and_editors_add_new_ones(client, staff_member):
    Tag.objects.create(name="Roadshow")
    event = EventFactory(draft=True)
    url = reverse("admin:events_event_change", args=[event.pk])
    staff_member("Event staff")

    refused = client.post(url, event_form(event, tags="roadshow, Gala dinner"))
    client.post(url, event_form(event, tags="roadshow"))

    assert "No tag is called Gala dinner yet" in refused.content.decode()
    assert list(event.tags.names()) == ["Roadshow"]
    staff_member("Editor", username="editor")
    client.post(url, event_form(event, tags="roadshow, Gala dinner"))
    assert sorted(event.tags.names()) == ["Gala dinner", "Roadshow"]


def test_the_roster_links_show_to_who_may_open_the_roster(client, staff_member):
    event = EventFactory()
    ParticipantFactory(event=event)
    url = reverse("admin:events_event_change", args=[event.pk])
    roster = f"?event__id__exact={event.pk}"

    staff_member("Editor")
    for_editor = client.get(url).content.decode()
    staff_member("Event staff")
    for_staff = client.get(url).content.decode()

    assert (roster in for_editor, roster in for_staff) == (False, True)


def event_form(event, **values):
    local = event.start.astimezone()
    end = event.end.astimezone()
    return {
        "title_en": event.title,
        "title_zh_hans": "",
        "slug": event.slug,
        "kind": event.kind,
        "summary_en": event.summary,
        "summary_zh_hans": "",
        "description_en": "",
        "description_zh_hans": "",
        "tags": "",
        "start_0": local.strftime("%Y-%m-%d"),
        "start_1": local.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "city_en": event.city,
        "city_zh_hans": "",
        "address_en": "",
        "address_zh_hans": "",
        "retain_roster_until": "",
    } | values


def test_the_image_list_gives_each_images_address_to_insert_in_a_text(
    client, staff_member
):
    image = make_image()
    staff_member("Editor")

    listing = client.get(reverse("admin:hangzhou_mice_image_changelist"))
    page = client.get(reverse("admin:hangzhou_mice_image_change", args=[image.pk]))

    address = default_storage.url(image.file.name)
    for response in (listing, page):
        assert f'readonly class="vTextField image-address" value="{address}"' in (
            response.content.decode()
        )
