from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Organization

from .models import AcademicField


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the query string.

    A bad value (an unknown field, an institution id that is not a number) is
    left out of `filters()` and explained by `notes()`, so the page still
    answers with the other filters applied.
    """

    q = forms.CharField(
        label=pgettext_lazy("of a person", "Name"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={"placeholder": pgettext_lazy("a name to search for", "Tian Mei")}
        ),
        error_messages={"max_length": _("The name searched for was too long.")},
    )
    field = forms.ModelChoiceField(
        label=_("Academic field"),
        queryset=AcademicField.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All fields"),
        error_messages={"invalid_choice": _("There is no academic field “%(value)s”.")},
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organization.objects.filter(ambassadors__active=True).distinct(),
        required=False,
        empty_label=_("All institutions"),
        error_messages={
            "invalid_choice": _("There is no institution “%(value)s” here.")
        },
    )

    def filters(self):
        """The filters whose values are good, by field name."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }

    def notes(self):
        """One sentence per ignored filter."""
        self.is_valid()
        return [
            _("%(error)s That filter was ignored.") % {"error": error}
            for errors in self.errors.values()
            for error in errors
        ]
