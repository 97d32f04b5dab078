"""A small line chart as SVG text, with no dependency: the charts of the HTML report.

It draws a `povtrack.render.charts.ChartSpec` (the same spec that `povtrack chart` draws with
matplotlib): each series' runs of consecutive years (a missing year breaks the line), a marker
on every value, the targets as hollow diamonds, the projection at the current pace dashed, the
latest value with its margin, the future targets with their values, and a legend under the
plot. Text stays text (it can be searched, copied and read aloud: the SVG has a title and a
description), every piece of data is escaped, and the output is the same for the same spec.

It is made for the report, where `report --format html` must work without the matplotlib
extra; `povtrack chart` keeps matplotlib for its PNG and SVG files (one look for both).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape
from typing import Final

from povtrack.io.output import safe_line
from povtrack.render.charts import (
    MARKERS,
    ChartLine,
    ChartSpec,
    future_targets,
    latest_below,
    style,
    tick_decimals,
    tick_text,
)

WIDTH: Final = 720
#: The width of the charts that a phone shows.
NARROW: Final = 360
PLOT_HEIGHT: Final = 300
FONT: Final = 13
SMALL: Final = 11.5
#: Average width of a character, as a share of the font size (for laying out labels).
CHAR: Final = 0.58
LEFT: Final = 52
RIGHT: Final = 16
TOP: Final = 34
AXIS: Final = 40  # below the plot: year labels and the axis title
INK: Final = "#222222"
MUTED: Final = "#555555"
GRID: Final = "#dddddd"
_STEPS: Final = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
_YEAR_STEPS: Final = (1, 2, 5, 10, 20, 25, 50, 100)


def text(value: str) -> str:
    """Data text for SVG: control characters made visible, then XML-escaped."""
    return escape(safe_line(value), quote=True)


def _f(number: float) -> str:
    """A coordinate: one decimal, no `-0.0`."""
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def _width(label: str, size: float) -> float:
    return len(label) * size * CHAR


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """About `count` evenly spaced round values (steps of 1, 2, 2.5 or 5 times a power of ten)
    from at most `low` to at least `high`."""
    if high < low:
        low, high = high, low
    if high == low:
        spread = abs(high) / 10 or Decimal(1)
        low, high = low - spread, high + spread
    raw = (high - low) / max(1, count)
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(m * magnitude for m in _STEPS if m * magnitude >= raw)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    ticks = []
    value = first
    while value <= last:
        ticks.append(value.normalize() if value else Decimal(0))
        value += step
    return ticks


def year_ticks(first: int, last: int, room: int) -> list[int]:
    """Whole years for the x axis, at most `room` of them, on multiples of a round step."""
    span = max(0, last - first)
    step = next((s for s in _YEAR_STEPS if span // s + 1 <= max(2, room)), _YEAR_STEPS[-1])
    start = -(-first // step) * step
    ticks = list(range(start, last + 1, step))
    return ticks or [first]


#: The outlines of the polygon markers, as x,y pairs on a unit radius.
_SHAPES: Final = {
    "^": "0,-1.15 1,0.75 -1,0.75",
    "v": "0,1.15 1,-0.75 -1,-0.75",
    "P": "-0.35,-1 0.35,-1 0.35,-0.35 1,-0.35 1,0.35 0.35,0.35 0.35,1 -0.35,1 -0.35,0.35 "
    "-1,0.35 -1,-0.35 -0.35,-0.35",
    "X": "-1,-0.6 -0.6,-1 0,-0.4 0.6,-1 1,-0.6 0.4,0 1,0.6 0.6,1 0,0.4 -0.6,1 -1,0.6 -0.4,0",
    "h": "0,-1 0.87,-0.5 0.87,0.5 0,1 -0.87,0.5 -0.87,-0.5",
    "*": "0,-1.2 0.28,-0.38 1.14,-0.37 0.45,0.14 0.7,0.97 0,0.47 -0.7,0.97 -0.45,0.14 "
    "-1.14,-0.37 -0.28,-0.38",
}


def _marker(kind: str, x: float, y: float, r: float, colour: str) -> str:
    """A filled marker of one of the kinds of `charts.MARKERS`, centred on (x, y)."""
    fill = f'fill="{colour}"'
    if kind == "o":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" {fill}/>'
    if kind == "s":
        s = r * 0.9
        return (
            f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" height="{_f(2 * s)}" '
            f"{fill}/>"
        )
    points = " ".join(
        f"{_f(x + float(dx) * r)},{_f(y + float(dy) * r)}"
        for dx, dy in (pair.split(",") for pair in _SHAPES[kind].split())
    )
    return f'<polygon points="{points}" {fill}/>'


def _diamond(x: float, y: float, r: float, colour: str) -> str:
    return (
        f'<path d="M{_f(x)} {_f(y - r)}L{_f(x + r)} {_f(y)}L{_f(x)} {_f(y + r)}'
        f'L{_f(x - r)} {_f(y)}Z" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    )


def _polyline(points: list[tuple[float, float]], colour: str, dashed: bool = False) -> str:
    coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    if dashed:
        return (
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )


def _label(
    x: float,
    y: float,
    lines: list[str],
    anchor: str,
    size: float = FONT,
    colour: str = INK,
    *,
    halo: bool = True,
) -> str:
    """Text of one or more lines; a white halo keeps it readable over grid lines."""
    spans = "".join(
        f'<tspan x="{_f(x)}" dy="{0 if i == 0 else _f(size * 1.25)}">{text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    outline = (
        ' paint-order="stroke" stroke="#ffffff" stroke-width="4" stroke-linejoin="round"'
        if halo
        else ""
    )
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{colour}"{outline}>{spans}</text>'
    )


class _Scale:
    def __init__(self, spec: ChartSpec, left: float, right: float, top: float, bottom: float):
        self.first = spec.first_year - 0.5
        self.last = spec.last_year + 0.5
        low_high = spec.low_high() or (Decimal(0), Decimal(1))
        low, high = low_high
        pad = (high - low) * Decimal("0.15") or abs(high) / 10 or Decimal(1)
        self.ticks = nice_ticks(low - pad, high + pad, 5)
        self.low = float(self.ticks[0])
        self.high = float(self.ticks[-1])
        self.left, self.right, self.top, self.bottom = left, right, top, bottom

    def x(self, year: float) -> float:
        return self.left + (year - self.first) / (self.last - self.first) * (self.right - self.left)

    def y(self, value: Decimal | float) -> float:
        share = (float(value) - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)


def _legend(spec: ChartSpec, width: float) -> tuple[list[tuple[str, str, int]], int]:
    """The legend's items (kind, label, series index) and how many rows they take."""
    several = len(spec.lines) > 1
    items: list[tuple[str, str, int]] = []
    for index, line in enumerate(spec.lines):
        label = line.label
        if several and line.latest_label:
            label = f"{line.label}: {line.latest_label}"
        items.append(("line", label, index))
    if any(line.targets for line in spec.lines):
        items.append(("target", spec.legend_target, -1))
    if any(line.projection for line in spec.lines):
        items.append(("projection", spec.legend_projection, -1))
    rows, x = 1, float(LEFT)
    for _, label, _ in items:
        need = 34 + _width(label, SMALL) + 18
        if x + need > width - RIGHT and x > LEFT:
            rows += 1
            x = LEFT
        x += need
    return items, rows


