from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from hangzhou_mice.admin import VersionedTaggedAdmin
from hangzhou_mice.models import Status

from . import roster_views, services
from .models import (
    Event,
    MeetingRoom,
    Organization,
    Participant,
    RosterExport,
    Venue,
    VenuePhoto,
)


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ("name", "kind", "city", "country")
    list_filter = ("kind",)
    # Both languages, whichever the editor reads the admin in.
    search_fields = ("name_en", "name_zh_hans", "city_en", "city_zh_hans")


@admin.register(Event)
class EventAdmin(TranslationAdmin, VersionedTaggedAdmin):
    list_display = ("title", "kind", "start", "city", "status", "roster_size")
    list_filter = ("status", "kind", "tags")
    search_fields = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans")
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organizer", "venue", "hero_image")
    readonly_fields = ("roster_summary",)
    change_form_template = "admin/events/event/change_form.html"
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "summary", "description", "tags")}),
        (
            _("When and where"),
            {"fields": ("start", "end", "venue", "city", "address")},
        ),
        (_("Organizer and image"), {"fields": ("organizer", "hero_image")}),
        (_("Publishing"), {"fields": ("status", "published_at")}),
        (_("Roster"), {"fields": ("roster_summary",)}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        # Only the list shows roster sizes; autocomplete need not count them.
        if match and match.url_name == "events_event_changelist":
            queryset = queryset.annotate(participant_count=Count("participants"))
        return queryset

    @admin.display(description=_("roster"), ordering="participant_count")
    def roster_size(self, obj):
        return obj.participant_count

    @admin.display(description=_("roster summary"))
    def roster_summary(self, obj):
        if obj.pk is None:
            return _("Save the event first; then add participants or import a roster.")
        return render_to_string(
            "admin/events/event/roster_summary.html", roster_summary(obj)
        )

    def get_urls(self):
        return [
            path(
                "<int:event_id>/roster/export/",
                self.admin_site.admin_view(self.export_view),
                name="events_event_roster_export",
            ),
            path(
                "<int:event_id>/roster/import/",
                self.admin_site.admin_view(self.import_view),
                name="events_event_roster_import",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, event_id):
        if not request.user.has_perm("events.export_roster"):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=event_id)
        return roster_views.export_roster(self, request, event)

    def import_view(self, request, event_id):
        if not roster_views.may_import(request.user):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=event_id)
        return roster_views.import_roster(self, request, event)

    def render_change_form(self, request, context, *args, **kwargs):
        context["may_export_roster"] = request.user.has_perm("events.export_roster")
        context["may_import_roster"] = roster_views.may_import(request.user)
        return super().render_change_form(request, context, *args, **kwargs)


def roster_summary(event):
    """Counts by category and by organization kind, in two queries."""
    roster = event.participants.all()
    by_category = roster.values("category").annotate(n=Count("pk")).order_by("-n")
    by_kind = (
        roster.values("organization__kind")
        .annotate(n=Count("pk"), organizations=Count("organization", distinct=True))
        .order_by("-n")
    )
    categories = dict(Participant.Category.choices)
    kinds = dict(Organization.Kind.choices)
    rows = [
        {"label": categories.get(r["category"], r["category"]), "n": r["n"]}
        for r in by_category
    ]
    kind_rows = [
        {
            "label": kinds.get(r["organization__kind"], _("No organization")),
            "n": r["n"],
            "organizations": r["organizations"],
        }
        for r in by_kind
    ]
    peak = max([r["n"] for r in rows] or [1])
    for index, row in enumerate(rows):
        row.update(y=index * 26, width=round(300 * row["n"] / peak))
    return {
        "chart_height": len(rows) * 26,
        "event": event,
        "total": sum(r["n"] for r in rows),
        "by_category": rows,
        "by_kind": kind_rows,
        "participants_url": reverse("admin:events_participant_changelist")
        + f"?event__id__exact={event.pk}",
    }


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        return services.roster_filter(queryset, checked_in=self.value() or "")


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = (
        "full_name",
        "chinese_name",
        "organization",
        "category",
        "event",
        "is_public",
        "checked_in_at",
    )
    list_filter = ("event", "category", "organization__kind", CheckedInFilter)
    list_select_related = ("organization", "event")
    search_fields = (
        "full_name",
        "chinese_name",
        "organization__name_en",
        "organization__name_zh_hans",
        "email",
    )
    autocomplete_fields = ("event", "organization")
    actions = ("mark_checked_in", "export_csv", "export_xlsx")
    list_per_page = 100

    @admin.action(
        description=_("Mark selected participants as checked in"),
        permissions=["change"],
    )
    def mark_checked_in(self, request, queryset):
        count = services.participants_check_in(queryset=queryset, moment=timezone.now())
        message = ngettext(
            "%(count)d participant checked in.",
            "%(count)d participants checked in.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def has_export_roster_permission(self, request):
        return request.user.has_perm("events.export_roster")

    @admin.action(
        description=_("Export selected to CSV"), permissions=["export_roster"]
    )
    def export_csv(self, request, queryset):
        return roster_views.export_selection(request, queryset, "csv")

    @admin.action(
        description=_("Export selected to Excel (XLSX)"), permissions=["export_roster"]
    )
    def export_xlsx(self, request, queryset):
        return roster_views.export_selection(request, queryset, "xlsx")


@admin.register(RosterExport)
class RosterExportAdmin(admin.ModelAdmin):
    """The export audit log: readable by bureau admins, editable by nobody."""

    list_display = (
        "created_at",
        "username",
        "event_title",
        "format",
        "row_count",
        "source",
    )
    search_fields = ("username", "event_title")
    list_filter = ("format", "source", "event")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeetingRoomInline(TranslationTabularInline):
    model = MeetingRoom
    extra = 1


class VenuePhotoFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        for form in self.forms:
            image = form.cleaned_data.get("image")
            if image and not form.cleaned_data.get("DELETE") and not image.alt_text:
                form.add_error(
                    "image",
                    _("Give this image alt text (in Images) before publishing."),
                )


class VenuePhotoInline(admin.TabularInline):
    model = VenuePhoto
    formset = VenuePhotoFormSet
    autocomplete_fields = ("image",)
    extra = 1


@admin.register(Venue)
class VenueAdmin(TranslationAdmin, VersionedTaggedAdmin):
    list_display = (
        "name",
        "kind",
        "district",
        "guest_rooms",
        "largest_theatre",
        "status",
    )
    list_filter = ("status", "kind", "district", "tags")
    search_fields = ("name_en", "name_zh_hans", "address_en", "address_zh_hans")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MeetingRoomInline, VenuePhotoInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "summary", "description", "tags")}),
        (
            _("Location"),
            {"fields": ("district", "address", "latitude", "longitude")},
        ),
        (
            _("Facts"),
            {
                "fields": (
                    "guest_rooms",
                    "meeting_space_m2",
                    "airport_km",
                    "metro_km",
                    "website",
                    "contact_email",
                    "contact_phone",
                )
            },
        ),
        (_("Publishing"), {"fields": ("status", "published_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_capacities()

    @admin.display(description=_("largest theatre"), ordering="max_theatre")
    def largest_theatre(self, obj):
        return obj.max_theatre
