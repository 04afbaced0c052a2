"""The audit trail, readable and never edited."""

from django.contrib import admin

from ..models import AuditEntry
from .readonly import ReadOnlyAdminMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is written by the actions it records."""

    list_display = ("at", "username", "action", "subject")
    list_filter = ("action",)
    search_fields = ("username", "action", "subject")
    date_hierarchy = "at"
    readonly_fields = ("at", "user", "username", "action", "subject", "detail")
