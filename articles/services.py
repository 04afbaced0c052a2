"""Work on articles that spans several rows: translations."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from hangzhou_mice.models import Status
from hangzhou_mice.services import tag_snapshot_record

from .models import Article

# What a translation starts from; the editor then translates the texts.
CARRIED_OVER = ("title", "slug", "summary", "body", "hero_image", "hero_caption")


def topics_in(tags):
    """The tags, each replaced by its counterpart in the other language if any."""
    return [tag.counterpart or tag for tag in tags.select_related("counterpart")]


@transaction.atomic
def article_translate(*, article: Article, language: str, user) -> Article:
    """Start `article` in `language` as a draft, prefilled, with its topics.

    Tags with a counterpart in the other language are carried over as it.

    Return the existing translation if there is one.
    """
    existing = article.translations().filter(language=language).first()
    if existing:
        return existing
    draft = Article(
        language=language,
        translation_key=article.translation_key,
        status=Status.DRAFT,
        author=user,
        byline=article.byline,
        **{name: getattr(article, name) for name in CARRIED_OVER},
    )
    draft.full_clean()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Started as a translation"))
        draft.save()
        draft.tags.set(topics_in(article.tags.all()))
        tag_snapshot_record(obj=draft)
    return draft
