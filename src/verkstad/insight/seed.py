"""Seed step: the bundled open labour-market data (see ``verkstad.core.seed``)."""

from __future__ import annotations

from verkstad.core.seed import SeedContext
from verkstad.insight.services import labour_data_import


def seed_labour_data(ctx: SeedContext) -> None:
    """Labour-market data from shared/data."""
    report = labour_data_import(dry_run=ctx.dry_run)
    for line in report.lines():
        ctx.write(line)
