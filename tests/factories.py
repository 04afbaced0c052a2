import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from hangzhou_mice.models import Status


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Congress news {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title, allow_unicode=True))
    summary = factory.Faker("sentence")
    body = factory.Faker("paragraph")
    status = Status.PUBLISHED
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1000 - n)
    )

    class Params:
        draft = factory.Trait(status=Status.DRAFT)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
