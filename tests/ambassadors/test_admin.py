import pytest
from django.urls import reverse

from ambassadors.models import Ambassador, RosterLink
from tests.factories import (
    AcademicFieldFactory,
    AmbassadorFactory,
    OrganizationFactory,
    ParticipantFactory,
    make_image,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:ambassadors_ambassador_add")
CHANGELIST = reverse("admin:ambassadors_ambassador_changelist")


def form_data(**overrides):
    institution = OrganizationFactory(name="Zhejiang Association")
    data = {
        "honorific": "prof",
        "name": "Tian Mei",
        "chinese_name": "田梅",
        "slug": "tian-mei",
        "position_en": "Vice chairperson",
        "institution": institution.pk,
        "biography_en": "<p>Bio</p>",
        "tags": "MICE",
        "appointed_on": "2020-06-01",
        "term_ends_on": "",
        "active": "on",
    }
    return data | overrides


def test_term_ending_before_the_appointment_is_a_form_error(admin_client):
    response = admin_client.post(
        ADD, form_data(appointed_on="2024-06-01", term_ends_on="2024-05-31")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"term_ends_on": ["The term cannot end before the appointment."]}
    assert not Ambassador.objects.exists()


def test_ambassador_is_saved_with_fields(admin_client):
    field = AcademicFieldFactory(name="Tea Science")

    response = admin_client.post(ADD, form_data(academic_fields=[field.pk]))

    assert response.status_code == 302
    ambassador = Ambassador.objects.get()
    assert list(ambassador.academic_fields.all()) == [field]
    assert ambassador.tags.names()[0] == "MICE"


def test_saving_with_a_photo_makes_its_square_renditions(admin_client):
    photo = make_image()
    photo.square_renditions = []
    photo.save(update_fields=["square_renditions"])

    response = admin_client.post(ADD, form_data(photo=photo.pk))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.square_renditions


def test_active_ambassador_photo_needs_alt_text(admin_client):
    response = admin_client.post(ADD, form_data(photo=make_image(alt_text="").pk))

    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors


def test_changelist_filters_and_searches(admin_client):
    tea = AcademicFieldFactory(name="Tea Science")
    AmbassadorFactory(name="Tian Mei", chinese_name="田梅", academic_fields=[tea])
    AmbassadorFactory(name="Chen Bo", position="Dean of optics", inactive=True)

    def names(**params):
        response = admin_client.get(CHANGELIST, params)
        return [a.name for a in response.context["cl"].result_list]

    assert names(q="田梅") == ["Tian Mei"]
    assert names(q="optics") == ["Chen Bo"]
    assert names(active__exact="0") == ["Chen Bo"]
    assert names(academic_fields__id__exact=tea.pk) == ["Tian Mei"]


def test_inactive_ambassador_has_no_view_on_site_link(admin_client):
    retired = AmbassadorFactory(inactive=True)

    response = admin_client.get(
        reverse("admin:ambassadors_ambassador_change", args=[retired.pk])
    )

    assert response.context["has_absolute_url"] is False


def test_event_staff_link_a_roster_entry_to_an_ambassador(client, staff_member):
    staff_member("Event staff")
    guest = ParticipantFactory(full_name="Tian Mei", is_public=True)
    tian_mei = AmbassadorFactory(name="Tian Mei")
    url = reverse("admin:events_participant_change", args=[guest.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"registered_at_0": "2026-11-01", "registered_at_1": "09:00:00"}
    data |= {
        "ambassador_link-TOTAL_FORMS": "1",
        "ambassador_link-INITIAL_FORMS": "0",
        "ambassador_link-0-ambassador": tian_mei.pk,
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert RosterLink.objects.get(participant=guest).ambassador == tian_mei
    page = client.get(guest.event.get_absolute_url()).content.decode()
    profile = tian_mei.get_absolute_url()
    assert f'<a href="{profile}"><span class="person-name">Tian Mei</span></a>' in page
