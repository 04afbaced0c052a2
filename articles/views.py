from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.functions import JSONObject
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from hangzhou_mice import pagecache, staffpages
from hangzhou_mice.mentions import mentioned_by, with_targets
from hangzhou_mice.models import Language
from hangzhou_mice.pagecache import CachedPageMixin
from hangzhou_mice.views import CanonicalSlugMixin, with_slug

from .models import Article
from .similar import similar_articles


class ArticleViewMixin:
    """Visitors only ever read published articles, with what the cards show."""

    def get_queryset(self):
        return (
            Article.objects.published()
            .in_language()
            .select_related("author", "hero_image")
        )


def with_translations(queryset):
    """Annotate each article with its published translations, in the same query."""
    others = (
        Article.objects.published()
        .filter(translation_key=OuterRef("translation_key"))
        .exclude(pk=OuterRef("pk"))
        .values(pair=JSONObject(language="language", slug="slug"))
    )
    return queryset.annotate(published_translations=ArraySubquery(others))


def translations_of(article):
    """The article's published translations, and list pages where there is none.

    For the language switch and hreflang links (templatetags/languages.py).
    """
    translations = {article.language: article.get_absolute_url()}
    for other in getattr(article, "published_translations", None) or ():
        with override(other["language"]):
            url = reverse("articles:article_detail", kwargs={"slug": other["slug"]})
        translations[other["language"]] = url
    fallbacks = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            fallbacks[code] = reverse("articles:article_list")
    return {"translations": translations, "fallbacks": fallbacks}


# The page at an article's address in a language it is not written in.
ONLY_IN = {
    Language.ENGLISH: (
        _("This article is only in English"),
        _("It has not been translated into Chinese. The English article:"),
    ),
    Language.CHINESE: (
        _("This article is only in Chinese"),
        _("It has not been translated into English. The Chinese article:"),
    ),
}


def only_in_other_language(request, slug):
    """The address of a published article in another language, read in this one.

    Its translation there, if it has one; else a page that links to it,
    a 404 still, so that no search engine lists an empty page per article.
    None where no article has the slug.
    """
    others = Article.objects.published().exclude(language=get_language())
    other = with_slug(others, slug).first()
    if other is None or other.language not in ONLY_IN:
        return None
    if here := other.translations().published().in_language().first():
        return redirect(here)
    heading, lead = ONLY_IN[other.language]
    context = {"article": other, "heading": heading, "lead": lead}
    context |= translations_of(other)
    return render(request, "articles/only_in_other_language.html", context, status=404)


class ArticleListView(CachedPageMixin, ArticleViewMixin, ListView):
    cache_lists = ("articles.article",)
    paginate_by = 10


class ArticleDetailView(
    CachedPageMixin, ArticleViewMixin, CanonicalSlugMixin, DetailView
):
    # No list: the articles shown are recorded as they are read, and a
    # change to the stored Similar Articles bumps the article's own key.
    cache_lists = ()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if response := only_in_other_language(request, kwargs["slug"]):
                return response
            raise

    def get_queryset(self):
        articles = super().get_queryset().prefetch_related("tags")
        return with_targets(with_translations(articles))

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            # An address the article had: CanonicalSlugMixin redirects (301).
            renamed = (
                Article.objects.published()
                .in_language()
                .filter(old_slugs__slug__iexact=self.kwargs["slug"])
                .order_by("-old_slugs__pk")
                .first()
            )
            if renamed is None:
                raise
            return renamed

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["similar_articles"] = similar_articles(self.object, timezone.now())
        context["mentions"] = mentioned_by(self.object)
        context |= translations_of(self.object)
        pagecache.depends(self.object.translations_page_key)
        return context


class ArticlePreviewView(ArticleDetailView):
    """Any article as visitors would see it, for staff who may view articles."""

    def get(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_staff and user.has_perm("articles.view_article")):
            raise Http404
        # Drafts are unpublished content: the admin's second-factor rule holds.
        if response := staffpages.refusal(request):
            return response
        return DetailView.get(self, request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.select_related("author", "hero_image").prefetch_related(
            "tags"
        )

    def get_object(self, queryset=None):
        article = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if article.pending is not None:
            article.pending_apply()  # the change waiting, as it would be
        return article

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)
