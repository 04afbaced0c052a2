"""Venues of the city and their meeting rooms (models, in the events app)."""

from decimal import Decimal
from urllib.parse import urlencode

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from hangzhou_mice.models import (
    Image,
    PublishableModel,
    PublishableQuerySet,
    TaggedItem,
    unique_regardless_of_case,
)
from hangzhou_mice.richtext import RichTextField
from hangzhou_mice.translated import localized

# The largest rooms read to find the cutoff of `VenueQuerySet.largest`.
LARGEST_ROOMS_WALKED = 50

LAYOUTS = {
    "theatre": _("Theatre"),
    "classroom": _("Classroom"),
    "banquet": _("Banquet"),
    "reception": _("Reception"),
}
# The most people per m² that a layout can plausibly seat.
MAX_DENSITY = {"theatre": 4, "classroom": 3, "banquet": 3, "reception": 4}
# One system for every stored position: maps in China shift theirs (GCJ-02,
# BD-09), and a position typed from one of them lands hundreds of metres off
# on OpenStreetMap. Amap's link is told the system and shifts it itself.
COORDINATES_HELP = _(
    "WGS-84 degrees (GPS), as OpenStreetMap shows them. Do not copy "
    "coordinates from Amap or Baidu Maps: theirs are shifted by several "
    "hundred metres."
)


