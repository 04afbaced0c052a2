"""Versions of tagged content, with their tags, and comparing two of them."""

import difflib
import html
import re

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.middleware.csp import get_nonce
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import strip_tags
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from js_asset.media import Media as NoncedMedia
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.managers import TaggableManager
from taggit.utils import edit_string_for_tags

from .. import services
from ..models import Tag, TagSnapshot
from ..richtext import RichTextField
from ..tagging import TagListField

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figure)>|<br\s*/?>")


def offline_warning(fields):
    """What restoring a version with `fields` does to a public item, if it
    takes it offline; else ""."""
    if fields.get("status") != "published":
        return _(
            "This version was a draft: restoring it takes the page offline. "
            "Set the status to Published below to keep it online."
        )
    at = fields.get("published_at")
    if at is not None and at > timezone.now():
        return _(
            "This version is dated %(moment)s, still to come: restoring it "
            "takes the page offline until then. Change the publication date "
            "below to keep it online."
        ) % {"moment": localize(template_localtime(at))}
    return ""


def offline_message(obj):
    """What an editor is told when a save took a public item offline."""
    if obj.status != "published":
        return _("Visitors no longer see this item: it is a draft now.")
    return _(
        "Visitors no longer see this item until %(moment)s, its publication date."
    ) % {"moment": localize(template_localtime(obj.published_at))}


def live_item(model, object_id):
    """The stored row of `model` with the id in an admin URL, or None, also
    for an id that is no id (`abc` where ids are numbers)."""
    try:
        return model._default_manager.filter(pk=object_id).first()
    except (ValueError, ValidationError):
        return None


def unsaved_tags(names):
    """Tags by name, for forms and display, whether or not they still exist."""
    return [Tag(name=name) for name in names or ()]


def text_for_diff(field, value):
    """The text an editor reads: rich text without markup, one block a line,
    dates in local time, related items by name."""
    if value is None or value == "":
        return ""
    if isinstance(field, TaggableManager):  # already a string of names
        return value
    if isinstance(field, RichTextField):
        return html.unescape(strip_tags(BLOCK_END.sub("\n", value)))
    if isinstance(field, models.DateTimeField):
        return localize(template_localtime(value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else _("(deleted: #%s)") % value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class VersionedTaggedAdmin(VersionAdmin):
    """Admin for tagged content: versions that include the tags, and compare.

    Each saved version records the item's tag names (a TagSnapshot on the
    revision), so restoring a version restores its tags by name, even tags
    deleted since.
    """

    def render_change_form(self, request, context, *args, **kwargs):
        # The prose editor's import map is an inline <script>: it runs under
        # the admin's CSP by carrying the request's nonce.
        if (nonce := get_nonce(request)) is not None:
            context["media"] = NoncedMedia.from_media(context["media"], nonce=nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    object_history_template = "admin/versioned_object_history.html"
    formfield_overrides = {TaggableManager: {"form_class": TagListField}}

    def changelist_view(self, request, extra_context=None):
        # Not one revision around the whole list: actions save each item in a
        # revision of its own, so restoring one item never reverts another.
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(
            request, context | (extra_context or {})
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.tag_snapshot_record(obj=form.instance)

    def save_model(self, request, obj, form, change):
        was_public = getattr(request, "was_public", None)  # before a restore
        if was_public is None:
            before = change and self.model._default_manager.filter(pk=obj.pk).first()
            was_public = getattr(before, "is_published", False)
        super().save_model(request, obj, form, change)
        if was_public and not obj.is_published:
            self.message_user(request, offline_message(obj), messages.WARNING)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """The restore form, warning when the version would take a public
        item offline (a draft then, or dated in the future)."""
        version = Version.objects.filter(
            pk=version_id, object_id=unquote(object_id)
        ).first()
        live = live_item(self.model, unquote(object_id))
        warning = ""
        # django-reversion writes the version to the row before the form.
        request.was_public = getattr(live, "is_published", False)
        if version is not None and request.was_public:
            warning = offline_warning(version.field_dict)
        context = {"offline_warning": warning} | (extra_context or {})
        return super().revision_view(request, object_id, version_id, context)

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        if version.content_type.model_class() is not self.model:
            raise Http404(_("No such version of this kind of item."))
        request.restoring_tag_names = TagSnapshot.for_version(version)
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "tags" in form.base_fields and not request.user.has_perm(
            "hangzhou_mice.add_tag"
        ):
            # Who may not add shared tags picks among the existing ones.
            form.base_fields["tags"].existing_only = True
        names = getattr(request, "restoring_tag_names", None)
        if names is None:
            return form

        class RestoringForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial["tags"] = unsaved_tags(names)

        return RestoringForm

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if not hasattr(response, "context_data"):  # e.g. redirected: no such item
            return response
        versions = self.versions_of(object_id)
        by_revision = {version.revision_id: version.pk for version in versions}
        for action in response.context_data.get("action_list", []):
            action["version_id"] = by_revision.get(action["revision"].pk)
        return response

    def versions_of(self, object_id):
        return Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        ).select_related("revision")

    def compare_view(self, request, object_id):
        """Show what changed between two saved versions, field by field."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        versions = self.versions_of(object_id)
        try:
            older, newer = sorted(
                (versions.get(pk=request.GET.get(key)) for key in ("a", "b")),
                key=lambda version: version.revision.date_created,
            )
        except (Version.DoesNotExist, ValueError, TypeError) as error:
            raise Http404(_("Choose two versions of this item to compare.")) from error
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object_id": object_id,
            "title": _("Compare versions of %(name)s") % {"name": newer.object_repr},
            "older": older,
            "newer": newer,
            "changes": self.changes_between(older, newer),
        }
        return TemplateResponse(request, "admin/version_compare.html", context)

    def changes_between(self, older, newer):
        old, new = older.field_dict, newer.field_dict
        old["tags"], new["tags"] = (
            edit_string_for_tags(unsaved_tags(TagSnapshot.for_version(version)))
            for version in (older, newer)
        )
        return self.field_changes(old, new)

    def field_changes(self, old, new):
        """[{label, diff}] of each field whose text differs between the values
        `old` and `new` (by attribute name; the tags as one string)."""
        changes = []
        for field in [
            *self.model._meta.concrete_fields,
            self.model._meta.get_field("tags"),
        ]:
            name = field.attname if field.concrete else field.name
            before = text_for_diff(field, old.get(name))
            after = text_for_diff(field, new.get(name))
            if before != after:
                diff = difflib.HtmlDiff().make_table(
                    before.splitlines() or [""], after.splitlines() or [""]
                )
                # Plain spaces, so long lines wrap between words.
                diff = diff.replace("&nbsp;", " ")
                changes.append({"label": field.verbose_name, "diff": diff})
        return changes
