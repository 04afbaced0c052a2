"""The bureau's staff roles as permission groups, kept in step after migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# Group name -> (app label, model) pairs whose add/change/delete/view
# permissions the group gets, plus extra permissions as "app_label.codename".
ROLES = {
    "Editor": {
        "models": [
            ("articles", "article"),
            ("hangzhou_mice", "tag"),
            ("hangzhou_mice", "image"),
            ("events", "event"),
            ("events", "organization"),
            ("events", "venue"),
            ("events", "meetingroom"),
            ("events", "venuephoto"),
            ("ambassadors", "ambassador"),
            ("ambassadors", "contribution"),
            ("ambassadors", "academicfield"),
        ],
        # No participants: their personal data is for event staff only.
        "extra": [],
    },
    "Event staff": {
        "models": [
            ("events", "event"),
            ("events", "organization"),
            ("events", "participant"),
        ],
        # Viewing images lets them pick an event's hero image.
        "extra": [
            "events.export_roster",
            "hangzhou_mice.view_image",
            "events.view_venue",
            "ambassadors.view_ambassador",
        ],
    },
}
BUREAU_ADMIN = "Bureau admin"
ACTIONS = ("add", "change", "delete", "view")


def model_permissions(pairs):
    """The add/change/delete/view permissions of each model, nothing custom."""
    query = Q(pk__in=[])
    for app_label, model in pairs:
        query |= Q(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for action in ACTIONS],
        )
    return Permission.objects.filter(query)


def extra_permissions(names):
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def sync_roles(**kwargs):
    """Create the role groups and give each exactly its permissions."""
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            model_permissions(role["models"]) | extra_permissions(role["extra"])
        )
    # Bureau admins may do everything, users and groups included.
    admins, _ = Group.objects.get_or_create(name=BUREAU_ADMIN)
    admins.permissions.set(Permission.objects.all())
