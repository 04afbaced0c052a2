from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .exporters import CSVExporter, XLSXExporter
from .models import CONTACT_FIELDS, MEETING_FIELDS, SUPPORT_FIELDS, Lead, Mail


class MailInline(admin.TabularInline):
    """The mails the lead caused, as sent or still waiting; never edited."""

    model = Mail
    extra = 0
    max_num = 0
    fields = (
        "kind",
        "recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "meeting_name",
        "organisation",
        "delegates",
        "status",
        "owner",
        "created_at",
        "undelivered",
    )
    list_filter = (
        "status",
        "kind",
        "rotation",
        "language",
        ("owner", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "reference",
        "meeting_name",
        "association",
        "organisation",
        "name",
        "email",
    )
    date_hierarchy = "created_at"
    actions = ("export_csv", "export_xlsx", "retry_mails")
    inlines = (MailInline,)
    readonly_fields = (
        "reference",
        "language",
        "created_at",
        "privacy_notice_version",
        "shares_with_venues",
        "shares_abroad",
        "venue",
        "ambassador",
        "event",
    )
    fieldsets = (
        (None, {"fields": ("reference", "status", "owner", "created_at", "language")}),
        (
            _("Who is asking"),
            {"fields": CONTACT_FIELDS},
        ),
        (
            _("The meeting"),
            {
                "fields": (
                    *MEETING_FIELDS[:5],
                    ("start_date", "end_date"),
                    "dates_flexible",
                    "delegates",
                    "exhibition_m2",
                    ("largest_room", "layout"),
                    "peak_rooms",
                )
            },
        ),
        (
            _("Support wanted"),
            {"fields": (*SUPPORT_FIELDS, "message")},
        ),
        (_("Asked from"), {"fields": ("venue", "ambassador", "event")}),
        (
            _("Consent"),
            {
                "fields": (
                    "privacy_notice_version",
                    "shares_with_venues",
                    "shares_abroad",
                )
            },
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":  # only those who may work on leads
            kwargs["queryset"] = (
                get_user_model()
                .objects.with_perm(
                    "enquiries.view_lead",
                    backend="django.contrib.auth.backends.ModelBackend",
                )
                .filter(is_staff=True)
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner").with_undelivered()

    @admin.display(description=_("undelivered mails"), ordering="undelivered_count")
    def undelivered(self, lead):
        return lead.undelivered_count or ""

    def has_add_permission(self, request):
        return False  # leads come from planners, through the public form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "owner" in form.changed_data and obj.owner_id:
            services.lead_owner_assign(lead=obj, owner=obj.owner)

    @admin.action(
        permissions=["change"],
        description=_("Send the undelivered mails of the selected leads again"),
    )
    def retry_mails(self, request, queryset):
        count = services.mails_retry(leads=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d mail will be sent again.",
                "%(count)d mails will be sent again.",
                count,
            )
            % {"count": count},
        )

    def has_export_permission(self, request):
        return request.user.has_perm("enquiries.export_lead")

    @admin.action(
        permissions=["export"], description=_("Export the selected leads (CSV)")
    )
    def export_csv(self, request, queryset):
        return CSVExporter(queryset).response("hangzhou")

    @admin.action(
        permissions=["export"], description=_("Export the selected leads (Excel)")
    )
    def export_xlsx(self, request, queryset):
        return XLSXExporter(queryset).response("hangzhou")
