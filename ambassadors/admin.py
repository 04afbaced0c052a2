from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from events.admin import ParticipantAdmin
from events.models import Participant
from hangzhou_mice.admin import VersionedTaggedAdmin
from hangzhou_mice.services import image_ensure_square

from .contributions import public_contributions
from .models import AcademicField, Ambassador, RosterLink


@admin.register(AcademicField)
class AcademicFieldAdmin(TranslationAdmin):
    list_display = ("name", "slug", "ambassador_count")
    search_fields = ("name_en", "name_zh_hans")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("ambassadors"))

    @admin.display(description=_("ambassadors"), ordering="n")
    def ambassador_count(self, obj):
        return obj.n


@admin.register(Ambassador)
class AmbassadorAdmin(TranslationAdmin, VersionedTaggedAdmin):
    list_display = (
        "name",
        "chinese_name",
        "position",
        "institution",
        "active",
        "term_ends_on",
    )
    list_filter = (
        "active",
        "academic_fields",
        ("institution", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("institution",)
    search_fields = ("name", "chinese_name", "position_en", "position_zh_hans")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("institution", "photo", "academic_fields")
    readonly_fields = ("contributions",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("honorific", "name"),
                    "chinese_name",
                    "slug",
                    "position",
                    "institution",
                    "academic_fields",
                    "photo",
                    "biography",
                    "tags",
                )
            },
        ),
        (_("Appointment"), {"fields": ("appointed_on", "term_ends_on", "active")}),
        (_("Meetings on the profile"), {"fields": ("contributions",)}),
    )

    @admin.display(description=_("meetings"))
    def contributions(self, obj):
        """What the profile lists; the bid team keeps them with the leads."""
        items = public_contributions(obj) if obj.pk else []
        lines = (
            (f"{item.meeting} ({item.year or '–'}) · {item.get_state_display()}",)
            for item in items
        )
        return format_html_join("", "<div>{}</div>", lines) or _(
            "None. The bid team records the meetings an ambassador helps bring "
            "with the leads, and chooses which the profile shows."
        )

    def view_on_site(self, obj):
        # Inactive ambassadors have no public page.
        return obj.get_absolute_url() if obj.active else None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.photo_id:
            image_ensure_square(image=obj.photo)


class RosterLinkInline(admin.StackedInline):
    model = RosterLink
    autocomplete_fields = ("ambassador",)
    can_delete = True
    verbose_name = _("Hangzhou Convention Ambassador")
    verbose_name_plural = _("Hangzhou Convention Ambassador")


# A roster entry may be an ambassador: event staff link the two on the
# participant's page. The link lives here, so the events admin is extended
# from this app rather than importing it.
admin.site.unregister(Participant)


@admin.register(Participant)
class ParticipantWithAmbassadorAdmin(ParticipantAdmin):
    inlines = (*ParticipantAdmin.inlines, RosterLinkInline)
