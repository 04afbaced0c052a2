"""`bureau` in every template: the identity and contact record, and the
published bureau pages for the navigation and the footer.

Read lazily, in one query built once a process (`hangzhou_mice.prepared`),
the first time a template uses it; the admin's pages never do. A change to
the record outdates every cached page; a change to a bureau page outdates
every page whose menu it is in (`depends`).
"""

import functools
import json

from django.conf import settings
from django.db import connection
from django.db.models.functions import JSONObject
from django.utils.functional import SimpleLazyObject

from hangzhou_mice import pagecache
from hangzhou_mice.models import Image
from hangzhou_mice.prepared import instance, prepare
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


@functools.cache
def record_query():
    """The record, its WeChat code and the menu, as one row even where the
    record is gone; the SQL, the parameters' Prepared, and the record's and
    the image's fields in the order they are read."""
    bureau_names = [f.attname for f in Bureau._meta.concrete_fields]
    image_names = [f.attname for f in Image._meta.concrete_fields]
    menu = prepare(menu_entries)
    columns = ", ".join(
        [f"b.{name}" for name in bureau_names] + [f"i.{name}" for name in image_names]
    )
    # Our own tables and columns: no input in the SQL text.
    sql = f"""
SELECT {columns}, ARRAY({menu.sql})
FROM (SELECT 1) one
LEFT JOIN {Bureau._meta.db_table} b ON b.id = {Bureau.ID}
LEFT JOIN {Image._meta.db_table} i ON i.id = b.wechat_qr_id
"""  # noqa: S608
    return sql, menu, bureau_names, image_names


def load():
    pagecache.depends(pagecache.list_key(BureauPage))
    sql, menu, bureau_names, image_names = record_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, menu.bind())
        row = cursor.fetchone()
    split = len(bureau_names)
    record, image, entries = row[:split], row[split:-1], row[-1]
    # Deleted by hand, the record is empty: the menu still shows.
    bureau = instance(Bureau, bureau_names, record) if record[0] else Bureau()
    bureau.wechat_qr = instance(Image, image_names, image) if image[0] else None
    # Django reads JSON as text and decodes it itself.
    bureau.menu = [json.loads(entry) for entry in entries]
    # Unsaved pages: their titles read the page's language as any page's
    # do, and {% lang_attr %} marks a fallback.
    bureau.pages = [BureauPage(**entry) for entry in bureau.menu]
    bureau.navigation = [page for page in bureau.pages if page.in_navigation]
    return bureau


def bureau(request):
    return {"bureau": SimpleLazyObject(load)}
