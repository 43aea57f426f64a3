"""Benchmark of ``verkstad import_labour_data`` on SQLite (target: whole import ≤ 2 min).

Migrates a throw-away SQLite database in a temporary ``VERKSTAD_VAR_DIR`` and times, in
one process: the first full import of every bundled data set (parse, write, derived
tables), a second run (files unchanged: skipped), and a forced re-import (every row
upserted again). Prints one line per phase, or JSON with ``--json``.

    python bench/bench_insight_import.py [--json out.json] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="Write the figures to this file as JSON.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary database.")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="verkstad-bench-insight-"))
    os.environ["VERKSTAD_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from verkstad.insight.models import Employment, EscoOccupationSkill, Transition
    from verkstad.insight.services import labour_data_import

    call_command("migrate", verbosity=0)
    figures: dict[str, object] = {
        "machine": f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"{platform.platform()}",
        "python": platform.python_version(),
        "database": connection.vendor,
        "load_average": os.getloadavg()[0],
    }
    for phase, force in (("first import", False), ("second run", False), ("forced", True)):
        start, cpu = time.perf_counter(), time.process_time()
        report = labour_data_import(force=force)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu
        figures[phase] = round(seconds, 1)
        # CPU time of this process: comparable across runs on a busy shared machine.
        figures[f"{phase} (CPU)"] = round(cpu_seconds, 1)
        print(
            f"{phase}: {seconds:.1f} s ({cpu_seconds:.1f} s CPU) — " + "; ".join(report.lines()),
            flush=True,
        )
    figures["rows"] = {
        "employment": Employment.objects.count(),
        "esco_relations": EscoOccupationSkill.objects.count(),
        "transitions": Transition.objects.count(),
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    if not args.keep:
        for path in sorted(var_dir.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        var_dir.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
