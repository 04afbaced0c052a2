"""The content-state rows the page cache reads (`hangzhou_mice.pagecache`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteChange(models.Model):
    """One row: `counter` outdates every cached page when it moves; `changes`
    moves with every change to public content, however narrow, so that a
    page rendered while one committed is not stored; `next_moment` is when
    time alone next changes a page (a scheduled item going live, an event
    ending), kept by every change to what is scheduled."""

    counter = models.BigIntegerField(default=0)
    changes = models.BigIntegerField(default=0)
    next_moment = models.DateTimeField(_("next scheduled change"), null=True)

    class Meta:
        verbose_name = _("site change counter")

    def __str__(self):
        return str(self.counter)


class ItemChange(models.Model):
    """A change counter for what some pages show and others do not: one item
    (`articles.article:42`), every item of a kind (`articles.article`), or a
    set a kind names (an article's translations)."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    counter = models.BigIntegerField(_("counter"), default=0)

    class Meta:
        verbose_name = _("item change counter")
        verbose_name_plural = _("item change counters")

    def __str__(self):
        return f"{self.key}: {self.counter}"
