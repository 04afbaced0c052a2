"""Whole public pages cached per process, each outdated only by the changes
that can alter it.

A page is stored under its language and path with the keys of what it
showed and each key's change counter, read once the page was rendered:
- every item of a kind loaded while it rendered (`articles.article:42`),
  recorded as the rows are read;
- the kinds it lists (`articles.article`: any item of the kind changing,
  joining or leaving); a view names them in `cache_lists`, and by default a
  page lists every kind;
- any other set a view or template names with `depends()` (an article's
  translations, the bureau pages in every page's menu).

A hit asks, in one query, for those counters and the site row, and serves
the page only if none has moved. The site row keeps the next moment at
which time alone changes what is public (a scheduled item going live, an
event ending), computed by every change to what is scheduled; the first
request after it passes moves the site-wide counter and computes the next.

A change bumps counters in its own transaction, so a cached page is never
shown after the change that outdates it commits:
- a row of a kind: its item, its kind, the items it mentions or is
  mentioned by, the tags it carries, and the sets its kind names
  (`ContentKind.change_keys`); when the save changes none of the fields
  that place it in lists (`ContentKind.listed_by`: a title, a text), its
  item and those sets only;
- a row that belongs to an item of a kind by a foreign key (a room, a
  tagging, a guest): that item, as above, and the tagging's tag;
- a mention: both its ends;
- any other row of an app that holds a kind (a tag, an image, the bureau's
  record), or a bulk write: the site-wide counter, which outdates every page.
A page rendered while any change committed is served but not stored.
While the database is unreachable, a stored page is served unchecked.

Apps name the models whose rows never change a page with `ignore()`.
"""

import contextvars
import datetime
import functools
import hashlib
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_save,
)
from django.http import HttpResponse
from django.utils import timezone

from . import registry
from .models import ItemChange, Mention, SiteChange, Tag, TagSnapshot

PAGE_SECONDS = 300
# Stands for "now" while the moment query is compiled once; swapped per use.
NOW = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_ignored = {SiteChange, ItemChange, TagSnapshot}
# The keys of what the page being rendered shows; None outside a render.
_shown = contextvars.ContextVar("pagecache_shown", default=None)


SITE = SiteChange._meta.db_table
ITEMS = ItemChange._meta.db_table
MENTIONS = Mention._meta.db_table
TYPES = ContentType._meta.db_table
# Our own table names only: no input in the SQL text.
BUMP_SITE = (
    f"INSERT INTO {SITE} (id, counter, changes) VALUES (1, %s, 1) "
    "ON CONFLICT (id) DO UPDATE SET "
    f"counter = {SITE}.counter + EXCLUDED.counter, changes = {SITE}.changes + 1"
)
BUMP_ITEMS = f"""
INSERT INTO {ITEMS} (key, counter)
SELECT key, 1 FROM (
  SELECT unnest(%(keys)s::text[]) AS key
  UNION
  SELECT t.app_label || '.' || t.model || ':' || m.target_id
  FROM {MENTIONS} m JOIN {TYPES} t ON t.id = m.target_type_id
  WHERE m.source_type_id = %(type)s AND m.source_id = ANY(%(ids)s)
  UNION
  SELECT t.app_label || '.' || t.model || ':' || m.source_id
  FROM {MENTIONS} m JOIN {TYPES} t ON t.id = m.source_type_id
  WHERE m.target_type_id = %(type)s AND m.target_id = ANY(%(ids)s)
  {{tags}}
) changed
ORDER BY key
ON CONFLICT (key) DO UPDATE SET counter = {ITEMS}.counter + 1
"""


def ignore(*models):
    """Rows of these models never change a public page (or are written by one)."""
    _ignored.update(models)


def list_key(model):
    """The key of every item of a kind: `articles.article`."""
    return model._meta.label_lower


def item_key(model, pk):
    """The key of one item: `articles.article:42`."""
    return f"{model._meta.label_lower}:{pk}"


def depends(*keys):
    """Record that the page being rendered shows what these keys stand for."""
    if (shown := _shown.get()) is not None:
        shown.update(keys)


STATE = (
    "SELECT s.counter, s.next_moment, ARRAY(SELECT COALESCE(c.counter, 0) "
    "FROM unnest(%s::text[]) WITH ORDINALITY AS k(key, n) "
    f"LEFT JOIN {ITEMS} c ON c.key = k.key ORDER BY k.n), s.changes "
    f"FROM (SELECT 1) one LEFT JOIN {SITE} s ON s.id = 1"
)


@functools.cache
def moment_query():
    """SQL for the earliest moment at or after NOW at which time alone changes
    what is public (a scheduled item going live, an event ending), and its
    parameters, with NOW in place."""
    parts, params = [], []
    for kind in registry.kinds():
        for field in kind.schedule:
            nearest = (
                kind.model._default_manager.with_status_published()
                .filter(**{f"{field}__gte": NOW})
                .order_by(field)
                .values(field)[:1]
            )
            sql, values = nearest.query.sql_with_params()
            parts.append(f"({sql})")
            params += values
    return (f"LEAST({', '.join(parts)})" if parts else "NULL"), params


