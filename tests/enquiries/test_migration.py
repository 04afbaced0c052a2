"""Ambassadors' contributions become leads (enquiries 0003): run on the
real database, back to before the pipeline and forward again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from enquiries.models import Lead
from tests.factories import AmbassadorFactory, EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("ambassadors", "0002_per_language_columns"), ("enquiries", "0001_initial")]


def migrate(targets=None):
    """Migrate to `targets` (else to the latest); return the apps of then."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_pipeline():
    apps = migrate(BEFORE)
    yield apps
    migrate()


def test_every_public_contribution_stays_public_as_a_lead(before_the_pipeline, client):
    chen, lin, tian = (AmbassadorFactory(name=name) for name in ("Chen", "Lin", "Tian"))
    held = EventFactory(
        title="Materials Forum 2025",
        start=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
        end=datetime.datetime(2025, 5, 3, tzinfo=datetime.UTC),
    )
    Contribution = before_the_pipeline.get_model("ambassadors", "Contribution")
    # The demo's contributions as they were, and one held without an event.
    for ambassador, meeting, year, delegates, status, event in (
        (chen, "Demo Asian Materials Forum 2025", 2025, 1200, "held", held),
        (lin, "Demo World Tea Science Symposium 2026", 2026, 450, "won", None),
        (tian, "Demo Congress of Example Sciences 2027", 2027, 800, "bidding", None),
        (tian, "Demo Regional Forum 2023", 2023, 300, "held", None),
    ):  # fmt: skip
        Contribution.objects.create(
            ambassador_id=ambassador.pk,
            meeting=meeting,
            association_id=OrganizationFactory(name=f"Society of {meeting}").pk,
            year=year,
            expected_delegates=delegates,
            status=status,
            event_id=event and event.pk,
        )

    migrate()

    shown = {}
    for ambassador in (chen, lin, tian):  # as visitors see them
        context = client.get(ambassador.get_absolute_url()).context
        for item in context["secured"] + context["bids"]:
            shown[item.meeting[:16]] = (item.year, item.delegates, item.state)
    assert shown == {
        "Demo Congress of": (2027, 800, "bidding"),
        "Materials Forum ": (2025, 1200, "held"),
        "Demo Regional Fo": (2023, 300, "won"),  # held, but no event to show it
        "Demo World Tea S": (2026, 450, "won"),
    }
    lead = Lead.objects.get(meeting_name__startswith="Demo Asian")
    assert (lead.status, lead.won_event, lead.source) == ("won", held, "ambassador")
    assert lead.organization.name == f"Society of {lead.meeting_name}"
    assert [s.status for s in lead.status_changes.all()] == ["won"]
