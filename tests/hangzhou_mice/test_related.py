"""Related articles answered early are the ranking's own answer."""

import datetime
import random

import pytest
from django.utils import timezone

from articles.models import Article, TaggedArticle
from hangzhou_mice.models import Status, Tag
from hangzhou_mice.related import rank_by_shared_tags, ranked_ids
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_early_answer_is_the_rankings_for_any_tags_and_depth():
    chooser = random.Random(11)
    names = [f"t{n}" for n in range(5)]
    now = timezone.now()
    for n in range(40):
        ArticleFactory(
            tags=chooser.sample(names, chooser.randint(1, 4)),
            # Equal dates, to reach the last tie-break.
            published_at=now - datetime.timedelta(hours=chooser.randint(1, 6)),
            status=Status.DRAFT if n % 7 == 0 else Status.PUBLISHED,
        )
    tags = [tag.pk for tag in Tag.objects.filter(name__in=names)]
    published = Article.objects.published()

    for _ in range(30):
        chosen = chooser.sample(tags, chooser.randint(1, 5))
        limit = chooser.randint(1, 12)
        ranking = rank_by_shared_tags(published, chosen, limit=limit)
        expected = list(ranking.values_list("pk", flat=True))

        found = ranked_ids(published, TaggedArticle, chosen, limit=limit)

        assert found == expected, (chosen, limit)
