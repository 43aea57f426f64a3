"""Number formatting for the insight tables: grouped thousands, one decimal, "–" for none."""

from __future__ import annotations

from django import template

from verkstad.insight.charts import Value, fmt

register = template.Library()


@register.filter
def num(value: Value, decimals: int = 1) -> str:
    return fmt(value, decimals)


@register.filter
def pct(share: float | None) -> str:
    """A share (0–1) as a percentage with one decimal."""
    return "–" if share is None else f"{fmt(100 * share)} %"


@register.filter
def is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
