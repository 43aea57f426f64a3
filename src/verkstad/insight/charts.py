"""Server-rendered, accessible SVG charts, each built from the table shown beside it.

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``; every bar and
point carries its value as text, series differ by pattern and marker shape as well as by
colour, and the styles in verkstad.css print in black and grey. The same :class:`Table`
feeds the chart, the HTML table and the CSV download.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Value = str | int | float | None


@dataclass
class Table:
    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[Value]]
    svg: SafeString | str = ""
    notes: list[str] = field(default_factory=list)


def fmt(value: Value, decimals: int = 1) -> str:
    """A number as the active language writes it (grouped thousands), "–" for none."""
    if value is None:
        return "–"
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return number_format(value, 0, force_grouping=True)
    return number_format(value, decimals, force_grouping=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    variant: int = 0  # 0 = solid, 1 = hatched, 2 = dotted


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


def _frame(slug: str, title: str, desc: str, width: int, height: int, body: str) -> SafeString:
    tid, did = f"{slug}-title", f"{slug}-desc"
    defs = (
        f'<defs><pattern id="{slug}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" class="chart__hatch-bg"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" class="chart__hatch-line"/></pattern>'
        f'<pattern id="{slug}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" class="chart__hatch-bg"/>'
        f'<circle cx="2.5" cy="2.5" r="1.2" class="chart__hatch-line"/></pattern></defs>'
    )
    return mark_safe(  # noqa: S308 every interpolated text is escaped above or here
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{tid} {did}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
        f"{defs}{body}</svg>"
    )


def bar_chart(
    *,
    slug: str,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    value_label: Callable[[float], str] = fmt,
) -> SafeString:
    """Horizontal bars, each with its label on the left and its value at its end."""
    label_w, bar_w, row_h, pad = 260, 300, 26, 8
    width = label_w + bar_w + 110
    height = pad * 2 + row_h * max(len(bars), 1)
    top = max((b.value for b in bars), default=0) or 1
    fills = ("chart__bar", f"url(#{slug}-hatch)", f"url(#{slug}-dots)")
    parts = []
    for i, bar in enumerate(bars):
        y = pad + i * row_h
        length = max(bar.value, 0) / top * bar_w
        label = bar.label if len(bar.label) <= 40 else bar.label[:39] + "…"
        fill = fills[bar.variant % 3]
        fill_attr = (
            f'class="{fill}"' if bar.variant == 0 else f'fill="{fill}" class="chart__bar-alt"'
        )
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row_h * 0.65:.1f}" text-anchor="end" '
            f'class="chart__label">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" '
            f"{fill_attr}/>"
            f'<text x="{label_w + length + 6:.1f}" y="{y + row_h * 0.65:.1f}" '
            f'class="chart__value">{escape(value_label(bar.value))}</text>'
        )
    return _frame(slug, title, desc, width, height, "".join(parts))


def line_chart(
    *,
    slug: str,
    title: str,
    desc: str,
    years: Sequence[int],
    series: Sequence[Series],
    break_between: tuple[int, int] | None = None,
    break_label: str = "",
    value_label: Callable[[float], str] = fmt,
) -> SafeString:
    """Lines over years with a marker shape per series and the series break drawn in."""
    left, right, top_pad, bottom = 70, 150, 16, 40
    plot_w, plot_h = 460, 200
    width, height = left + plot_w + right, top_pad + plot_h + bottom
    values = [v for s in series for v in s.values if v is not None]
    top = max(values, default=0) or 1
    n = max(len(years) - 1, 1)

    def x(i: float) -> float:
        return left + plot_w * i / n

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - v / top)

    parts = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_pad + plot_h}" class="chart__axis"/>'
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" '
        f'class="chart__axis"/>'
    ]
    for tick in (0, 0.5, 1):
        value = top * tick
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'class="chart__tick">{escape(fmt(round(value)))}</text>'
        )
    for i, year in enumerate(years):
        if len(years) <= 12 or i % 2 == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top_pad + plot_h + 18}" text-anchor="middle" '
                f'class="chart__tick">{year}</text>'
            )
    if break_between and break_between[0] in years and break_between[1] in years:
        bx = (x(years.index(break_between[0])) + x(years.index(break_between[1]))) / 2
        parts.append(
            f'<line x1="{bx:.1f}" y1="{top_pad}" x2="{bx:.1f}" y2="{top_pad + plot_h}" '
            f'class="chart__break"/><text x="{bx + 4:.1f}" y="{top_pad + 12}" '
            f'class="chart__break-label">{escape(break_label)}</text>'
        )
    markers = ("circle", "square", "triangle")
    for s_index, s in enumerate(series):
        points = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" class="chart__line chart__line--{s_index}"/>')
        shape = markers[s_index % 3]
        for px, py in points:
            if shape == "circle":
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" class="chart__point"/>')
            elif shape == "square":
                parts.append(
                    f'<rect x="{px - 3.5:.1f}" y="{py - 3.5:.1f}" width="7" height="7" '
                    f'class="chart__point"/>'
                )
            else:
                parts.append(
                    f'<polygon points="{px:.1f},{py - 4.5:.1f} {px - 4.5:.1f},{py + 3.5:.1f} '
                    f'{px + 4.5:.1f},{py + 3.5:.1f}" class="chart__point"/>'
                )
        last_x, last_y = points[-1]
        last = [v for v in s.values if v is not None][-1]
        parts.append(
            f'<text x="{last_x + 8:.1f}" y="{last_y + 4 + s_index * 12:.1f}" '
            f'class="chart__value">{escape(s.label)}: {escape(value_label(last))}</text>'
        )
    return _frame(slug, title, desc, width, height, "".join(parts))
