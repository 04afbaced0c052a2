"""Background work, run by Django's tasks framework (`manage.py run_worker`).

Tasks take ids, not objects, and may run more than once for the same id:
each checks what is done already. They are enqueued after the commit that
makes them needed, so a worker never looks for a row not committed yet.
"""

import functools
import itertools

from django.apps import apps
from django.conf import settings
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from . import registry, search
from .images import make_renditions, make_square_renditions
from .models import Image, RenditionStatus, Review


def enqueue_on_commit(job, *args):
    """Enqueue the task `job` once the current transaction commits.

    A failed enqueue is logged, not raised: the committed work stands, and
    `enqueue_renditions` finds an image left waiting.
    """
    transaction.on_commit(functools.partial(job.enqueue, *args), robust=True)


def delete_files(names):
    for name in names:
        default_storage.delete(name)


def describe(error):
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


@transaction.atomic
def store_outcome(image_id, written, **fields):
    """Store what a run made, unless the image is gone or another run won."""
    image = Image.objects.select_for_update().filter(pk=image_id).first()
    if image is None or image.renditions_status == RenditionStatus.READY:
        transaction.on_commit(functools.partial(delete_files, written))
        return False
    for name, value in fields.items():
        setattr(image, name, value)
    # A save, not an update(): its signal outdates the cached pages.
    # updated_at too: enqueue_renditions goes by it to find lost tasks.
    image.save(update_fields=[*fields, "updated_at"])
    return True


@task
def image_renditions_make(image_id):
    """Make the renditions of one image, unless it has them already.

    On failure the image is marked failed with the error, its original kept,
    and the error raised again so the task's result records it.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.renditions_status == RenditionStatus.READY:
        return False
    written = []
    try:
        made = {
            "renditions": make_renditions(image, default_storage, written),
            "square_renditions": make_square_renditions(
                image, default_storage, written
            ),
        }
    except Exception as error:
        delete_files(written)
        store_outcome(
            image_id,
            [],
            renditions_status=RenditionStatus.FAILED,
            renditions_error=describe(error),
        )
        raise
    return store_outcome(
        image_id,
        written,
        **made,
        renditions_status=RenditionStatus.READY,
        renditions_error="",
    )


@task
def search_reindex(items, chunk=2000):
    """Index again the items a tag change names ({kind key: ids}), a chunk
    at a time: renaming a tag on ten thousand items takes seconds, which an
    editor's save should not wait for."""
    for key, ids in items.items():
        for some in itertools.batched(ids, chunk, strict=False):
            search.index_items(registry.get(key), list(some))


@task
def review_requested(label, pk):
    """Tell the reviewers of a kind that an item waits for them, each by
    mail in the staff's language (ENQUIRY_STAFF_LANGUAGE), with a link."""
    model = apps.get_model(label)
    item = model._default_manager.filter(pk=pk).first()
    meta = model._meta
    perm = Permission.objects.filter(
        content_type__app_label=meta.app_label, codename=f"review_{meta.model_name}"
    ).first()
    # Without the permission the filter below would match users of no group.
    if item is None or item.review != Review.IN_REVIEW or perm is None:
        return 0
    reviewers = (
        get_user_model()
        .objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .filter(is_active=True)
        .exclude(email="")
        .distinct()
    )
    link = settings.SITE_URL + reverse(admin_urlname(meta, "change"), args=[pk])
    with translation.override(settings.ENQUIRY_STAFF_LANGUAGE):
        subject = gettext("Waiting for your review: %(title)s") % {"title": item}
        body = gettext(
            "%(title)s was submitted for review. Approve it or send it back "
            "with a comment:\n%(link)s"
        ) % {"title": item, "link": link}
    mails = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in reviewers
    ]
    return send_mass_mail(mails)
