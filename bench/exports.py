"""Roster exports against their floors and django-import-export (targets 4, 5).

Each export runs in a fresh process (bench/export_child.py) so its peak memory
is its own. Ours and the floors run REPEAT times and the run with the median
time counts; django-import-export takes tens of seconds, so it runs once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from .common import result

CHILD = Path(__file__).with_name("export_child.py")
FULL_ROWS = 200_000
SMALL_ROWS = 20_000
REPEAT = 3
CSV_FACTOR = 2  # the roster CSV against COPY of its own SELECT, in the same run
MEMORY_LIMIT_MB = 20
GROWTH_LIMIT_MB = 2
REPEATED = ("copy_csv", "ours_csv", "xlsxwriter_anchor", "ours_xlsx")
ONCE = ("import_export_csv", "import_export_xlsx")
XLSX_FIRST_BYTE = "XLSX first byte = file complete (a workbook is written whole)."


def measure(database_url, variant, rows):
    """Run one export in a child process and return its figures."""
    completed = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, str(CHILD), variant, str(rows)],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(f"{variant} at {rows} rows failed:\n{completed.stderr}")
    return json.loads(completed.stdout.splitlines()[-1])


def median_run(database_url, variant, rows, repeat=REPEAT):
    runs = [measure(database_url, variant, rows) for _ in range(repeat)]
    return sorted(runs, key=lambda figures: figures["seconds"])[repeat // 2]


def above_idle_mb(figures):
    return (figures["peak_kib"] - figures["idle_kib"]) / 1024


def idle_mb(figures):
    return figures["idle_kib"] / 1024


def run(database_url, scale) -> list[dict]:
    rows, small = round(FULL_ROWS * scale), round(SMALL_ROWS * scale)
    full = {v: median_run(database_url, v, rows) for v in REPEATED}
    full |= {v: measure(database_url, v, rows) for v in ONCE}
    smaller = {v: median_run(database_url, v, small) for v in ("ours_csv", "ours_xlsx")}
    return [
        *csv_results(full),
        *memory_results("CSV", full["ours_csv"], smaller["ours_csv"], True),
        *xlsx_results(full),
        *memory_results("XLSX", full["ours_xlsx"], smaller["ours_xlsx"], False),
        *import_export_results("XLSX", full, faster=3, leaner=10),
        *import_export_results("CSV", full),
    ]


def csv_results(full):
    ours, floor = full["ours_csv"], full["copy_csv"]
    first_byte = ours["first_byte_seconds"]
    return [
        result(
            "Roster CSV: total vs COPY floor",
            ours["seconds"],
            floor["seconds"],
            f"≤ {CSV_FACTOR}×",
            ours["seconds"] <= CSV_FACTOR * floor["seconds"],
            "s",
            f"{ours['rows']:,} rows; floor: COPY of the exporter's own SELECT "
            "(same columns, join, order) read through psycopg cursor.copy().",
        ),
        result(
            "Roster CSV: first byte",
            first_byte,
            floor["first_byte_seconds"],
            "< 1 s",
            first_byte < 1,
            "s",
            "Anchor: COPY's first byte. Ours streams in chunks of 2,000 rows.",
        ),
    ]


def memory_results(kind, full, small, growth_is_target):
    """Memory above idle at both sizes, then how much it grew between them."""
    rows = [memory_result(kind, figures) for figures in (small, full)]
    growth = above_idle_mb(full) - above_idle_mb(small)
    flat = all(row["met"] for row in rows) and growth < GROWTH_LIMIT_MB
    name = f"Roster {kind}: memory growth {small['rows']:,} → {full['rows']:,} rows"
    target = f"< {GROWTH_LIMIT_MB} MB" if growth_is_target else "—"
    note = "Peak RSS above idle, larger roster minus smaller."
    met = flat or not growth_is_target
    return [*rows, result(name, growth, None, target, met, "MB", note)]


def memory_result(kind, figures):
    above = above_idle_mb(figures)
    return result(
        f"Roster {kind}: memory above idle at {figures['rows']:,} rows",
        above,
        idle_mb(figures),
        f"≤ {MEMORY_LIMIT_MB} MB",
        above <= MEMORY_LIMIT_MB,
        "MB",
        "Peak RSS minus idle RSS; anchor: the idle Django process's RSS.",
    )


def xlsx_results(full):
    ours, anchor = full["ours_xlsx"], full["xlsxwriter_anchor"]
    return [
        result(
            "Roster XLSX: time vs xlsxwriter constant memory",
            ours["seconds"],
            anchor["seconds"],
            "≤ 1.2×",
            ours["seconds"] <= 1.2 * anchor["seconds"],
            "s",
            f"{ours['rows']:,} rows; anchor: values_list rows written with "
            f"write_row, constant_memory, no labels. {XLSX_FIRST_BYTE}",
        )
    ]


def import_export_results(kind, full, faster=None, leaner=None):
    """Ours against django-import-export; factors of None are informational."""
    ours = full[f"ours_{kind.lower()}"]
    theirs = full[f"import_export_{kind.lower()}"]
    note = (
        "Anchor: ModelResource with the same fields over the roster with "
        "select_related('organization'), export() then ."
        f"{kind.lower()}; one run."
    )
    return [
        versus(kind, "time", ours["seconds"], theirs["seconds"], faster, "s", note),
        versus(
            kind,
            "memory",
            above_idle_mb(ours),
            above_idle_mb(theirs),
            leaner,
            "MB",
            f"{note} Memory above idle.",
        ),
    ]


def versus(kind, measure_name, ours, theirs, factor, unit, note):
    word = "faster" if unit == "s" else "leaner"
    return result(
        f"Roster {kind} vs django-import-export: {measure_name}",
        ours,
        theirs,
        f"≥ {factor}× {word}" if factor else "—",
        factor is None or theirs >= factor * ours,
        unit,
        note,
    )
