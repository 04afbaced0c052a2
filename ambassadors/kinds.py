"""The ambassadors app's kind of public content, registered in apps.py."""

from hangzhou_mice.registry import ContentKind

from . import search
from .models import Ambassador

AMBASSADOR = ContentKind(
    model=Ambassador,
    public=Ambassador.objects.active,
    card_template="ambassadors/includes/ambassador_card.html",
    card_related=lambda qs: qs.for_cards(),
    title="name",
    summary="position",
    image="photo",
    search_items=search.search_items,
    search_documents=search.search_documents,
    mentionable=True,
    mention_template="ambassadors/includes/ambassador_mention.html",
)

KINDS = (AMBASSADOR,)