def moment_params(now):
    return [now if value is NOW else value for value in moment_query()[1]]


def schedule_changed():
    """Keep the site row's next moment for the schedules as they now stand:
    after a scheduled item is saved or deleted (signals call it; a write that
    sends none and changes a status or a schedule must)."""
    sql, _ = moment_query()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SITE} SET next_moment = {sql} WHERE id = 1",
            moment_params(timezone.now()),
        )


def moment_passed(cursor, moment, now):
    """Time passed the next moment: outdate every page and find the next one.
    Only the first process to see it passed moves the counter."""
    sql, _ = moment_query()
    cursor.execute(
        f"UPDATE {SITE} SET next_moment = {sql}, counter = counter + 1, "
        "changes = changes + 1 WHERE id = 1 AND next_moment = %s",
        [*moment_params(now), moment],
    )


def content_state(keys=()):
    """One query: (the state of a page showing `keys`, the change count).

    The state is the site-wide counter and each key's counter; the change
    count moves with every change. Once time passes the next scheduled
    moment, the counter moves first (one write, by the first request)."""
    keys = list(keys)
    with connection.cursor() as cursor:
        cursor.execute(STATE, [keys])
        counter, moment, counters, changes = cursor.fetchone()
        if moment is not None and (now := timezone.now()) > moment:
            moment_passed(cursor, moment, now)
            cursor.execute(STATE, [keys])
            counter, moment, counters, changes = cursor.fetchone()
    return f"{counter}:{counters}", changes


def change_count():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT changes FROM {SITE} WHERE id = 1")
        row = cursor.fetchone()
    return row and row[0]


def content_changed():
    """Outdate every cached page, once the current transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute(BUMP_SITE, [1])


@functools.cache
def bump_items_sql(model):
    """BUMP_ITEMS for items of `model`: with the tags they carry, if a kind."""
    kind = model and registry.for_model(model)
    if not kind:
        return BUMP_ITEMS.format(tags="")
    tagged = kind.through._meta.db_table
    return BUMP_ITEMS.format(
        tags=f"UNION SELECT '{list_key(Tag)}:' || tag_id FROM {tagged} "
        "WHERE content_object_id = ANY(%(ids)s)"
    )


def keys_changed(keys: Iterable[str], *, model=None, pks=()):
    """Outdate the pages that show what `keys` stand for, and, for items of
    `model` (a kind) with these `pks`, the pages of the items they mention
    or are mentioned by and of the tags they carry; once the current
    transaction commits."""
    keys, pks = sorted(set(keys)), sorted(set(pks))
    type_id = ContentType.objects.get_for_model(model).pk if model else None
    with connection.cursor() as cursor:
        # The site row first: every writer takes its lock before any item's.
        cursor.execute(BUMP_SITE, [0])
        cursor.execute(
            bump_items_sql(model), {"keys": keys, "type": type_id, "ids": pks}
        )


def items_changed(model, pks: Iterable, extra_keys: Iterable[str] = ()):
    """Outdate the pages of these items of a kind, those listing the kind,
    those of the items they mention or are mentioned by, and `extra_keys`."""
    pks = [pk for pk in pks if pk is not None]
    keys = [list_key(model), *(item_key(model, pk) for pk in pks), *extra_keys]
    keys_changed(keys, model=model, pks=pks)


def content_apps():
    """The apps whose rows public pages show: those with a kind, and ours."""
    return {kind.model._meta.app_label for kind in registry.kinds()} | {
        SiteChange._meta.app_label
    }


def changed_items(
    sender, instance, action=None, model=None, pk_set=None, *, saved=False
):
    """[(kind model, pks, extra keys)] a change to a row concerns, or None
    when it may concern any page. `saved`: a save, not a delete."""
    if action is not None:  # m2m_changed: `sender` is the through model
        if pk_set is None and registry.for_model(model):
            return None  # a reverse clear: which items, unknown
        # Tags added or removed: their pages too.
        tags = [item_key(Tag, pk) for pk in pk_set or ()] if model is Tag else []
        sides = [(type(instance), [instance.pk]), (model, pk_set or ())]
        return [(m, pks, tags) for m, pks in sides if registry.for_model(m)] or None
    if kind := registry.for_model(sender):
        keys = kind.change_keys(instance)
        # A delete always moves it: off every list (whatever an earlier
        # save of the same instance left in its flag).
        if not saved or getattr(instance, "listing_changed", True):
            return [(sender, [instance.pk], keys)]
        # Nowhere new: only the pages that showed it, and its sets.
        return [(None, [], [item_key(sender, instance.pk), *keys])]
    if sender is Mention:
        ends = [
            (ContentType.objects.get_for_id(type_id).model_class(), pk)
            for type_id, pk in (
                (instance.source_type_id, instance.source_id),
                (instance.target_type_id, instance.target_id),
            )
        ]
        return [(m, [pk], ()) for m, pk in ends if registry.for_model(m)] or None
    links = [
        (field.related_model, getattr(instance, field.attname))
        for field in sender._meta.concrete_fields
        if field.many_to_one
    ]
    # A tagging: its tag's pages too, which a removed one no longer reaches.
    tags = [item_key(Tag, pk) for model, pk in links if model is Tag]
    owners = [(m, [pk], tags) for m, pk in links if registry.for_model(m)]
    return owners or None


def on_content_change(sender, instance, **kwargs):
    meta = getattr(sender, "_meta", None)
    if not meta or meta.app_label not in content_apps() or sender in _ignored:
        return
    if meta.apps is not global_apps:  # a migration's historical model
        return
    action = kwargs.get("action")
    if action is not None and action.startswith("pre_"):
        return
    found = changed_items(
        sender,
        instance,
        action,
        kwargs.get("model"),
        kwargs.get("pk_set"),
        saved=kwargs.get("signal") is post_save,
    )
    if found is None:
        content_changed()
    for model, pks, extra_keys in found or ():
        if model is None:
            keys_changed(extra_keys)
        else:
            items_changed(model, pks, extra_keys)
    kind = registry.for_model(sender)
    if kind and kind.schedule and any(model is sender for model, *_ in found or ()):
        schedule_changed()  # a scheduled item, saved or deleted, moved


def on_item_saving(sender, instance, **kwargs):
    """Tell whether a save of an item changes what places it in lists
    (`ContentKind.listed_by`), as `instance.listing_changed`, for
    `on_content_change` and the kind's own hooks after the save."""
    kind = registry.for_model(sender)
    if kind is None or kind.listed_by is None:
        return
    if instance.pk is None:  # new (a copy, too, whatever its flag said)
        instance.listing_changed = True
        return
    fields = kind.listed_by
    before = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    instance.listing_changed = before != {f: getattr(instance, f) for f in fields}


