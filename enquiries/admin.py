import functools

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import report_views, services
from .exporters import CSVExporter, XLSXExporter
from .models import (
    CONTACT_FIELDS,
    MEETING_FIELDS,
    SUPPORT_FIELDS,
    Lead,
    Mail,
)


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
        "who",
        "delegates",
        "stage",
        "icca",
        "bid_deadline",
        "owner",
        "created_at",
        "undelivered",
    )
    list_filter = (
        "status",
        "source",
        "kind",
        ("qualifies_icca", admin.BooleanFieldListFilter),
        "frequency",
        "rotation",
        "lost_reason",
        "language",
        ("owner", admin.RelatedOnlyFieldListFilter),
        ("ambassador", admin.RelatedOnlyFieldListFilter),
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
    autocomplete_fields = ("ambassador", "organization", "venues_proposed", "won_event")
    # What the planner sent, and the consents they gave, stay as they sent them.
    planner_fields = (
        "privacy_notice_version",
        "shares_with_venues",
        "shares_abroad",
        "venue",
        "event",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    ("status", "status_changed_at"),
                    "history",
                    "owner",
                    "source",
                    "created_at",
                    "language",
                )
            },
        ),
        (
            _("The bid"),
            {
                "fields": (
                    "ambassador",
                    "venues_proposed",
                    ("bid_deadline", "decision_date"),
                    ("lost_reason", "lost_to"),
                    "won_event",
                    "on_profile",
                    "notes",
                )
            },
        ),
        (
            _("Who is asking"),
            {"fields": (*CONTACT_FIELDS, "erased_at")},
        ),
        (
            _("The meeting"),
            {
                "fields": (
                    *MEETING_FIELDS[:2],
                    "meeting_name_translated",
                    "organization",
                    "kind",
                    "year",
                    ("start_date", "end_date"),
                    "dates_flexible",
                    "days",
                    "delegates",
                    "exhibition_m2",
                    ("largest_room", "layout"),
                    "peak_rooms",
                )
            },
        ),
        (
            _("ICCA's rule"),
            {
                "fields": (
                    "rotation",
                    "rotation_pattern",
                    "rotation_countries",
                    "frequency",
                    "icca",
                ),
                "description": _(
                    "ICCA counts association meetings with at least 50 "
                    "participants, held regularly, that rotate between at "
                    "least three countries. Whether this one counts follows "
                    "from the fields below once the lead is saved."
                ),
            },
        ),
        (
            _("Support wanted"),
            {"fields": (*SUPPORT_FIELDS, "message")},
        ),
        (_("Asked from"), {"fields": ("venue", "event")}),
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

    def get_urls(self):
        report = self.admin_site.admin_view(
            functools.partial(report_views.report_view, model_admin=self)
        )
        return [
            path("report/", report, name="enquiries_lead_report"),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = (
            "reference",
            "created_at",
            "status_changed_at",
            "erased_at",
            "history",
            "icca",
            *self.planner_fields,
        )
        if obj is not None:  # set when the lead is made
            fields += ("language", "source")
        return fields

    def get_changeform_initial_data(self, request):
        # A lead typed in the admin was found by the bureau, not sent.
        return {
            "source": Lead.Source.BUREAU,
            **super().get_changeform_initial_data(request),
        }

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
        return (
            super()
            .get_queryset(request)
            .select_related("owner", "won_event")
            .with_undelivered()
        )

    @admin.display(description=_("undelivered mails"), ordering="undelivered_count")
    def undelivered(self, lead):
        return lead.undelivered_count or ""

    @admin.display(
        description=_("counts for ICCA"), boolean=True, ordering="qualifies_icca"
    )
    def icca(self, lead):
        return lead.qualifies_icca

    @admin.display(description=_("association or organisation"))
    def who(self, lead):
        return lead.association or lead.organisation or "–"

    @admin.display(description=_("status history"))
    def history(self, lead):
        """Every step, oldest first: when, from which status to which, by whom."""
        if lead.pk is None:
            return "–"
        steps = lead.status_changes.select_related("by")
        return format_html(
            '<table class="status-history"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("When"),
            _("Step"),
            _("By"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        date_format(localtime(step.at), "DATETIME_FORMAT"),
                        str(step),
                        step.by or _("the planner, or the system"),
                    )
                    for step in steps
                ),
            ),
        )

    @admin.display(description=_("status"), ordering="status")
    def stage(self, lead):
        if lead.is_held:
            return _("Won, held")
        return lead.get_status_display()

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("status") if change else None
        services.lead_save(lead=obj, by=request.user, previous_status=previous)
        owner_set = "owner" in form.changed_data and obj.owner_id
        if owner_set and obj.owner_id != request.user.pk:
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
