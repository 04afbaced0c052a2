from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hangzhou_mice.models import Status

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "published_at", "tag_list", "updated_at")
    list_filter = ("status", "tags")
    search_fields = ("title", "summary", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author",)
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "tags")}),
        (_("Publishing"), {"fields": ("status", "published_at")}),
        (_("Hero image"), {"fields": ("hero_image", "hero_caption", "hero_credit")}),
        (
            _("Metadata"),
            {"fields": ("author", "byline"), "classes": ("collapse",)},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected articles"))
    def publish(self, request, queryset):
        drafts = queryset.exclude(status=Status.PUBLISHED)
        # Keep a scheduled date; date the rest now.
        count = drafts.filter(published_at__isnull=False).update(
            status=Status.PUBLISHED
        ) + drafts.filter(published_at__isnull=True).update(
            status=Status.PUBLISHED, published_at=timezone.now()
        )
        message = ngettext(
            "%(count)d article published.", "%(count)d articles published.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected articles (back to draft)"))
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Status.PUBLISHED).update(status=Status.DRAFT)
        message = ngettext(
            "%(count)d article unpublished.", "%(count)d articles unpublished.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
