"""Admin views for taking a roster out as a spreadsheet and bringing one in."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import importers, services
from .exporters import RosterExporter
from .forms import RosterExportForm, RosterImportForm

PENDING_MAX_AGE = 24 * 3600


def admin_context(model_admin, request, event, title):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": event,
        "event": event,
        "title": title,
    }


def export_roster(model_admin, request, event):
    """Let staff choose columns, format and filters, then download."""
    form = RosterExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filters = {"categories": data["categories"], "checked_in": data["checked_in"]}
        queryset = services.roster_filter(event.participants.all(), **filters)
        exporter = services.roster_export(
            user=request.user,
            event=event,
            queryset=queryset,
            file_format=data["file_format"],
            columns=data["columns"],
            filters=filters,
            source="admin",
        )
        return exporter.response(event.slug)
    context = admin_context(
        model_admin, request, event, _("Export the roster of %s") % event
    )
    context["form"] = form
    return TemplateResponse(request, "admin/events/event/roster_export.html", context)


def export_selection(request, queryset, file_format):
    """Export the participants selected or filtered in the admin list."""
    event_ids = set(queryset.values_list("event_id", flat=True).distinct()[:2])
    event = queryset.first().event if len(event_ids) == 1 else None
    exporter = services.roster_export(
        user=request.user,
        event=event,
        queryset=queryset.select_related(None),
        file_format=file_format,
        columns=None if event else ["event", *RosterExporter.default_columns()],
        filters={"selected": queryset.count()},
        source="admin action",
    )
    return exporter.response(event.slug if event else "participants")


def may_import(user):
    return user.has_perms(["events.add_participant", "events.change_participant"])


def pending_dir():
    folder = Path(settings.ROSTER_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.stat().st_mtime < time.time() - PENDING_MAX_AGE:
            old.unlink(missing_ok=True)
    return folder


def keep_upload(upload):
    """Keep an uploaded roster until staff confirm it; return its token."""
    token = uuid.uuid4().hex
    content = b"".join(upload.chunks())
    (pending_dir() / f"{token}.upload").write_bytes(content)
    (pending_dir() / f"{token}.name").write_text(upload.name)
    return token


def claim_upload(token):
    """Take a kept upload for applying; a second claim (double click) gets None."""
    try:
        token = uuid.UUID(hex=token).hex
    except ValueError:
        return None
    folder = pending_dir()
    claimed = folder / f"{token}.claimed"
    try:
        (folder / f"{token}.upload").replace(claimed)  # atomic: one claim wins
    except OSError:
        return None
    content = claimed.read_bytes()
    name = (folder / f"{token}.name").read_text()
    forget_upload(token)
    return SimpleUploadedFile(name, content)


def forget_upload(token):
    for suffix in (".upload", ".name", ".claimed"):
        (pending_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def import_roster(model_admin, request, event):
    """Dry run first; apply only when staff confirm a plan without errors."""
    context = admin_context(
        model_admin, request, event, _("Import participants into %s") % event
    )
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return confirm_import(request, event, token, context)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = importers.plan_import(event=event, uploaded_file=upload)
        except importers.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["plan"] = plan
            context["token"] = keep_upload(upload) if plan.ok else ""
    return TemplateResponse(request, "admin/events/event/roster_import.html", context)


def confirm_import(request, event, token, context):
    upload = claim_upload(token)
    if upload is None:
        messages.error(
            request,
            _("That upload has expired or was imported already; upload it again."),
        )
        return redirect(request.path)
    try:
        plan = importers.plan_import(event=event, uploaded_file=upload)
    except importers.ImportFileError as error:
        messages.error(request, str(error))
        return redirect(request.path)
    if not plan.ok:
        # The roster changed since the dry run: show the new plan.
        context.update(form=RosterImportForm(), plan=plan, token="")
        return TemplateResponse(
            request, "admin/events/event/roster_import.html", context
        )
    created, updated = importers.apply_import(plan=plan)
    messages.success(
        request,
        _("Roster imported: %(created)d added, %(updated)d updated.")
        % {"created": created, "updated": updated},
    )
    return redirect("admin:events_event_change", event.pk)
