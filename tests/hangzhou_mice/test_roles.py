import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from hangzhou_mice.roles import sync_roles

pytestmark = pytest.mark.django_db

PAGES = {
    "articles": "/admin/articles/article/",
    "article add": "/admin/articles/article/add/",
    "images": "/admin/hangzhou_mice/image/",
    "tags": "/admin/hangzhou_mice/tag/",
    "events": "/admin/events/event/",
    "organizations": "/admin/events/organization/",
    "participants": "/admin/events/participant/",
    "export log": "/admin/events/rosterexport/",
    "users": "/admin/auth/user/",
    "groups": "/admin/auth/group/",
}
# What each role may open (200); everything else is refused (403).
ALLOWED = {
    "Editor": {"articles", "article add", "images", "tags", "events", "organizations"},
    "Event staff": {"images", "events", "organizations", "participants"},
    "Bureau admin": set(PAGES),
}


@pytest.fixture
def member(django_user_model, client):
    def log_in(role):
        user = django_user_model.objects.create_user(role, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return log_in


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_role_matrix(member, role):
    client = member(role)

    codes = {page: client.get(url).status_code for page, url in PAGES.items()}

    assert codes == {page: 200 if page in ALLOWED[role] else 403 for page in PAGES}


def test_editor_cannot_change_users_even_by_post(member, django_user_model):
    client = member("Editor")
    target = django_user_model.objects.create_user("victim")

    response = client.post(
        f"/admin/auth/user/{target.pk}/change/", {"username": "x", "is_superuser": "on"}
    )

    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser


def test_editor_sees_no_user_or_group_admin_on_the_index(member):
    body = member("Editor").get("/admin/").content.decode()

    assert "/admin/articles/article/" in body
    assert "/admin/auth/user/" not in body


def test_bureau_admin_has_every_permission():
    assert Group.objects.get(name="Bureau admin").permissions.count() == (
        Permission.objects.count()
    )


def test_roles_sync_is_idempotent_and_repairs_changes():
    editor = Group.objects.get(name="Editor")
    editor.permissions.clear()

    sync_roles()
    sync_roles()

    assert Group.objects.filter(name="Editor").count() == 1
    assert editor.permissions.filter(codename="change_article").exists()
    assert not editor.permissions.filter(codename="change_user").exists()


def test_migrate_creates_the_roles():
    Group.objects.all().delete()

    call_command("migrate", verbosity=0)

    assert set(Group.objects.values_list("name", flat=True)) == set(ALLOWED)


def test_event_staff_may_view_but_not_upload_images(member):
    client = member("Event staff")

    assert client.get("/admin/hangzhou_mice/image/add/").status_code == 403


def test_event_staff_can_link_a_roster_entry_to_an_ambassador(member):
    client = member("Event staff")

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "ambassadors",
            "model_name": "rosterlink",
            "field_name": "ambassador",
        },
    )

    assert response.status_code == 200
