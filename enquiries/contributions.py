"""The leads an ambassador's profile shows, for the ambassadors app's hook
(`ambassadors.contributions`): a won meeting unless the bid team keeps it
off, a submitted bid only when they chose to show it, and never a lost or
withdrawn one."""

from django.db.models import F, Q

from ambassadors.contributions import Contribution

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
    if lead.status == Status.BID_SUBMITTED:
        state = Contribution.State.BIDDING
    elif lead.is_held:
        state = Contribution.State.HELD
    else:
        state = Contribution.State.WON
    event = lead.won_event
    return Contribution(
        meeting=lead.meeting_name,
        association=lead.organization.name if lead.organization else lead.association,
        year=lead.meeting_year,
        delegates=lead.delegates,
        state=state,
        event=event if event and event.is_published else None,
    )


def public_contributions(ambassador) -> list[Contribution]:
    """One query, whatever the number of meetings."""
    return [contribution(lead) for lead in public_leads(ambassador)]