def render_svg(spec: ChartSpec, *, ident: str = "chart", width: int = WIDTH) -> str:
    """The chart as an `<svg>` element, `width` units wide (it scales to its container: the
    HTML report sets its width to 100 %). `ident` makes the ids of its title and description
    unique within a page."""
    items, legend_rows = _legend(spec, width)
    legend_height = legend_rows * 22 + 8
    plot_bottom = TOP + PLOT_HEIGHT
    height = plot_bottom + AXIS + legend_height
    scale = _Scale(spec, LEFT, width - RIGHT, TOP, plot_bottom)
    ident = "".join(ch for ch in ident if ch.isalnum() or ch in "-_") or "chart"
    description = [
        f"{line.label}: {line.latest_label}"
        + (f", {line.latest_margin}" if line.latest_margin else "")
        for line in spec.lines
        if line.latest_label
    ]
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="chart" '
        "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', "
        'sans-serif">',
        f'<title id="{ident}-title">{text(spec.title)}</title>',
        f'<desc id="{ident}-desc">{text("; ".join([spec.subtitle, *description]))}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # the unit above the y axis, the direction at the right
    out.append(_label(LEFT - 44, TOP - 14, [spec.y_label], "start", SMALL, MUTED, halo=False))
    out.append(_label(width - RIGHT, TOP - 14, [spec.subtitle], "end", SMALL, MUTED, halo=False))
    decimals = tick_decimals([float(tick) for tick in scale.ticks])
    for tick in scale.ticks:
        y = scale.y(tick)
        out.append(
            f'<line x1="{_f(LEFT)}" y1="{_f(y)}" x2="{_f(width - RIGHT)}" y2="{_f(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            _label(LEFT - 6, y + SMALL * 0.35, [tick_text(float(tick), decimals, spec.lang)],
                   "end", SMALL, MUTED, halo=False)
        )  # fmt: skip
    room = int((width - LEFT - RIGHT) // 52)
    for year in year_ticks(spec.first_year, spec.last_year, room):
        x = scale.x(year)
        out.append(
            f'<line x1="{_f(x)}" y1="{_f(plot_bottom)}" x2="{_f(x)}" y2="{_f(plot_bottom + 5)}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        out.append(_label(x, plot_bottom + 19, [str(year)], "middle", SMALL, MUTED, halo=False))
    out.append(
        f'<line x1="{_f(LEFT)}" y1="{_f(plot_bottom)}" x2="{_f(width - RIGHT)}" '
        f'y2="{_f(plot_bottom)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    out.append(
        _label((LEFT + width - RIGHT) / 2, plot_bottom + 35, [spec.x_label], "middle", SMALL,
               MUTED, halo=False)
    )  # fmt: skip
    several = len(spec.lines) > 1
    for index, line in enumerate(spec.lines):
        out.extend(_series(spec, line, index, scale, width, several))
    out.extend(_legend_svg(items, plot_bottom + AXIS + 6, width))
    out.append("</svg>")
    return "\n".join(out)


def _series(
    spec: ChartSpec, line: ChartLine, index: int, scale: _Scale, width: int, several: bool
) -> list[str]:
    colour, marker_no = style(index)
    kind = MARKERS[marker_no]
    out = [f'<g class="series" data-series="{index}">']
    if line.projection:
        out.append(
            _polyline([(scale.x(p.year), scale.y(p.value)) for p in line.projection], colour, True)
        )
    for segment in line.segments:
        points = [(scale.x(p.year), scale.y(p.value)) for p in segment]
        if len(points) > 1:
            out.append(_polyline(points, colour))
        out.extend(_marker(kind, x, y, 4.2, colour) for x, y in points)
    out.extend(_diamond(scale.x(p.year), scale.y(p.value), 6.5, colour) for p in line.targets)
    if not several:
        out.extend(_annotations(line, scale, width))
    out.append("</g>")
    return out


def _place(x: float, wide: float, width: int) -> tuple[str, float] | None:
    """Where a label of `wide` units ending (or else starting) near x fits inside the chart."""
    if x - 6 - wide >= 4:
        return "end", x - 6
    if x - 6 + wide <= width - 4:
        return "start", max(4.0, x - 6)
    return None


def _annotations(line: ChartLine, scale: _Scale, width: int) -> list[str]:
    """The latest value (and its margin), the projection's end and the future targets, each
    only where it fits: on a narrow chart the margin, then the rest, are left to the text."""
    out = []
    if line.latest is not None and line.latest_label:
        below = latest_below(line)
        x, y = scale.x(line.latest.year), scale.y(line.latest.value)
        lines = [label for label in (line.latest_label, line.latest_margin) if label]
        place = _place(x, max(_width(label, FONT) for label in lines), width)
        if place is None and len(lines) > 1:
            lines = lines[:1]
            place = _place(x, _width(lines[0], FONT), width)
        if place is not None:
            anchor, tx = place
            extra = (len(lines) - 1) * FONT * 1.25
            ty = y + 30 if below else y - 22 - extra
            end_y = ty - FONT if below else ty + 6 + extra
            out.append(
                f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x - 4)}" y2="{_f(end_y)}" '
                'stroke="#777777" stroke-width="1"/>'
            )
            out.append(_label(tx, ty, lines, anchor))
    if line.projection and line.projection_label:
        # only where it fits at the right of the projection's end; the report says it in words
        end = line.projection[-1]
        x, y = scale.x(end.year), scale.y(end.value)
        label = line.projection_label
        for lines in ([label], label.split(", ", 1)):
            if x + 12 + max(_width(text, SMALL) for text in lines) <= width - RIGHT:
                top = y + SMALL * 0.35 - (len(lines) - 1) * SMALL * 0.6
                out.append(_label(x + 12, top, lines, "start", SMALL))
                break
    above = latest_below(line)
    for point, label in future_targets(line):
        x, y = scale.x(point.year), scale.y(point.value)
        wide = _width(label, SMALL)
        ty = y - 12 if above else y + 12 + SMALL
        if x + 6 + wide <= width - RIGHT:
            out.append(_label(x + 6, ty, [label], "start", SMALL, MUTED))
        elif x - 6 - wide >= 4:
            out.append(_label(x - 6, ty, [label], "end", SMALL, MUTED))
    return out


def _legend_svg(items: list[tuple[str, str, int]], top: float, width: int) -> list[str]:
    out = ['<g class="legend">']
    x, y = float(LEFT), top + 8
    for kind, label, index in items:
        need = 34 + _width(label, SMALL) + 18
        if x + need > width - RIGHT and x > LEFT:
            x = LEFT
            y += 22
        if kind == "line":
            colour, marker_no = style(index)
            out.append(_polyline([(x, y), (x + 26, y)], colour))
            out.append(_marker(MARKERS[marker_no], x + 13, y, 4.2, colour))
        elif kind == "target":
            out.append(_diamond(x + 13, y, 6, "#333333"))
        else:
            out.append(_polyline([(x, y), (x + 26, y)], "#333333", True))
        out.append(_label(x + 34, y + SMALL * 0.35, [label], "start", SMALL, INK, halo=False))
        x += need
    out.append("</g>")
    return out
