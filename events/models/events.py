import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    When,
)
from django.db.models.functions import Coalesce, Lower, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from hangzhou_mice.models import (
    Image,
    PublishableModel,
    PublishableQuerySet,
    ReservedSlugValidator,
    ReviewedModel,
    TaggedItem,
    TimeStampedModel,
    unique_regardless_of_case,
)
from hangzhou_mice.richtext import RichTextField
from hangzhou_mice.translated import localized

from ..profiles import profile_of

phone_validator = RegexValidator(
    r"^\+?[0-9(][0-9 ()./-]{5,24}(\s*(ext\.?|x)\s*[0-9]{1,6})?$",
    _("Enter a phone number of digits, with an optional leading + and spaces."),
)


class Organization(TimeStampedModel):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association or society")
        PCO = "pco", _("PCO")
        HOTEL_VENUE = "hotel_venue", _("Hotel or venue")
        CONFERENCE_COMPANY = "conference_company", _("Conference company")
        GOVERNMENT = "government", _("Government")
        UNIVERSITY = "university", _("University or research institute")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        # One per language: the names live in name_en and name_zh_hans.
        constraints = [
            unique_regardless_of_case(
                f"name_{suffix}",
                name=f"organization_name_{suffix}_ci_unique",
                message=_("An organization with this name exists."),
            )
            for suffix in ("en", "zh_hans")
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return self.name


# How the public participation summary groups organization kinds, in the
# order it names them (events/participation.py words each group).
SUMMARY_GROUPS = {
    Organization.Kind.ASSOCIATION: "associations",
    Organization.Kind.PCO: "pcos",
    Organization.Kind.CONFERENCE_COMPANY: "suppliers",
    Organization.Kind.HOTEL_VENUE: "suppliers",
    Organization.Kind.UNIVERSITY: "universities",
    Organization.Kind.GOVERNMENT: "government",
    Organization.Kind.MEDIA: "media",
    Organization.Kind.OTHER: "other",
}


class TaggedEvent(TaggedItem):
    content_object = models.ForeignKey(
        "Event", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta(TaggedItem.Meta):
        verbose_name = _("event tag")
        verbose_name_plural = _("event tags")


class AddMonths(Func):
    """A date `months` calendar months later; the 31st becomes the month's last."""

    template = "CAST(%(expressions)s + make_interval(months => %(months)s) AS date)"
    output_field = DateField()

    def __init__(self, expression, *, months: int):
        super().__init__(expression, months=int(months))


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        return self.published().filter(end__gte=timezone.now()).order_by("start")

    def past(self):
        return self.published().filter(end__lt=timezone.now()).order_by("-start")

    def upcoming_then_past(self):
        """Published events: upcoming soonest first, then past latest first."""
        now = timezone.now()
        upcoming = Case(
            When(end__gte=now, then=True), default=False, output_field=BooleanField()
        )
        return (
            self.published()
            .annotate(is_upcoming=upcoming)
            .order_by(
                "-is_upcoming",
                Case(When(end__gte=now, then=F("start"))).asc(),
                F("start").desc(),
            )
        )

    def with_roster_retention(self):
        """Annotate `roster_retained_until`: the event's own date, or else
        ROSTER_RETENTION_MONTHS months after its end, as a date in Hangzhou."""
        local_end = TruncDate("end", tzinfo=timezone.get_default_timezone())
        default = AddMonths(local_end, months=settings.ROSTER_RETENTION_MONTHS)
        return self.annotate(
            roster_retained_until=Coalesce("retain_roster_until", default)
        )

    def roster_due(self, today=None):
        """Events past their retention day whose roster was never purged, or
        gained or changed a non-public entry since."""
        today = today or timezone.localdate(timezone=timezone.get_default_timezone())
        changed_since = Participant.objects.filter(
            event=OuterRef("pk"),
            is_public=False,
            updated_at__gt=OuterRef("roster_purged_at"),
        )
        return self.with_roster_retention().filter(
            Q(roster_purged_at__isnull=True) | Exists(changed_since),
            roster_retained_until__lt=today,
        )


def location_pattern():
    # Translators: Chinese puts the city first, with no comma: {city}{address}.
    return _("{address}, {city}")


# A waiting change is not a version of the item: its history has the steps.
@reversion.register(ignore_duplicates=True, exclude=("pending", "pending_at"))
class Event(ReviewedModel, PublishableModel):
    class Kind(models.TextChoices):
        ROADSHOW = "roadshow", _("Roadshow")
        CONGRESS = "congress", _("Congress or conference")
        FAM_TRIP = "fam_trip", _("Familiarization trip")
        BID = "bid", _("Bid presentation")
        FORUM = "forum", _("Forum")
        EXHIBITION = "exhibition", _("Exhibition")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        validators=[ReservedSlugValidator("calendar")],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    venue = models.ForeignKey(
        "Venue",
        verbose_name=_("venue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("For events in Hangzhou; others keep city and address only."),
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organized_events",
    )
    summary = models.TextField(_("summary"), max_length=500)
    description = RichTextField(_("description"), blank=True)
    hero_image = models.ForeignKey(
        Image,
        verbose_name=_("hero image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tags = TaggableManager(_("tags"), through=TaggedEvent, blank=True)
    retain_roster_until = models.DateField(
        _("keep the roster until"),
        null=True,
        blank=True,
        help_text=_(
            "After this day, participants who are not public guests are "
            "anonymised. Leave empty for the bureau's usual period after the "
            "event ends."
        ),
    )
    roster_purged_at = models.DateTimeField(
        _("roster anonymised at"), null=True, blank=True, editable=False
    )

    objects = EventQuerySet.as_manager()

    SAVED_AT_ONCE = {"retain_roster_until"}

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start"]
        permissions = [
            ("export_roster", _("Can export event rosters")),
            ("submit_event", _("Can submit an event for review")),
            ("review_event", _("Can approve an event or send it back")),
            ("publish_event", _("Can publish an event")),
        ]
        constraints = [
            unique_regardless_of_case(
                "slug",
                name="event_slug_ci_unique",
                message=_("An event with this slug already exists."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="event_live_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def location(self):
        """Address and city in the reader's word order: "12 Road, Beijing",
        "北京朝阳区…"; the pattern is the one `{% event_location %}` marks up."""
        if not self.address:
            return self.city
        return location_pattern().format(address=self.address, city=self.city)

    def get_ics_url(self):
        return reverse("events:event_ics", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        if self.end and self.retain_roster_until:
            ends = timezone.localdate(self.end, timezone.get_default_timezone())
            if self.retain_roster_until < ends:
                message = _("Keep the roster at least until the event ends.")
                raise ValidationError({"retain_roster_until": message})

    def roster_retention_date(self):
        """The last day the full roster is kept (see with_roster_retention)."""
        events = type(self).objects.with_roster_retention().filter(pk=self.pk)
        return events.values_list("roster_retained_until", flat=True).first()


class ParticipantQuerySet(models.QuerySet):
    def public(self):
        """The guests and speakers shown by name on public pages."""
        return self.filter(is_public=True)

    def organization_summary(self):
        """Count distinct organizations of the delegates, by kind.

        Public guests are listed by name, not counted, and bureau staff are
        hosts, not delegates. Return [(group, count, city or "")], where the
        city is given when all organizations of a group share one.
        """
        rows = (
            self.filter(is_public=False, organization__isnull=False)
            .exclude(category=Participant.Category.BUREAU_STAFF)
            .values(
                kind=F("organization__kind"),
                city=localized(Participant, "organization__city"),
            )
            .annotate(n=Count("organization", distinct=True))
        )
        groups = {}
        for row in rows:
            label = SUMMARY_GROUPS.get(row["kind"], "other")
            groups.setdefault(label, []).append((row["n"], row["city"] or ""))
        summary = []
        for label in dict.fromkeys(SUMMARY_GROUPS.values()):
            if label in groups:
                cities = {city for _n, city in groups[label]}
                city = cities.pop() if len(cities) == 1 else ""
                summary.append((label, sum(n for n, _city in groups[label]), city))
        return summary


class Participant(TimeStampedModel):
    """One entry of an event's roster. Personal data: staff only."""

    class Category(models.TextChoices):
        VIP = "vip", _("VIP guest")
        SPEAKER = "speaker", _("Speaker")
        ASSOCIATION = "association", _("Association representative")
        PCO = "pco", _("PCO")
        LOCAL_SUPPLIER = "local_supplier", _("Local supplier")
        MEDIA = "media", _("Media")
        BUREAU_STAFF = "bureau_staff", _("Bureau staff")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    chinese_name = models.CharField(
        _("name in Chinese characters"), max_length=100, blank=True
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    chinese_job_title = models.CharField(
        _("job title in Chinese"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown on Chinese pages; the job title above is shown on English "
            "ones, and each stands in for the other when it is empty."
        ),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category, default=Category.OTHER
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_public = models.BooleanField(
        _("shown on the public page"),
        default=False,
        help_text=_("List this person by name as a guest or speaker."),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(email=""),
                name="participant_email_once_per_event",
                violation_error_message=_(
                    "This email is already on the roster of this event."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["event", "category"]),
            models.Index(fields=["event", "checked_in_at"]),
        ]

    def __str__(self):
        return self.full_name

    @property
    def profile(self):
        """The person's public page kept by another app, if any (profiles.py)."""
        return profile_of(self)

    @property
    def checked_in(self):
        return self.checked_in_at is not None


class RosterExport(models.Model):
    """Who took which roster out of the system, and how: an audit log."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too, so the log still says who and what after deletions.
    username = models.CharField(_("username"), max_length=150, blank=True)
    event_title = models.CharField(_("event title"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filters and columns"), default=dict)
    row_count = models.PositiveIntegerField(_("rows"))
    source = models.CharField(_("from"), max_length=20, default="admin")

    class Meta:
        verbose_name = _("roster export")
        verbose_name_plural = _("roster exports")
        ordering = ["-created_at"]

    def __str__(self):
        when = timezone.localtime(self.created_at)
        return f"{self.event_title or '—'} · {self.format} · {when:%Y-%m-%d %H:%M}"
