"""The meetings an ambassador helped bring, as their profile shows them.

The ambassadors app keeps none: the app that runs the bid pipeline (above
this one) registers, in its ready(), a function from an ambassador to the
contributions that may be public, so ambassadors never imports it (as
`events.profiles` lets ambassadors hook into events).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from events.models import Event


@dataclass(frozen=True)
class Contribution:
    """A meeting on an ambassador's profile."""

    class State:
        BIDDING = "bidding"
        WON = "won"
        HELD = "held"

    meeting: str
    association: str
    year: int | None
    delegates: int
    state: str
    event: Event | None = None  # its public page, when published
    # The languages the two names are in ("en", "zh-hans"); the profile marks
    # one that is not the page's.
    meeting_language: str = "en"
    association_language: str = "en"

    @property
    def secured(self):
        return self.state != self.State.BIDDING

    def get_state_display(self):
        return STATE_LABELS[self.state]


STATE_LABELS = {
    Contribution.State.BIDDING: _("Bidding"),
    Contribution.State.WON: _("Won"),
    Contribution.State.HELD: _("Held"),
}


_source: list[Callable] = []


def register_source(source: Callable) -> None:
    """Register `source(ambassador) -> list[Contribution]`, public ones only,
    in the order the profile lists them."""
    _source[:] = [source]


def public_contributions(ambassador) -> list[Contribution]:
    return _source[0](ambassador) if _source else []
