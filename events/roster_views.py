"""Admin views for taking a roster out as a spreadsheet and bringing one in."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from . import importing, services, tasks
from .exporters import COLUMNS, EXPORTERS, RosterExporter
from .forms import RosterExportForm, RosterImportForm
from .models import Participant, RosterExportJob
from .models.export_jobs import private_bucket


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
        return start_export(request, event, form.cleaned_data)
    context = admin_context(
        model_admin, request, event, _("Export the roster of %s") % event
    )
    context["form"] = form
    context["background_rows"] = settings.ROSTER_EXPORT_BACKGROUND_ROWS
    context["background_rows_shown"] = number_format(
        context["background_rows"], force_grouping=True
    )
    context["jobs"] = own_jobs(request, event)[:5]
    return TemplateResponse(request, "admin/events/event/roster_export.html", context)


def start_export(request, event, data):
    """Answer with the file at once, or queue it when the selection is large."""
    filters = {"categories": data["categories"], "checked_in": data["checked_in"]}
    options = {
        "file_format": data["file_format"],
        "columns": data["columns"],
        "filters": filters,
    }
    queryset = services.roster_filter(event.participants.all(), **filters)
    total = queryset.count()
    if total > settings.ROSTER_EXPORT_BACKGROUND_ROWS:
        job = tasks.roster_export_job_create(
            user=request.user, event=event, rows_total=total, **options
        )
        return redirect(job)
    exporter = services.roster_export(
        user=request.user,
        event=event,
        queryset=queryset,
        source="admin",
        row_count=total,
        **options,
    )
    return exporter.response(event.slug)


def own_jobs(request, event):
    """The user's current export jobs for `event`: nobody sees another's."""
    return RosterExportJob.objects.current().filter(event=event, user=request.user)


def export_job(model_admin, request, event, job_id):
    """Show a queued export's progress, and its download once written."""
    job = get_object_or_404(own_jobs(request, event), pk=job_id)
    context = admin_context(
        model_admin, request, event, _("Export of the roster of %s") % event
    )
    context["job"] = job
    return TemplateResponse(
        request, "admin/events/event/roster_export_job.html", context
    )


def export_job_download(request, event, job_id):
    job = get_object_or_404(
        own_jobs(request, event), pk=job_id, state=RosterExportJob.State.DONE
    )
    content_type = EXPORTERS[job.file_format].content_type
    if bucket := private_bucket():
        return signed_download(request, bucket, job, content_type)
    try:
        stream = job.path.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stream, as_attachment=True, filename=job.file_name, content_type=content_type
    )


def signed_download(request, bucket, job, content_type):
    """A link to the job's file in the private bucket, made now that its
    owner asked, lasting PRIVATE_LINK_SECONDS; back to the job's page with a
    message when the bucket cannot be reached."""
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

    try:
        if not bucket.exists(job.object_name):
            raise Http404
        link = bucket.url(
            job.object_name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(
                    as_attachment=True, filename=job.file_name
                ),
                "ResponseContentType": content_type,
            },
        )
    except (BotoCoreError, ClientError):
        unreachable = _(
            "The file cannot be reached just now. Try the download again in a minute."
        )
        messages.error(request, unreachable)
        return redirect(job.get_absolute_url())
    return HttpResponseRedirect(link)  # never cached, as every admin view


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


def import_template(request, event):
    """An empty roster workbook with every column an import reads."""
    columns = [name for name in COLUMNS if name != "event"]
    exporter = EXPORTERS["xlsx"](Participant.objects.none(), columns=columns)
    return exporter.response(f"{event.slug}-import-template")


def allowed_values():
    """[(column heading, its values)] of the columns that take a list."""
    return [
        (column.heading, list(column.labels.values()))
        for column in COLUMNS.values()
        if getattr(column, "labels", None)
    ]


def may_import(user):
    return user.has_perms(["events.add_participant", "events.change_participant"])


def import_roster(model_admin, request, event):
    """Dry run first; apply only when staff confirm a plan without errors."""
    context = admin_context(
        model_admin, request, event, _("Import participants into %s") % event
    )
    context["pending_hours"] = settings.ROSTER_IMPORT_PENDING_HOURS
    context["allowed_values"] = allowed_values()
    context["required_columns"] = [
        COLUMNS[name].heading for name in importing.reading.REQUIRED
    ]
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        if "cancel" in request.POST:
            return cancel_import(request, event, token)
        return confirm_import(request, event, token, context)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = importing.plan_import(event=event, uploaded_file=upload)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["plan"] = plan
            context["token"] = keep_plan(request, event, plan, upload.name)
    return TemplateResponse(request, "admin/events/event/roster_import.html", context)


def keep_plan(request, event, plan, file_name):
    """Keep a plan's rows for confirming; return the token, or "" if none."""
    if not plan.ok:
        return ""
    pending = importing.pending_import_create(
        event=event, user=request.user, plan=plan, file_name=file_name
    )
    return str(pending.pk)


def confirm_import(request, event, token, context):
    """Plan the kept rows against the roster as it is now, and apply them.

    Claiming, planning and applying are one transaction: when the import
    cannot be applied the kept rows stay, so nothing staff uploaded is lost.
    """
    try:
        with transaction.atomic():
            roster = importing.pending_import_claim(
                event=event, user=request.user, token=token
            )
            if roster is None:
                messages.error(
                    request,
                    _(
                        "That upload has expired or was imported already; "
                        "upload it again."
                    ),
                )
                return redirect(request.path)
            plan = importing.plan_roster(event=event, roster=roster)
            if not plan.ok:
                # The roster changed since the dry run: show the new plan.
                transaction.set_rollback(True)
                messages.warning(
                    request,
                    _(
                        "The roster changed since the file was checked; "
                        "nothing was imported."
                    ),
                )
                context.update(form=RosterImportForm(), plan=plan, token="")
                return TemplateResponse(
                    request, "admin/events/event/roster_import.html", context
                )
            created, updated = importing.apply_import(plan=plan, user=request.user)
    except importing.ImportConflictError as error:
        messages.error(request, str(error))
        return redirect(request.path)
    messages.success(
        request,
        _("Roster imported: %(created)d added, %(updated)d updated.")
        % {"created": created, "updated": updated},
    )
    return redirect("admin:events_event_change", event.pk)


def cancel_import(request, event, token):
    importing.pending_import_claim(event=event, user=request.user, token=token)
    messages.info(request, _("Import cancelled: nothing was saved."))
    return redirect(request.path)
