from django import forms
from django.utils.translation import gettext_lazy as _

from .exporters import EXPORTERS, RosterExporter
from .models import LAYOUTS, Participant, Venue


class RosterExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[(key, exporter.verbose_name) for key, exporter in EXPORTERS.items()],
        widget=forms.RadioSelect,
        initial="xlsx",
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"), widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label=_("Only these categories"),
        choices=Participant.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked for every category."),
    )
    checked_in = forms.ChoiceField(
        label=_("Checked in"),
        choices=[("", _("Everyone")), ("yes", _("Checked in")), ("no", _("Not yet"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = RosterExporter.default_columns()
        registry = RosterExporter.registry
        self.fields["columns"].choices = [(n, registry[n].heading) for n in names]
        self.fields["columns"].initial = names


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV (UTF-8) or Excel .xlsx with the export's column headings; "
            "Full name and Category are required."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class VenueFinderForm(forms.Form):
    """The venue finder's filters; invalid ones are dropped with a note."""

    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, required=False)
    layout = forms.ChoiceField(
        label=_("Layout"), choices=list(LAYOUTS.items()), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Any kind")), *Venue.Kind.choices],
        required=False,
    )
    district = forms.ChoiceField(
        label=_("District"),
        choices=[("", _("Any district")), *Venue.District.choices],
        required=False,
    )
    min_guest_rooms = forms.IntegerField(
        label=_("Guest rooms at least"), min_value=0, required=False
    )
    tag = forms.SlugField(label=_("Topic"), allow_unicode=True, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("name", _("Name")), ("capacity", _("Capacity"))],
        required=False,
    )

    def filters(self):
        """The valid filters, whatever else was wrong."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.setdefault("layout", "theatre")
        return data

    def notes(self):
        """A line per ignored filter, to show to the visitor."""
        return [
            _("Ignored %(field)s: %(error)s")
            % {"field": self.fields[name].label.lower(), "error": " ".join(errors)}
            for name, errors in self.errors.items()
        ]
