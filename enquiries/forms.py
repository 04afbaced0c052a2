"""The public enquiry form: who is asking, their meeting, the help they want,
and their consents."""

import re
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import CONTACT_FIELDS, MEETING_FIELDS, SUPPORT_FIELDS, Lead

# More than the largest association congresses gather: a bigger number is a typo.
MAX_DELEGATES = 100_000
# Thousands separators and spaces people type in a count: "1,200", "1 200", "1，200".
SEPARATORS = re.compile(r"[\s,，'’_]")


class CountField(forms.IntegerField):
    """A whole number as people type it, on a phone's number keypad."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = SEPARATORS.sub("", value)
        return super().to_python(value)


def count(label, help_text="", **kwargs):
    return CountField(label=label, help_text=help_text, required=False, **kwargs)


def privacy_label():
    return format_html(
        _(
            'I have read the <a href="{url}">privacy notice</a> and agree that you '
            "keep my details and this enquiry to answer it."
        ),
        url=reverse("privacy"),
    )


class EnquiryForm(forms.ModelForm):
    """A planner's enquiry; `fieldsets` groups the fields as the page shows them."""

    fieldsets = (
        (_("About you"), CONTACT_FIELDS),
        (_("Your meeting"), MEETING_FIELDS),
        (_("How can we help?"), (*SUPPORT_FIELDS, "message")),
        (_("Your consent"), ("privacy", "shares_with_venues", "shares_abroad")),
    )

    year = count(
        _("Year"),
        _("Or give the first and last day below."),
        min_value=2000,
        max_value=2100,
    )
    delegates = CountField(
        label=_("Expected delegates"),
        help_text=_("Your best estimate of everyone taking part."),
        min_value=1,
        max_value=MAX_DELEGATES,
        error_messages={
            "required": _("Enter the number of delegates you expect."),
            "min_value": _("Enter at least 1 delegate."),
            "max_value": _("Enter at most %(limit_value)s delegates."),
        },
    )
    exhibition_m2 = count(
        _("Exhibition space (m²)"), _("Leave empty if there is no exhibition.")
    )
    largest_room = count(
        _("Largest session (people)"),
        _(
            "The most people in one room at once, such as the opening plenary. "
            "Leave empty if all delegates meet together."
        ),
    )
    peak_rooms = count(
        _("Guest rooms on the peak night"),
        _("Hotel rooms your delegates need on the busiest night."),
    )
    privacy = forms.BooleanField(
        error_messages={
            "required": _("To send your enquiry, agree to the privacy notice.")
        },
    )
    # A trap for robots, hidden from people (enquire.html): filled in, it
    # refuses the enquiry.
    website = forms.CharField(
        label=_("Website"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Lead
        fields = (
            *CONTACT_FIELDS,
            *MEETING_FIELDS,
            *SUPPORT_FIELDS,
            "message",
            "shares_with_venues",
            "shares_abroad",
        )
        labels = {
            "name": _("Your name"),
            "organisation": _("Organisation"),
            "role": _("Your role"),
            "email": _("Email address"),
            "phone": _("Phone"),
            "country": _("Country or region"),
            "meeting_name": _("Name of the meeting"),
            "association": _("Association or organiser"),
            "kind": _("Kind of meeting"),
            "rotation": _("Where it rotates"),
            "start_date": _("First day"),
            "end_date": _("Last day"),
            "dates_flexible": _("The dates are flexible"),
            "layout": _("Layout of the largest session"),
            "wants_venue_holds": _("Hold dates at venues and hotels"),
            "wants_site_inspection": _("A site inspection in Hangzhou"),
            "wants_bid_documents": _("Bid documents and letters of support"),
            "wants_ambassador": _("An introduction to a convention ambassador"),
            "wants_funding_information": _("Information on financial support"),
            "message": _("Anything else we should know"),
            "shares_with_venues": _(
                "You may pass my name, contact details and this enquiry to venues "
                "and hotels in Hangzhou, so that they can offer me dates and prices."
            ),
            "shares_abroad": _(
                "You may pass my name, contact details and this enquiry to your "
                "partners outside mainland China, such as your representatives "
                "abroad, so that they can help with my meeting."
            ),
        }
        help_texts = {
            "email": _("We reply to this address."),
            "phone": _("With the country code, such as +44 20 7946 0000."),
            "association": _("If it is not your organisation."),
            "message": _(
                "Such as the bid deadline, who decides, or what matters most to "
                "your delegates."
            ),
            "shares_with_venues": _(
                "Optional. Without it, we ask venues about your meeting without "
                "naming you."
            ),
            "shares_abroad": _(
                "Optional. Without it, your details are not sent outside mainland "
                "China."
            ),
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "organisation": {"required": _("Enter your organisation.")},
            "email": {"required": _("Enter your email address.")},
            "country": {"required": _("Enter your country or region.")},
            "meeting_name": {"required": _("Enter the name of the meeting.")},
            "kind": {"required": _("Choose the kind of meeting.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "kind": forms.RadioSelect,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 5}),
        }

    # Either of these is needed (clean()), so none is marked optional.
    when_fields = ("year", "start_date", "end_date")
    # Optional on a lead the bureau enters itself; a planner must give them.
    required_fields = ("name", "organisation", "email", "country")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            self.fields[name].required = True
        self.fields["privacy"].label = privacy_label()
        # Radio buttons, so no empty "---------" choice.
        self.fields["kind"].choices = Lead.Kind.choices

    def grouped(self):
        """Each fieldset's legend and bound fields."""
        return [
            (legend, [self[name] for name in names]) for legend, names in self.fieldsets
        ]

    @cached_property
    def optional(self):
        """The names of the fields to mark "optional" beside their label."""
        return {
            name
            for name, field in self.fields.items()
            if not field.required
            and not isinstance(field, forms.BooleanField)
            and name not in (*self.when_fields, "website")
        }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and year < timezone.localdate().year:
            raise ValidationError(_("This year has passed."), code="past")
        return year

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start is not None and start < timezone.localdate():
            raise ValidationError(_("This day has passed."), code="past")
        return start

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(
                _(
                    "Your enquiry was not sent: a field that must stay empty was "
                    "filled in. Please write to us by email instead."
                ),
                code="trap",
            )
        self.check_when(data)
        self.check_sizes(data)
        return data

    def check_when(self, data):
        """A year or a first day; the last day not before the first, the year
        the first day's."""
        year, start, end = (data.get(k) for k in ("year", "start_date", "end_date"))
        if self.has_error("year") or self.has_error("start_date"):
            return
        if year is None and start is None:
            self.add_error(
                "year",
                _(
                    "Give a year or the first day, even if it may change; then "
                    "tick “The dates are flexible”."
                ),
            )
        elif end is not None and start is None:
            self.add_error("start_date", _("Give the first day too."))
        elif end is not None and end < start:
            self.add_error("end_date", _("The last day cannot be before the first."))
        if year is not None and start is not None and start.year != year:
            self.add_error("year", _("This is not the year of the first day."))

    def check_sizes(self, data):
        delegates, largest = data.get("delegates"), data.get("largest_room")
        if delegates is not None and largest is not None and largest > delegates:
            self.add_error(
                "largest_room",
                _("A session cannot be larger than the expected delegates."),
            )
