"""How many enquiries one address may send, and confirmations one inbox may
get, in an hour; counted under keyed hashes, and safe against races."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import override_settings

from bureau.models import Bureau
from enquiries import services
from enquiries.models import Lead, Mail, Throttle
from enquiries.services import EnquiryRefused, lead_submit
from enquiries.throttle import throttle_key
from tests.factories import LeadFactory

ADDRESS = "203.0.113.5"
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def bureau(db):
    Bureau.objects.filter(pk=Bureau.ID).update(enquiry_email="meetings@bureau.example")


def submit(address=ADDRESS, **fields):
    return lead_submit(lead=LeadFactory.build(**fields), client_address=address)


@pytest.mark.django_db
def test_an_address_is_refused_past_its_enquiries_of_the_hour(settings, time_machine):
    settings.ENQUIRIES_PER_ADDRESS_PER_HOUR = 2
    time_machine.move_to(NOW, tick=False)
    submit()
    time_machine.move_to(NOW + datetime.timedelta(minutes=30), tick=False)
    submit()
    outcomes = {}

    for minutes in (59, 61, 91):
        time_machine.move_to(NOW + datetime.timedelta(minutes=minutes), tick=False)
        try:
            submit()
            outcomes[minutes] = "kept"
        except EnquiryRefused as refused:
            outcomes[minutes] = refused.message

    assert outcomes == {
        59: (
            "Several enquiries have come from your connection in the last hour. "
            "Please try again in an hour, or write to us by email."
        ),
        61: "kept",  # the first has left the hour
        91: "kept",  # so has the second
    }
    assert Lead.objects.count() == 4


@pytest.mark.django_db
def test_a_refused_enquiry_keeps_and_counts_nothing(settings):
    settings.ENQUIRIES_PER_ADDRESS_PER_HOUR = 1
    submit()

    with pytest.raises(EnquiryRefused):
        submit(email="second@example.org")

    assert Lead.objects.count() == 1
    assert Mail.objects.count() == 2
    assert Throttle.objects.filter(scope=Throttle.Scope.ADDRESS).count() == 1
    submit(address="198.51.100.9")  # another address is not held back


@pytest.mark.django_db
def test_an_inbox_gets_its_confirmations_of_the_hour_and_the_bureau_every_lead(
    settings,
):
    settings.CONFIRMATIONS_PER_RECIPIENT_PER_HOUR = 2
    addresses = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    emails = ["Ana@Example.org", "ana@example.org", "ANA@EXAMPLE.ORG"]

    leads = [
        submit(address, email=email)
        for address, email in zip(addresses, emails, strict=True)
    ]

    assert [sorted(lead.mails.values_list("kind", flat=True)) for lead in leads] == [
        [Mail.Kind.BUREAU, Mail.Kind.CONFIRMATION],
        [Mail.Kind.BUREAU, Mail.Kind.CONFIRMATION],
        [Mail.Kind.BUREAU],
    ]


@pytest.mark.django_db
def test_the_counts_name_nobody():
    submit(email="Ana@Example.org")

    keys = dict(Throttle.objects.values_list("scope", "key"))
    assert keys == {
        Throttle.Scope.ADDRESS: throttle_key(Throttle.Scope.ADDRESS, ADDRESS),
        Throttle.Scope.RECIPIENT: throttle_key(
            Throttle.Scope.RECIPIENT, "ana@example.org"
        ),
    }
    for key in keys.values():
        assert len(key) == 64 and "203" not in key and "ana" not in key
    with override_settings(SECRET_KEY="another-secret-key-" * 3):
        assert throttle_key(Throttle.Scope.ADDRESS, ADDRESS) not in keys.values()


@pytest.mark.django_db(transaction=True)
def test_racing_enquiries_from_one_address_cannot_both_pass(settings, monkeypatch):
    """The first holds its transaction open after counting; the second must
    wait for it, then count it and be refused."""
    settings.ENQUIRIES_PER_ADDRESS_PER_HOUR = 1
    counted, release = threading.Event(), threading.Event()
    bureau_text = services.mails.bureau_text

    def held_open(lead):
        if lead.name == "First":
            counted.set()
            release.wait(timeout=30)
        return bureau_text(lead)

    monkeypatch.setattr(services.mails, "bureau_text", held_open)
    outcomes = {}

    def send(name):
        try:
            submit(name=name)
            outcomes[name] = "kept"
        except EnquiryRefused:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    first = threading.Thread(target=send, args=("First",))
    second = threading.Thread(target=send, args=("Second",))
    first.start()
    assert counted.wait(timeout=30)
    second.start()
    waiting_for_lock(second)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert outcomes == {"First": "kept", "Second": "refused"}
    assert list(Lead.objects.values_list("name", flat=True)) == ["First"]


def waiting_for_lock(thread, deadline=30):
    """Return once another session waits for an advisory lock, or `thread`
    ended without waiting (when nothing serialises the two)."""
    # pg_locks lists the whole server's locks: count only this database's, not
    # those of another test worker's (or another checkout's) database.
    query = (
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND database = (SELECT oid FROM pg_database"
        " WHERE datname = current_database())"
    )
    with connection.cursor() as cursor:
        for _poll in range(deadline * 100):
            cursor.execute(query)
            if cursor.fetchone()[0] or not thread.is_alive():
                return
            thread.join(timeout=0.01)
    raise AssertionError("the second enquiry neither waited nor finished")
