"""Admin for what all apps share: tags and images, and versioned content."""

import difflib
import html
import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.middleware.csp import get_nonce
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import localize
from django.utils.html import format_html, strip_tags
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset.media import Media as NoncedMedia
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.managers import TaggableManager
from taggit.models import Tag as TaggitTag
from taggit.utils import edit_string_for_tags

from . import images, registry, services
from .models import AuditEntry, Image, RenditionStatus, Tag, TagSnapshot
from .richtext import RichTextField
from .tagging import TagListField

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figure)>|<br\s*/?>")

admin.site.site_header = _("Hangzhou MICE administration")
admin.site.site_title = _("Hangzhou MICE")
admin.site.index_title = _("Content and events")
# The project tags with hangzhou_mice.Tag; taggit's own table stays unused.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


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

    def _reversion_revisionform_view(self, request, version, *args, **kwargs):
        if version.content_type.model_class() is not self.model:
            raise Http404(_("No such version of this kind of item."))
        request.restoring_tag_names = TagSnapshot.for_version(version)
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
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


class ImageUploadField(forms.FileField):
    """Accept only what the image pipeline accepts; return the cleaned file."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None or upload is initial or upload is False:
            return upload
        return images.clean_upload(upload)


class ImageAddForm(forms.ModelForm):
    file = ImageUploadField(
        label=_("file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "JPEG, PNG or WebP, at most %(size)s and %(mp).0f megapixels."
        ) % {
            "size": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
            "mp": settings.IMAGE_MAX_PIXELS / 1e6,
        }

    class Meta:
        model = Image
        fields = ("title", "file", "alt_text", "credit")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = (
        "thumbnail",
        "title",
        "alt_text",
        "original_name",
        "dimensions",
        "renditions_state",
        "created_at",
    )
    list_display_links = ("thumbnail", "title")
    list_filter = ("renditions_status",)
    search_fields = ("title", "alt_text", "credit", "original_name")
    readonly_fields = ("preview", "original_name", "dimensions", "renditions_state")
    actions = ("make_renditions_again",)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ImageAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("title", "file", "alt_text", "credit")
        return (
            "preview",
            "title",
            "alt_text",
            "credit",
            "original_name",
            "dimensions",
            "renditions_state",
        )

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        services.image_save(image=obj)

    def delete_model(self, request, obj):
        services.image_delete_files(image=obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for image in queryset:
            services.image_delete_files(image=image)
        super().delete_queryset(request, queryset)

    @admin.action(
        description=_("Make the renditions of the selected images again"),
        permissions=["change"],
    )
    def make_renditions_again(self, request, queryset):
        count = sum(
            services.image_renditions_request(image=image)
            for image in queryset.exclude(renditions_status=RenditionStatus.READY)
        )
        self.message_user(
            request,
            ngettext(
                "The renditions of %(count)d image will be made in the background.",
                "The renditions of %(count)d images will be made in the background.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("renditions"), ordering="renditions_status")
    def renditions_state(self, obj):
        if obj.renditions_status == RenditionStatus.FAILED:
            return format_html(
                "{}<br>{}",
                _("Failed: %(error)s") % {"error": obj.renditions_error},
                _(
                    "The original is kept; select the image and make its "
                    "renditions again."
                ),
            )
        return obj.get_renditions_status_display()

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        small = obj.renditions[0] if obj.has_renditions else None
        if not small:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="120" style="height:auto">',
            obj.file.storage.url(small["webp"]),
        )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.renditions_status == RenditionStatus.PROCESSING:
            return _("The renditions are being made; reload the page in a moment.")
        if not obj.has_renditions:
            return self.renditions_state(obj)
        medium = obj.default_rendition
        return format_html(
            '<img src="{}" alt="{}" style="max-width:480px;height:auto">',
            obj.file.storage.url(medium["fallback"]),
            obj.alt_text,
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"


class TagMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Tag.objects.all(),
        label=_("Merge into"),
        help_text=_("Everything tagged with the other selected tags gets this tag."),
    )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "counterpart", "item_count")
    list_select_related = ("counterpart",)
    search_fields = ("name",)
    autocomplete_fields = ("counterpart",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.tag_pair(tag=obj)

    prepopulated_fields = {"slug": ("name",)}
    actions = ("merge_tags",)

    def get_queryset(self, request):
        counts = [
            Coalesce(
                Subquery(
                    kind.through.objects.filter(tag=OuterRef("pk"))
                    .order_by()
                    .values("tag")
                    .annotate(n=Count("*"))
                    .values("n")
                ),
                0,
            )
            for kind in registry.kinds()
        ]
        items = sum(counts[1:], counts[0]) if counts else Value(0)
        return super().get_queryset(request).annotate(items=items)

    @admin.display(description=_("items"), ordering="items")
    def item_count(self, obj):
        return obj.items

    def has_merge_permission(self, request):
        # Action permissions are any-of; merging changes and deletes tags.
        return self.has_change_permission(request) and self.has_delete_permission(
            request
        )

    @admin.action(description=_("Merge selected tags into one…"), permissions=["merge"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("name"))
        form = TagMergeForm(request.POST if "apply" in request.POST else None)
        form.fields["target"].queryset = queryset
        if len(tags) < 2:
            self.message_user(
                request, _("Select at least two tags to merge."), messages.WARNING
            )
            return None
        if form.is_valid():
            target = form.cleaned_data["target"]
            retagged = sum(
                services.tag_merge(source=tag, target=target)
                for tag in tags
                if tag != target
            )
            self.message_user(
                request,
                ngettext(
                    "Merged into “%(tag)s”: %(count)d item retagged.",
                    "Merged into “%(tag)s”: %(count)d items retagged.",
                    retagged,
                )
                % {"tag": target.name, "count": retagged},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge tags"),
            "tags": tags,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/tag_merge.html", context)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the actions it records."""

    list_display = ("at", "username", "action", "subject")
    list_filter = ("action",)
    search_fields = ("username", "action", "subject")
    date_hierarchy = "at"
    readonly_fields = ("at", "user", "username", "action", "subject", "detail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
