"""The bureau app's kind of public content, registered in apps.py."""

from hangzhou_mice.registry import ContentKind

from . import search
from .models import BureauPage

BUREAU_PAGE = ContentKind(
    model=BureauPage,
    public=lambda: BureauPage.objects.published().in_menu_order(),
    card_template="bureau/includes/page_card.html",
    card_related=lambda qs: qs.select_related("hero_image"),
    schedule=("published_at",),
    search_items=search.search_items,
    search_documents=search.search_documents,
)

KINDS = (BUREAU_PAGE,)
