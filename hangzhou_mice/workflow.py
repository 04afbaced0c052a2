"""Review before publishing: who may move an item from one step to the next.

A writer submits an item for review; a reviewer approves it or sends it back
with a comment; a publisher publishes it (scheduled if its publication date
is still to come). Each step is a permission on the item's model
(`submit_article`, `review_article`, `publish_article`), given to the
Writer, Reviewer and Publisher roles (roles.py), and each is written to the
audit log and the item's history with who, when, from, to and the comment.

With REVIEW_ONE_STEP, a person holding all three permissions may publish a
draft directly, as a small team does.
"""

import copy
from dataclasses import dataclass

import reversion
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit, registry
from .models import AuditEntry, Review, ReviewedModel, Status
from .services import tag_snapshot_record, versioned_save
from .tasks import enqueue_on_commit, review_requested

STEPS = ("submit", "review", "publish")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str  # a Review, or "published"
    step: str  # the permission it needs, of STEPS
    needs_comment: bool = False


PUBLISHED = "published"
TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit",
            _("Submit for review"),
            (Review.DRAFT, Review.SENT_BACK),
            Review.IN_REVIEW,
            "submit",
        ),
        Transition(
            "approve", _("Approve"), (Review.IN_REVIEW,), Review.APPROVED, "review"
        ),
        Transition(
            "send_back",
            _("Send back"),
            (Review.IN_REVIEW,),
            Review.SENT_BACK,
            "review",
            needs_comment=True,
        ),
        Transition("publish", _("Publish"), (Review.APPROVED,), PUBLISHED, "publish"),
    )
}


def permission(model, step):
    return f"{model._meta.app_label}.{step}_{model._meta.model_name}"


def may(user, item, step):
    return user.has_perm(permission(type(item), step))


def direct(user, item):
    """Whether `user` may publish `item` without review: with
    REVIEW_ONE_STEP, a person who may take every step; and a superuser,
    who administers the site (the audit log still says who published)."""
    if user.is_superuser:
        return True
    return settings.REVIEW_ONE_STEP and all(may(user, item, step) for step in STEPS)


def allowed(user, item, name):
    """Whether `user` may take transition `name` on `item` now. Of a
    published item, the steps move its waiting change (`pending`)."""
    transition = TRANSITIONS[name]
    if not may(user, item, transition.step):
        return False
    if item.is_live and item.pending is None:
        return False  # no change to review or publish
    if name == "publish" and direct(user, item):
        return not item.is_live or item.review != Review.SENT_BACK
    if item.review not in transition.sources:
        return False
    if name == "submit" and item.pending_at is not None:
        return False  # approved and scheduled; an edit takes it back to draft
    # Four eyes: who submitted an item does not approve it too.
    return name != "approve" or direct(user, item) or submitter(item) != user.pk


def submitter(item):
    """The id of the user who last submitted `item` for review, or None."""
    return (
        AuditEntry.objects.filter(action="workflow.submit", subject=subject(item))
        .order_by("-pk")
        .values_list("user_id", flat=True)
        .first()
    )


def subject(item):
    return f"{item._meta.label_lower} {item.pk}"


def available(user, item):
    """The transitions `user` may take on `item`, in the order of the steps."""
    return [t for name, t in TRANSITIONS.items() if allowed(user, item, name)]


def offered(user, item):
    """The steps an item's form offers: of a published item with no change
    yet, those of the change the form's edits become when the step saves
    them; none of a published item to who publishes directly, whose save
    is what visitors see."""
    if item.is_live and direct(user, item):
        return []
    if item.is_live and item.pending is None:
        item = copy.copy(item)
        item.pending = {}
    return available(user, item)


STATE_LABELS = {
    **dict(Review.choices),
    PUBLISHED: _("Published"),
    "scheduled": _("Scheduled"),
    "changed": _("Published; changes not submitted"),
    "change_scheduled": _("Published; changes scheduled"),
}


