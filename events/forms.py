from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from hangzhou_mice.tagging import MAX_TAG_LENGTH

from .exporters import EXPORTERS, RosterExporter
from .models import LAYOUTS, Participant, Venue


class RosterExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[(key, exporter.verbose_name) for key, exporter in EXPORTERS.items()],
        widget=forms.RadioSelect,
        initial="xlsx",
        help_text=_(
            "Excel workbook: phone numbers, codes such as 0012 and dates stay "
            "as written, in Excel, WPS and LibreOffice alike; choose it to "
            "read or print the roster. CSV: for another system to import. "
            "Opened in a spreadsheet, numbers lose their leading zeros and "
            "dates may change form, and a value that starts with = + - or @ "
            "shows an apostrophe before it: it keeps the spreadsheet from "
            "running it as a formula."
        ),
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
    # A tag's name as its chips show it, or its slug (links shared before).
    tag = forms.CharField(
        label=_("Topic"),
        max_length=MAX_TAG_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"list": "venue-topics"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("name", _("Name")), ("capacity", _("Capacity"))],
        required=False,
    )

    # What to try when a search that one filter narrowed finds nothing.
    suggestions = {
        "attendees": _("Try fewer attendees or another layout."),
        "kind": _("Try another kind of venue."),
        "district": _("Try another district."),
        "min_guest_rooms": _("Try fewer guest rooms."),
        "tag": _("Try another topic."),
    }

    def clean_tag(self):
        topic = self.cleaned_data["tag"]
        # No request can carry a lone surrogate ("\ud800"), but code can; it has
        # no UTF-8 form, so PostgreSQL would fail the page.
        try:
            topic.encode()
        except UnicodeEncodeError as error:
            raise ValidationError(
                _("This text contains invalid characters.")
            ) from error
        return topic

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

    def narrowed_by(self):
        """Say what each filter that narrows the search asks for, by field name."""
        return {
            name: self.phrase(name, value)
            for name, value in self.filters().items()
            if name in self.suggestions and value  # at least 0 rooms: no filter
        }

    def phrase(self, name, value):
        """Say what filter `name` asks for, as an item of a list."""
        match name:
            case "attendees":
                layout = str(LAYOUTS[self.filters()["layout"]]).lower()
                return ngettext(
                    "at least %(count)s attendee (%(layout)s)",
                    "at least %(count)s attendees (%(layout)s)",
                    value,
                ) % {"count": value, "layout": layout}
            case "kind":
                kind = str(Venue.Kind(value).label).lower()
                return gettext("kind %(kind)s") % {"kind": kind}
            case "district":
                district = Venue.District(value).label
                return gettext("district %(district)s") % {"district": district}
            case "min_guest_rooms":
                return ngettext(
                    "at least %(count)s guest room",
                    "at least %(count)s guest rooms",
                    value,
                ) % {"count": value}
        return gettext("topic “%(topic)s”") % {"topic": value}

    def no_match(self):
        """The filters that found nothing, listed, and what to try instead.

        Both empty when no filter narrowed the search.
        """
        phrases = self.narrowed_by()
        if not phrases:
            return "", ""
        if len(phrases) > 1:
            suggestion = gettext("Try removing one of them.")
        else:
            suggestion = self.suggestions[next(iter(phrases))]
        separator = pgettext("between the items of a list", ", ")
        return separator.join(phrases.values()), suggestion
