from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef
from django.db.models.functions import JSONObject
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hangzhou_mice.admin import VersionedTaggedAdmin
from hangzhou_mice.models import Language, Status
from hangzhou_mice.services import versioned_save

from .models import Article
from .services import article_translate


@admin.register(Article)
class ArticleAdmin(VersionedTaggedAdmin):
    list_display = (
        "title",
        "language",
        "status",
        "published_at",
        "other_languages",
        "tag_list",
        "updated_at",
    )
    list_filter = ("language", "status", "tags")
    search_fields = ("title", "summary", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("hero_image",)
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("language", "title", "slug", "summary", "body", "tags")}),
        (_("Publishing"), {"fields": ("status", "published_at")}),
        (_("Hero image"), {"fields": ("hero_image", "hero_caption")}),
        (
            _("Metadata"),
            {"fields": ("author", "byline"), "classes": ("collapse",)},
        ),
    )

    change_form_template = "admin/articles/article/change_form.html"

    def get_queryset(self, request):
        others = (
            Article.objects.filter(translation_key=OuterRef("translation_key"))
            .exclude(pk=OuterRef("pk"))
            .order_by("language")
            .values(row=JSONObject(pk="pk", language="language", status="status"))
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related("tags")
            .annotate(others=ArraySubquery(others))
        )

    @admin.display(description=_("translations"))
    def other_languages(self, obj):
        """Each other language the article exists in, with its status."""
        names, statuses = dict(Language.choices), dict(Status.choices)
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:articles_article_change", args=[other["pk"]]),
                        names.get(other["language"], other["language"]),
                        statuses.get(other["status"], other["status"]),
                    )
                    for other in getattr(obj, "others", None) or ()
                ),
            )
            or "—"
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/translate/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

    def translate_view(self, request, pk, language):
        """Start the article in another language and open it."""
        article = self.get_object(request, str(pk))
        if article is None or language not in Language.values:
            raise Http404
        if not (self.has_add_permission(request) and request.method == "POST"):
            raise PermissionDenied
        draft = article_translate(article=article, language=language, user=request.user)
        return redirect("admin:articles_article_change", draft.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        missing = []
        if article is not None:
            existing = set(article.translations().values_list("language", flat=True))
            missing = [(c, n) for c, n in Language.choices if c not in existing]
        context = {"missing_languages": missing} | (extra_context or {})
        return super().change_view(request, object_id, form_url, context)

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
