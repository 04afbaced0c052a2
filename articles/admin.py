from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q
from django.db.models.functions import JSONObject
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hangzhou_mice import workflow
from hangzhou_mice.admin import (
    MentionsAdmin,
    MentionsForm,
    ReviewedAdmin,
    TagFilter,
    VersionedTaggedAdmin,
)
from hangzhou_mice.admin.mentions import mention_keys
from hangzhou_mice.models import Language, Status
from hangzhou_mice.richtext import render_html
from hangzhou_mice.services import versioned_save
from hangzhou_mice.slugs import pinyin
from hangzhou_mice.templatetags.languages import bcp47

from .models import Article
from .services import TRANSLATED, article_slug_record, translation_start


class ArticleForm(MentionsForm):
    def clean_slug(self):
        """Leave to the model a slug the admin's script made of a Chinese title.

        The script drops Han characters: of "2026杭州MICE论坛" it keeps
        "2026mice". Empty, the slug is made in pinyin (Article.new_slug).
        """
        slug, title = self.cleaned_data["slug"], self.cleaned_data.get("title", "")
        if self.instance._state.adding and slug == slugify(title) != slugify(
            pinyin(title)
        ):
            return ""
        return slug


def source_beside(help_text, source, name):
    """The field's help text, then the source's text to translate, read-only."""
    value = getattr(source, name)
    shown = render_html(value) if name == "body" else value
    label = gettext("Original (%(language)s):") % {
        "language": Language(source.language).label
    }
    return format_html(
        '{}<div class="translation-source"><strong>{}</strong>'
        '<div lang="{}">{}</div></div>',
        help_text,
        label,
        bcp47(source.language),
        shown,
    )


def translation_form(form, source, language):
    """`form` for the translation of `source` into `language`, not yet stored."""

    class TranslationForm(form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.instance.language = language
            self.instance.translation_key = source.translation_key
            for name in TRANSLATED:
                if name in self.fields and getattr(source, name):
                    field = self.fields[name]
                    field.help_text = source_beside(field.help_text, source, name)

        def validate_constraints(self):
            # Not form fields, yet they decide whether the translation and
            # its slug are free: check them, not a database error.
            exclude = self._get_validation_exclusions()
            exclude -= {"language", "translation_key"}
            try:
                self.instance.validate_constraints(exclude=exclude)
            except ValidationError as error:
                self._update_errors(error)

    return TranslationForm


@admin.register(Article)
class ArticleAdmin(MentionsAdmin, ReviewedAdmin, VersionedTaggedAdmin):
    list_display = (
        "title",
        "language",
        "publication",
        "review_state",
        "published_at",
        "other_languages",
        "tag_list",
        "updated_at",
    )
    list_filter = ("language", "status", "review", ("tags", TagFilter))
    search_fields = ("title", "summary", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("hero_image",)
    actions = ("publish", "unpublish")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "language",
                    "title",
                    "slug",
                    "summary",
                    "body",
                    "tags",
                    "about",
                )
            },
        ),
        (_("Publishing"), {"fields": ("review_state", "status", "published_at")}),
        (_("Hero image"), {"fields": ("hero_image", "hero_caption")}),
        (
            _("Metadata"),
            {"fields": ("author", "byline"), "classes": ("collapse",)},
        ),
    )

    form = ArticleForm
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
        """The add form for the article in another language, texts to write.

        Nothing is stored until the editor saves, so an abandoned translation
        leaves no untitled draft behind. One that exists already opens.
        """
        article = self.get_object(request, str(pk))
        if article is None or language not in Language.values:
            raise Http404
        if existing := article.translations().filter(language=language).first():
            return redirect("admin:articles_article_change", existing.pk)
        request.translation_of = (article, language)
        title = gettext("Translate into %(name)s") % {"name": Language(language).label}
        return self.add_view(request, extra_context={"title": title, "source": article})

    def translating(self, request):
        return getattr(request, "translation_of", None)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "language") if self.translating(request) else fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if translating := self.translating(request):
            return translation_form(form, *translating)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if translating := self.translating(request):
            source = translating[0]
            initial |= translation_start(article=source)
            initial["about"] = mention_keys(source)  # about the same things
        return initial

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        missing = []
        if article is not None:
            existing = set(article.translations().values_list("language", flat=True))
            missing = [(c, n) for c, n in Language.choices if c not in existing]
        context = {"missing_languages": missing} | (extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def view_on_site(self, obj):
        if obj.is_published and obj.pending is None:
            return obj.get_absolute_url()
        return obj.get_preview_url()  # with its change waiting, if any

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        kept = self.keeps_change(request, obj, change)  # the slug changes later
        if change and "slug" in form.changed_data and not kept:
            article_slug_record(article=obj, old_slug=form.initial["slug"])
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Editors may not browse users; offer the staff by name.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        published, unready, unapproved = 0, [], []
        # Drafts, and published articles with a change waiting.
        waiting = Q(pending__isnull=False) | ~Q(status=Status.PUBLISHED)
        for article in queryset.filter(waiting):
            try:
                workflow.perform(user=request.user, item=article, name="publish")
            except PermissionDenied:
                unapproved.append(article.title)
                continue
            except ValidationError:
                unready.append(article.title)
                continue
            published += 1
        message = ngettext(
            "%(count)d article published.", "%(count)d articles published.", published
        )
        self.message_user(request, message % {"count": published}, messages.SUCCESS)
        if unapproved:
            self.message_user(
                request,
                _("Not published, not approved yet: %s") % ", ".join(unapproved),
                messages.ERROR,
            )
        if unready:
            self.message_user(
                request,
                _("Not published, fix them first (an image without alt text?): %s")
                % ", ".join(unready),
                messages.ERROR,
            )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"),
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.PUBLISHED):
            if article.pending is not None:
                # A draft now: its latest text is the change that waited.
                tags = article.pending_apply()
                article.pending = article.pending_at = None
                if tags is not None:
                    article.tags.set(tags)
            article.status = Status.DRAFT
            versioned_save(obj=article, user=request.user, comment=_("Unpublished"))
            workflow.record(
                user=request.user,
                item=article,
                name="unpublish",
                before=workflow.PUBLISHED,
                after=workflow.state(article),
            )
            count += 1
        message = ngettext(
            "%(count)d article unpublished.", "%(count)d articles unpublished.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
