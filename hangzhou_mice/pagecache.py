"""Whole public pages cached per process, keyed by the state of the content.

A page is stored under its path, query string, language and the content
state: a counter that every change to public content bumps in the same
transaction, and the next moments at which time alone changes what is
public (a scheduled article or event going live, an event ending). So a
cached page is never shown after the change that outdates it commits, and
scheduled content appears on time without any job.
"""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

PAGE_SECONDS = 300
CONTENT_APPS = {"articles", "events", "ambassadors", "hangzhou_mice"}
# Rows that never change a public page (or are written while reading one).
IGNORED_MODELS = {"rosterexport", "similararticle", "similarlist", "tagsnapshot"}

STATE = """
SELECT (SELECT counter FROM hangzhou_mice_sitechange WHERE id = 1),
       (SELECT min(published_at) FROM articles_article
        WHERE status = 'published' AND published_at > %(now)s),
       (SELECT min(published_at) FROM events_event
        WHERE status = 'published' AND published_at > %(now)s),
       (SELECT min("end") FROM events_event
        WHERE status = 'published' AND "end" >= %(now)s)
"""


def content_state():
    """One query: the change counter and when time next changes a page."""
    with connection.cursor() as cursor:
        cursor.execute(STATE, {"now": timezone.now()})
        return ":".join(str(value) for value in cursor.fetchone())


def content_changed():
    """Outdate every cached page, once the current transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO hangzhou_mice_sitechange (id, counter) VALUES (1, 1) "
            "ON CONFLICT (id) DO UPDATE "
            "SET counter = hangzhou_mice_sitechange.counter + 1"
        )


def on_content_change(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if (
        meta
        and meta.app_label in CONTENT_APPS
        and meta.model_name not in (IGNORED_MODELS)
    ):
        content_changed()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(on_content_change, dispatch_uid=f"pagecache-{signal}")


class CachedPageMixin:
    """For public views whose page is the same for every visitor."""

    def get(self, request, *args, **kwargs):
        page = f"{request.LANGUAGE_CODE}:{request.get_full_path()}:{content_state()}"
        key = "page:" + hashlib.sha256(page.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            response.render()
            cache.set(key, response.content, PAGE_SECONDS)
        return response
