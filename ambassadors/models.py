import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from events.models import Event, Organization, Participant
from events.templatetags.events import names_in_page_order
from hangzhou_mice.models import (
    Image,
    TaggedItem,
    TimeStampedModel,
    unique_regardless_of_case,
)
from hangzhou_mice.richtext import RichTextField
from hangzhou_mice.translated import written_in


class AcademicField(models.Model):
    """One entry of the managed list of fields editors pick ambassadors' from."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("academic field")
        verbose_name_plural = _("academic fields")
        ordering = ["name"]
        # One per language: the names live in name_en and name_zh_hans.
        constraints = [
            unique_regardless_of_case(
                f"name_{suffix}",
                name=f"academic_field_name_{suffix}_ci_unique",
                message=_("An academic field with this name exists."),
            )
            for suffix in ("en", "zh_hans")
        ]

    def __str__(self):
        return self.name


class TaggedAmbassador(TaggedItem):
    content_object = models.ForeignKey(
        "Ambassador", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta(TaggedItem.Meta):
        verbose_name = _("ambassador tag")
        verbose_name_plural = _("ambassador tags")


class AmbassadorQuerySet(models.QuerySet):
    def active(self):
        """The ambassadors visitors see: those currently serving."""
        return self.filter(active=True)

    def search(self, text):
        """Match a name in Latin letters or in Chinese characters."""
        return self.filter(Q(name__icontains=text) | Q(chinese_name__icontains=text))

    def for_cards(self):
        """With everything a directory card shows, in a fixed number of queries."""
        return self.select_related("institution", "photo").prefetch_related(
            "academic_fields"
        )


@reversion.register(ignore_duplicates=True)
class Ambassador(TimeStampedModel):
    class Honorific(models.TextChoices):
        PROF = "prof", _("Prof.")
        DR = "dr", _("Dr.")

    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=200)
    chinese_name = models.CharField(
        _("name in Chinese characters"), max_length=100, blank=True
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The last part of the ambassador's address."),
    )
    honorific = models.CharField(
        _("honorific"), max_length=10, choices=Honorific, blank=True
    )
    position = models.CharField(
        pgettext_lazy("a job", "position"),
        max_length=200,
        help_text=_("For example: vice chairperson."),
    )
    institution = models.ForeignKey(
        Organization,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="ambassadors",
    )
    academic_fields = models.ManyToManyField(
        AcademicField,
        verbose_name=_("academic fields"),
        blank=True,
        related_name="ambassadors",
    )
    photo = models.ForeignKey(
        Image,
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A portrait; pages show it cropped to a square at the centre."),
    )
    biography = RichTextField(_("biography"), blank=True)
    appointed_on = models.DateField(_("appointed on"))
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active ambassadors are listed and have a public page."),
    )
    tags = TaggableManager(_("tags"), through=TaggedAmbassador, blank=True)

    objects = AmbassadorQuerySet.as_manager()

    class Meta:
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        ordering = ["name", "pk"]
        constraints = [
            unique_regardless_of_case(
                "slug",
                name="ambassador_slug_ci_unique",
                message=_("An ambassador with this slug exists."),
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_ends_on__gte=F("appointed_on")),
                name="ambassador_term_ends_after_appointment",
                violation_error_message=_(
                    "The term cannot end before the appointment."
                ),
            ),
        ]
        indexes = [models.Index(fields=["active", "name"], name="ambassador_list_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ambassadors:ambassador_detail", kwargs={"slug": self.slug})

    @classmethod
    def publicly_shown(cls):
        return cls.objects.active()

    def clean(self):
        super().clean()
        errors = {}
        if self.term_ends_on and self.appointed_on:
            if self.term_ends_on < self.appointed_on:
                errors["term_ends_on"] = _(
                    "The term cannot end before the appointment."
                )
        if self.active and self.photo_id and self.photo.alt_text_missing():
            errors["photo"] = _(
                "Give this image alt text (in Images) before listing the "
                "ambassador: people who cannot see it need to know what it shows."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return self.active

    @property
    def display_name(self):
        """The name as this page's language says it, as plain text: "Prof.
        Chen Shifan", 陈示范教授; "Tian Mei 教授" when no characters are known."""
        first, _other = names_in_page_order(self.name, self.chinese_name)
        return self.honorific_pattern(first) % {
            "honorific": self.get_honorific_display(),
            "name": first,
        }

    def honorific_pattern(self, name):
        """How this page's language puts the honorific to `name`."""
        if not self.honorific:
            return "%(name)s"
        if written_in(name) == get_language():
            # Chinese puts the title after the name: 田梅教授.
            return _("%(honorific)s %(name)s")
        # Translators: the name is in another script, Latin letters on a
        # Chinese page: "%(name)s %(honorific)s" (Tian Mei 教授), with a space.
        return pgettext("a name in another script", "%(honorific)s %(name)s")

    def events_taken_part_in(self):
        """Published events where this ambassador is a public guest or speaker."""
        return Event.objects.published().filter(
            pk__in=Participant.objects.public()
            .filter(ambassador_link__ambassador=self)
            .values("event")
        )


class RosterLink(models.Model):
    """That a roster entry is a Hangzhou Convention Ambassador.

    Kept here, not on the participant, so that events knows nothing of
    ambassadors: the event page links a linked guest to the profile through
    the guest-profile hook ambassadors registers (see apps.py).
    """

    participant = models.OneToOneField(
        Participant,
        verbose_name=_("roster entry"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="ambassador_link",
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="roster_links",
        help_text=_("Link a Hangzhou Convention Ambassador to their profile."),
    )

    class Meta:
        verbose_name = _("ambassador on a roster")
        verbose_name_plural = _("ambassadors on rosters")

    def __str__(self):
        return str(self.ambassador)
