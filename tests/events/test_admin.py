import pytest
from django.urls import reverse

from events.models import Participant
from tests.factories import EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

PARTICIPANTS = reverse("admin:events_participant_changelist")


def test_event_page_shows_roster_summary_not_a_giant_inline(
    admin_client, django_assert_max_num_queries
):
    event = EventFactory()
    ParticipantFactory.create_batch(40, event=event)
    ParticipantFactory.create_batch(
        5, event=event, category="speaker", organization__kind="pco"
    )

    with django_assert_max_num_queries(25):
        response = admin_client.get(
            reverse("admin:events_event_change", args=[event.pk])
        )

    body = response.content.decode()
    assert "45 participants" in body
    assert "<svg" in body and "Participants by category" in body
    assert "Association representative" in body and "Speaker" in body
    assert f"?event__id__exact={event.pk}" in body
    assert "Delegate" not in body  # no participant rows on the event page


def test_participant_list_filters_and_searches(admin_client):
    event = EventFactory()
    ParticipantFactory(
        event=event, full_name="Tian Mei", chinese_name="田梅", category="vip"
    )
    ParticipantFactory(
        event=event, full_name="Other Person", category="pco", organization__kind="pco"
    )

    def names(**params):
        response = admin_client.get(PARTICIPANTS, params)
        return [p.full_name for p in response.context["cl"].result_list]

    assert names(q="田梅") == ["Tian Mei"]
    assert names(category__exact="pco") == ["Other Person"]
    assert names(organization__kind__exact="pco") == ["Other Person"]
    assert names(checked_in="no") == ["Other Person", "Tian Mei"]
    assert names(checked_in="yes") == []


def test_participant_list_queries_do_not_grow(
    admin_client, django_assert_max_num_queries
):
    ParticipantFactory.create_batch(60)

    with django_assert_max_num_queries(12):
        admin_client.get(PARTICIPANTS)


def test_mark_checked_in_keeps_earlier_check_ins(admin_client):
    waiting = ParticipantFactory()
    early = ParticipantFactory(checked_in_at="2026-01-01T09:00:00+08:00")

    response = admin_client.post(
        PARTICIPANTS,
        {"action": "mark_checked_in", "_selected_action": [waiting.pk, early.pk]},
        follow=True,
    )

    assert "1 participant checked in." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.checked_in_at is not None
    assert Participant.objects.get(pk=early.pk).checked_in_at.year == 2026


def test_same_email_twice_on_one_roster_is_a_form_error(admin_client):
    existing = ParticipantFactory(email="dup@example.org")

    response = admin_client.post(
        reverse("admin:events_participant_add"),
        {
            "event": existing.event.pk,
            "full_name": "Twin",
            "category": "other",
            "email": "DUP@example.org",
            "registered_at_0": "2026-01-01",
            "registered_at_1": "09:00:00",
        },
    )

    assert response.status_code == 200
    assert "already on the roster" in response.content.decode()


def test_bad_phone_is_a_form_error(admin_client):
    event = EventFactory()

    response = admin_client.post(
        reverse("admin:events_participant_add"),
        {
            "event": event.pk,
            "full_name": "X",
            "category": "other",
            "phone": "call me maybe",
            "registered_at_0": "2026-01-01",
            "registered_at_1": "09:00:00",
        },
    )

    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()


def test_forms_ask_for_each_language_and_make_the_slug_from_english(admin_client):
    event_form = admin_client.get("/admin/events/event/add/").content.decode()
    venue_form = admin_client.get("/admin/events/venue/add/").content.decode()

    assert 'class="required" for="id_title_en">Title (English):' in event_form
    assert '<label for="id_title_zh_hans">Title (Simplified Chinese):' in event_form
    assert "&quot;dependency_ids&quot;: [&quot;#id_title_en&quot;]" in event_form
    assert "&quot;dependency_ids&quot;: [&quot;#id_name_en&quot;]" in venue_form


def test_participant_list_of_one_event_names_it_instead_of_a_column(admin_client):
    event = EventFactory(title="Roadshow in Beijing")
    ParticipantFactory(event=event)

    filtered = admin_client.get(PARTICIPANTS, {"event__id__exact": event.pk}).text
    unfiltered = admin_client.get(PARTICIPANTS).text

    assert "<h1>Participants of Roadshow in Beijing</h1>" in filtered
    assert "column-event" not in filtered
    assert "column-event" in unfiltered
    assert "Participants of" not in unfiltered


def test_roster_pages_quote_a_quoted_title_once_in_chinese(admin_client):
    event = EventFactory(
        title_en="“Hangzhou PLUS” roadshow",
        title_zh_hans="“杭州PLUS”会奖旅游北京推介会",
    )
    admin_client.cookies["django_language"] = "zh-hans"

    export = admin_client.get(
        reverse("admin:events_event_roster_export", args=[event.pk])
    )
    listing = admin_client.get(PARTICIPANTS, {"event__id__exact": event.pk})

    assert "导出“杭州PLUS”会奖旅游北京推介会的名单" in export.text
    assert "“杭州PLUS”会奖旅游北京推介会的参会人员" in listing.text
    assert "““" not in export.text + listing.text


def test_the_event_page_opens_on_its_roster_and_a_new_event_has_none(admin_client):
    event = EventFactory()

    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    new = admin_client.get(reverse("admin:events_event_add"))

    body = page.content.decode()
    assert body.index("field-roster_summary") < body.index('name="title_en"')
    assert "field-roster_summary" not in new.content.decode()


def test_the_roster_summary_shows_and_explains_the_public_count(admin_client):
    event = EventFactory()
    ParticipantFactory.create_batch(
        2, event=event, category="association", organization__kind="association"
    )
    ParticipantFactory(
        event=event, is_public=True, category="vip", organization__kind="association"
    )

    body = admin_client.get(
        reverse("admin:events_event_change", args=[event.pk])
    ).content.decode()

    assert "<td>Association or society</td><td>3</td>" in body
    assert "The event page says: <strong>2</strong> Beijing associations" in body
    assert "public guests, listed there by name" in body
