"""Seed step: the knowledge base from content/ (see ``verkstad.core.seed``)."""

from __future__ import annotations

from verkstad.core.seed import SeedContext
from verkstad.knowledge.loader import content_load, default_content_path


def seed_content(ctx: SeedContext) -> None:
    """Knowledge base from content/."""
    path = default_content_path()
    report = content_load(path=path, dry_run=ctx.dry_run)
    if report.errors:
        for error in report.errors:
            ctx.write(str(error))
        raise ValueError(f"{len(report.errors)} error(s) in {path}; nothing was loaded.")
    for conflict in report.conflicts:
        ctx.write(f"conflict: {conflict}")
    verb = "Would load" if ctx.dry_run else "Loaded"
    ctx.write(
        f"{verb} {len(report.created)} new and {len(report.updated)} changed row(s); "
        f"{len(report.unchanged)} already up to date, {len(report.conflicts)} conflict(s)."
    )
