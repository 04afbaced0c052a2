"""Tags with their item counts, and merging several into one."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import registry, services
from ..models import Tag


class TagFilter(admin.RelatedFieldListFilter):
    """The tags filter, its entry for items without any tag named so, not "-"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("No tags")


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
