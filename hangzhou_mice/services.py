"""Work that spans several models or touches files, in one place each."""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction

from . import registry, tasks
from .images import make_square_renditions
from .models import Image, RenditionStatus, Tag, TagSnapshot
from .pagecache import content_changed
from .tasks import enqueue_on_commit, search_reindex

RENDITION_FIELDS = (
    "renditions",
    "square_renditions",
    "renditions_status",
    "renditions_error",
)


def image_save(*, image: Image) -> Image:
    """Store a new image and have a task make its renditions after the commit.

    `image.file` has been through `images.clean_upload`. If writing the file
    or the row fails, the file is removed again. The image is "processing"
    until the task has run.
    """
    written = []
    try:
        with transaction.atomic():
            image.full_clean(exclude=["file", "width", "height"])
            upload = image.file
            # Store the file before the row, so its name is known if the
            # insert fails.
            upload.save(upload.name, upload.file, save=False)
            written.append(upload.name)
            image.save()
            tasks.enqueue_on_commit(tasks.image_renditions_make, image.pk)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    # A backend that runs tasks as they are enqueued has made them by now.
    image.refresh_from_db(fields=RENDITION_FIELDS)
    return image


@transaction.atomic
def image_renditions_request(*, image: Image) -> bool:
    """Have a task make the renditions `image` lacks; False if it has them.

    A failed image is marked processing again. Asking twice is harmless:
    the task does nothing for an image that is ready.
    """
    if image.renditions_status == RenditionStatus.READY:
        return False
    if image.renditions_status == RenditionStatus.FAILED:
        image.renditions_status = RenditionStatus.PROCESSING
        image.renditions_error = ""
        # updated_at dates the request, so enqueue_renditions waits for it.
        image.save(
            update_fields=["renditions_status", "renditions_error", "updated_at"]
        )
    tasks.enqueue_on_commit(tasks.image_renditions_make, image.pk)
    return True


def image_ensure_square(*, image: Image) -> Image:
    """Give an image stored before square renditions existed its squares.

    An image still processing gets them from its task.
    """
    if image.square_renditions or not image.has_renditions:
        return image
    written = []
    try:
        image.square_renditions = make_square_renditions(
            image, default_storage, written
        )
        image.save(update_fields=["square_renditions"])
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return image


def image_delete_files(*, image: Image) -> None:
    """Remove an image's files once its deletion is committed."""
    names = [image.file.name]
    for rendition in image.renditions + image.square_renditions:
        names += [rendition["webp"], rendition["fallback"]]

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def tag_merge(*, source: Tag, target: Tag) -> int:
    """Retag everything tagged `source` with `target`, then delete `source`.

    Return how many items were retagged. Items that already had both tags
    keep one link to `target`. Stored rankings of the items now tagged
    `target` are refreshed after the commit (the retagging is an update(),
    which sends no signals).
    """
    if source.pk == target.pk:
        return 0
    retagged, moved = 0, {}
    for kind in registry.kinds():
        links = kind.through.objects.filter(tag=source)
        already = kind.through.objects.filter(tag=target).values("content_object")
        if kind.search_documents:
            moved[kind.key] = list(links.values_list("content_object_id", flat=True))
        retagged += links.filter(content_object__in=already).delete()[0]
        retagged += links.update(tag=target)
        registry.items_retagged(kind.through, items_tagged(kind, target))
    # Their search entries name the source: index them again (the update()
    # sent no signal), on the task queue once committed.
    enqueue_on_commit(search_reindex, {key: ids for key, ids in moved.items() if ids})
    source.delete()
    content_changed()
    return retagged


@transaction.atomic
def tag_pair(*, tag: Tag) -> None:
    """Make `tag`'s counterpart name it back, and no other tag name it."""
    Tag.objects.filter(counterpart=tag).exclude(pk=tag.counterpart_id).update(
        counterpart=None
    )
    if tag.counterpart_id:
        Tag.objects.filter(pk=tag.counterpart_id).update(counterpart=tag)
    content_changed()  # update() sends no signal; tag pages link counterparts


def items_tagged(kind, tag):
    return kind.through.objects.filter(tag=tag).values_list(
        "content_object_id", flat=True
    )


def tag_deleting(sender, instance, **kwargs):
    """Before a tag goes: refresh, after the commit, what its items rank."""
    for kind in registry.kinds():
        registry.items_retagged(kind.through, items_tagged(kind, instance))


def tag_snapshot_record(*, obj) -> None:
    """Save `obj`'s current tag names with the revision being recorded."""
    if reversion.is_active():
        reversion.add_meta(
            TagSnapshot,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            names=sorted(obj.tags.names(), key=str.lower),
        )


def versioned_save(*, obj, user, comment: str, tags=None) -> None:
    """Save `obj` as a revision of its own, with its tags, by `user`;
    `tags`, names to set on it once saved (None leaves them)."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        obj.save()
        if tags is not None:
            obj.tags.set(tags)
        tag_snapshot_record(obj=obj)
