import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from hangzhou_mice.admin import (
    ReadOnlyAdminMixin,
    ReviewedAdmin,
    TagFilter,
    VersionedTaggedAdmin,
)
from hangzhou_mice.models import Status

from . import roster_views, services, subjects
from .models import (
    Event,
    MeetingRoom,
    Organization,
    Participant,
    RosterExport,
    Venue,
    VenuePhoto,
)
from .participation import participation_sentence


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ("name", "kind", "city", "country")
    list_filter = ("kind",)
    # Both languages, whichever the editor reads the admin in.
    search_fields = ("name_en", "name_zh_hans", "city_en", "city_zh_hans")


@admin.register(Event)
class EventAdmin(ReviewedAdmin, TranslationAdmin, VersionedTaggedAdmin):
    list_display = (
        "title",
        "kind",
        "start",
        "city",
        "publication",
        "review_state",
        "roster_size",
    )
    list_filter = ("status", "review", "kind", ("tags", TagFilter))
    search_fields = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans")
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organizer", "venue", "hero_image")
    readonly_fields = ("roster_summary", "roster_kept_until", "roster_purged_at")
    change_form_template = "admin/events/event/change_form.html"
    fieldsets = (
        # First: event staff come for the roster (and see an import's counts
        # under its message); editors see its size at a glance.
        (_("Roster"), {"fields": ("roster_summary",)}),
        (None, {"fields": ("title", "slug", "kind", "summary", "description", "tags")}),
        (
            _("When and where"),
            {"fields": ("start", "end", "venue", "city", "address")},
        ),
        (_("Organizer and image"), {"fields": ("organizer", "hero_image")}),
        (_("Publishing"), {"fields": ("review_state", "status", "published_at")}),
        (
            _("Roster retention"),
            {
                "fields": (
                    "retain_roster_until",
                    "roster_kept_until",
                    "roster_purged_at",
                )
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # A new event has no roster yet.
        return fieldsets[1:] if obj is None else fieldsets

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

    def get_readonly_fields(self, request, obj=None):
        # The retention day decides when participants are anonymised for
        # good: only those who may change participants may move it.
        fields = super().get_readonly_fields(request, obj)
        if not request.user.has_perm("events.change_participant"):
            fields = (*fields, "retain_roster_until")
        return fields

    @admin.display(description=_("roster kept in full until"))
    def roster_kept_until(self, obj):
        if obj.pk is None or (kept := obj.roster_retention_date()) is None:
            return "—"
        return date_format(kept, "DATE_FORMAT")

    def get_urls(self):
        return [
            path(
                "<int:event_id>/roster/export/",
                self.admin_site.admin_view(self.export_view),
                name="events_event_roster_export",
            ),
            path(
                "<int:event_id>/roster/export/<int:job_id>/",
                self.admin_site.admin_view(self.export_job_view),
                name="events_event_roster_export_job",
            ),
            path(
                "<int:event_id>/roster/export/<int:job_id>/download/",
                self.admin_site.admin_view(self.export_download_view),
                name="events_event_roster_export_download",
            ),
            path(
                "<int:event_id>/roster/import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name="events_event_roster_import_template",
            ),
            path(
                "<int:event_id>/roster/import/",
                self.admin_site.admin_view(self.import_view),
                name="events_event_roster_import",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, event_id):
        event = roster_event(request, event_id, services.may_export_roster)
        return roster_views.export_roster(self, request, event)

    def export_job_view(self, request, event_id, job_id):
        event = roster_event(request, event_id, services.may_export_roster)
        return roster_views.export_job(self, request, event, job_id)

    def export_download_view(self, request, event_id, job_id):
        event = roster_event(request, event_id, services.may_export_roster)
        return roster_views.export_job_download(request, event, job_id)

    def import_template_view(self, request, event_id):
        event = roster_event(request, event_id, roster_views.may_import)
        return roster_views.import_template(request, event)

    def import_view(self, request, event_id):
        event = roster_event(request, event_id, roster_views.may_import)
        return roster_views.import_roster(self, request, event)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # The roster's links, only for who may open it (editors may not).
        may_view = request.user.has_perm("events.view_participant")
        context["may_view_roster"] = may_view
        if obj is not None:
            obj.may_view_roster = may_view  # for the roster summary field
        context["may_export_roster"] = services.may_export_roster(request.user)
        context["may_import_roster"] = roster_views.may_import(request.user)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


def roster_event(request, event_id, allowed):
    """The event whose roster `request` works on, once `allowed(user)` says so."""
    if not allowed(request.user):
        raise PermissionDenied
    return get_object_or_404(Event, pk=event_id)


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
        "may_view_roster": getattr(event, "may_view_roster", False),
        # What the event page says, which counts fewer (explained beside it).
        "public_sentence": participation_sentence(roster.organization_summary()),
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
        return services.may_export_roster(request.user)

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

    def get_urls(self):
        view = self.admin_site.admin_view(self.subject_view)
        return [
            path("requests/", view, name="events_participant_subject"),
            *super().get_urls(),
        ]

    class Media:
        css = {"all": ("css/admin-roster.css",)}

    def changelist_view(self, request, extra_context=None):
        request.roster_event = filtered_event(request)
        context = {"may_handle_requests": subjects.may_handle_requests(request.user)}
        if request.roster_event:
            context["title"] = _("Participants of %(event)s") % {
                "event": request.roster_event
            }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def get_list_display(self, request):
        # Filtered to one event, the heading names it: no column repeats it.
        if getattr(request, "roster_event", None):
            return tuple(name for name in self.list_display if name != "event")
        return self.list_display

    def subject_view(self, request):
        """Find what is held about an email; download it, or erase it once sure."""
        if not subjects.may_handle_requests(request.user):
            raise PermissionDenied
        posted = request.method == "POST"
        form = subjects.SubjectForm(request.POST if posted else None)
        if not form.is_valid():
            return self.subject_page(request, form)
        email, step = form.cleaned_data["email"], request.POST.get("step")
        if step == "download":
            document = subjects.subject_export(
                email=email, user=request.user, via="admin"
            )
            return json_download(document)
        if step == "erase" and request.POST.get("confirmed") == "yes":
            self.subject_erase(request, email)
            return redirect("admin:events_participant_subject")
        holdings = subjects.subject_find(email=email)
        confirming = step == "erase" and holdings.erasable
        page = "subject_erase" if confirming else "subject_request"
        return self.subject_page(request, form, holdings, page)

    def subject_erase(self, request, email):
        # What other apps hold (leads, …), in their own words, before it goes.
        others = subjects.subject_find(email=email).held_lines
        counts = subjects.subject_erase(email=email, user=request.user, via="admin")
        done = erased_messages(counts)
        done += [_("Erased: %(what)s.") % {"what": line} for line in others]
        for message in done:
            self.message_user(request, message, messages.SUCCESS)
        if not done:  # asked twice, or erased meanwhile by someone else
            self.message_user(request, NOTHING_HELD, messages.INFO)

    def subject_page(self, request, form, holdings=None, page="subject_request"):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Requests about a person"),
            "form": form,
            "holdings": holdings,
        }
        template = f"admin/events/participant/{page}.html"
        return TemplateResponse(request, template, context)


def filtered_event(request):
    """The event the participant list is filtered to, if any."""
    event_id = request.GET.get("event__id__exact", "")
    return Event.objects.filter(pk=event_id).first() if event_id.isdigit() else None


def json_download(document):
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = f"data-subject-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


NOTHING_HELD = _("Nothing is held about this email address.")
# What erasure did to each kind of holding, in the order the page lists them.
ERASED = {
    "participants": ngettext_lazy(
        "%(count)d roster entry erased.", "%(count)d roster entries erased.", "count"
    ),
    "admin_log_entries": ngettext_lazy(
        "The name was scrubbed from %(count)d admin log entry.",
        "The name was scrubbed from %(count)d admin log entries.",
        "count",
    ),
    "pending_imports": ngettext_lazy(
        "%(count)d waiting roster upload deleted.",
        "%(count)d waiting roster uploads deleted.",
        "count",
    ),
    "export_jobs": ngettext_lazy(
        "%(count)d roster export withdrawn and its file deleted.",
        "%(count)d roster exports withdrawn and their files deleted.",
        "count",
    ),
    "sign_ins": ngettext_lazy(
        "The email address was replaced by its fingerprint in %(count)d sign-in "
        "record.",
        "The email address was replaced by its fingerprint in %(count)d sign-in "
        "records.",
        "count",
    ),
    "audit_entries": ngettext_lazy(
        "The email address was replaced by its fingerprint in %(count)d audit log "
        "entry.",
        "The email address was replaced by its fingerprint in %(count)d audit log "
        "entries.",
        "count",
    ),
    "task_results": ngettext_lazy(
        "%(count)d background task record cleaned.",
        "%(count)d background task records cleaned.",
        "count",
    ),
    "staff_accounts": ngettext_lazy(
        "%(count)d staff account with this email address was left as it is.",
        "%(count)d staff accounts with this email address were left as they are.",
        "count",
    ),
}


def erased_messages(counts):
    """One sentence for each kind erasure found, none for the kinds it did not."""
    return [
        message % {"count": counts[kind]}
        for kind, message in ERASED.items()
        if counts[kind]
    ]


@admin.register(RosterExport)
class RosterExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
            missing = image and image.alt_text_missing()
            if missing and not form.cleaned_data.get("DELETE"):
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
    list_filter = ("status", "kind", "district", ("tags", TagFilter))
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
