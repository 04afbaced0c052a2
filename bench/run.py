"""Run every benchmark, print one table and write bench/results.json.

BENCH_SCALE (default 1.0) sizes the generated data; the database
`hangzhou_mice_bench_<scale>` is created and filled on first use and reused.
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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangzhou_mice.settings")
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


def main():
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    prepare(scale)
    from django.utils import translation

    from bench import exports, finder, pages, search, similar, uploads

    translation.activate("en")  # the benchmark data and pages are English

    rows = similar.run(scale) + finder.run(scale) + search.run(scale)
    rows += pages.run(scale)
    rows += exports.run(os.environ["DATABASE_URL"], scale)
    rows += uploads.run(scale)
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
