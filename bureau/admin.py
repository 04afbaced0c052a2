from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from hangzhou_mice.admin import TagFilter, VersionedTaggedAdmin

from .models import Bureau, BureauPage, PageDownload


class PageDownloadInline(admin.TabularInline):
    model = PageDownload
    extra = 0
    autocomplete_fields = ("download",)
    fields = ("download", "position")


@admin.register(BureauPage)
class BureauPageAdmin(TranslationAdmin, VersionedTaggedAdmin):
    list_display = ("title", "position", "in_navigation", "status", "published_at")
    list_editable = ("position",)
    list_filter = ("status", "in_navigation", ("tags", TagFilter))
    search_fields = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("hero_image",)
    inlines = (PageDownloadInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "tags")}),
        (
            _("Place on the site"),
            {"fields": ("position", "in_navigation", "shows_contact", "hero_image")},
        ),
        (_("Publishing"), {"fields": ("status", "published_at")}),
    )


@admin.register(Bureau)
class BureauAdmin(TranslationAdmin):
    """One record: the list opens it; it is never added twice or deleted."""

    autocomplete_fields = ("wechat_qr",)
    fieldsets = (
        (None, {"fields": ("name", "address", "office_hours")}),
        (
            _("Contact"),
            {
                "fields": (
                    "phone",
                    "email",
                    "enquiry_email",
                    "privacy_email",
                    "contact_name",
                    "contact_role",
                )
            },
        ),
        (_("WeChat"), {"fields": ("wechat_account", "wechat_qr")}),
        (_("Filings"), {"fields": ("icp_number", "public_security_number")}),
    )

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        record, _created = Bureau.objects.get_or_create(pk=Bureau.ID)
        return redirect(reverse("admin:bureau_bureau_change", args=[record.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
