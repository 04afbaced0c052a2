"""Building blocks of every content model: timestamps, languages, slugs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


# Migrations name it by its public path, whichever module of the package holds it.
@deconstructible(path="hangzhou_mice.models.ReservedSlugValidator")
class ReservedSlugValidator:
    """Refuse slugs that a fixed URL of the same section already uses."""

    def __init__(self, *reserved):
        self.reserved = reserved

    def __call__(self, value):
        if value.lower() in self.reserved:
            raise ValidationError(
                _("“%(slug)s” is taken by a page of the site; choose another slug."),
                params={"slug": value},
            )

    def __eq__(self, other):
        return isinstance(other, ReservedSlugValidator) and (
            self.reserved == other.reserved
        )


def unique_regardless_of_case(field, *also, name, message):
    """A unique constraint on Lower(field) (and `also`): "MICE" is "mice"."""
    return models.UniqueConstraint(
        Lower(field), *also, name=name, violation_error_message=message
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Language(models.TextChoices):
    """The site's languages (settings.LANGUAGES), for content stored per language."""

    ENGLISH = "en", _("English")
    CHINESE = "zh-hans", _("Simplified Chinese")
