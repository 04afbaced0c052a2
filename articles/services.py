"""Work on articles that spans several rows: translations, changed addresses."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from hangzhou_mice.models import Status
from hangzhou_mice.services import tag_snapshot_record

from .models import Article

# What a translation starts with: what needs no translating. Its texts the
# editor writes, with the source's shown beside each field (admin.py).
CARRIED_OVER = ("hero_image", "byline")
TRANSLATED = ("title", "summary", "body", "hero_caption")


def topics_in(tags):
    """The tags, each replaced by its counterpart in the other language if any."""
    return [tag.counterpart or tag for tag in tags.select_related("counterpart")]


def translation_start(*, article: Article) -> dict:
    """The fields and tags a translation of `article` starts with."""
    return {name: getattr(article, name) for name in CARRIED_OVER} | {
        "tags": topics_in(article.tags.all())
    }


@transaction.atomic
def article_translate(
    *,
    article: Article,
    language: str,
    user,
    title: str,
    summary: str,
    body: str,
    hero_caption: str = "",
    slug: str = "",
) -> Article:
    """Store the translation of `article` into `language` as a draft.

    It carries over the hero image, the byline and the topics (tags with a
    counterpart in the other language as that). Without a slug, it gets one
    from the English title (Article.new_slug).

    Return the existing translation if there is one.
    """
    if existing := article.translations().filter(language=language).first():
        return existing
    start = translation_start(article=article)
    draft = Article(
        language=language,
        translation_key=article.translation_key,
        status=Status.DRAFT,
        author=user,
        title=title,
        summary=summary,
        body=body,
        hero_caption=hero_caption,
        slug=slug,
        **{name: start[name] for name in CARRIED_OVER},
    )
    draft.full_clean()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Started as a translation"))
        draft.save()
        draft.tags.set(start["tags"])
        tag_snapshot_record(obj=draft)
    return draft


def article_slug_record(*, article: Article, old_slug: str) -> None:
    """Keep the slug a published article is leaving (Article.old_slug_keep)."""
    article.old_slug_keep(old_slug)
