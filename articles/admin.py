from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hangzhou_mice.admin import VersionedTaggedAdmin
from hangzhou_mice.models import Status
from hangzhou_mice.services import versioned_save

from .models import Article


@admin.register(Article)
class ArticleAdmin(VersionedTaggedAdmin):
    list_display = ("title", "status", "published_at", "tag_list", "updated_at")
    list_filter = ("status", "tags")
    search_fields = ("title", "summary", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("hero_image",)
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "tags")}),
        (_("Publishing"), {"fields": ("status", "published_at")}),
        (_("Hero image"), {"fields": ("hero_image", "hero_caption")}),
        (
            _("Metadata"),
            {"fields": ("author", "byline"), "classes": ("collapse",)},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else obj.get_preview_url()

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Editors may not browse users; offer the staff by name.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        published, refused = 0, []
        for article in queryset.exclude(status=Status.PUBLISHED).select_related(
            "hero_image"
        ):
            article.status = Status.PUBLISHED
            try:
                article.full_clean()
            except ValidationError:
                refused.append(article.title)
                continue
            versioned_save(obj=article, user=request.user, comment=_("Published"))
            published += 1
        message = ngettext(
            "%(count)d article published.", "%(count)d articles published.", published
        )
        self.message_user(request, message % {"count": published}, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                _("Not published, fix them first (an image without alt text?): %s")
                % ", ".join(refused),
                messages.ERROR,
            )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.PUBLISHED):
            article.status = Status.DRAFT
            versioned_save(obj=article, user=request.user, comment=_("Unpublished"))
            count += 1
        message = ngettext(
            "%(count)d article unpublished.", "%(count)d articles unpublished.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
