"""Enquiries from planners, each a lead for the bureau, and the mails they
cause: a copy of every mail is kept with its delivery state, so nothing a
planner sent is lost when a mail server fails."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ambassadors.models import Ambassador
from events.models import LAYOUTS, Event, Venue
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


class LeadQuerySet(models.QuerySet):
    def with_undelivered(self):
        """Annotate `undelivered_count`: mails the server never took."""
        undelivered = models.Q(mails__status=Mail.Status.UNDELIVERED)
        return self.annotate(
            undelivered_count=models.Count("mails", filter=undelivered)
        )


class Lead(TimeStampedModel):
    """One planner's enquiry, and the bureau's work on it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")

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
    # Who is asking
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = models.CharField(_("country or region"), max_length=100)
    # The meeting
    meeting_name = models.CharField(_("meeting name"), max_length=200)
    association = models.CharField(
        _("association or organiser"), max_length=200, blank=True
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind)
    rotation = models.CharField(
        _("rotation"), max_length=20, choices=Rotation, default=Rotation.UNKNOWN
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
        verbose_name=_("ambassador asked about"),
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
        _("privacy notice version agreed to")
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

    def __str__(self):
        return f"{self.reference} · {self.meeting_name}"


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
