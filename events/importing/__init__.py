"""Roster imports: read a CSV or XLSX file shaped like the export, check every
row, and show what would change before anything is written.

A blank cell never erases: on an existing participant it keeps the stored value.
The rows read at the dry run wait in the database (PendingImport), never on
disk, and are planned again against the roster of the moment when confirmed.
Every case-insensitive match follows PostgreSQL's lower(), the rule of the
unique constraints, never Python's str.lower().
"""

from .applying import ImportConflictError, apply_import
from .pending import pending_import_claim, pending_import_create, pending_imports_sweep
from .planning import ImportPlan, RowError, plan_import, plan_roster
from .reading import ImportFileError, Roster, read_roster

__all__ = [
    "ImportConflictError",
    "ImportFileError",
    "ImportPlan",
    "Roster",
    "RowError",
    "apply_import",
    "pending_import_claim",
    "pending_import_create",
    "pending_imports_sweep",
    "plan_import",
    "plan_roster",
    "read_roster",
]
