from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article


class ArticleViewMixin:
    """Visitors only ever read published articles, with what the cards show."""

    def get_queryset(self):
        return Article.objects.published().select_related("author")


class ArticleListView(ArticleViewMixin, ListView):
    paginate_by = 10


class ArticleDetailView(ArticleViewMixin, DetailView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_object(self, queryset=None):
        queryset = self.get_queryset().prefetch_related("tags")
        return get_object_or_404(queryset, slug__iexact=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["similar_articles"] = Article.objects.similar_to(self.object)
        return context


class TagArticleListView(ArticleViewMixin, ListView):
    paginate_by = 10
    template_name = "articles/tag_detail.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug__iexact=kwargs["slug"])
        if self.tag.slug != kwargs["slug"]:
            return redirect("articles:tag_detail", slug=self.tag.slug, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(tagged_items__tag=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
