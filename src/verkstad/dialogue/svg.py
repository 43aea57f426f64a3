"""Server-rendered SVG for the report: the opinion map and the agree / disagree / pass bars.

No inline style anywhere (the CSP forbids it): sizes are attributes, colours come from classes
in ``dialogue-report.css``. Groups differ by letter and fill pattern, not by colour only. The
map is an ``<svg role="img">`` with ``<title>`` and ``<desc>``; the page's tables carry the
same information as text. The bars are decoration beside their numbers (``aria-hidden``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from verkstad.dialogue.aggregates import GRID
from verkstad.dialogue.report import GroupView, Share

#: Fill patterns, one per group (cycled): the first is solid.
PATTERNS = 5

WIDTH, HEIGHT, PAD = 640, 420, 28


def pattern_defs() -> SafeString:
    """The patterns both the map and the bars refer to; put once on the page."""
    return mark_safe(  # noqa: S308 constant markup
        '<svg class="dr-defs" aria-hidden="true" focusable="false" width="0" height="0" '
        'xmlns="http://www.w3.org/2000/svg"><defs>'
        '<pattern id="dr-pat-1" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" class="dr-pat-bg dr-pat-bg--1"/>'
        '<line x1="0" y1="0" x2="0" y2="8" class="dr-pat-line dr-pat-line--1"/></pattern>'
        '<pattern id="dr-pat-2" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<rect width="7" height="7" class="dr-pat-bg dr-pat-bg--2"/>'
        '<circle cx="3.5" cy="3.5" r="1.6" class="dr-pat-line dr-pat-line--2"/></pattern>'
        '<pattern id="dr-pat-3" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" class="dr-pat-bg dr-pat-bg--3"/>'
        '<line x1="0" y1="4" x2="8" y2="4" class="dr-pat-line dr-pat-line--3"/></pattern>'
        '<pattern id="dr-pat-4" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" class="dr-pat-bg dr-pat-bg--4"/>'
        '<path d="M0 0 L8 8 M8 0 L0 8" class="dr-pat-line dr-pat-line--4"/></pattern>'
        '<pattern id="dr-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(-45)"><rect width="6" height="6" class="dr-hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="dr-hatch-line"/></pattern>'
        "</defs></svg>"
    )


def _fill(group_id: int) -> str:
    variant = group_id % PATTERNS
    if variant == 0:
        return f'class="dr-region dr-region--{variant}"'
    return f'class="dr-region dr-region--{variant}" fill="url(#dr-pat-{variant})"'


def map_svg(
    *,
    title: str,
    desc: str,
    cells: Sequence[Sequence[int]],
    hulls: dict[str, list[list[float]]],
    groups: Sequence[GroupView],
) -> SafeString:
    """The opinion map: each group's region (its cells' outline, patterned), a dot per grid
    cell sized by how many people it holds, and the group's letter at its centre.

    Groups with fewer than five people get their letter only, no dots and no region.
    """
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD

    def x(u: float) -> float:
        return PAD + u * plot_w

    def y(v: float) -> float:
        return PAD + (1 - v) * plot_h  # SVG's y grows downwards

    shown = {g.id for g in groups if not g.suppressed}
    parts: list[str] = [
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{HEIGHT - 2}" class="dr-map__frame"/>',
        f'<line x1="{WIDTH / 2}" y1="{PAD}" x2="{WIDTH / 2}" y2="{HEIGHT - PAD}" '
        'class="dr-map__axis"/>',
        f'<line x1="{PAD}" y1="{HEIGHT / 2}" x2="{WIDTH - PAD}" y2="{HEIGHT / 2}" '
        'class="dr-map__axis"/>',
    ]
    for group in groups:
        if group.id not in shown:
            continue
        hull = hulls.get(str(group.id)) or []
        if len(hull) >= 3:
            points = " ".join(f"{x(u):.1f},{y(v):.1f}" for u, v in hull)
            parts.append(f'<polygon points="{points}" {_fill(group.id)} stroke-linejoin="round"/>')
        elif len(hull) == 2:
            (u1, v1), (u2, v2) = hull
            parts.append(
                f'<line x1="{x(u1):.1f}" y1="{y(v1):.1f}" x2="{x(u2):.1f}" y2="{y(v2):.1f}" '
                f'class="dr-region-line dr-region-line--{group.id % PATTERNS}"/>'
            )
    centres: dict[int, tuple[float, float, int]] = {}
    for g, i, j, n in cells:
        u, v = (i + 0.5) / GRID, (j + 0.5) / GRID
        cu, cv, cn = centres.get(g, (0.0, 0.0, 0))
        centres[g] = (cu + u * n, cv + v * n, cn + n)
        if g in shown:
            radius = min(2.5 + 2.2 * n**0.5, plot_w / GRID * 0.9)
            parts.append(
                f'<circle cx="{x(u):.1f}" cy="{y(v):.1f}" r="{radius:.1f}" '
                f'class="dr-dot dr-dot--{g % PATTERNS}"/>'
            )
    for group in groups:
        if group.id not in centres:
            continue
        cu, cv, cn = centres[group.id]
        cx, cy = x(cu / cn), y(cv / cn)
        parts.append(
            f'<g class="dr-label"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="15" '
            f'class="dr-label__disc"/><text x="{cx:.1f}" y="{cy + 6:.1f}" '
            f'text-anchor="middle" class="dr-label__text">{escape(group.letter)}</text></g>'
        )
    return mark_safe(  # noqa: S308 every interpolated text is escaped
        f'<svg class="dr-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="dr-map-title dr-map-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="dr-map-title">{escape(title)}</title>'
        f'<desc id="dr-map-desc">{escape(desc)}</desc>{"".join(parts)}</svg>'
    )


def vote_bar(share: Share | None) -> SafeString:
    """A 100-unit stacked bar: agree (solid), disagree (hatched), pass (light). Decorative:
    the numbers are beside it in text."""
    if share is None or not share.voters:
        return mark_safe("")  # noqa: S308 empty
    total = share.voters
    agree = 100 * share.agree / total
    disagree = 100 * share.disagree / total
    passed = 100 - agree - disagree
    return mark_safe(  # noqa: S308 numbers only
        '<svg class="dr-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="0" y="0" width="{agree:.2f}" height="10" class="dr-bar__agree"/>'
        f'<rect x="{agree:.2f}" y="0" width="{disagree:.2f}" height="10" '
        'class="dr-bar__disagree" fill="url(#dr-hatch)"/>'
        f'<rect x="{agree + disagree:.2f}" y="0" width="{max(passed, 0):.2f}" height="10" '
        'class="dr-bar__pass"/></svg>'
    )
