from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from hangzhou_mice.pagecache import CachedPageMixin
from hangzhou_mice.views import CanonicalSlugMixin

from .models import Article
from .similar import similar_articles


class ArticleViewMixin:
    """Visitors only ever read published articles, with what the cards show."""

    def get_queryset(self):
        return Article.objects.published().select_related("author", "hero_image")


class ArticleListView(CachedPageMixin, ArticleViewMixin, ListView):
    paginate_by = 10


class ArticleDetailView(
    CachedPageMixin, ArticleViewMixin, CanonicalSlugMixin, DetailView
):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["similar_articles"] = similar_articles(self.object, timezone.now())
        return context


class ArticlePreviewView(ArticleDetailView):
    """Any article as visitors would see it, for staff who may view articles."""

    def get(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_staff and user.has_perm("articles.view_article")):
            raise Http404
        return DetailView.get(self, request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.select_related("author", "hero_image").prefetch_related(
            "tags"
        )

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)
