"""The admin's page of what waits for review, and for whom (workflow.py)."""

from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import workflow


def review_queue(request):
    """Every item waiting for a step, by state, those for this person first."""
    rows = [
        (kind, state, role, [(item, change_url(item)) for item in items], mine)
        for kind, state, role, items, mine in workflow.queue(request.user)
    ]
    rows.sort(key=lambda row: not row[4])
    context = admin.site.each_context(request) | {
        "title": _("Waiting for review"),
        "rows": rows,
    }
    return TemplateResponse(request, "admin/review_queue.html", context)


def change_url(item):
    return reverse(admin_urlname(item._meta, "change"), args=[item.pk])
