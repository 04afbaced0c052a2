"""The bureau's staff roles as permission groups, kept in step after migrate.

Shared machinery names the roles; each app grants them its own models and
permissions with `grant()` in its `ready()`, so this module names no app.
"""

import collections

from django.apps import apps
from django.contrib.auth.models import Group, Permission

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


def granted(grants, permissions):
    """The ids of what `grants` names, of `permissions` ((app label,
    codename) -> ids): add/change/delete/view of its models, and its extras."""
    names = {
        (app_label, f"{action}_{model}")
        for app_label, model in grants["models"]
        for action in ACTIONS
    }
    names |= {tuple(name.split(".")) for name in grants["extra"]}
    return {pk for name in names for pk in permissions.get(name, ())}


def sync_roles(sender=None, **kwargs):
    """Create the role groups and give each exactly its permissions, in a
    handful of queries whatever the number of roles.

    Django sends post_migrate once per app, after a migrate and after every
    flush of a transactional test; only the last app's signal finds every
    app's permissions made, so the others are let pass."""
    if sender is not None and sender is not last_app_with_models():
        return
    permissions = collections.defaultdict(set)
    for pk, app_label, codename in Permission.objects.values_list(
        "pk", "content_type__app_label", "codename"
    ):
        permissions[app_label, codename].add(pk)
    wanted = {name: granted(grants, permissions) for name, grants in _grants.items()}
    # Bureau admins may do everything, users and groups included.
    wanted[BUREAU_ADMIN] = set().union(*permissions.values())
    Group.objects.bulk_create(
        [Group(name=name) for name in wanted], ignore_conflicts=True
    )
    groups = dict(Group.objects.filter(name__in=wanted).values_list("pk", "name"))
    Through = Group.permissions.through
    held = Through.objects.filter(group__in=groups)
    stale, kept = [], set()
    for pk, group, permission in held.values_list("pk", "group", "permission"):
        if permission in wanted[groups[group]]:
            kept.add((group, permission))
        else:
            stale.append(pk)
    Through.objects.filter(pk__in=stale).delete()
    Through.objects.bulk_create(
        Through(group_id=group, permission_id=permission)
        for group, name in groups.items()
        for permission in wanted[name]
        if (group, permission) not in kept
    )
