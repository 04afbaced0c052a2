"""The site search: fed from the content registry, kept after every commit.

A kind of content takes part by giving the registry `search_items` (every
item to index, drafts included, with what its documents read) and
`search_documents` (an item's Document per language). Saves and deletes of
its model re-index the item once the transaction commits; `manage.py
rebuild_search_index` writes the whole index again.
"""

from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.module_loading import import_string

from .. import registry
from .backends import Document, Filters, Results  # noqa: F401 (the interface)


@cache
def backend():
    return import_string(settings.SEARCH_BACKEND)()


def in_each_language(item, title, describe):
    """A Document per site language for an item whose texts are kept per
    language: each reads the fields in its language (falling back as the
    pages do) and carries the other languages' titles, so a name finds its
    item in either script. `describe(item)` gives the other Document fields
    (`published`, `text`, …), read in each language in turn."""
    codes = [code for code, _name in settings.LANGUAGES]
    titles = {}
    for code in codes:
        with translation.override(code):
            titles[code] = getattr(item, title)
    documents = []
    for code in codes:
        with translation.override(code):
            others = {t for c, t in titles.items() if t != titles[code]}
            documents.append(
                Document(
                    kind=item._meta.model_name,
                    object_id=item.pk,
                    language=code,
                    title=titles[code],
                    url=item.get_absolute_url(),
                    other=" ".join(sorted(others)),
                    other_names=" ".join(sorted(others)),
                    **describe(item),
                )
            )
    return documents


def index_items(kind, ids):
    """Write the entries of these items again, in every language they have."""
    items = kind.search_items().filter(pk__in=ids)
    documents = [doc for item in items for doc in kind.search_documents(item)]
    with transaction.atomic():
        backend().remove(kind.key, ids)
        backend().index(documents)


def changed(sender, instance, **kwargs):
    """Re-index a searchable item after the commit that saved or deleted it."""
    kind = registry.for_model(sender)
    if kind is not None and kind.search_documents:
        pk = instance.pk
        # robust: a search index that fails to update must not turn a saved
        # edit into an error page; it is logged, and the next save or a
        # rebuild catches up.
        transaction.on_commit(lambda: index_items(kind, [pk]), robust=True)


def watch():
    """Connect `changed` to every save and delete (from the app's ready())."""
    post_save.connect(changed, dispatch_uid="search-changed")
    post_delete.connect(changed, dispatch_uid="search-changed")


def texts(hits, language):
    """{(kind, id): what the item reads in `language`} for these hits, to
    cut their excerpts from: read from the items, a query or two per kind
    on the page, rather than kept in the index as a copy."""
    wanted = {}
    for hit in hits:
        wanted.setdefault(hit.kind, []).append(hit.object_id)
    found = {}
    for key, ids in wanted.items():
        kind = registry.get(key)
        if kind is None or not kind.search_documents:
            continue
        for item in kind.search_items().filter(pk__in=ids):
            for document in kind.search_documents(item):
                if document.language == language:
                    found[key, item.pk] = document.text
    return found


def searchable_kinds():
    return [kind for kind in registry.kinds() if kind.search_documents]


def in_chunks(items, size):
    """`items` (in pk order), a query for each `size` of them, each after
    the last one's pk. No cursor outlives a statement, so this works through
    a pooler in transaction mode, and no transaction lasts the whole read."""
    batch = list(items[:size])
    while batch:
        yield from batch
        more = len(batch) == size
        batch = list(items.filter(pk__gt=batch[-1].pk)[:size]) if more else []


def rebuild(progress=None, chunk=2000):
    """Write the whole index again; `progress(kind, done, total)` as it goes."""
    backend().clear()
    for kind in searchable_kinds():
        items = kind.search_items().order_by("pk")
        total, done, batch = items.count(), 0, []
        for item in in_chunks(items, chunk):
            batch.extend(kind.search_documents(item))
            done += 1
            if done % chunk == 0:
                backend().index(batch)
                batch = []
                if progress:
                    progress(kind, done, total)
        backend().index(batch)
        if progress:
            progress(kind, done, total)
    backend().compact()
