"""Keep erased people out of the admin's history (django_admin_log)."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def scrub(model, pks, *, replacement: str) -> int:
    """Replace the object names logged for these rows; return how many."""
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in pks]
    ).update(object_repr=replacement[:200], change_message="")
