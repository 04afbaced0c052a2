"""Cross-links: the items an article is about, and the articles about an item.

An article (the registry's related source) names items of the mentionable
kinds (events, venues, ambassadors); its page links them and their pages
list it "In the news". Rows are `Mention`s; both directions read through
each kind's `public()`, so a draft is never linked, and in a fixed number
of queries.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models, transaction
from django.db.models import OuterRef, Q
from django.db.models.functions import JSONObject

from . import pagecache, registry
from .models import Mention

NEWS_LIMIT = 6


def key_of(item: models.Model) -> str:
    """The form value naming `item`: "<kind key>:<id>"."""
    return f"{item._meta.model_name}:{item.pk}"


def type_is(prefix: str, model: type[models.Model]) -> Q:
    """`<prefix>_type` is `model`'s, through a join: no content type lookup."""
    meta = model._meta
    return Q(
        **{f"{prefix}_type__app_label": meta.app_label},
        **{f"{prefix}_type__model": meta.model_name},
    )


def of_source(source: models.Model):
    """The Mention rows of `source`."""
    return Mention.objects.filter(type_is("source", type(source)), source_id=source.pk)


def targets_of(sources: models.QuerySet) -> ArraySubquery:
    """Per row of `sources`, [{app, model, id}] of each item it is about."""
    rows = Mention.objects.filter(
        type_is("source", sources.model), source_id=OuterRef("pk")
    ).order_by("pk")
    return ArraySubquery(
        rows.values(
            row=JSONObject(
                app="target_type__app_label", model="target_type__model", id="target_id"
            )
        )
    )


def with_targets(sources: models.QuerySet) -> models.QuerySet:
    """`sources` with what each is about (`mention_targets`), in their query."""
    return sources.annotate(mention_targets=targets_of(sources))


def target_ids(source: models.Model) -> dict[str, list[int]]:
    """{kind key: [target ids]} of every item `source` is about, public or not;
    read from `mention_targets` where `with_targets` annotated it."""
    rows = getattr(source, "mention_targets", None)
    if rows is None:
        rows = (
            of_source(source)
            .order_by("pk")
            .values_list("target_type__app_label", "target_type__model", "target_id")
        )
    else:
        rows = [(row["app"], row["model"], row["id"]) for row in rows]
    found = {}
    for app_label, model_name, pk in rows:
        kind = registry.get(model_name)
        if kind and kind.model._meta.app_label == app_label and kind.mentionable:
            found.setdefault(kind.key, []).append(pk)
    return found


def mentioned_by(source: models.Model) -> list[tuple[registry.ContentKind, list]]:
    """[(kind, items)]: the public items `source` is about, by kind in the
    registry's order, each kind's in its public order. One query per kind
    that has any, and one more unless `source` came `with_targets`."""
    ids = target_ids(source)
    found = [
        (kind, list(kind.public().filter(pk__in=ids[kind.key])))
        for kind in registry.mentionable()
        if kind.key in ids
    ]
    return [(kind, items) for kind, items in found if items]


def mentioning(target: models.Model, *, limit: int = NEWS_LIMIT) -> list:
    """The public items of the related source (articles) about `target`,
    newest first, as cards. One query. Its `public()` is in the page's
    language already, as for related articles (`related.related_articles`)."""
    source = registry.related_source()
    about = Mention.objects.filter(
        type_is("source", source.model),
        type_is("target", type(target)),
        target_id=target.pk,
    ).values("source_id")
    items = source.cards().filter(pk__in=about)
    return list(items.order_by("-published_at", "-pk")[:limit])


@transaction.atomic
def mentions_set(*, source: models.Model, targets: Iterable[models.Model]) -> None:
    """Make `source` about exactly `targets` (items of mentionable kinds)."""
    mentionable = {kind.model for kind in registry.mentionable()}
    content_type = ContentType.objects.get_for_model
    wanted = set()
    for target in targets:
        if type(target) not in mentionable:
            raise ValueError(f"{target._meta.label} is not a mentionable kind")
        wanted.add((content_type(target).pk, target.pk))
    rows = Mention.objects.filter(source_type=content_type(source), source_id=source.pk)
    have = set(rows.values_list("target_type_id", "target_id"))
    if gone := have - wanted:
        rows.filter(
            reduce(or_, (Q(target_type_id=t, target_id=i) for t, i in gone))
        ).delete()
    if new := wanted - have:
        Mention.objects.bulk_create(
            Mention(
                source_type=content_type(source),
                source_id=source.pk,
                target_type_id=type_id,
                target_id=pk,
            )
            for type_id, pk in sorted(new)
        )
        # bulk_create sends no post_save: the source and what it names now.
        pagecache.items_changed(type(source), [source.pk])


def item_deleted(sender, instance, **kwargs):
    """Drop the mentions of a deleted article or of a deleted item it named."""
    kind = registry.for_model(sender)
    if kind is None or not (kind.mentionable or kind.related_source):
        return
    Mention.objects.filter(
        type_is("source", sender) & Q(source_id=instance.pk)
        | type_is("target", sender) & Q(target_id=instance.pk)
    ).delete()
