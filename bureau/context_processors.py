"""`bureau` in every template: the identity and contact record, and the
published bureau pages for the navigation and the footer.

Read lazily, in one query, the first time a template uses it; the admin's
pages never do. A change to the record outdates every cached page; a change
to a bureau page outdates every page whose menu it is in (`depends`).
"""

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models.functions import JSONObject
from django.utils.functional import SimpleLazyObject

from hangzhou_mice import pagecache
from hangzhou_mice.translated import language_column

from .models import Bureau, BureauPage


def menu_entries():
    """Published pages in menu order: slug, placement and each language's title."""
    titles = [language_column("title", code) for code, _name in settings.LANGUAGES]
    columns = ["slug", "in_navigation", *titles]
    return (
        BureauPage.objects.published()
        .in_menu_order()
        # Annotated, then named: modeltranslation's values() with no field
        # name selects every column.
        .annotate(entry=JSONObject(**{column: column for column in columns}))
        .values("entry")
    )


def load():
    pagecache.depends(pagecache.list_key(BureauPage))
    entries = menu_entries()
    bureau = (
        Bureau.objects.filter(pk=Bureau.ID)
        .select_related("wechat_qr")
        .annotate(menu=ArraySubquery(entries))
        .first()
    )
    if bureau is None:  # the record was deleted by hand: the menu still shows
        bureau = Bureau()
        bureau.menu = [row["entry"] for row in entries]
    # Unsaved pages: their titles read the page's language as any page's
    # do, and {% lang_attr %} marks a fallback.
    bureau.pages = [BureauPage(**entry) for entry in bureau.menu]
    bureau.navigation = [page for page in bureau.pages if page.in_navigation]
    return bureau


def bureau(request):
    return {"bureau": SimpleLazyObject(load)}
