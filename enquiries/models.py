"""Enquiries from planners, each a lead for the bureau, followed through the
bid pipeline to a congress won or lost, and the mails they cause: a copy of
every mail is kept with its delivery state, so nothing a planner sent is
lost when a mail server fails."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ambassadors.models import Ambassador
from events.models import LAYOUTS, Event, Organization, Venue
from hangzhou_mice.models import Language, TimeStampedModel

# Letters and digits nobody confuses when reading a reference out on the
# phone (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
REFERENCE_LENGTH = 8


def new_reference():
    """HZ-XXXX-XXXX: random (not a count of enquiries), 25^8 ≈ 1.5 × 10^11."""
    letters = "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )
    return f"HZ-{letters[:4]}-{letters[4:]}"


# The lead's fields in the groups the form, the staff mails and the admin
# show them in.
CONTACT_FIELDS = ("name", "organisation", "role", "email", "phone", "country")
MEETING_FIELDS = (
    "meeting_name",
    "association",
    "kind",
    "rotation",
    "year",
    "start_date",
    "end_date",
    "dates_flexible",
    "delegates",
    "exhibition_m2",
    "largest_room",
    "layout",
    "peak_rooms",
)
SUPPORT_FIELDS = (
    "wants_venue_holds",
    "wants_site_inspection",
    "wants_bid_documents",
    "wants_ambassador",
    "wants_funding_information",
)
# What the bid team keeps on a lead, beside what the planner sent.
BID_FIELDS = (
    "status_changed_at",
    "source",
    "organization",
    "meeting_name_translated",
    "rotation_pattern",
    "rotation_countries",
    "frequency",
    "days",
    "notes",
    "bid_deadline",
    "decision_date",
    "lost_reason",
    "lost_to",
    "won_event",
    "on_profile",
    "qualifies_icca",
    "erased_at",
)
# The planner's personal data: what retention and erasure take away, while
# the meeting and the bid's course stay for the bureau's figures.
PERSONAL_FIELDS = ("name", "role", "email", "phone", "message")
# What ICCA's rule asks of an association meeting it counts.
ICCA_MIN_DELEGATES = 50
ICCA_MIN_COUNTRIES = 3
REGULAR_FREQUENCIES = ("annual", "biennial", "triennial", "quadrennial", "regular")


class LeadQuerySet(models.QuerySet):
    def personal_data_erase(self) -> int:
        """Blank the planner's name, role, email, phone and message. The
        meeting, its figures and the bid's course stay: the impact report
        counts leads over more years than their personal data is kept."""
        return self.update(
            erased_at=timezone.now(), **dict.fromkeys(PERSONAL_FIELDS, "")
        )

    def with_undelivered(self):
        """Annotate `undelivered_count`: mails the server never took."""
        undelivered = models.Q(mails__status=Mail.Status.UNDELIVERED)
        return self.annotate(
            undelivered_count=models.Count("mails", filter=undelivered)
        )


class Lead(TimeStampedModel):
    """One planner's enquiry, or a meeting the bureau found, and the bid
    team's work on it from first contact to the decision."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        QUALIFIED = "qualified", _("Qualified")
        SITE_INSPECTION = "site_inspection", _("Site inspection")
        BID_SUBMITTED = "bid_submitted", _("Bid submitted")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        FORM = "form", _("Enquiry form")
        VENUE = "venue", _("A venue page")
        AMBASSADOR = "ambassador", _("An ambassador")
        ROADSHOW = "roadshow", _("A roadshow")
        EVENT = "event", _("Another event")
        BUREAU = "bureau", _("The bureau's own research")

    class LostReason(models.TextChoices):
        COST = "cost", _("Cost, or more support offered elsewhere")
        ACCESS = "access", _("Flights, visas or travel time")
        VENUE = "venue", _("Venue or hotel capacity, or the dates")
        ROTATION = "rotation", _("The association's rotation or its own politics")
        COMPETITION = "competition", _("Another city's stronger bid")
        OTHER = "other", _("Another reason")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("Every year")
        BIENNIAL = "biennial", _("Every two years")
        TRIENNIAL = "triennial", _("Every three years")
        QUADRENNIAL = "quadrennial", _("Every four years")
        REGULAR = "regular", _("At another regular interval")
        ONCE = "once", _("Once, or irregularly")
        UNKNOWN = "unknown", _("Not known")

    class OnProfile(models.TextChoices):
        WHEN_WON = "when_won", _("Once won")
        WHILE_BIDDING = "while_bidding", _("From the bid on, and once won")
        NEVER = "never", _("Never")

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("Association congress or conference")
        CORPORATE = "corporate", _("Corporate meeting")
        INCENTIVE = "incentive", _("Incentive trip")
        EXHIBITION = "exhibition", _("Exhibition or trade fair")
        OTHER = "other", _("Other")

    class Rotation(models.TextChoices):
        INTERNATIONAL = "international", _("Rotates between countries worldwide")
        REGIONAL = "regional", _("Rotates within Asia and the Pacific")
        NATIONAL = "national", _("Rotates between cities in China")
        NONE = "none", _("Does not rotate, or held once")
        UNKNOWN = "unknown", _("Not sure")

    reference = models.CharField(
        _("reference"),
        max_length=12,
        unique=True,
        default=new_reference,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW
    )
    status_changed_at = models.DateTimeField(
        _("status since"), default=timezone.now, editable=False
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=Source,
        default=Source.FORM,
        help_text=_("Where the lead came from."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language,
        help_text=_("The language the planner wrote in, and their mails' language."),
    )
    # Who is asking (required on the public form; a lead the bureau found,
    # or one whose personal data was erased, may have none)
    name = models.CharField(
        pgettext_lazy("of a person", "name"), max_length=150, blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = models.CharField(_("country or region"), max_length=100, blank=True)
    erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )
    # The meeting
    meeting_name = models.CharField(_("meeting name"), max_length=200)
    meeting_name_translated = models.CharField(
        _("meeting name in the other language"),
        max_length=200,
        blank=True,
        help_text=_(
            "For the ambassador's profile: the name in Chinese if the one "
            "above is in English, in English if it is in Chinese. A meeting "
            "won with an event on this site shows the event's title instead."
        ),
    )
    association = models.CharField(
        _("association or organiser"), max_length=200, blank=True
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("association in the directory"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        help_text=_(
            "Pages show its name in each language, where the association's "
            "name above is as the planner typed it."
        ),
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind)
    rotation = models.CharField(
        _("rotation area"), max_length=20, choices=Rotation, default=Rotation.UNKNOWN
    )
    rotation_pattern = models.CharField(
        _("rotation pattern"),
        max_length=200,
        blank=True,
        help_text=_("For example: Europe, Americas, Asia in turn."),
    )
    rotation_countries = models.PositiveSmallIntegerField(
        _("countries in the rotation"),
        null=True,
        blank=True,
        help_text=_("How many countries the meeting moves between."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency, default=Frequency.UNKNOWN
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    dates_flexible = models.BooleanField(_("dates are flexible"), default=False)
    delegates = models.PositiveIntegerField(
        _("expected delegates"), validators=[MinValueValidator(1)]
    )
    days = models.PositiveSmallIntegerField(
        _("days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "How many days the meeting lasts; counted from the first and last "
            "day when left empty."
        ),
    )
    exhibition_m2 = models.PositiveIntegerField(
        _("exhibition space (m²)"), null=True, blank=True
    )
    largest_room = models.PositiveIntegerField(
        _("largest session (people)"), null=True, blank=True
    )
    layout = models.CharField(
        _("layout of the largest session"),
        max_length=20,
        choices=list(LAYOUTS.items()),
        default="theatre",
    )
    peak_rooms = models.PositiveIntegerField(
        _("guest rooms on the peak night"), null=True, blank=True
    )
    # Support wanted
    wants_venue_holds = models.BooleanField(_("venue and hotel holds"), default=False)
    wants_site_inspection = models.BooleanField(_("a site inspection"), default=False)
    wants_bid_documents = models.BooleanField(
        _("bid documents and letters of support"), default=False
    )
    wants_ambassador = models.BooleanField(
        _("an introduction to a convention ambassador"), default=False
    )
    wants_funding_information = models.BooleanField(
        _("information on financial support"), default=False
    )
    message = models.TextField(_("message"), max_length=5000, blank=True)
    # The bid
    notes = models.TextField(_("notes"), blank=True)
    venues_proposed = models.ManyToManyField(
        Venue, verbose_name=_("venues proposed"), blank=True, related_name="+"
    )
    bid_deadline = models.DateField(_("bid deadline"), null=True, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    lost_reason = models.CharField(
        _("reason lost"), max_length=20, choices=LostReason, blank=True
    )
    lost_to = models.CharField(
        _("lost to"), max_length=100, blank=True, help_text=_("The city chosen.")
    )
    won_event = models.ForeignKey(
        Event,
        verbose_name=_("event it became"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads_won",
        help_text=_(
            "The meeting's event on this site, once won; when it has been "
            "held, the lead shows as held."
        ),
    )
    on_profile = models.CharField(
        _("shown on the ambassador's profile"),
        max_length=20,
        choices=OnProfile,
        default=OnProfile.WHEN_WON,
        help_text=_("A lost or withdrawn bid is never shown."),
    )
    # ICCA's rule, from the fields above (a column PostgreSQL keeps)
    qualifies_icca = models.GeneratedField(
        expression=models.ExpressionWrapper(
            models.Q(kind="congress")
            & models.Q(delegates__gte=ICCA_MIN_DELEGATES)
            & models.Q(frequency__in=list(REGULAR_FREQUENCIES))
            & models.Q(rotation__in=["international", "regional"])
            & models.Q(rotation_countries__isnull=False)
            & models.Q(rotation_countries__gte=ICCA_MIN_COUNTRIES),
            output_field=models.BooleanField(),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("counts for ICCA"),
    )
    # Where the planner came from (the page that prefilled the form)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue asked about"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event asked about"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Consent (PIPL arts. 13, 23, 39)
    privacy_notice_version = models.PositiveSmallIntegerField(
        _("privacy notice version agreed to"), null=True, blank=True
    )
    shares_with_venues = models.BooleanField(
        _("may be shared with venues and hotels"), default=False
    )
    shares_abroad = models.BooleanField(
        _("may be shared with partners abroad"), default=False
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at"]
        permissions = [("export_lead", _("Can export leads"))]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="lead_status_idx"),
            models.Index(fields=["created_at"], name="lead_age_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="lost") | ~models.Q(lost_reason=""),
                name="lead_lost_has_reason",
                violation_error_message=_("Say why the bid was lost."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="won") | models.Q(won_event__isnull=True),
                name="lead_event_once_won",
                violation_error_message=_(
                    "Only a won bid becomes an event: set the status to won."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.meeting_name}"

    def clean(self):
        super().clean()
        if self.status != self.Status.LOST:
            self.lost_reason, self.lost_to = "", ""
        errors = {}
        if self.status == self.Status.LOST and not self.lost_reason:
            errors["lost_reason"] = _("Say why the bid was lost.")
        if self.won_event_id and self.status != self.Status.WON:
            errors["won_event"] = _(
                "Only a won bid becomes an event: set the status to won."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def meeting_days(self):
        """The days given, else counted from the first and last day."""
        if self.days:
            return self.days
        if self.start_date and self.end_date and self.end_date >= self.start_date:
            return (self.end_date - self.start_date).days + 1
        return None

    @property
    def meeting_year(self):
        return self.year or (self.start_date.year if self.start_date else None)

    @property
    def is_held(self):
        """Won, and its event has ended: the loop is closed."""
        return bool(
            self.status == self.Status.WON
            and self.won_event_id
            and self.won_event.end <= timezone.now()
        )


# Lead.meeting_days and Lead.meeting_year, in SQL (the report and the
# ambassadors' profiles sort and sum by them).
DAYS_BETWEEN = models.Func(
    models.F("end_date"),
    models.F("start_date"),
    arg_joiner=" - ",
    template="(%(expressions)s)",
    output_field=models.IntegerField(),
)
MEETING_DAYS = models.Case(
    models.When(days__gt=0, then=models.F("days")),
    models.When(
        start_date__isnull=False,
        end_date__gte=models.F("start_date"),
        then=DAYS_BETWEEN + 1,
    ),
    output_field=models.IntegerField(),
)
MEETING_YEAR = Coalesce(
    NullIf("year", models.Value(0)),
    ExtractYear("start_date"),
    output_field=models.IntegerField(),
)


class StatusChange(models.Model):
    """One step of a lead through the pipeline: who moved it, and when."""

    lead = models.ForeignKey(
        Lead,
        verbose_name=_("lead"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    previous = models.CharField(
        _("from"), max_length=20, choices=Lead.Status, blank=True
    )
    status = models.CharField(_("to"), max_length=20, choices=Lead.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["lead", "at"], name="status_change_lead_idx")]

    def __str__(self):
        """ "New", or "Qualified → Site inspection"."""
        if not self.previous:
            return self.get_status_display()
        return f"{self.get_previous_display()} → {self.get_status_display()}"


class Mail(TimeStampedModel):
    """A mail an enquiry causes, kept as sent: to the bureau, the planner's
    confirmation, or the lead's owner. The task that sends it is given its
    id only; the address and text stay in this row."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("To the bureau")
        CONFIRMATION = "confirmation", _("Confirmation to the planner")
        OWNER = "owner", _("To the lead's owner")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        UNDELIVERED = "undelivered", _("Not delivered")

    lead = models.ForeignKey(
        Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class Throttle(models.Model):
    """One counted act (an enquiry from an address, a confirmation to an
    inbox), under a keyed hash of who did it: the limits hold across
    processes and servers, and the table names nobody."""

    class Scope(models.TextChoices):
        ADDRESS = "address", _("Enquiries from one network address")
        RECIPIENT = "recipient", _("Confirmations to one email address")

    scope = models.CharField(_("scope"), max_length=20, choices=Scope)
    key = models.CharField(_("key"), max_length=64)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("counted enquiry")
        verbose_name_plural = _("counted enquiries")
        indexes = [models.Index(fields=["scope", "key", "at"], name="throttle_idx")]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
