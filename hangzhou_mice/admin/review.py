"""Review before publishing in the admin (workflow.py): the steps under an
item's form, a published item's change kept aside until it is published,
and the page of what waits for whom."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.utils import edit_string_for_tags

from .. import workflow
from ..models import Review, Status
from .versions import live_item, unsaved_tags

# A change that goes no further than these is no new text to review.
NOT_CONTENT = {"status", "published_at"}


class ReviewedAdmin:
    """Mixin for the VersionedTaggedAdmin of a ReviewedModel.

    The steps one may take are buttons under the form. Of a published item,
    what someone who may not publish without review saves waits beside the
    published version (`pending`): the form shows it, visitors do not.
    """

    def get_urls(self):
        meta = self.opts
        return [
            path(
                "<path:object_id>/change/compare/",
                self.admin_site.admin_view(self.change_compare_view),
                name=f"{meta.app_label}_{meta.model_name}_change_compare",
            ),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = (*super().get_readonly_fields(request, obj), "review_state")
        item = obj or self.model()
        if not workflow.direct(request.user, item):
            fields = (*fields, "status")  # published through review instead
        if not workflow.may(request.user, item, "publish"):
            fields = (*fields, "published_at")
        return fields

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def publication(self, obj):
        """Draft, published, or scheduled with the moment it goes live."""
        if obj.is_scheduled:
            return _("Scheduled for %(moment)s") % {"moment": moment(obj.published_at)}
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("review"))
    def review_state(self, obj):
        return workflow.STATE_LABELS[workflow.state(obj)]

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.permission(self.model, "publish"))

    def get_object(self, request, object_id, from_field=None):
        """The item as its form shows it: with its waiting change, if any."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.is_live and obj.pending is not None:
            tags = obj.pending_apply()
            if tags is not None:
                request.restoring_tag_names = tags
        return obj

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        steps = workflow.offered(request.user, obj) if obj is not None else []
        context["workflow_steps"] = steps
        context["workflow_comment"] = any(step.needs_comment for step in steps)
        context["workflow_at"] = any(step.name == "publish" for step in steps)
        if obj is not None:
            if obj.review == Review.SENT_BACK:
                context["sent_back"] = workflow.last_comment(obj)
            if obj.is_live and obj.pending is not None:
                live = self.model._default_manager.get(pk=obj.pk)
                context["change_waiting"] = {
                    "page": live.get_absolute_url() if live.is_published else "",
                    "state": workflow.STATE_LABELS[workflow.state(obj)],
                    "at": obj.pending_at,
                    "compare": reverse(
                        admin_urlname(self.opts, "change_compare"), args=[obj.pk]
                    ),
                }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        """Restoring a version of a published item, for whom a change waits:
        the version's values (the posted form) become the change waiting,
        not the published text, which django-reversion would overwrite."""
        if request.method == "POST" and version.content_type.model_class() is (
            self.model
        ):
            live = live_item(self.model, version.object_id)
            if live is not None and self.keeps_change(request, live, True):
                return self.changeform_view(request, str(live.pk), request.path)
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    def keeps_change(self, request, obj, change):
        """Whether saving `obj` keeps the form's values as its waiting change."""
        return change and obj.is_live and not workflow.direct(request.user, obj)

    def save_model(self, request, obj, form, change):
        user = request.user
        content = set(form.changed_data) - NOT_CONTENT
        if change and content and not workflow.direct(user, obj):
            if obj.review == Review.APPROVED or obj.pending_at:
                # What was approved is not this text.
                obj.review, obj.pending_at = Review.DRAFT, None
        if self.keeps_change(request, obj, change):
            request.change_kept = True
            if form.has_changed():
                workflow.change_keep(item=obj, tags=form.cleaned_data.get("tags"))
            return
        if change and obj.is_live and obj.pending is not None:
            # Who may publish directly saves the change shown as published.
            obj.pending = obj.pending_at = None
            obj.review = Review.DRAFT
        super().save_model(request, obj, form, change)
        if obj.is_scheduled:
            self.message_user(request, goes_live(obj), messages.INFO)
        if "status" in form.changed_data:
            # Only those who may publish without review see the field.
            name = "publish" if obj.status == Status.PUBLISHED else "unpublish"
            before = form.initial.get("status", Status.DRAFT)
            workflow.record(
                user=user, item=obj, name=name, before=before, after=workflow.state(obj)
            )

    def save_related(self, request, form, formsets, change):
        if getattr(request, "change_kept", False):
            return  # its tags wait with it
        super().save_related(request, form, formsets, change)

    def response_change(self, request, obj):
        here = redirect(admin_urlname(self.opts, "change"), obj.pk)
        name = request.POST.get("_workflow")
        if name not in workflow.TRANSITIONS:
            if getattr(request, "change_kept", False):
                self.message_user(
                    request,
                    _(
                        "Your change is saved beside the published version: "
                        "visitors see it once it is reviewed and published."
                    ),
                    messages.SUCCESS,
                )
                return here
            return super().response_change(request, obj)
        try:
            at = publish_at(request.POST.get("_workflow_at", ""))
            after = workflow.perform(
                user=request.user,
                item=obj,
                name=name,
                comment=request.POST.get("_workflow_comment", ""),
                at=at,
            )
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            message = _("Saved; it is now: %(step)s.") % {
                "step": workflow.STATE_LABELS[after]
            }
            item = self.model._default_manager.get(pk=obj.pk)
            if after in ("scheduled", "change_scheduled"):
                message = f"{message} {goes_live(item)}"
            self.message_user(request, message, messages.SUCCESS)
        return here

    def change_compare_view(self, request, object_id):
        """The published version beside the change waiting, field by field."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        live = live_item(self.model, unquote(object_id))
        if live is None or live.pending is None:
            raise Http404(_("No change is waiting for this item."))
        changed = self.model._default_manager.get(pk=live.pk)
        tags = changed.pending_apply()
        live_tags = sorted(live.tags.names(), key=str.lower)
        changes = self.field_changes(
            values(live, live_tags),
            values(changed, live_tags if tags is None else tags),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object_id": object_id,
            "original": live,
            "title": _("The change waiting for %(name)s") % {"name": live},
            "changes": changes,
        }
        return TemplateResponse(request, "admin/change_compare.html", context)


def moment(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def goes_live(item):
    """When visitors first see `item`, or its scheduled change."""
    at = item.pending_at if item.pending_at else item.published_at
    return _("Visitors see it from %(moment)s.") % {"moment": moment(at)}


def values(item, tags):
    return {
        **{f.attname: f.value_from_object(item) for f in item._meta.concrete_fields},
        "tags": edit_string_for_tags(unsaved_tags(tags)),
    }


def publish_at(raw):
    """The moment typed in the form's "publish at" box, or None for now."""
    raw = raw.strip()
    if not raw:
        return None
    field = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    return field.clean(raw)


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
