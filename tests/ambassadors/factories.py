import datetime

import factory
from django.utils.text import slugify

from ambassadors.models import AcademicField, Ambassador, Contribution
from events.models import Organization
from tests.factories import OrganizationFactory, add_tags


class AcademicFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicField
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Example Science {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ambassador
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ambassador {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name, allow_unicode=True))
    position = "Professor"
    institution = factory.SubFactory(
        OrganizationFactory,
        name=factory.Sequence(lambda n: f"Example University {n}"),
        kind=Organization.Kind.UNIVERSITY,
        city="Hangzhou",
    )
    appointed_on = datetime.date(2020, 1, 1)

    class Params:
        inactive = factory.Trait(active=False)

    tags = factory.PostGeneration(add_tags)

    @factory.post_generation
    def academic_fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.academic_fields.add(*extracted)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    ambassador = factory.SubFactory(AmbassadorFactory)
    meeting = factory.Sequence(lambda n: f"Example Congress {n}")
    association = factory.SubFactory(OrganizationFactory)
    year = 2027
    expected_delegates = 500
    status = Contribution.Status.WON
