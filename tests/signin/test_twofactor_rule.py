"""Staff holding any one of STAFF_2FA_PERMISSIONS must give a second factor.

Through the admin itself, not a function of the two-factor module, so the test
holds wherever that module lives.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.REQUIRE_STAFF_2FA = True


@pytest.mark.parametrize("permission", settings.STAFF_2FA_PERMISSIONS)
def test_staff_holding_one_listed_permission_are_sent_to_enrolment(
    client, django_user_model, permission
):
    app_label, codename = permission.split(".")
    user = django_user_model.objects.create_user("mei", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    )
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/2fa/setup/?next=%2Fadmin%2F"
