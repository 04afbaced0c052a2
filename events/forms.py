from django import forms
from django.utils.translation import gettext_lazy as _

from .exporters import COLUMNS, EXPORTERS
from .models import Participant


class RosterExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[(key, exporter.verbose_name) for key, exporter in EXPORTERS.items()],
        widget=forms.RadioSelect,
        initial="xlsx",
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=[(key, label) for key, (label, _path) in COLUMNS.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=list(COLUMNS),
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


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV (UTF-8) or Excel .xlsx with the export's column headings; "
            "Full name and Category are required."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
