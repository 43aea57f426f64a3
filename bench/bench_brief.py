"""Benchmark of one brief's PDF (target: ≤ 3 s per PDF on the benchmark machine).

Migrates a throw-away SQLite database in a temporary ``VERKSTAD_VAR_DIR``, loads the real
knowledge content and the labour data (the bundled open data; ``--slice`` uses the small
test slice instead), then times, in one process and the same run:

- a baseline: a trivial one-page HTML document through WeasyPrint (fixed cost: fonts, PDF);
- assembling the brief's content (every query);
- rendering the brief's PDF (PDF/UA-1, tagged), the whole of ``render.brief_pdf``.

Each is the median of ``--repeat`` runs after one warm-up. Peak memory: the largest Python
allocation during one render (tracemalloc) and the process's peak resident set.

    python bench/bench_brief.py [--county 20] [--audience arbetsgivare] [--repeat 5]
                                [--slice] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = (
    "<!doctype html><html lang='sv'><head><meta charset='utf-8'><title>Test</title></head>"
    "<body><h1>Underlag</h1><p>En sida med lite text.</p></body></html>"
)


def _median(fn: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", default="20")
    parser.add_argument("--audience", default="arbetsgivare")
    parser.add_argument("--lang", default="sv")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--slice", action="store_true", help="Use the labour-data test slice.")
    parser.add_argument("--json", type=Path, help="Write the figures to this file as JSON.")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="verkstad-bench-brief-"))
    os.environ["VERKSTAD_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verkstad.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from verkstad.briefs.assemble import BriefRequest, brief_assemble
    from verkstad.briefs.regions import region_parse
    from verkstad.briefs.render import brief_pdf
    from verkstad.insight.services import labour_data_import
    from verkstad.knowledge.loader import content_load, default_content_path

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    assert content_load(path=default_content_path()).ok
    if args.slice:
        labour_data_import(data_dir=ROOT / "tests" / "insight" / "data")
    else:
        labour_data_import()
    print(f"setup (content + labour data): {time.perf_counter() - start:.1f} s", flush=True)

    from weasyprint import HTML

    region = region_parse(args.county)
    assert region is not None, args.county
    request = BriefRequest(region=region, audience=args.audience, language=args.lang)
    content = brief_assemble(request=request)

    baseline, baseline_runs = _median(lambda: HTML(string=TRIVIAL).write_pdf(), args.repeat)
    assemble, assemble_runs = _median(lambda: brief_assemble(request=request), args.repeat)
    render, render_runs = _median(lambda: brief_pdf(content=content), args.repeat)

    tracemalloc.start()
    data = brief_pdf(content=content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    from pypdf import PdfReader

    pages = len(PdfReader(__import__("io").BytesIO(data)).pages)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    figures = {
        "machine": f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"{platform.platform()}",
        "python": platform.python_version(),
        "load_average": round(os.getloadavg()[0], 2),
        "brief": f"{args.county} {args.audience} {args.lang}",
        "data": "test slice" if args.slice else "bundled open data",
        "pages": pages,
        "pdf_bytes": len(data),
        "repeat": args.repeat,
        "baseline_one_page_s": round(baseline, 3),
        "assemble_s": round(assemble, 3),
        "render_pdf_s": round(render, 3),
        "assemble_and_render_s": round(assemble + render, 3),
        "render_runs_s": [round(t, 3) for t in render_runs],
        "peak_python_alloc_mb": round(peak / 2**20, 1),
        "peak_rss_mb": round(rss_mb, 1),
        "target_s": 3.0,
    }
    print(f"baseline (trivial one page): median {baseline:.3f} s", flush=True)
    print(f"assemble content: median {assemble:.3f} s", flush=True)
    print(
        f"brief PDF ({pages} pages, {len(data) // 1024} KiB): median {render:.3f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in render_runs)}); target ≤ 3 s",
        flush=True,
    )
    print(
        f"peak Python allocation {figures['peak_python_alloc_mb']} MB; "
        f"peak RSS {figures['peak_rss_mb']} MB; load average {figures['load_average']}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if assemble + render <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
