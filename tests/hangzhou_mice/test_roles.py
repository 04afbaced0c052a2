import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models.signals import post_migrate
from PIL import Image as PILImage

from hangzhou_mice.models import Image
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
    "leads": "/admin/enquiries/lead/",
    "bureau pages": "/admin/bureau/bureaupage/",
    "bureau record": "/admin/bureau/bureau/1/change/",
    "downloads": "/admin/hangzhou_mice/download/",
    "synonyms": "/admin/hangzhou_mice/synonymgroup/",
    "users": "/admin/auth/user/",
    "groups": "/admin/auth/group/",
}
# What each role may open (200); everything else is refused (403).
ALLOWED = {
    "Editor": {
        *("articles", "article add", "images", "tags", "events", "organizations"),
        *("bureau pages", "downloads", "synonyms"),
    },
    # Events read, to say what an article is about.
    "Writer": {"articles", "article add", "images", "tags", "downloads", "events"},
    "Reviewer": {"articles", "events"},
    "Publisher": {"articles", "events"},
    "Event staff": {"images", "events", "organizations", "participants"},
    "Bid team": {"leads", "events", "organizations"},  # read, to link a bid
    "Bureau admin": set(PAGES),
}


IMAGES = "/admin/hangzhou_mice/image/"
IMAGE_ADD = "/admin/hangzhou_mice/image/add/"
UPLOADED = {"list": 200, "upload form": 200, "upload": 302, "images stored": 1}
REFUSED = {"list": 200, "upload form": 403, "upload": 403, "images stored": 0}


def image_upload():
    picture = io.BytesIO()
    PILImage.new("RGB", (200, 100), "teal").save(picture, "JPEG")
    photo = SimpleUploadedFile("lake.jpg", picture.getvalue())
    return {"title": "West Lake", "file": photo, "alt_text_en": "Boats"}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_role_matrix(client, staff_member, role):
    staff_member(role)

    codes = {page: client.get(url).status_code for page, url in PAGES.items()}

    assert codes == {page: 200 if page in ALLOWED[role] else 403 for page in PAGES}


def test_editor_cannot_change_users_even_by_post(
    client, staff_member, django_user_model
):
    staff_member("Editor")
    target = django_user_model.objects.create_user("victim")

    response = client.post(
        f"/admin/auth/user/{target.pk}/change/", {"username": "x", "is_superuser": "on"}
    )

    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser


def test_editor_sees_no_user_or_group_admin_on_the_index(client, staff_member):
    staff_member("Editor")
    body = client.get("/admin/").content.decode()

    assert "/admin/articles/article/" in body
    assert "/admin/auth/user/" not in body


def test_bureau_admin_has_every_permission():
    assert Group.objects.get(name="Bureau admin").permissions.count() == (
        Permission.objects.count()
    )


def test_roles_sync_is_idempotent_and_repairs_changes():
    editor = Group.objects.get(name="Editor")
    editor.permissions.set([Permission.objects.get(codename="change_user")])

    sync_roles()
    sync_roles()

    assert Group.objects.filter(name="Editor").count() == 1
    assert editor.permissions.filter(codename="change_article").exists()
    assert not editor.permissions.filter(codename="change_user").exists()


def test_migrate_creates_the_roles():
    Group.objects.all().delete()

    call_command("migrate", verbosity=0)

    assert set(Group.objects.values_list("name", flat=True)) == set(ALLOWED)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Editor", UPLOADED), ("Event staff", REFUSED)],
)
def test_editors_may_upload_images_and_event_staff_only_view_them(
    client, staff_member, role, expected
):
    staff_member(role)

    outcome = {
        "list": client.get(IMAGES).status_code,
        "upload form": client.get(IMAGE_ADD).status_code,
        "upload": client.post(IMAGE_ADD, image_upload()).status_code,
        "images stored": Image.objects.count(),
    }

    assert outcome == expected


def test_event_staff_can_link_a_roster_entry_to_an_ambassador(client, staff_member):
    staff_member("Event staff")

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "ambassadors",
            "model_name": "rosterlink",
            "field_name": "ambassador",
        },
    )

    assert response.status_code == 200


def test_roles_wait_for_the_last_apps_permissions():
    """post_migrate comes once per app; the roles are set at the last one."""
    Group.objects.all().delete()
    first, *_ = [a for a in apps.get_app_configs() if a.models_module is not None]

    post_migrate.send(sender=first, app_config=first, using="default")

    assert not Group.objects.exists()