def state(item):
    """The item's step as an editor names it: a review state, or published
    or scheduled once it is (with a change waiting, or scheduled)."""
    if item.review != Review.DRAFT:
        return item.review
    if item.is_live:
        if item.pending is not None:
            return "change_scheduled" if item.pending_at else "changed"
        scheduled = item.published_at and item.published_at > timezone.now()
        return "scheduled" if scheduled else PUBLISHED
    return Review.DRAFT


def record(*, user, item, name, before, after, comment=""):
    """The audit entry of a step taken on `item`."""
    audit.record(
        user=user,
        action=f"workflow.{name}",
        subject=subject(item),
        before=before,
        after=after,
        comment=comment,
    )


# Who must act on an item in each state: the step it waits for.
WAITS_FOR = {
    Review.IN_REVIEW: "review",
    Review.APPROVED: "publish",
    Review.SENT_BACK: "submit",
}
STEP_ROLES = {
    "review": _("reviewers"),
    "publish": _("publishers"),
    "submit": _("writers"),
}


def reviewed_kinds():
    """The registry's kinds whose items go through review."""
    return [k for k in registry.kinds() if issubclass(k.model, ReviewedModel)]


def waiting(user):
    """[(kind, state, count)] of the items waiting for `user`: in review
    for a reviewer, approved for a publisher, sent back for a writer. One
    query, whatever the number of reviewed kinds."""
    parts, params, kinds = [], [], {}
    for kind in reviewed_kinds():
        states = [
            state
            for state, step in WAITS_FOR.items()
            if user.has_perm(permission(kind.model, step))
        ]
        if states:
            kinds[kind.key] = kind
            counts = (
                kind.model._default_manager.filter(review__in=states)
                .values("review")
                .annotate(n=Count("pk"))
                .order_by()
            )
            sql, values = counts.query.sql_with_params()
            # Django's own SQL, its values passed as parameters.
            parts.append(f"SELECT %s, counts.review, counts.n FROM ({sql}) counts")  # noqa: S608
            params += [kind.key, *values]
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    order = [(key, state) for key in kinds for state in WAITS_FOR]
    return [
        (kinds[key], state, n)
        for key, state, n in sorted(rows, key=lambda row: order.index(row[:2]))
    ]


def queue(user):
    """[(kind, state, role, items, mine)] of every reviewed item waiting for
    a step, by state: the role that must act, and whether `user` may. One
    query per reviewed kind the person may view."""
    rows = []
    for kind in reviewed_kinds():
        if not may_view(user, kind.model):
            continue
        items = list(
            kind.model._default_manager.filter(review__in=list(WAITS_FOR)).order_by(
                "-updated_at"
            )
        )
        for state, step in WAITS_FOR.items():
            here = [item for item in items if item.review == state]
            if here:
                mine = user.has_perm(permission(kind.model, step))
                rows.append((kind, STATE_LABELS[state], STEP_ROLES[step], here, mine))
    return rows


def may_view(user, model):
    meta = model._meta
    return user.has_perm(f"{meta.app_label}.view_{meta.model_name}")


def last_comment(item):
    """(who, when, comment) of the latest step on `item` that had a
    comment (a send-back's: what the writer is to change), or None."""
    entry = (
        AuditEntry.objects.filter(
            action__startswith="workflow.",
            subject=subject(item),
        )
        .exclude(detail__comment="")
        .order_by("-pk")
        .first()
    )
    if entry is None:
        return None
    return entry.username, entry.at, entry.detail["comment"]


