"""Events, their organizations and rosters, and the venues of the city."""

from .events import (
    SUMMARY_GROUPS,
    Event,
    Organization,
    Participant,
    RosterExport,
    TaggedEvent,
)
from .export_jobs import RosterExportJob
from .imports import PendingImport
from .venues import LAYOUTS, MeetingRoom, TaggedVenue, Venue, VenuePhoto

__all__ = [
    "LAYOUTS",
    "SUMMARY_GROUPS",
    "Event",
    "MeetingRoom",
    "Organization",
    "Participant",
    "PendingImport",
    "RosterExport",
    "RosterExportJob",
    "TaggedEvent",
    "TaggedVenue",
    "Venue",
    "VenuePhoto",
]
