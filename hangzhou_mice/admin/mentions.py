"""The field in which an editor says what an article is about: items of the
registry's mentionable kinds (`hangzhou_mice.mentions`), found by typing.

The field is the admin's own autocomplete (select2, `autocomplete.js`); its
answers come from `MentionsAdmin.mention_search_view`, which searches each
kind the editor may view through that kind's admin search, drafts too (an
article may come before the event's page), grouped by kind. A page with the
field reads only the items already chosen, whatever the number of events.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteMixin, get_select2_language
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..mentions import key_of, mentions_set, target_ids

LOCKED_HELP = _(
    "The article is published and a change here would not wait for review: "
    "someone who may publish it changes this."
)
SEARCH_LIMIT = 10  # per kind


def mention_keys(source):
    """The form values of what `source` is about."""
    return [f"{key}:{pk}" for key, ids in target_ids(source).items() for pk in ids]


def parse_keys(values):
    """{kind key: [ids]} of "<kind key>:<id>" values; ValueError on a bad one."""
    wanted = {}
    for value in values:
        key, _sep, pk = str(value).partition(":")
        kind = registry.get(key)
        if kind is None or not kind.mentionable or not pk.isascii() or not pk.isdigit():
            raise ValueError(value)
        wanted.setdefault(kind.key, []).append(int(pk))
    return wanted


def fetch(wanted):
    """The items `wanted` names, in its order: one query per kind."""
    items = []
    for key, ids in wanted.items():
        found = registry.get(key).model._default_manager.in_bulk(ids)
        items += [found[pk] for pk in ids if pk in found]
    return items


class MentionWidget(AutocompleteMixin, forms.SelectMultiple):
    """The admin's autocomplete over every mentionable kind at once.

    From Django's `AutocompleteMixin` it takes the scripts and styles
    (`media`) alone: there is no model field to name, so the attributes and
    the chosen options are built here.
    """

    url = ""

    def __init__(self, attrs=None):
        forms.SelectMultiple.__init__(self, attrs)
        self.i18n_name = get_select2_language()

    def build_attrs(self, base_attrs, extra_attrs=None):
        """The autocomplete's attributes, without the model field it names
        (the answers come from one view for every kind)."""
        attrs = forms.SelectMultiple.build_attrs(self, base_attrs, extra_attrs)
        classes = " ".join(filter(None, [attrs.get("class", ""), "admin-autocomplete"]))
        return attrs | {
            "data-ajax--cache": "true",
            "data-ajax--delay": 250,
            "data-ajax--type": "GET",
            "data-ajax--url": self.url,
            "data-theme": "admin-autocomplete",
            "data-allow-clear": "false",
            "data-placeholder": "",
            "lang": self.i18n_name,
            "class": classes,
        }

    def optgroups(self, name, value, attrs=None):
        """Only the chosen items, each named as the search names it."""
        try:
            items = fetch(parse_keys(value))
        except ValueError:
            items = []
        options = [
            self.create_option(name, key_of(item), str(item), True, index)
            for index, item in enumerate(items)
        ]
        return [(None, options, 0)]


class MentionField(forms.Field):
    """Cleans "<kind key>:<id>" values to the chosen items."""

    widget = MentionWidget
    default_error_messages = {
        "invalid_choice": _("Choose what the article is about from the list."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        try:
            wanted = parse_keys(value)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None
        items = fetch(wanted)
        if len(items) != sum(map(len, wanted.values())):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return items

    def prepare_value(self, value):
        if value and not isinstance(value[0], str):
            return [key_of(item) for item in value]
        return value

    def has_changed(self, initial, data):
        initial = sorted(self.prepare_value(initial or []))
        return initial != sorted(data or [])


class MentionsForm(forms.ModelForm):
    """A form for the related source (articles) with its About field."""

    about = MentionField(
        label=_("What the article is about"),
        help_text=_(
            "The events, venues and ambassadors the article is about: it links "
            "to them and their pages list it under “In the news”. Drafts may be "
            "chosen; visitors see only what is public."
        ),
    )
    mentions_locked = False
    mentions_url = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].widget.url = self.mentions_url
        if self.instance.pk is not None and "about" not in self.initial:
            self.initial["about"] = mention_keys(self.instance)
        if self.mentions_locked:
            self.fields["about"].disabled = True
            self.fields["about"].help_text = LOCKED_HELP


class MentionsAdmin:
    """Mixin for an admin whose form is a MentionsForm: saves the About field.

    Mentions are saved at once, not kept with a reviewed item's waiting
    change; so where a change waits for review (ReviewedAdmin.keeps_change)
    the field is read-only.
    """

    def get_urls(self):
        meta = self.opts
        return [
            path(
                "about/",
                self.admin_site.admin_view(self.mention_search_view),
                name=f"{meta.app_label}_{meta.model_name}_mentions",
            ),
            *super().get_urls(),
        ]

    def mention_search_view(self, request):
        """The About field's answers for `term`: items of each mentionable
        kind the editor may view, found by that kind's admin search, grouped
        as select2 shows groups. One query per kind."""
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        # No name holds a NUL, and PostgreSQL refuses one in a query.
        term = request.GET.get("term", "").replace("\x00", "").strip()
        groups = []
        for kind in registry.mentionable():
            kind_admin = self.admin_site.get_model_admin(kind.model)
            if not kind_admin.has_view_permission(request):
                continue
            found, _duplicates = kind_admin.get_search_results(
                request, kind_admin.get_queryset(request), term
            )
            items = found[:SEARCH_LIMIT]
            if items:
                children = [{"id": key_of(item), "text": str(item)} for item in items]
                groups.append({"text": capfirst(kind.label), "children": children})
        return JsonResponse({"results": groups, "pagination": {"more": False}})

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        keeps_change = getattr(self, "keeps_change", None)
        meta = self.opts
        url = reverse(
            f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_mentions"
        )
        locked = obj is not None and keeps_change and keeps_change(request, obj, True)
        return type(form)(
            form.__name__,
            (form,),
            {"mentions_url": url, "mentions_locked": bool(locked)},
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "about" in form.changed_data:
            mentions_set(source=form.instance, targets=form.cleaned_data["about"])
