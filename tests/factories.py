import datetime
import io
import time

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage

from ambassadors.models import AcademicField, Ambassador
from articles.models import Article
from bureau.models import BureauPage
from events.models import Event, Organization, Participant, Venue
from hangzhou_mice.downloads import describe_upload
from hangzhou_mice.images import clean_upload
from hangzhou_mice.models import Download, Image, Status
from hangzhou_mice.services import image_save


def add_tags(obj, create, extracted, **kwargs):
    """`tags=["MICE", …]` on a factory call tags the item it makes."""
    if create and extracted:
        obj.tags.add(*extracted)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Congress news {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title, allow_unicode=True))
    summary = factory.Faker("sentence")
    body = factory.Faker("paragraph")
    status = Status.PUBLISHED
    # Newer with every article made, and in the past however many a test
    # process makes (days would reach today after a thousand).
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1000, minutes=-n)
    )

    class Params:
        draft = factory.Trait(status=Status.DRAFT)

    tags = factory.PostGeneration(add_tags)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Society of Example Sciences {n}")
    kind = Organization.Kind.ASSOCIATION
    city = "Beijing"
    country = "China"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Roadshow {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title, allow_unicode=True))
    kind = Event.Kind.ROADSHOW
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=4))
    city = "Beijing"
    summary = "Hangzhou meets associations."
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )

    class Params:
        draft = factory.Trait(status=Status.DRAFT)

    tags = factory.PostGeneration(add_tags)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Delegate {n}")
    organization = factory.SubFactory(OrganizationFactory)
    category = Participant.Category.ASSOCIATION
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    phone = "+86 571 8888 0000"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lakeside Hotel {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Venue.Kind.HOTEL
    district = Venue.District.XIHU
    address = "1 Demo Road"
    summary = "By the lake."
    status = Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Status.DRAFT)

    tags = factory.PostGeneration(add_tags)


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


def make_image(
    *,
    alt_text="Delegates in a conference hall",
    alt_text_zh_hans=None,
    width=64,
    height=48,
):
    """Store a small JPEG through the image pipeline and return its Image.

    `alt_text` is the English alt text; the Chinese is a stand-in when there
    is English, and none when there is not."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (11, 95, 91)).save(buffer, "JPEG")
    upload = clean_upload(ContentFile(buffer.getvalue(), name="hall.jpg"))
    if alt_text_zh_hans is None:
        alt_text_zh_hans = "会议厅里的参会代表" if alt_text else ""
    return image_save(
        image=Image(
            title="Hall",
            alt_text_en=alt_text,
            alt_text_zh_hans=alt_text_zh_hans,
            file=upload,
        )
    )


def pdf_bytes(colour="teal"):
    """A real one-page PDF, as Pillow writes it, dated so it is the same each time."""
    epoch = time.gmtime(0)
    buffer = io.BytesIO()
    picture = PILImage.new("RGB", (32, 24), colour)
    picture.save(buffer, "PDF", creationDate=epoch, modDate=epoch)
    return buffer.getvalue()


class DownloadFactory(factory.django.DjangoModelFactory):
    """A download stored through the content checks the admin runs;
    `file=ContentFile(data, name=…)` gives another file."""

    class Meta:
        model = Download

    title = factory.Sequence(lambda n: f"Fact sheet {n}")
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="Fact sheet.pdf"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        download = model_class(*args, **kwargs)
        describe_upload(download, kwargs["file"])
        download.save()
        return download


class BureauPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BureauPage
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Meeting in Hangzhou {n}")
    title_zh_hans = factory.Sequence(lambda n: f"在杭州开会 {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title_en))
    summary_en = "What the bureau does for planners."
    summary_zh_hans = "我们能为会议策划者做什么。"
    body_en = "<p>Ask us.</p>"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )

    class Params:
        draft = factory.Trait(status=Status.DRAFT)

    tags = factory.PostGeneration(add_tags)


class LeadFactory(factory.django.DjangoModelFactory):
    """A planner's enquiry as the public form keeps it (not through lead_submit:
    no mails, no counts)."""

    class Meta:
        model = "enquiries.Lead"

    language = "en"
    name = "Ana Lima"
    organisation = "Society of Tea Science"
    email = factory.Sequence(lambda n: f"planner{n}@example.org")
    country = "Brazil"
    meeting_name = factory.Sequence(lambda n: f"World Tea Congress {n}")
    kind = "congress"
    year = 2028
    delegates = 800
    privacy_notice_version = 1
