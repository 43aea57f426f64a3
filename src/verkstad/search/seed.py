"""Seed step: the search index over what the steps before it loaded (see ``verkstad.core.seed``)."""

from __future__ import annotations

from verkstad.core.seed import SeedContext
from verkstad.search.services import index_rebuild


def seed_search_index(ctx: SeedContext) -> None:
    """Search index."""
    report = index_rebuild(dry_run=ctx.dry_run)
    verb = "Would index" if ctx.dry_run else "Indexed"
    ctx.write(
        f"{verb} {report.created} new and {report.updated} changed document(s), "
        f"removed {report.deleted}; {report.unchanged} already up to date."
    )
    if not ctx.dry_run and report.changed:
        ctx.write("Embeddings for semantic ranking are computed in the background (db_worker).")
