"""The bureau's pages, as visitors read them."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from hangzhou_mice.pagecache import CachedPageMixin
from hangzhou_mice.related import related_articles
from hangzhou_mice.views import CanonicalSlugMixin

from .models import BureauPage, PageDownload


class PageListView(CachedPageMixin, ListView):
    """Every published bureau page, in menu order."""

    template_name = "bureau/page_list.html"
    context_object_name = "pages"

    def get_queryset(self):
        return (
            BureauPage.objects.published().in_menu_order().select_related("hero_image")
        )


class PageDetailView(CachedPageMixin, CanonicalSlugMixin, DetailView):
    template_name = "bureau/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        listed = PageDownload.objects.select_related("download")
        return (
            BureauPage.objects.published()
            .select_related("hero_image")
            .prefetch_related(Prefetch("page_downloads", queryset=listed), "tags")
        )

    def get_context_data(self, **kwargs):
        page = self.object
        return super().get_context_data(
            downloads=[link.download for link in page.page_downloads.all()],
            related_articles=related_articles(page),
            **kwargs,
        )
