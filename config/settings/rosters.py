"""The events app's rosters: imports, exports, retention, and the privacy
notice that states what is kept."""

from pathlib import Path

from config.env import BASE_DIR, env

from .operations import LOG_DIR, LOG_RETENTION_DAYS

# Roster imports (events/importing/): largest spreadsheet accepted, the
# most an XLSX may unpack to, and how long a checked upload waits for
# confirmation before it is deleted.
ROSTER_IMPORT_MAX_BYTES = env.int("ROSTER_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
ROSTER_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "ROSTER_IMPORT_MAX_UNPACKED_BYTES", default=4 * ROSTER_IMPORT_MAX_BYTES
)
ROSTER_IMPORT_PENDING_HOURS = env.int("ROSTER_IMPORT_PENDING_HOURS", default=24)

# Roster exports above this many rows are written by the task worker;
# finished ones wait a day in ROSTER_EXPORT_DIR (private, never under
# MEDIA_ROOT, which the site serves).
ROSTER_EXPORT_BACKGROUND_ROWS = env.int("ROSTER_EXPORT_BACKGROUND_ROWS", default=20_000)
ROSTER_EXPORT_DIR = Path(
    env.str("ROSTER_EXPORT_DIR", default=str(BASE_DIR / "var" / "exports"))
)

# Participants who are not public guests are anonymised this many months
# after their event ends, unless the event sets another date.
ROSTER_RETENTION_MONTHS = env.int("ROSTER_RETENTION_MONTHS", default=12)
# Named on the privacy notice (/privacy/): where people send requests about
# their data, and how long the servers' logs are kept (unset: not stated).
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="")
SERVER_LOG_RETENTION_DAYS = env.int(
    "SERVER_LOG_RETENTION_DAYS", default=LOG_RETENTION_DAYS if LOG_DIR else None
)
