"""Run every benchmark, print one table and write bench/results.json.

BENCH_SCALE (default 1.0) sizes the generated data; the database
`hangzhou_mice_bench_<scale>` is created and filled on first use and reused.
BENCH_ONLY (module names, e.g. "pages login_attack") runs only those and
leaves bench/results.json as it was.
"""

import datetime
import json
import os
import platform
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent


def prepare(scale):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    # The in-process benchmarks render pages with DEBUG off, through the
    # manifest static storage: a fresh clone has no manifest until this runs.
    call_command("collectstatic", interactive=False, verbosity=0)
    if not Article.objects.filter(slug__startswith="bench-").exists():
        call_command("generate_data", scale=scale)


def table(rows):
    header = f"{'benchmark':<52} {'ours':>10} {'anchor':>10} {'ratio':>8}  met"
    lines = [header + "  target"]
    for row in rows:
        anchor = "—" if row["anchor"] is None else f"{row['anchor']:.2f}"
        ratio = "—" if row["ratio"] is None else f"{row['ratio']:.3f}"
        lines.append(
            f"{row['name'][:52]:<52} {row['ours']:>10.2f} {anchor:>10} {ratio:>8}"
            f"  {'yes' if row['met'] else 'NO ':<4} {row['target']} {row['note']}"
        )
    return "\n".join(lines)


def benchmarks(scale):
    """Each benchmark module's name and a call returning its rows, in order."""
    from bench import (
        editing,
        exports,
        finder,
        login_attack,
        outage,
        pages,
        search,
        sharedcache,
        similar,
        uploads,
    )

    return {
        "similar": lambda: similar.run(scale),
        "finder": lambda: finder.run(scale),
        "search": lambda: search.run(scale),
        "pages": lambda: pages.run(scale),
        "editing": lambda: editing.run(scale),
        "sharedcache": lambda: sharedcache.run(scale),
        "outage": lambda: outage.run(scale),
        "login_attack": lambda: login_attack.run(scale),
        "exports": lambda: exports.run(os.environ["DATABASE_URL"], scale),
        "uploads": lambda: uploads.run(scale),
    }


def main():
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    only = os.environ.get("BENCH_ONLY", "").split()
    prepare(scale)
    from django.utils import translation

    translation.activate("en")  # the benchmark data and pages are English

    runs = benchmarks(scale)
    if unknown := set(only) - set(runs):
        sys.exit(f"BENCH_ONLY: no {' '.join(unknown)}; choose from {' '.join(runs)}")
    rows = [row for name in runs if not only or name in only for row in runs[name]()]
    if only:
        print(table(rows))
        return
    report = {
        "scale": scale,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}",
        "results": rows,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    print(table(rows))
    print(f"\nWrote bench/results.json ({sum(r['met'] for r in rows)}/{len(rows)} met)")


if __name__ == "__main__":
    main()