def perform(*, user, item, name, comment="", at=None):
    """Take transition `name` on `item` for `user`: saved, in the item's
    history and the audit log. `at`, when publishing, is when visitors are
    to see it (now if None or past). Raises PermissionDenied when `user`
    may not, ValidationError when the transition needs a comment and has
    none, or the item is not fit to publish.

    The item is read again, locked, so two people taking a step at once
    take them one after the other, each on what the other left."""
    transition = TRANSITIONS[name]
    comment = comment.strip()
    with transaction.atomic():
        item = type(item)._default_manager.select_for_update().get(pk=item.pk)
        if not allowed(user, item, name):
            raise PermissionDenied(
                _("You may not “%(step)s” this item now.") % {"step": transition.label}
            )
        if transition.needs_comment and not comment:
            raise ValidationError(_("Say what to change: a comment is required."))
        before = state(item)
        tags = None
        if transition.target != PUBLISHED:
            item.review = transition.target
        elif not item.is_live:
            if at is not None:
                item.published_at = at
            item.status = Status.PUBLISHED
            item.full_clean()  # alt texts and the rest, as the form would
            item.review = Review.DRAFT
        elif at is not None and at > timezone.now():
            item.pending_at, item.review = at, Review.DRAFT
            enqueue_on_commit(
                publish_due.using(run_after=at), item._meta.label, item.pk
            )
        else:
            tags = change_apply(item)
        after = state(item)
        history = f"{transition.label}: {STATE_LABELS[before]} → {STATE_LABELS[after]}"
        save(item, user, f"{history} — {comment}" if comment else history, tags)
        record(
            user=user, item=item, name=name, before=before, after=after, comment=comment
        )
        if name == "submit":
            enqueue_on_commit(review_requested, item._meta.label, item.pk)
    return after


def save(item, user, line, tags=None):
    """Save `item` (and its tags, if given) with `line` in its history."""
    if not reversion.is_active():
        versioned_save(obj=item, user=user, comment=line, tags=tags)
        return
    # Within the admin's own revision of the form just saved.
    item.save()
    if tags is not None:
        # A change published from its form: the form's own save kept it
        # aside and recorded no tags with the revision; these are its tags.
        item.tags.set(tags)
        tag_snapshot_record(obj=item)
    reversion.set_comment(line)


def change_keep(*, item, tags=None):
    """Keep the form's values of published `item` as its waiting change,
    leaving the columns visitors see alone: an update, so nothing public is
    outdated or indexed again. `tags`: its tag names, None to keep them."""
    item.pending_store(tags)
    item.pending_at = None  # an edit takes a scheduled change back to draft
    at_once = {name: getattr(item, name) for name in item.SAVED_AT_ONCE}
    type(item)._default_manager.filter(pk=item.pk).update(
        pending=item.pending,
        pending_at=None,
        review=item.review,
        updated_at=timezone.now(),
        **at_once,
    )


def change_apply(item):
    """Put the waiting change of published `item` in the columns visitors
    see; returns its tag names to set once saved, or None. Raises
    ValidationError when the change is not fit to publish."""
    before = copy.copy(item)
    tags = item.pending_apply()
    item.full_clean()
    item.pending = item.pending_at = None
    item.review = Review.DRAFT
    item.change_published(before)
    return tags


def change_due(item):
    """Publish the scheduled change of `item` if its time has come (the
    task queue and `publish_due_changes` call it); True if it did."""
    with transaction.atomic():
        item = type(item)._default_manager.select_for_update().get(pk=item.pk)
        due = item.pending_at is not None and item.pending_at <= timezone.now()
        if item.pending is None or not due or not item.is_live:
            return False
        before = state(item)
        try:
            tags = change_apply(item)
        except ValidationError as error:
            # Not fit any more (an image lost its alt text): back to its
            # writer, the published version kept.
            item.refresh_from_db()
            item.pending_at, item.review = None, Review.SENT_BACK
            comment = " ".join(error.messages)
            save(item, None, f"{STATE_LABELS[Review.SENT_BACK]} — {comment}")
            record(
                user=None,
                item=item,
                name="send_back",
                before=before,
                after=state(item),
                comment=comment,
            )
            return False
        save(item, None, f"{STATE_LABELS[before]} → {STATE_LABELS[PUBLISHED]}", tags)
        record(user=None, item=item, name="due", before=before, after=state(item))
        return True


@task
def publish_due(label, pk):
    """Publish the scheduled change of one reviewed item, once its time has
    come (enqueued to run then; `publish_due_changes` catches up)."""
    item = apps.get_model(label)._default_manager.filter(pk=pk).first()
    return item is not None and change_due(item)


def due_items():
    """Every reviewed item whose scheduled change is due."""
    now = timezone.now()
    for kind in reviewed_kinds():
        yield from kind.model._default_manager.filter(
            pending_at__lte=now, pending__isnull=False
        )
