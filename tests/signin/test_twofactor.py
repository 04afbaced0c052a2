"""Two-factor authentication: who must enrol, enrolment, the code at each
login, recovery codes, resets by a bureau admin, and the setting's switch."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hangzhou_mice.models import AuditEntry
from hangzhou_mice.roles import BUREAU_ADMIN, EDITOR, EVENT_STAFF

pytestmark = pytest.mark.django_db

PASSWORD = "lake-tea-pagoda-42"
PARTICIPANTS = "/admin/events/participant/"
SETUP, VERIFY, OVERVIEW = "/admin/2fa/setup/", "/admin/2fa/verify/", "/admin/2fa/"
RECOVERY = "/admin/2fa/recovery-codes/"
MORNING = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
INVALID = "That code is not valid. Check your authenticator app&#x27;s clock"


@pytest.fixture(autouse=True)
def required(settings):
    settings.REQUIRE_STAFF_2FA = True


@pytest.fixture
def make_user(django_user_model):
    def make(username, role=None, **extra):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True, **extra
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def staff(make_user):
    """Event staff see participants, so they need a second factor."""
    return make_user("mei", EVENT_STAFF)


def log_in(client, user):
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def app_code(device, offset=0):
    """The code the user's app shows now (or `offset` steps later)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, drift=offset):06d}"


def wrong_code(device):
    accepted = {app_code(device, offset) for offset in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in accepted)


