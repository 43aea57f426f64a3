"""Template tags of the dialogue report: the vote bars, group swatches, and the "what
participants said" box on the finding card (``{% finding_results finding %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from verkstad.dialogue.report import Share
from verkstad.dialogue.selectors import finding_results_get
from verkstad.dialogue.svg import PATTERNS, pattern_defs
from verkstad.dialogue.svg import vote_bar as _vote_bar

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    """A whole number with the language's digit grouping: 2 871 in Swedish, 2,871 in English."""
    return number_format(value, 0, force_grouping=True)


@register.simple_tag
def vote_bar(share: Share | None) -> SafeString:
    """The stacked agree / disagree / pass bar (decorative; numbers go beside it)."""
    return _vote_bar(share)


@register.simple_tag
def dialogue_pattern_defs() -> SafeString:
    """The fill patterns the bars and the map refer to (once per page)."""
    return pattern_defs()


@register.simple_tag
def group_fill(group_id: int) -> SafeString:
    """The class (and pattern) attributes a group's region has on the map."""
    variant = int(group_id) % PATTERNS
    if variant == 0:
        return mark_safe(f'class="dr-region dr-region--{variant}"')  # noqa: S308 numbers only
    return mark_safe(  # noqa: S308 numbers only
        f'class="dr-region dr-region--{variant}" fill="url(#dr-pat-{variant})"'
    )


@register.inclusion_tag("dialogue/_finding_results.html")
def finding_results(finding: Any) -> dict[str, Any]:
    """What participants said about the statements drawn from ``finding``."""
    return {"results": finding_results_get(finding=finding)}
