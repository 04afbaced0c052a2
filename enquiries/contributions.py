"""The leads an ambassador's profile shows, for the ambassadors app's hook
(`ambassadors.contributions`): a won meeting unless the bid team keeps it
off, a submitted bid only when they chose to show it, and never a lost or
withdrawn one."""

from django.db.models import F, Q
from django.utils.translation import get_language

from ambassadors.contributions import Contribution
from hangzhou_mice import pagecache
from hangzhou_mice.templatetags.languages import content_language
from hangzhou_mice.translated import written_in

from .models import MEETING_YEAR, Lead

Status, OnProfile = Lead.Status, Lead.OnProfile
PUBLIC = (Q(status=Status.WON) & ~Q(on_profile=OnProfile.NEVER)) | Q(
    status=Status.BID_SUBMITTED, on_profile=OnProfile.WHILE_BIDDING
)


def public_leads(ambassador):
    return (
        Lead.objects.filter(PUBLIC, ambassador=ambassador)
        .select_related("organization", "won_event")
        .order_by(
            MEETING_YEAR.desc(nulls_last=True),
            F("meeting_name"),
            "pk",
        )
    )


def contribution(lead: Lead) -> Contribution:
    """The lead as the profile shows it, in the active language."""
    if lead.status == Status.BID_SUBMITTED:
        state = Contribution.State.BIDDING
    elif lead.is_held:
        state = Contribution.State.HELD
    else:
        state = Contribution.State.WON
    event = lead.won_event
    meeting, meeting_language = meeting_name(lead)
    association, association_language = association_name(lead)
    return Contribution(
        meeting=meeting,
        meeting_language=meeting_language,
        association=association,
        association_language=association_language,
        year=lead.meeting_year,
        delegates=lead.delegates,
        state=state,
        event=event if event and event.is_published else None,
    )


def meeting_name(lead: Lead) -> tuple[str, str]:
    """(the meeting's name for this page, the language it is in).

    The won event's title, which the bureau keeps in both languages, once
    its page is published (a draft's title may not be final); else the name
    as typed, or its translation when that is in the other language.
    """
    event = lead.won_event
    if event and event.is_published:
        return event.title, content_language(event, "title")
    typed = written_in(lead.meeting_name)
    if typed != get_language() and lead.meeting_name_translated:
        translated = lead.meeting_name_translated
        return translated, written_in(translated)
    return lead.meeting_name, typed


def association_name(lead: Lead) -> tuple[str, str]:
    """(the association's name for this page, the language it is in)."""
    if lead.organization:
        return lead.organization.name, content_language(lead.organization, "name")
    return lead.association, written_in(lead.association)


def lead_changed(sender, instance, created=False, **kwargs):
    """Outdate the cached pages when a lead changes: an ambassador's profile
    shows the public ones. A new enquiry, which no page shows, does not."""
    if not created or Lead.objects.filter(PUBLIC, pk=instance.pk).exists():
        pagecache.content_changed()


def public_contributions(ambassador) -> list[Contribution]:
    """One query, whatever the number of meetings."""
    return [contribution(lead) for lead in public_leads(ambassador)]
