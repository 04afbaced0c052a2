"""Who may take a roster out, by every path, for published and draft events."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from events.models import RosterExport
from hangzhou_mice.roles import BUREAU_ADMIN, EDITOR, EVENT_STAFF
from tests.factories import EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

SECRET = "lan.secret@example.org"
GROUPS = (EDITOR, EVENT_STAFF, BUREAU_ADMIN)
# Permissions held directly, by roles that are no group.
GRANTED = {
    "export only": ("export_roster",),
    "view, no export": ("view_event", "view_participant"),
}
ROLES = (
    "anonymous",
    "staff without permissions",
    "export only",
    "view, no export",
    "Editor",
    "Event staff",
    "Bureau admin",
)
PATHS = ("form page", "form download", "admin action", "command")
REFUSED = dict.fromkeys(PATHS, "refused")
EXPECTED = {
    "anonymous": dict.fromkeys(PATHS[:3], "login") | {"command": "refused"},
    "staff without permissions": REFUSED,
    "export only": REFUSED,
    # The admin has no action to offer them, so a forced one shows the list.
    "view, no export": REFUSED | {"admin action": "list"},
    "Editor": REFUSED,
    "Event staff": {"form page": "form"} | dict.fromkeys(PATHS[1:], "file"),
    "Bureau admin": {"form page": "form"} | dict.fromkeys(PATHS[1:], "file"),
}


@pytest.fixture
def account(staff_member):
    def log_in(role, *codenames):
        if role == "anonymous":
            return None
        group = role if role in GROUPS else None
        codenames = (*GRANTED.get(role, ()), *codenames)
        return staff_member(group, *codenames, username=role.replace(" ", "-"))

    return log_in


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return "login"
    if response.status_code == 403:
        return "refused"
    content = b"".join(response) if response.status_code == 200 else b""
    if SECRET.encode() in content:
        return "file"
    if b'name="file_format"' in content:
        return "form"
    if b'id="changelist"' in content:
        return "list"
    return f"unexpected {response.status_code}"


def export_url(event):
    return reverse("admin:events_event_roster_export", args=[event.pk])


def form_page(client, user, event, tmp_path):
    return outcome(client.get(export_url(event)))


def form_download(client, user, event, tmp_path):
    data = {"file_format": "csv", "columns": ["full_name", "email"]}
    return outcome(client.post(export_url(event), data))


def admin_action(client, user, event, tmp_path):
    chosen = event.participants.values_list("pk", flat=True)
    data = {"action": "export_csv", "_selected_action": list(chosen)}
    return outcome(client.post(reverse("admin:events_participant_changelist"), data))


def command(client, user, event, tmp_path):
    output = tmp_path / "roster.csv"
    for_user = ["--user", user.username] if user else []
    try:
        call_command(
            "export_roster",
            event.slug,
            *("--output", str(output), *for_user),
            stderr=io.StringIO(),
        )
    except CommandError:
        return "refused"
    return "file" if SECRET in output.read_text(encoding="utf-8-sig") else "empty"


EXPORT_PATHS = {
    "form page": form_page,
    "form download": form_download,
    "admin action": admin_action,
    "command": command,
}


@pytest.mark.parametrize("draft", [False, True], ids=["published", "draft"])
@pytest.mark.parametrize("role", ROLES)
def test_roster_export_permission_matrix(client, account, tmp_path, role, draft):
    event = EventFactory(draft=draft)
    ParticipantFactory(event=event, email=SECRET)
    user = account(role)

    outcomes = {
        name: export(client, user, event, tmp_path)
        for name, export in EXPORT_PATHS.items()
    }

    assert outcomes == EXPECTED[role]
    downloads = [name for name, result in outcomes.items() if result == "file"]
    logged = RosterExport.objects.values_list("source", "user")
    assert sorted(logged) == sorted(
        ({"form download": "admin", "admin action": "admin action"}.get(n, n), user.pk)
        for n in downloads
    )


def test_export_permission_without_seeing_events_offers_no_export_action(
    client, account
):
    event = EventFactory()
    participant = ParticipantFactory(event=event, email=SECRET)
    account("export only", "view_participant")

    page = client.get(reverse("admin:events_participant_changelist"))
    forced = client.post(
        reverse("admin:events_participant_changelist"),
        {"action": "export_csv", "_selected_action": [participant.pk]},
    )

    assert page.status_code == 200
    assert page.context["action_form"] is None  # they have no other action either
    assert forced.status_code == 200
    assert SECRET.encode() not in b"".join(forced)
    assert client.get(export_url(event)).status_code == 403
    assert not RosterExport.objects.exists()


def test_export_is_refused_to_an_inactive_account_with_every_permission(
    django_user_model, tmp_path
):
    event = EventFactory()
    ParticipantFactory(event=event, email=SECRET)
    user = django_user_model.objects.create_user("gone", is_active=False)
    user.groups.add(Group.objects.get(name="Bureau admin"))

    assert command(None, user, event, tmp_path) == "refused"
    assert not RosterExport.objects.exists()


def test_command_names_the_permissions_it_needs(account, tmp_path):
    event = EventFactory()
    account("export only")

    with pytest.raises(CommandError, match="events.view_participant"):
        call_command(
            "export_roster",
            event.slug,
            *("--output", str(tmp_path / "x.csv"), "--user", "export-only"),
        )


def test_only_those_who_may_change_participants_move_the_retention_day(
    client, django_user_model
):
    event = EventFactory()
    editor = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_event", "change_event"])
    )
    client.force_login(editor)
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="retain_roster_until"' not in page

    editor.user_permissions.add(Permission.objects.get(codename="change_participant"))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="retain_roster_until"' in page
