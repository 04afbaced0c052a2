"""Whole public pages cached per process, keyed by the state of the content.

A page is stored under its path, query string, language and the content
state: a counter that every change to public content bumps in the same
transaction, and the next moments at which time alone changes what is
public (a scheduled item going live, an event ending). So a cached page is
never shown after the change that outdates it commits, and scheduled
content appears on time without any job.

Which apps hold public content and which moments matter come from the
content registry; apps name the models whose rows never change a page with
`ignore()`.
"""

import datetime
import functools
import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

from . import registry
from .models import SiteChange, TagSnapshot

PAGE_SECONDS = 300
# Stands for "now" while the state query is compiled once; swapped per request.
NOW = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_ignored = {SiteChange, TagSnapshot}


def ignore(*models):
    """Rows of these models never change a public page (or are written by one)."""
    _ignored.update(models)


@functools.cache
def state_query():
    """The state query and its parameters, with NOW where the time goes."""
    counter = f"(SELECT counter FROM {SiteChange._meta.db_table} WHERE id = 1)"
    parts, params = [counter], []
    for kind in registry.kinds():
        for field in kind.schedule:
            # The earliest moment still to come: when it passes, pages change.
            nearest = (
                kind.model._default_manager.with_status_published()
                .filter(**{f"{field}__gte": NOW})
                .order_by(field)
                .values(field)[:1]
            )
            sql, values = nearest.query.sql_with_params()
            parts.append(f"({sql})")
            params += values
    return "SELECT " + ", ".join(parts), tuple(params)


def content_state():
    """One query: the change counter and when time next changes a page."""
    sql, params = state_query()
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(sql, [now if value == NOW else value for value in params])
        return ":".join(str(value) for value in cursor.fetchone())


def content_changed():
    """Outdate every cached page, once the current transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SiteChange._meta.db_table} (id, counter) VALUES (1, 1) "
            "ON CONFLICT (id) DO UPDATE "
            f"SET counter = {SiteChange._meta.db_table}.counter + 1"
        )


def content_apps():
    """The apps whose rows public pages show: those with a kind, and ours."""
    return {kind.model._meta.app_label for kind in registry.kinds()} | {
        SiteChange._meta.app_label
    }


def on_content_change(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta and meta.app_label in content_apps() and sender not in _ignored:
        content_changed()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(on_content_change, dispatch_uid=f"pagecache-{signal}")


class CachedPageMixin:
    """For public views whose page is the same for every visitor.

    The cache is asked first, with nothing looked up before: a view that
    must find something before it renders (a tag, a redirect) does so in
    `get_uncached`, which runs only on a miss.
    """

    def get(self, request, *args, **kwargs):
        page = f"{request.LANGUAGE_CODE}:{request.get_full_path()}:{content_state()}"
        key = "page:" + hashlib.sha256(page.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
        response = self.get_uncached(request, *args, **kwargs)
        if response.status_code == 200:
            response.render()
            cache.set(key, response.content, PAGE_SECONDS)
        return response

    def get_uncached(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
