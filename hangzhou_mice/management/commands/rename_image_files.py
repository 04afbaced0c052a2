"""Move the files of images stored before random names to random names.

Before issue 19 an original kept its upload's name and a rendition its
image's id (`renditions/7/480.webp`): anyone could fetch the pictures of
drafts by counting. Run once after upgrading; running again does nothing.
"""

import collections
import functools
import itertools
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from hangzhou_mice import images
from hangzhou_mice.models import Image, RenditionStatus
from hangzhou_mice.pagecache import content_changed
from hangzhou_mice.richtext import RichTextField

KEYS = ("webp", "fallback")


def file_names(image):
    renditions = image.renditions + image.square_renditions
    return [image.file.name, *(r[key] for r in renditions for key in KEYS)]


def copy(old, new, moved):
    with default_storage.open(old) as source:
        moved[old] = default_storage.save(new, source)
    return moved[old]


def copy_renditions(renditions, moved):
    """Copy `renditions` to one new stem; their sizes stay in their names."""
    stem = images.rendition_stem()
    for rendition in renditions:
        for key in KEYS:
            old = rendition[key]
            rendition[key] = copy(old, f"{stem}-{PurePosixPath(old).name}", moved)


def rich_text_columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, RichTextField):
                yield model._meta.db_table, field.column


def relink(moved):
    """Point rich text that shows a moved file (by its address) at the new one."""
    urls = {
        default_storage.url(old): default_storage.url(new) for old, new in moved.items()
    }
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in rich_text_columns():
            column = quote(column)
            replaced = functools.reduce(
                lambda sql, _: f"replace({sql}, %s, %s)", urls, column
            )
            found = " OR ".join([f"strpos({column}, %s) > 0"] * len(urls))
            cursor.execute(
                f"UPDATE {quote(table)} SET {column} = {replaced} "  # noqa: S608
                f"WHERE {found}",
                [*itertools.chain.from_iterable(urls.items()), *urls],
            )


@transaction.atomic
def rename(image_id, moved):
    """Copy one image's files to random names, relink them, drop the old ones."""
    image = Image.objects.select_for_update().get(pk=image_id)
    if image.renditions_status == RenditionStatus.PROCESSING:
        return "processing"  # its task is reading the original
    if all(map(images.has_random_name, file_names(image))):
        return "kept"
    folder = PurePosixPath(image.file.name).parent
    new = f"{folder}/{images.stored_name(image.file.name)}"
    image.file.name = copy(image.file.name, new, moved)
    copy_renditions(image.renditions, moved)
    copy_renditions(image.square_renditions, moved)
    image.save(update_fields=["file", "renditions", "square_renditions", "updated_at"])
    relink(moved)
    content_changed()
    transaction.on_commit(functools.partial(delete, list(moved)))
    return "renamed"


def delete(names):
    for name in names:
        default_storage.delete(name)


class Command(BaseCommand):
    help = (
        "Move image files stored under their upload's name or their image's "
        "id to random names, and point rich text at them; run once after "
        "upgrading."
    )

    def handle(self, *args, **options):
        counts = collections.Counter()
        for image_id in Image.objects.order_by("pk").values_list("pk", flat=True):
            counts[self.rename(image_id)] += 1
        self.stdout.write(
            f"{counts['renamed']} image(s) renamed, {counts['kept']} already "
            f"random, {counts['processing']} still processing (run again later), "
            f"{counts['failed']} failed."
        )
        if counts["failed"]:
            raise CommandError("Some images could not be renamed; see above.")

    def rename(self, image_id):
        moved = {}
        try:
            return rename(image_id, moved)
        except OSError as error:  # a file missing or the disk full
            delete(moved.values())
            self.stderr.write(f"Image {image_id}: {error}")
            return "failed"