class TaggedVenue(TaggedItem):
    content_object = models.ForeignKey(
        "Venue", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta(TaggedItem.Meta):
        verbose_name = _("venue tag")
        verbose_name_plural = _("venue tags")


class VenueQuerySet(PublishableQuerySet):
    def with_capacities(self):
        """Annotate each venue with its largest room capacity per layout."""
        return self.annotate(
            **{f"max_{layout}": Max(f"rooms__{layout}") for layout in LAYOUTS}
        )

    def largest(self, count, layout="theatre"):
        """These venues ranked by their largest room in `layout`, largest
        first, then by name (venues with no such room last), to be sliced
        to `count`.

        Ranked among the venues whose largest room reaches a cutoff only: the
        `count`-th largest among the venues of the largest
        LARGEST_ROOMS_WALKED rooms, found first in one query (an index walk,
        `room_largest_theatre_idx` for the home page's theatre), as no venue
        below it can rank higher. Where those rooms hold fewer than `count`
        venues, every venue is ranked. Ranking all 5,000 venues over their
        30,000 rooms took 22–39 ms at full scale (make bench); one query with
        the cutoff as a subquery was planned for a third of the rooms."""
        walked = (
            MeetingRoom.objects.filter(
                venue__in=self.values("pk"), **{f"{layout}__isnull": False}
            )
            .order_by(f"-{layout}")
            .values_list("venue", layout)[:LARGEST_ROOMS_WALKED]
        )
        largest = {}
        for venue, capacity in walked:
            largest.setdefault(venue, capacity)  # the rooms come largest first
        ranked = self
        if len(largest) >= count:
            cutoff = sorted(largest.values(), reverse=True)[count - 1]
            reaching = MeetingRoom.objects.filter(**{f"{layout}__gte": cutoff})
            ranked = self.filter(pk__in=reaching.values("venue"))
        return ranked.alias(largest=Max(f"rooms__{layout}")).order_by(
            F("largest").desc(nulls_last=True), localized(Venue, "name")
        )

    def with_capacity(self, layout):
        """Annotate `capacity`: the largest room in `layout`, one indexed lookup.

        Not an aggregate, so counting the venues never computes it.
        """
        largest = (
            MeetingRoom.objects.filter(
                venue=OuterRef("pk"), **{f"{layout}__isnull": False}
            )
            .order_by(f"-{layout}")
            .values(layout)[:1]
        )
        return self.annotate(capacity=Subquery(largest))

    def seating(self, attendees, layout):
        """Venues with a room that seats `attendees` in `layout`."""
        rooms = MeetingRoom.objects.filter(
            venue=OuterRef("pk"), **{f"{layout}__gte": attendees}
        )
        return self.filter(Exists(rooms))


@reversion.register(follow=("rooms", "photos"), ignore_duplicates=True)
class Venue(PublishableModel):
    class Kind(models.TextChoices):
        CONVENTION_CENTRE = "convention_centre", _("Convention and exhibition centre")
        HOTEL = "hotel", _("Hotel")
        UNIQUE = "unique", _("Unique venue")
        UNIVERSITY = "university", _("University or academic venue")
        RESORT = "resort", _("Resort")

    class District(models.TextChoices):
        SHANGCHENG = "shangcheng", _("Shangcheng")
        GONGSHU = "gongshu", _("Gongshu")
        XIHU = "xihu", _("Xihu (West Lake)")
        BINJIANG = "binjiang", _("Binjiang")
        XIAOSHAN = "xiaoshan", _("Xiaoshan")
        YUHANG = "yuhang", _("Yuhang")
        LINPING = "linping", _("Linping")
        QIANTANG = "qiantang", _("Qiantang")
        FUYANG = "fuyang", _("Fuyang")
        LINAN = "linan", _("Lin'an")
        TONGLU = "tonglu", _("Tonglu")
        CHUNAN = "chunan", _("Chun'an")
        JIANDE = "jiande", _("Jiande")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    district = models.CharField(_("district"), max_length=20, choices=District)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=COORDINATES_HELP,
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=COORDINATES_HELP,
    )
    summary = models.TextField(_("summary"), max_length=500)
    description = RichTextField(_("description"), blank=True)
    guest_rooms = models.PositiveIntegerField(_("guest rooms"), default=0)
    meeting_space_m2 = models.PositiveIntegerField(
        _("total meeting space (m²)"), null=True, blank=True
    )
    airport_km = models.DecimalField(
        _("distance to the airport (km)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    metro_km = models.DecimalField(
        _("distance to the nearest metro station (km)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(
        _("business contact email"), blank=True, help_text=_("Shown to visitors.")
    )
    contact_phone = models.CharField(
        _("business contact phone"), max_length=30, blank=True
    )
    tags = TaggableManager(_("tags"), through=TaggedVenue, blank=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            unique_regardless_of_case(
                "slug",
                name="venue_slug_ci_unique",
                message=_("A venue with this slug already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="venue_live_kind_idx"),
            # When the next scheduled venue goes live (the page cache asks).
            models.Index(fields=["status", "published_at"], name="venue_live_idx"),
            models.Index(fields=["district"], name="venue_district_idx"),
            models.Index(fields=["guest_rooms"], name="venue_guest_rooms_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:venue_detail", kwargs={"slug": self.slug})

    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    def get_openstreetmap_url(self):
        if not self.has_position():
            return ""
        lat, lon = self.latitude, self.longitude
        return (
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        )

    def get_amap_url(self):
        """Amap's marker page, which reads in mainland China where
        OpenStreetMap often does not load; it converts from WGS-84 itself."""
        if not self.has_position():
            return ""
        query = {
            "position": f"{self.longitude},{self.latitude}",
            "name": self.name,
            "coordinate": "wgs84",
            "src": "hangzhou-mice",
        }
        return f"https://uri.amap.com/marker?{urlencode(query, safe=',')}"


@reversion.register()
class MeetingRoom(models.Model):
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=200)
    area_m2 = models.PositiveIntegerField(_("area (m²)"))
    theatre = models.PositiveIntegerField(_("theatre"), null=True, blank=True)
    classroom = models.PositiveIntegerField(_("classroom"), null=True, blank=True)
    banquet = models.PositiveIntegerField(_("banquet"), null=True, blank=True)
    reception = models.PositiveIntegerField(_("reception"), null=True, blank=True)
    ceiling_height_m = models.DecimalField(
        _("ceiling height (m)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ["-area_m2", "name"]
        indexes = [
            *(
                models.Index(fields=["venue", layout], name=f"room_{layout}_idx")
                for layout in LAYOUTS
            ),
            # The home page's largest venues (`VenueQuerySet.largest`).
            models.Index(fields=["-theatre"], name="room_largest_theatre_idx"),
        ]

    def __str__(self):
        return f"{self.venue} – {self.name}"

    def clean(self):
        super().clean()
        errors = {}
        for layout, density in MAX_DENSITY.items():
            seats = getattr(self, layout)
            if seats and self.area_m2 is not None and seats > density * self.area_m2:
                errors[layout] = _(
                    "%(seats)d people in %(area)d m² is more than %(density)d per m²; "
                    "check the capacity or the area."
                ) % {"seats": seats, "area": self.area_m2, "density": density}
        if errors:
            raise ValidationError(errors)

    def capacities(self):
        return [(label, getattr(self, layout)) for layout, label in LAYOUTS.items()]


@reversion.register()
class VenuePhoto(models.Model):
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.image)

    @classmethod
    def publicly_shown(cls):
        return cls.objects.filter(venue__in=Venue.objects.published())
