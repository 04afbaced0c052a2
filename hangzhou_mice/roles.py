"""The bureau's staff roles as permission groups, kept in step after migrate.

Shared machinery names the roles; each app grants them its own models and
permissions with `grant()` in its `ready()`, so this module names no app.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITOR = "Editor"
# Review before publishing (workflow.py): a Writer submits, a Reviewer
# approves or sends back, a Publisher publishes. An Editor writes and
# reviews (editors edit each other's copy); publishing is the Publisher's.
WRITER = "Writer"
REVIEWER = "Reviewer"
PUBLISHER = "Publisher"
EVENT_STAFF = "Event staff"
BID_TEAM = "Bid team"
BUREAU_ADMIN = "Bureau admin"
ACTIONS = ("add", "change", "delete", "view")

# Role -> {"models": {(app label, model name)}, "extra": {"app_label.codename"}}
_grants: dict[str, dict[str, set]] = {
    EDITOR: {"models": set(), "extra": set()},
    WRITER: {"models": set(), "extra": set()},
    REVIEWER: {"models": set(), "extra": set()},
    PUBLISHER: {"models": set(), "extra": set()},
    EVENT_STAFF: {"models": set(), "extra": set()},
    BID_TEAM: {"models": set(), "extra": set()},
}


def grant(role, *, models=(), permissions=()):
    """Give `role` add/change/delete/view on `models`, and `permissions`."""
    grants = _grants[role]
    grants["models"].update((m._meta.app_label, m._meta.model_name) for m in models)
    grants["extra"].update(permissions)


def grant_review(model, *, writers):
    """Review before publishing for `model` (workflow.py): `writers` submit,
    Editors submit and review, Reviewers review and Publishers publish, each
    seeing and editing the items to do so."""
    meta = model._meta
    name = f"{meta.app_label}.%s_{meta.model_name}"
    for role in writers:
        grant(role, permissions=[name % "submit"])
    grant(EDITOR, permissions=[name % "submit", name % "review"])
    for role, step in ((REVIEWER, "review"), (PUBLISHER, "publish")):
        grant(role, permissions=[name % "view", name % "change", name % step])


def last_app_with_models():
    """The app whose post_migrate signal Django sends last."""
    return [a for a in apps.get_app_configs() if a.models_module is not None][-1]


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


def sync_roles(sender=None, **kwargs):
    """Create the role groups and give each exactly its permissions.

    Django sends post_migrate once per app, after a migrate and after every
    flush of a transactional test; only the last app's signal finds every
    app's permissions made, so the others are let pass."""
    if sender is not None and sender is not last_app_with_models():
        return
    for name, grants in _grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            model_permissions(grants["models"]) | extra_permissions(grants["extra"])
        )
    # Bureau admins may do everything, users and groups included.
    admins, _ = Group.objects.get_or_create(name=BUREAU_ADMIN)
    admins.permissions.set(Permission.objects.all())
