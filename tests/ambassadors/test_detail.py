import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambassadors.models import RosterLink
from events.models import Event
from tests.demo import load_demo
from tests.factories import (
    AcademicFieldFactory,
    AmbassadorFactory,
    ArticleFactory,
    EventFactory,
    LeadFactory,
    OrganizationFactory,
    ParticipantFactory,
    make_image,
)

pytestmark = pytest.mark.django_db


def test_detail_shows_biography_fields_and_portrait(client):
    ambassador = AmbassadorFactory(
        name="Tian Mei",
        chinese_name="田梅",
        honorific="prof",
        position="Vice chairperson",
        institution=OrganizationFactory(name="Zhejiang Association"),
        biography="<p>Brings <strong>congresses</strong>.</p><script>x()</script>",
        academic_fields=[AcademicFieldFactory(name="Tea Science")],
        photo=make_image(alt_text="Tian Mei at the roadshow"),
    )

    body = client.get(ambassador.get_absolute_url()).content.decode()

    assert "Prof. Tian Mei" in body and "田梅" in body
    assert "Vice chairperson, Zhejiang Association" in body
    assert "<p>Brings <strong>congresses</strong>.</p>" in body
    assert "<script>" not in body
    assert '<a href="/en/ambassadors/?field=tea-science">Tea Science</a>' in body
    assert 'alt="Tian Mei at the roadshow"' in body and "square-" in body


def test_detail_lists_published_events_the_ambassador_took_part_in(client):
    ambassador = AmbassadorFactory()
    for entry in (
        ParticipantFactory(event__title="Beijing roadshow", is_public=True),
        ParticipantFactory(
            event__title="Secret draft", event__draft=True, is_public=True
        ),
        # On the roster but not listed publicly: the profile must not tell.
        ParticipantFactory(event__title="Closed-door bid meeting"),
    ):
        RosterLink.objects.create(participant=entry, ambassador=ambassador)
    ParticipantFactory(event__title="Someone else's forum")

    response = client.get(ambassador.get_absolute_url())

    assert [e.title for e in response.context["events"]] == ["Beijing roadshow"]
    assert "Events they took part in" in response.content.decode()


def test_related_articles_rank_by_shared_tags_and_skip_drafts(client):
    ambassador = AmbassadorFactory(tags=["association meetings", "MICE"])
    ArticleFactory(title="One", tags=["MICE"])
    ArticleFactory(title="Both", tags=["association meetings", "MICE"])
    ArticleFactory(title="Hidden", tags=["association meetings", "MICE"], draft=True)
    ArticleFactory(title="Unrelated", tags=["unique venues"])

    response = client.get(ambassador.get_absolute_url())

    assert [a.title for a in response.context["related_articles"]] == ["Both", "One"]
    assert "Hidden" not in response.content.decode()


def test_inactive_and_unknown_ambassadors_are_404(client):
    retired = AmbassadorFactory(inactive=True)

    assert client.get(retired.get_absolute_url()).status_code == 404
    assert client.get("/en/ambassadors/no-such-person/").status_code == 404


def test_slug_in_another_case_redirects_to_the_canonical_page(client):
    ambassador = AmbassadorFactory(name="Tian Mei")

    response = client.get("/en/ambassadors/Tian-MEI/")

    assert response.status_code == 301
    assert response["Location"] == ambassador.get_absolute_url()


def test_detail_queries_do_not_grow(client):
    ambassador = AmbassadorFactory(tags=["MICE"], photo=make_image())
    won = {"status": "won", "ambassador": ambassador}
    LeadFactory(**won)
    with CaptureQueriesContext(connection) as few:
        client.get(ambassador.get_absolute_url())
    LeadFactory.create_batch(5, won_event=EventFactory(), **won)
    LeadFactory.create_batch(
        5, ambassador=ambassador, status="bid_submitted", on_profile="while_bidding"
    )
    for entry in ParticipantFactory.create_batch(5):
        RosterLink.objects.create(participant=entry, ambassador=ambassador)
    ambassador.academic_fields.add(*AcademicFieldFactory.create_batch(3))

    cache.clear()  # both measured with nothing cached
    with CaptureQueriesContext(connection) as many:
        client.get(ambassador.get_absolute_url())

    # With the page cache's two reads (the change count before, the page's state after).
    assert len(many.captured_queries) == len(few.captured_queries) <= 10


def test_public_guest_links_to_their_ambassador_profile(client):
    load_demo()
    event = Event.objects.get(slug="hangzhou-plus-roadshow-beijing")
    tian_mei = event.participants.get(full_name="Tian Mei").ambassador_link.ambassador

    body = client.get(event.get_absolute_url()).content.decode()

    assert tian_mei is not None
    assert (
        f'<a href="{tian_mei.get_absolute_url()}"><span class="person-name">Tian Mei'
        '</span> <span class="person-name person-name--other" lang="zh-Hans">田梅'
        "</span></a>"
    ) in body
    assert client.get(tian_mei.get_absolute_url()).status_code == 200


def test_inactive_ambassador_guest_is_not_linked(client):
    event = EventFactory()
    guest = ParticipantFactory(event=event, full_name="Former", is_public=True)
    former = AmbassadorFactory(active=False)
    RosterLink.objects.create(participant=guest, ambassador=former)

    body = client.get(event.get_absolute_url()).content.decode()

    assert "Former" in body
    assert former.get_absolute_url() not in body


def test_a_cached_profile_shows_a_meeting_won_at_once_and_outlives_new_enquiries(
    client,
):
    ambassador = AmbassadorFactory()
    lead = LeadFactory(ambassador=ambassador, meeting_name="World Tea Congress")
    url = ambassador.get_absolute_url()
    assert "World Tea Congress" not in client.get(url).content.decode()

    LeadFactory(ambassador=ambassador, meeting_name="Optics Summit")  # new
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    lead.status = "won"
    lead.won_event = EventFactory(title="World Tea Congress 2028")
    lead.save()

    assert len(cached.captured_queries) == 1  # the content state: a hit
    assert "World Tea Congress 2028" in client.get(url).content.decode()
