"""A staff preview shows unpublished content, so it asks for the second factor
by the admin's own rule: from those who must have one, or who enrolled one."""

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hangzhou_mice.roles import EDITOR
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SETUP, VERIFY = "/admin/2fa/setup/", "/admin/2fa/verify/"
RECOVERY_CODE = "tealake42"


@pytest.fixture(autouse=True)
def required(settings):
    settings.REQUIRE_STAFF_2FA = True


@pytest.fixture
def draft():
    return ArticleFactory(draft=True, title="Unannounced congress")


def make_editor(django_user_model, username="lin", *perms, **extra):
    user = django_user_model.objects.create_user(username, is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=EDITOR))
    for name in perms:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def enrolled(user):
    """Give `user` an app and a recovery code, as enrolment leaves them."""
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    device.token_set.create(token=RECOVERY_CODE)
    return user


def password_only(client, user):
    client.force_login(user)
    return client


def step(draft):
    """The second-factor page's ?next=, back to the preview."""
    return f"?next=%2Fen%2Farticles%2F{draft.pk}%2Fpreview%2F"


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("enrolled superuser", VERIFY),
        ("superuser", SETUP),
        ("enrolled editor", VERIFY),
    ],
)
def test_preview_sends_staff_without_their_second_factor_to_it(
    client, django_user_model, draft, who, page
):
    user = make_editor(django_user_model, is_superuser="superuser" in who)
    if who.startswith("enrolled"):
        enrolled(user)

    response = password_only(client, user).get(draft.get_preview_url())

    assert response.status_code == 302
    assert response["Location"] == page + step(draft)


@pytest.mark.parametrize("perm", ["events.view_participant", "events.export_roster"])
def test_preview_asks_staff_holding_any_one_listed_permission(
    client, django_user_model, draft, settings, perm
):
    assert perm in settings.STAFF_2FA_PERMISSIONS
    user = make_editor(django_user_model, "mei", perm)

    response = password_only(client, user).get(draft.get_preview_url())

    assert response.status_code == 302
    assert response["Location"] == SETUP + step(draft)


def test_preview_opens_once_the_second_factor_is_given(
    client, django_user_model, draft
):
    user = enrolled(make_editor(django_user_model, is_superuser=True))
    password_only(client, user)

    asked = client.get(draft.get_preview_url())
    verified = client.post(asked["Location"], {"code": RECOVERY_CODE})
    page = client.get(verified["Location"])

    assert verified["Location"] == draft.get_preview_url()
    assert page.status_code == 200
    assert "Unannounced congress" in page.text


@pytest.mark.parametrize("setting_on", [True, False])
def test_preview_opens_to_staff_the_rule_does_not_ask(
    client, django_user_model, draft, settings, setting_on
):
    # An editor neither required nor enrolled; with the setting off, anyone.
    settings.REQUIRE_STAFF_2FA = setting_on
    user = make_editor(django_user_model, is_superuser=not setting_on)
    if not setting_on:
        enrolled(user)

    response = password_only(client, user).get(draft.get_preview_url())

    assert response.status_code == 200
    assert "Unannounced congress" in response.text
