"""The content-state row: one counter every public change bumps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteChange(models.Model):
    """One row whose counter every change to public content bumps (pagecache)."""

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("site change counter")

    def __str__(self):
        return str(self.counter)