def enrol(client):
    """Go through enrolment; return the app device and the recovery codes."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(SETUP, {"code": app_code(device)})
    assert response.status_code == 200
    return device, re.findall(r"<li><code>(\w+)</code></li>", response.text)


def log_out(client):
    client.post("/admin/logout/")


def redirect_of(response):
    assert response.status_code == 302
    return response["Location"]


def test_event_staff_are_sent_to_enrolment_from_every_admin_page(client, staff):
    log_in(client, staff)

    assert redirect_of(client.get("/admin/")) == f"{SETUP}?next=%2Fadmin%2F"
    assert redirect_of(client.get(f"{PARTICIPANTS}?q=x")) == (
        f"{SETUP}?next=%2Fadmin%2Fevents%2Fparticipant%2F%3Fq%3Dx"
    )
    assert client.post(PARTICIPANTS, {"action": "x"}).status_code == 302


def test_pages_outside_the_admin_are_left_alone(client, staff):
    log_in(client, staff)

    assert client.get("/en/").status_code == 200


def test_enrolment_shows_a_qr_code_and_the_key_then_opens_the_list(client, staff):
    log_in(client, staff)

    page = client.get(f"{SETUP}?next={PARTICIPANTS}")

    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert "<svg" in page.text
    assert "<script" not in page.text.split('id="content-main"')[1]
    assert re.search(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", page.text)
    # Reloading keeps the same key: the app already scanned stays right.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=staff).key == device.key

    done = client.post(f"{SETUP}?next={PARTICIPANTS}", {"code": app_code(device)})

    assert "Store these recovery codes now" in done.text
    assert f'href="{PARTICIPANTS}"' in done.text
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.text)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=staff).name == "Recovery codes"
    assert AuditEntry.objects.filter(action="2fa.enrol", user=staff).exists()
    assert client.get(PARTICIPANTS).status_code == 200


def test_a_wrong_code_at_enrolment_keeps_the_device_unconfirmed(client, staff):
    log_in(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)

    response = client.post(SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "That code is not valid." in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.exists()
    assert redirect_of(client.get(PARTICIPANTS)).startswith(SETUP)
    # Nothing is lost: the page still offers the key the app has scanned.
    assert TOTPDevice.objects.get(user=staff).key == device.key


def test_each_login_asks_for_a_code_and_a_recovery_code_works_once(client, staff):
    log_in(client, staff)
    _, codes = enrol(client)
    log_out(client)
    log_in(client, staff)

    assert redirect_of(client.get(PARTICIPANTS)) == (
        f"{VERIFY}?next=%2Fadmin%2Fevents%2Fparticipant%2F"
    )
    # Typed as people do: upper case, with a space.
    typed = f"{codes[0][:4].upper()} {codes[0][4:]}"
    response = client.post(f"{VERIFY}?next={PARTICIPANTS}", {"code": typed})
    assert redirect_of(response) == PARTICIPANTS
    assert client.get(PARTICIPANTS).status_code == 200
    assert StaticToken.objects.filter(device__user=staff).count() == 9

    log_out(client)
    log_in(client, staff)
    again = client.post(VERIFY, {"code": codes[0]})

    assert again.status_code == 200
    assert INVALID in again.text
    assert AuditEntry.objects.filter(action="2fa.verify_failed", user=staff).exists()
    assert redirect_of(client.get(PARTICIPANTS)).startswith(VERIFY)


def test_the_app_code_works_at_the_next_login_but_is_not_replayed(
    client, staff, time_machine
):
    time_machine.move_to(MORNING, tick=False)
    log_in(client, staff)
    device, _ = enrol(client)
    log_out(client)
    log_in(client, staff)

    replayed = client.post(VERIFY, {"code": app_code(device)})
    time_machine.shift(datetime.timedelta(seconds=60))
    fresh = client.post(VERIFY, {"code": app_code(device)})

    assert INVALID in replayed.text
    assert redirect_of(fresh) == "/admin/"


@pytest.fixture
def at_the_code_form(client, staff, time_machine):
    """An enrolled user back at the code form after a new login, a minute on."""
    time_machine.move_to(MORNING, tick=False)
    log_in(client, staff)
    device, _ = enrol(client)
    log_out(client)
    log_in(client, staff)
    time_machine.shift(datetime.timedelta(seconds=60))
    return device


def test_wrong_codes_are_throttled(client, at_the_code_form, time_machine):
    device = at_the_code_form

    wrong = client.post(VERIFY, {"code": wrong_code(device)})
    refused = client.post(VERIFY, {"code": app_code(device)})
    time_machine.shift(datetime.timedelta(seconds=2))
    accepted = client.post(VERIFY, {"code": app_code(device)})

    assert wrong.status_code == 200
    assert refused.status_code == 429
    assert "Too many wrong codes in a row" in refused.text
    assert redirect_of(accepted) == "/admin/"


@pytest.mark.parametrize("kind", ["app", "recovery"])
def test_a_flood_of_refused_codes_writes_one_audit_row_per_lock(
    client, at_the_code_form, time_machine, kind
):
    device = at_the_code_form
    wrong = wrong_code(device) if kind == "app" else "notacode"
    refused = []
    for lock in (1, 2, 4):
        client.post(VERIFY, {"code": wrong})
        refused += [client.post(VERIFY, {"code": wrong}) for _ in range(20)]
        time_machine.shift(datetime.timedelta(seconds=lock))

    assert list(
        AuditEntry.objects.exclude(action="2fa.enrol")
        .order_by("pk")
        .values_list("action", "detail")
    ) == [
        ("2fa.verify_failed", {"failures": 1, "locked_seconds": 1}),
        ("2fa.verify_failed", {"failures": 2, "locked_seconds": 2}),
        ("2fa.verify_failed", {"failures": 3, "locked_seconds": 4}),
    ]
    assert {response.status_code for response in refused} == {429}


@pytest.mark.parametrize(("later", "left"), [(0, "2048"), (1988.5, "60")])
def test_a_throttled_code_says_how_long_the_lock_has_left(
    client, at_the_code_form, time_machine, later, left
):
    # Twelve wrong codes so far: the twelfth locks the app for 2,048 seconds.
    TOTPDevice.objects.update(
        throttling_failure_count=12, throttling_failure_timestamp=MORNING
    )
    time_machine.move_to(MORNING + datetime.timedelta(seconds=later), tick=False)

    response = client.post(VERIFY, {"code": app_code(at_the_code_form)})

    assert response.status_code == 429
    assert response["Retry-After"] == left


def test_a_throttled_code_at_enrolment_says_how_long_too(client, staff, time_machine):
    time_machine.move_to(MORNING, tick=False)
    log_in(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)

    client.post(SETUP, {"code": wrong_code(device)})
    time_machine.shift(datetime.timedelta(seconds=0.25))
    refused = client.post(SETUP, {"code": app_code(device)})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "Too many wrong codes in a row" in refused.text


def test_a_password_alone_cannot_replace_an_enrolled_app(client, staff):
    log_in(client, staff)
    device, _ = enrol(client)
    log_out(client)
    log_in(client, staff)

    assert redirect_of(client.get(SETUP)).startswith(VERIFY)
    assert redirect_of(client.post(SETUP, {"code": "123456"})).startswith(VERIFY)
    assert redirect_of(client.get(RECOVERY)).startswith(VERIFY)
    assert redirect_of(client.post(RECOVERY)).startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=staff)) == [device]


def test_the_next_page_must_be_on_this_site(client, staff):
    log_in(client, staff)
    enrol(client)
    log_out(client)
    log_in(client, staff)
    code = StaticToken.objects.filter(device__user=staff).first().token

    response = client.post(f"{VERIFY}?next=https://example.com/", {"code": code})

    assert redirect_of(response) == "/admin/"


def test_editors_reach_the_admin_without_enrolling(client, make_user):
    log_in(client, make_user("lin", EDITOR))

    assert client.get("/admin/").status_code == 200
    assert 'href="/admin/2fa/"' in client.get("/admin/").text


def test_editors_may_enrol_of_their_own_accord(client, make_user):
    editor = make_user("lin", EDITOR)
    log_in(client, editor)

    assert redirect_of(client.get(OVERVIEW)) == f"{SETUP}?next=%2Fadmin%2F2fa%2F"
    enrol(client)

    assert TOTPDevice.objects.get(user=editor).confirmed
    assert "10 unused recovery codes" in client.get(OVERVIEW).text
    # Once enrolled, they are asked for a code like everyone else.
    log_out(client)
    log_in(client, editor)
    assert redirect_of(client.get("/admin/")).startswith(VERIFY)


def test_moving_to_a_new_app_retires_the_old_one(client, staff):
    log_in(client, staff)
    old, _ = enrol(client)

    client.get(OVERVIEW)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=staff, confirmed=False)
    client.post(SETUP, {"code": app_code(new)})

    assert list(TOTPDevice.objects.filter(user=staff)) == [new]
    assert new.pk != old.pk
    assert client.get(PARTICIPANTS).status_code == 200


def test_superusers_must_enrol(client, make_user):
    log_in(client, make_user("root", is_superuser=True))

    assert redirect_of(client.get("/admin/")).startswith(SETUP)


def test_nobody_is_redirected_when_the_setting_is_off(client, make_user, settings):
    settings.REQUIRE_STAFF_2FA = False

    for user in (make_user("mei", EVENT_STAFF), make_user("root", is_superuser=True)):
        log_in(client, user)
        assert client.get("/admin/").status_code == 200
        assert client.get(PARTICIPANTS).status_code == 200


def test_recovery_codes_are_replaced_on_request(client, staff):
    log_in(client, staff)
    _, old = enrol(client)

    confirm = client.get(RECOVERY)
    done = client.post(RECOVERY)

    assert "the old codes stop working" in confirm.text
    new = re.findall(r"<li><code>(\w+)</code></li>", done.text)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert sorted(new) == sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    assert AuditEntry.objects.filter(action="2fa.recovery_codes", user=staff).exists()
    # The session stays verified, whichever device verified it.
    assert client.get(PARTICIPANTS).status_code == 200


def test_a_bureau_admin_resets_someones_second_factor(client, staff, make_user):
    log_in(client, staff)
    enrol(client)
    bureau = log_in(Client(), make_user("admin", BUREAU_ADMIN))
    enrol(bureau)

    for model, admin_url in (
        (TOTPDevice, "/admin/otp_totp/totpdevice/"),
        (StaticDevice, "/admin/otp_static/staticdevice/"),
    ):
        pk = model.objects.get(user=staff).pk
        deleted = bureau.post(f"{admin_url}{pk}/delete/", {"post": "yes"})
        assert redirect_of(deleted) == admin_url

    # The staff member's session loses its second factor; they enrol again.
    assert redirect_of(client.get(PARTICIPANTS)).startswith(SETUP)


def queries(client, url, settings, required):
    settings.REQUIRE_STAFF_2FA = required
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_check_costs_verified_staff_no_query_and_others_two(
    client, staff, make_user, settings
):
    log_in(client, staff)
    enrol(client)
    editor = log_in(Client(), make_user("lin", EDITOR))

    verified = [queries(client, PARTICIPANTS, settings, on) for on in (False, True)]
    # Has the editor enrolled of their own accord? One query per device kind.
    unenrolled = [queries(editor, "/admin/", settings, on) for on in (False, True)]

    assert verified[1] == verified[0]
    assert unenrolled[1] == unenrolled[0] + 2
