"""Ambassadors' contributions become leads of the bid pipeline.

A bid becomes a submitted bid still shown on the profile (as it was); a
meeting won becomes a won lead; a meeting held becomes a won lead with the
event it became. Each gets its first status change, dated when the
contribution was typed. The leads already kept get theirs too, and the
source their prefilled form tells. Old versions of contributions are
dropped from the history: the model is gone (ambassadors 0003).
"""

import secrets

from django.db import migrations

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"  # as enquiries.models, frozen here


def reference():
    letters = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"HZ-{letters[:4]}-{letters[4:]}"


def contributions_to_leads(apps, schema_editor):
    Contribution = apps.get_model("ambassadors", "Contribution")
    Lead = apps.get_model("enquiries", "Lead")
    StatusChange = apps.get_model("enquiries", "StatusChange")
    contributions = Contribution.objects.select_related("association", "event")
    for item in contributions.order_by("pk"):
        bidding = item.status == "bidding"
        lead = Lead.objects.create(
            reference=reference(),
            status="bid_submitted" if bidding else "won",
            status_changed_at=item.created_at,
            source="ambassador",
            language="en",
            organisation=item.association.name,
            association=item.association.name,
            organization=item.association,
            meeting_name=item.meeting,
            kind="congress",
            year=item.year,
            delegates=item.expected_delegates,
            ambassador_id=item.ambassador_id,
            won_event=None if bidding else item.event,
            on_profile="while_bidding" if bidding else "when_won",
        )
        Lead.objects.filter(pk=lead.pk).update(
            created_at=item.created_at, updated_at=item.updated_at
        )
        StatusChange.objects.create(
            lead=lead, status=lead.status, at=item.created_at
        )
    for lead in Lead.objects.filter(status_changes__isnull=True).select_related(
        "event"
    ):
        if lead.venue_id:
            lead.source = "venue"
        elif lead.ambassador_id:
            lead.source = "ambassador"
        elif lead.event_id:
            lead.source = "roadshow" if lead.event.kind == "roadshow" else "event"
        lead.status_changed_at = lead.created_at
        lead.save(update_fields=["source", "status_changed_at"])
        StatusChange.objects.create(lead=lead, status=lead.status, at=lead.created_at)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    gone = ContentType.objects.filter(app_label="ambassadors", model="contribution")
    Version.objects.filter(content_type__in=gone).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ambassadors", "0002_per_language_columns"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("enquiries", "0002_pipeline"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]
    run_before = [("ambassadors", "0003_contributions_to_leads")]

    operations = [
        migrations.RunPython(contributions_to_leads, migrations.RunPython.noop),
    ]