def on_item_loaded(sender, instance, **kwargs):
    if (shown := _shown.get()) is not None and instance.pk is not None:
        shown.add(item_key(sender, instance.pk))


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(on_content_change, dispatch_uid=f"pagecache-{signal}")
    pre_save.connect(on_item_saving, dispatch_uid="pagecache-pre_save")


@functools.cache
def record_loads():
    """Record every item of a kind read while a page renders (from the first
    render on: the kinds are registered by then)."""
    for kind in registry.kinds():
        post_init.connect(
            on_item_loaded, sender=kind.model, dispatch_uid=f"pagecache-{kind.key}"
        )


class CachedPageMixin:
    """For public views whose page is the same for every visitor.

    The cache is asked first, with nothing looked up before: a view that
    must find something before it renders (a tag, a redirect) does so in
    `get_uncached`, which runs only on a miss.
    """

    # The kinds ("app_label.model") whose lists the page shows: any change to
    # an item of one outdates it. None: every kind.
    cache_lists: tuple[str, ...] | None = None

    def get(self, request, *args, **kwargs):
        page = f"{request.LANGUAGE_CODE}:{request.get_full_path()}"
        key = "page:" + hashlib.sha256(page.encode()).hexdigest()
        cached, before = cache.get(key), None
        if cached is not None:
            content, keys, state = cached
            try:
                current, before = content_state(keys)
            except (OperationalError, InterfaceError):
                # The database is unreachable: nothing can have changed
                # since, so the page as stored (at most PAGE_SECONDS old)
                # rather than an error page. A moment passing meanwhile (a
                # scheduled item going live) shows once it answers again.
                return HttpResponse(content)
            if current == state:
                return HttpResponse(content)
        record_loads()
        if before is None:
            before = change_count()
        shown = set()
        token = _shown.set(shown)
        try:
            response = self.get_uncached(request, *args, **kwargs)
            if response.status_code == 200:
                response.render()
        finally:
            _shown.reset(token)
        if response.status_code == 200:
            keys = self.page_keys(shown)
            state, changes = content_state(keys)
            if changes == before:  # nothing committed while it rendered
                cache.set(key, (response.content, keys, state), PAGE_SECONDS)
        return response

    def get_uncached(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def page_keys(self, shown):
        """The page's keys: the kinds it lists and what it showed (an item
        of a listed kind too: a save that moves it nowhere bumps its own key
        only)."""
        if self.cache_lists is None:
            lists = {list_key(kind.model) for kind in registry.kinds()}
        else:
            lists = set(self.cache_lists)
        return tuple(sorted(lists | shown))
