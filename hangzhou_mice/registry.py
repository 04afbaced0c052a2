"""The kinds of public content, as each app registers them in its ready().

The shared machinery (tag pages, the page cache, related articles, the
refresh of stored rankings after bulk retagging) reads this registry and
never imports an app: an app says once what it publishes and how.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models, transaction


@dataclass(frozen=True)
class ContentKind:
    """One kind of public content.

    - `model`: a tagged model with `get_absolute_url()` whose tags go through
      a `TaggedItem` subclass (related name `tagged_items`).
    - `public`: returns the queryset visitors may see, ordered for lists.
    - `card_template`: renders one item for a grid, with the item in the
      context under the model's name (`article`, `venue`, …) and
      `card_context` beside it.
    - `card_related`: what `select_related`/`prefetch_related` a card needs.
    - `title`, `summary`, `image`: attribute names a card, a feed or a search
      result reads.
    - `schedule`: datetime fields whose passing changes a public page without
      any write (a scheduled item going live, an event ending); counted among
      items whose status is published.
    - `related_source`: the kind whose items other pages list as related by
      shared tags (the articles).
    - `retagged`: called after the commit with the ids of items whose tags
      changed in bulk (tag merge, tag delete), for stored derived data.
    - `search_items`, `search_documents`: every item to index (drafts too:
      the index filters visibility when it is read), and one item's search
      Documents, one per language it has (see `hangzhou_mice.search`).
    - `mentionable`: an item the related source's items (articles) can be
      about; `mention_template` renders one such item as a link, with the
      item in the context under the model's name (`hangzhou_mice.mentions`).
    - `change_keys`: the page-cache keys a change to one item bumps besides
      its own and its kind's (an article's translations, whose pages link
      it); the pages that show those sets name them with `pagecache.depends`.
    - `listed_by`: the fields that place an item in lists, counts and
      rankings (publication, date, language); a save that changes none of
      them (a title, a text) outdates only the pages that show the item, and
      sets `instance.listing_changed` to False for the kind's own hooks.
      None: any save may move it (`hangzhou_mice.pagecache`).
    """

    model: type[models.Model]
    public: Callable[[], models.QuerySet]
    card_template: str
    card_related: Callable[[models.QuerySet], models.QuerySet] = lambda qs: qs
    card_context: dict = field(default_factory=dict)
    title: str = "title"
    summary: str = "summary"
    image: str = "hero_image"
    schedule: tuple[str, ...] = ()
    related_source: bool = False
    retagged: Callable[[list[int]], None] | None = None
    search_items: Callable[[], models.QuerySet] | None = None
    search_documents: Callable[[models.Model], list] | None = None
    mentionable: bool = False
    mention_template: str = "includes/mention.html"
    change_keys: Callable[[models.Model], Iterable[str]] = lambda item: ()
    listed_by: tuple[str, ...] | None = None

    @property
    def key(self):
        return self.model._meta.model_name

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @property
    def through(self):
        """The tag through model: a TaggedItem subclass."""
        return self.model._meta.get_field("tagged_items").related_model

    def cards(self):
        return self.card_related(self.public())


_kinds: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> None:
    """Register a kind of public content (from its app's `ready()`)."""
    _kinds[kind.key] = kind


def kinds() -> list[ContentKind]:
    """Every registered kind, in the order apps were installed."""
    return list(_kinds.values())


def get(key: str) -> ContentKind | None:
    return _kinds.get(key)


def for_model(model) -> ContentKind | None:
    kind = _kinds.get(model._meta.model_name)
    return kind if kind and kind.model is model else None


def mentionable() -> list[ContentKind]:
    """The kinds an article can be about, in the order apps were installed."""
    return [kind for kind in _kinds.values() if kind.mentionable]


def related_source() -> ContentKind:
    """The kind listed as related articles on every detail page."""
    return next(kind for kind in _kinds.values() if kind.related_source)


def items_retagged(through: type[models.Model], item_ids: Iterable[int]) -> None:
    """Tell the kind tagged through `through` that these items were retagged.

    Runs its `retagged` hook after the current transaction commits, so
    readers that run before the commit cannot store what it outdates.
    """
    ids = sorted(set(item_ids))
    kind = next((k for k in _kinds.values() if k.through is through), None)
    if ids and kind and kind.retagged:
        transaction.on_commit(lambda: kind.retagged(ids))
