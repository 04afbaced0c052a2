"""The texts of the mails an enquiry causes, each in its reader's language.

The planner's confirmation is in the language they wrote in and never
repeats their own message (a confirmation can be made to go to anyone's
inbox); the bureau's copy and the owner's are in ENQUIRY_STAFF_LANGUAGE and
hold the whole lead. Texts are plain, rendered from templates/enquiries/mail/.
"""

import datetime
import re

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CONTACT_FIELDS, MEETING_FIELDS, SUPPORT_FIELDS, Lead

# Every field a planner gave, as the staff mails list it; the message follows.
STAFF_SECTIONS = (
    (
        gettext_lazy("Who is asking"),
        (*CONTACT_FIELDS, "language"),
    ),
    (
        gettext_lazy("The meeting"),
        MEETING_FIELDS,
    ),
    (gettext_lazy("Support wanted"), SUPPORT_FIELDS),
    (gettext_lazy("Asked from"), ("venue", "ambassador", "event")),
    (
        gettext_lazy("Consent"),
        ("privacy_notice_version", "shares_with_venues", "shares_abroad"),
    ),
)


def confirmation_text(lead: Lead, bureau) -> tuple[str, str]:
    """The subject and text of the planner's confirmation."""
    with translation.override(lead.language):
        subject = _("Your enquiry about %(meeting)s") % {"meeting": lead.meeting_name}
        body = render(
            "confirmation",
            lead=lead,
            bureau=bureau,
            contact_email=bureau.enquiry_email or bureau.email,
            when=when(lead),
            support=[capfirst(label) for label in support_wanted(lead)],
        )
    return subject_line(lead, subject), body


def bureau_text(lead: Lead) -> tuple[str, str]:
    with translation.override(settings.ENQUIRY_STAFF_LANGUAGE):
        subject = _("New enquiry: %(meeting)s (%(organisation)s)") % {
            "meeting": lead.meeting_name,
            "organisation": lead.organisation,
        }
        body = render("bureau", **staff_context(lead))
    return subject_line(lead, subject), body


def owner_text(lead: Lead, owner) -> tuple[str, str]:
    with translation.override(settings.ENQUIRY_STAFF_LANGUAGE):
        subject = _("Lead assigned to you: %(meeting)s") % {
            "meeting": lead.meeting_name
        }
        body = render("owner", owner=owner, **staff_context(lead))
    return subject_line(lead, subject), body


def render(name: str, **context) -> str:
    text = render_to_string(f"enquiries/mail/{name}.txt", context)
    # Template tags leave blank lines where a line had only a tag.
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip() + "\n"


def subject_line(lead: Lead, text: str) -> str:
    """Return "[HZ-XXXX-XXXX] text" on one line: a header holds no line break."""
    return " ".join(f"[{lead.reference}] {text}".split())[:300]


def when(lead: Lead) -> str:
    if lead.start_date and lead.end_date:
        dates = _("%(start)s to %(end)s") % {
            "start": formats.date_format(lead.start_date, "DATE_FORMAT"),
            "end": formats.date_format(lead.end_date, "DATE_FORMAT"),
        }
    elif lead.start_date:
        dates = formats.date_format(lead.start_date, "DATE_FORMAT")
    elif lead.year:
        dates = str(lead.year)
    else:
        return _("not decided yet")
    if lead.dates_flexible:
        return _("%(dates)s (the dates are flexible)") % {"dates": dates}
    return dates


def support_wanted(lead: Lead) -> list:
    return [
        Lead._meta.get_field(name).verbose_name
        for name in SUPPORT_FIELDS
        if getattr(lead, name)
    ]


def staff_context(lead: Lead) -> dict:
    return {
        "lead": lead,
        "admin_url": admin_url(lead),
        "sections": [
            (heading, [labelled(lead, name) for name in names])
            for heading, names in STAFF_SECTIONS
        ],
    }


def admin_url(lead: Lead) -> str:
    """The lead's admin page: absolute when SITE_URL says where the site is."""
    path = reverse("admin:enquiries_lead_change", args=[lead.pk])
    return settings.SITE_URL + path if settings.SITE_URL else path


def labelled(lead: Lead, name: str) -> str:
    field = Lead._meta.get_field(name)
    return _("%(label)s: %(value)s") % {
        "label": capfirst(field.verbose_name),
        "value": shown(lead, field),
    }


def shown(lead: Lead, field) -> str:
    """A field's value as a reader expects it, in the active language."""
    value = getattr(lead, field.name)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(getattr(lead, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, models.Model):
        return str(value)
    return str(formats.localize(value))
