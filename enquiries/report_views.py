"""The impact report in the admin: its page, and the same figures as CSV.

LeadAdmin serves it at admin/enquiries/lead/report/ (its get_urls), wrapped
in the admin site's admin_view.
"""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import charts, report

# What defusedcsv does: a text that a spreadsheet would run as a formula
# starts with an apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "|", "%", "\t", "\r")


class PeriodForm(forms.Form):
    """The period asked for (`from` and `to` years); one left out follows
    the other, both left out give the default period."""

    def __init__(self, data, *, default):
        super().__init__(data)
        self.default = default
        limits = {"first": report.FIRST_YEAR, "last": report.LAST_YEAR}
        outside = _("Enter a year from %(first)s to %(last)s.") % limits
        messages = {
            "invalid": _("Enter a year as a number, such as %(year)s.")
            % {"year": default.last},
            "min_value": outside,
            "max_value": outside,
        }
        for name in ("from", "to"):
            self.fields[name] = forms.IntegerField(
                required=False,
                min_value=report.FIRST_YEAR,
                max_value=report.LAST_YEAR,
                error_messages=messages,
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first, last = data.get("from"), data.get("to")
        if first is None and last is None:
            first, last = self.default.first, self.default.last
        elif first is None:
            first = max(report.FIRST_YEAR, last - report.DEFAULT_YEARS + 1)
        elif last is None:
            last = min(report.LAST_YEAR, first + report.DEFAULT_YEARS - 1)
        if first > last:
            raise forms.ValidationError(_("The first year comes after the last."))
        if last - first + 1 > report.MAX_YEARS:
            raise forms.ValidationError(
                _("Choose at most %(count)s years.") % {"count": report.MAX_YEARS}
            )
        data["period"] = report.Period(first, last)
        return data


def report_view(request, model_admin):
    """The impact report for a period of years; ?format=csv downloads it."""
    if not request.user.has_perm("enquiries.view_lead"):
        raise PermissionDenied
    default = report.default_period()
    form = PeriodForm(request.GET, default=default)
    valid = form.is_valid()
    period = form.cleaned_data["period"] if valid else default
    found = report.impact_report(period)
    if request.GET.get("format") == "csv":
        return csv_response(found, period)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Impact report"),
        "subtitle": str(period),
        "period": period,
        "first_year": report.FIRST_YEAR,
        "last_year": report.LAST_YEAR,
        "errors": [] if valid else errors(form),
        "figures": [charts.figure(chart) for chart in found],
    }
    return TemplateResponse(request, "enquiries/admin/report.html", context)


def errors(form):
    """The form's messages once each, a field's named, in the page's language."""
    names = {"from": _("First year"), "to": _("Last year")}
    found = []
    for name, messages in form.errors.items():
        for message in messages:
            if name in names:
                message = _("%(field)s: %(message)s") % {
                    "field": names[name],
                    "message": message,
                }
            if message not in found:
                found.append(message)
    return found


def csv_response(found, period):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"impact-report-{period.first}-{period.last}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write(csv_text(found))
    return response


def csv_text(found):
    """One row per figure: chart, category, series, value; a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Chart"), _("Category"), _("Series"), _("Value")])
    for chart in found:
        for category, series, value in chart.points():
            row = (chart.title, category.label, series.label)
            writer.writerow([*map(guarded, row), value])
    return "\ufeff" + out.getvalue()


def guarded(text):
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
