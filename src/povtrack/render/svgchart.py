"""Drawing a chart: a `povtrack.render.charts.ChartSpec` as SVG text, and as PNG from that SVG.

The one way povtrack draws. Each series' runs of consecutive years (a missing year breaks the
line), a marker on every value, the targets as hollow diamonds, the projection at the current
pace dashed, the latest value with its margin, the future targets with their values, and a
legend under the plot. Text stays text (it can be searched, copied and read aloud: the SVG has
a title and a description), every piece of data is escaped, and the output is the same for the
same spec. `render_svg` gives the HTML report's inline charts (no dependency: the report works
on a bare install); `render_file` the same drawing with a title, the missing years and the
sources under it, at the pixel size that `povtrack chart` was asked for; `png` rasterises that
SVG with resvg (the `charts` extra, `resvg-py`), so the PNG and the SVG are the same picture.

Why not matplotlib, which does what this module writes by hand (ticks, markers, legend)?
povtrack drew `povtrack chart` with matplotlib and the report with this module: two drawings
of one spec. Measured before choosing (2-core machine shared with six other jobs: absolute
times are inflated, the ratios are what count; interleaved runs, median of 5; Lamongan P0 of
the bundled data, 1200 x 675), matplotlib 3.11 against this module (with resvg-py 0.5 for
PNG):

- import: 2.8 s (matplotlib with its SVG and Agg backends) against 1.6 ms (resvg_py; an SVG
  imports nothing);
- one chart as SVG: 1,110 ms (its constrained layout placed the labels) against 0.8 ms,
  about 1,400 times less; as PNG: 1,680 ms against 470 ms (`render_file` + resvg);
- `povtrack chart` end to end: PNG 4.8 s against 1.1 s, SVG 4.5 s against 0.7 s (the floor,
  `povtrack --version`: 0.4 s);
- `report --format html` on the bundled data (23 series, a wide and a narrow SVG each):
  47 s with matplotlib drawing the SVGs against 0.17 s;
- download and install: 41 MB of wheels and 170 MB installed (matplotlib brings numpy,
  pillow, fonttools, kiwisolver, contourpy, cycler, pyparsing, dateutil) against one 1.4 MB
  wheel, 3 MB installed, with no dependency (needed only for PNG).

A matplotlib SVG would also need rewriting to sit inline in a page (ids such as `figure_1`
repeat in every chart; no title, description or role for screen readers), and the report would
need the extra. So this module is the one drawing: the HTML report and SVG files need nothing
beyond povtrack, a PNG needs resvg-py (the `charts` extra), and matplotlib is not used.

PNG files: resvg draws the text with the fonts installed on the machine (DejaVu Sans, or any
sans-serif font), so a PNG's pixels can differ between machines with different fonts (the SVG
names the fonts and its bytes do not); on a machine with no font at all, `povtrack chart`
refuses a PNG (exit 2, saying what to install) rather than write one without its labels.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from html import escape
from itertools import pairwise
from typing import Final, NamedTuple

from povtrack import i18n
from povtrack.i18n import t
from povtrack.io.output import safe_line
from povtrack.render.charts import ChartLine, ChartPoint, ChartSpec, source_lines

INSTALL_HINT: Final = "pip install 'povtrack[charts]'"
#: The size of `povtrack chart`'s files, in pixels, when none is asked for.
DEFAULT_WIDTH: Final = 1200
DEFAULT_HEIGHT: Final = 675
#: A file of the default size is drawn on a canvas this many times smaller, then scaled up:
#: its text is 1.5 times the report's (13 units: 19.5 px); other sizes scale with the square
#: root of their ratio to the default, so a large file does not get huge text.
FILE_ZOOM: Final = 1.5
#: The room of a file's title above the chart.
TITLE_HEIGHT: Final = 30.0
#: At most this many lines of missing years under a file's chart.
MAX_NOTES: Final = 3
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
#: Below the plot when the year labels are turned (a narrow chart that labels every year).
AXIS_TURNED: Final = 56
#: A chart whose years (values and targets) span at most this many labels every year; on a
#: chart too narrow to write them side by side, they are turned by 45 degrees.
EVERY_YEAR: Final = 12
#: How far (in units) a projection label may be placed from the projection's end.
NEAR: Final = 72.0
INK: Final = "#222222"
MUTED: Final = "#555555"
GRID: Final = "#dddddd"
#: Okabe–Ito colours (told apart with the common colour-vision deficiencies); each series also
#: has its own marker, so that the chart reads in black and white.
PALETTE: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS: Final = ("o", "s", "^", "v", "P", "X", "h", "*")
_STEPS: Final = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
_YEAR_STEPS: Final = (1, 2, 5, 10, 20, 25, 50, 100)


def style(index: int) -> tuple[str, int]:
    """The colour and the marker number of the index-th line."""
    # a colour that comes round again comes with another marker
    return PALETTE[index % len(PALETTE)], (index + 3 * (index // len(PALETTE))) % len(MARKERS)


def tick_text(value: float, decimals: int, lang: str) -> str:
    """A y tick label with the language's decimal separator (`12,5` in Bahasa Indonesia)."""
    number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return i18n.number(number, "id" if lang == "id" else "en")


def tick_decimals(ticks: list[float]) -> int:
    """How many decimals tell evenly spaced ticks apart (0 for 10, 12, 14; 1 for 12.5, 13)."""
    if len(ticks) < 2:
        return 0
    step = Decimal(repr(round(abs(float(ticks[1]) - float(ticks[0])), 9))).normalize()
    for places in range(7):
        if step == step.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):
            return places
    return 6


def latest_below(line: ChartLine) -> bool:
    """Whether the latest value's label goes below its point: when the point lies under the
    series' mean (a falling series has its empty space there). Target labels take the other
    side."""
    values = [p.value for segment in line.segments for p in segment]
    if not values or line.latest is None:
        return False
    return sum(values) / len(values) > line.latest.value


def future_targets(line: ChartLine) -> list[tuple[ChartPoint, str]]:
    """The targets after the latest value that the projection does not reach, with their
    labels: what a chart of one series writes next to their markers."""
    latest = line.latest.year if line.latest is not None else None
    projected = line.projection[-1].year if line.projection else None
    return [
        (point, label)
        for point, label in zip(line.targets, line.target_labels, strict=True)
        if (latest is None or point.year > latest) and point.year != projected
    ]


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


def x_axis(first: int, last: int, width: float) -> tuple[list[int], bool]:
    """The years labelled on the x axis of a chart `width` units wide, and whether their labels
    are turned: every year when the chart spans at most `EVERY_YEAR` of them (turned by 45
    degrees when they do not fit side by side), else round steps that fit."""
    plot = width - LEFT - RIGHT
    count = last - first + 1
    if count <= EVERY_YEAR:
        slot = plot / count  # the scale gives each year the same room (half a year each side)
        return list(range(first, last + 1)), slot < _width("0000", SMALL) + 6
    return year_ticks(first, last, int(plot // 52)), False


def axis_height(spec: ChartSpec, width: float) -> int:
    """The room under the plot for the year labels and the axis title."""
    return AXIS_TURNED if x_axis(spec.first_year, spec.last_year, width)[1] else AXIS


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
    cls: str = "",
    bold: bool = False,
    turn: float = 0,
) -> str:
    """Text of one or more lines; a white halo keeps it readable over grid lines. `cls` names
    what the text is (`x-tick`, `y-tick`, `title`, `footer`) for whoever reads the SVG."""
    spans = "".join(
        f'<tspan x="{_f(x)}" dy="{0 if i == 0 else _f(size * 1.25)}">{text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    outline = (
        ' paint-order="stroke" stroke="#ffffff" stroke-width="4" stroke-linejoin="round"'
        if halo
        else ""
    )
    extra = (f' class="{cls}"' if cls else "") + (' font-weight="bold"' if bold else "")
    if turn:
        extra += f' transform="rotate({_f(turn)} {_f(x)} {_f(y)})"'
    return (
        f'<text{extra} x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{size}" '
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


FONTS: Final = (
    "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif\""
)


def render_svg(spec: ChartSpec, *, ident: str = "chart", width: int = WIDTH) -> str:
    """The chart as an `<svg>` element to put inline in a page, `width` units wide (it scales
    to its container: the HTML report sets its width to 100 %). `ident` makes the ids of its
    title and description unique within a page. No title on the chart (the page's heading
    says it) and no sources under it (the page lists them)."""
    items, legend_rows = _legend(spec, width)
    height = TOP + PLOT_HEIGHT + axis_height(spec, width) + legend_rows * 22 + 8
    ident = "".join(ch for ch in ident if ch.isalnum() or ch in "-_") or "chart"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="chart" {FONTS}>',
        *_accessible(spec, ident),
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *_body(spec, width, PLOT_HEIGHT, items),
        "</svg>",
    ]
    return "\n".join(out)


class FileLayout(NamedTuple):
    """The geometry of a chart file: its canvas (`wide` x `high` units), the plot's height, the
    footer's lines and height, and the legend's items."""

    wide: float
    high: float
    plot_height: float
    footer: list[str]
    footer_height: float
    items: list[tuple[str, str, int]]


def file_layout(
    spec: ChartSpec, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT
) -> FileLayout:
    """How `render_file` lays out a file of `width` x `height` pixels."""
    zoom = FILE_ZOOM * min(width / DEFAULT_WIDTH, height / DEFAULT_HEIGHT) ** 0.5
    wide, high = width / zoom, height / zoom
    footer = [*spec.notes]
    if len(footer) > MAX_NOTES:
        footer = [
            *footer[: MAX_NOTES - 1],
            t("and {n} more series with missing years", n=len(footer) - MAX_NOTES + 1),
        ]
    footer.extend(source_lines(spec.sources, int((wide - 16) / (SMALL * CHAR)), 2))
    footer_height = len(footer) * SMALL * 1.25 + 10
    items, legend_rows = _legend(spec, wide)
    axis = axis_height(spec, wide)
    plot_height = high - TITLE_HEIGHT - TOP - axis - (legend_rows * 22 + 8) - footer_height
    return FileLayout(wide, high, max(plot_height, 60.0), footer, footer_height, items)


def render_file(spec: ChartSpec, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT) -> str:
    """The chart as a standalone SVG file of `width` x `height` pixels (`povtrack chart`): the
    same drawing as `render_svg`, under the chart's title, with the missing years and the
    sources under it."""
    wide, high, plot_height, footer, footer_height, items = file_layout(spec, width, height)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(wide)} {_f(high)}" '
        f'width="{width}px" height="{height}px" role="img" '
        f'aria-labelledby="chart-title chart-desc" {FONTS}>',
        *_accessible(spec, "chart"),
        f'<rect width="{_f(wide)}" height="{_f(high)}" fill="#ffffff"/>',
        _label(8, 22, [spec.title], "start", 17, INK, halo=False, cls="title", bold=True),
        f'<g transform="translate(0 {_f(TITLE_HEIGHT)})">',
        *_body(spec, wide, plot_height, items),
        "</g>",
        _label(8, high - footer_height + 6 + SMALL, footer, "start", SMALL, MUTED, halo=False,
               cls="footer"),
        "</svg>",
    ]  # fmt: skip
    return "\n".join(out) + "\n"


def _accessible(spec: ChartSpec, ident: str) -> list[str]:
    """The title and the description that a screen reader says: the latest value of each
    series with its margin against the target."""
    description = [
        f"{line.label}: {line.latest_label}"
        + (f", {line.latest_margin}" if line.latest_margin else "")
        for line in spec.lines
        if line.latest_label
    ]
    return [
        f'<title id="{ident}-title">{text(spec.title)}</title>',
        f'<desc id="{ident}-desc">{text("; ".join([spec.subtitle, *description]))}</desc>',
    ]


def _body(
    spec: ChartSpec, width: float, plot_height: float, items: list[tuple[str, str, int]]
) -> list[str]:
    """The axes, the series and the legend, `width` units wide, the plot `plot_height` high."""
    plot_bottom = TOP + plot_height
    scale = _Scale(spec, LEFT, width - RIGHT, TOP, plot_bottom)
    out: list[str] = []
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
                   "end", SMALL, MUTED, halo=False, cls="y-tick")
        )  # fmt: skip
    years, turned = x_axis(spec.first_year, spec.last_year, width)
    axis = AXIS_TURNED if turned else AXIS
    for year in years:
        x = scale.x(year)
        out.append(
            f'<line x1="{_f(x)}" y1="{_f(plot_bottom)}" x2="{_f(x)}" y2="{_f(plot_bottom + 5)}" '
            f'stroke="{MUTED}" stroke-width="1"/>'
        )
        if turned:  # ending under its tick, rising to the right
            out.append(
                _label(x + SMALL * 0.35, plot_bottom + 14, [str(year)], "end", SMALL, MUTED,
                       halo=False, cls="x-tick", turn=-45)
            )  # fmt: skip
        else:
            out.append(
                _label(x, plot_bottom + 19, [str(year)], "middle", SMALL, MUTED, halo=False,
                       cls="x-tick")
            )  # fmt: skip
    out.append(
        f'<line x1="{_f(LEFT)}" y1="{_f(plot_bottom)}" x2="{_f(width - RIGHT)}" '
        f'y2="{_f(plot_bottom)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    out.append(
        _label((LEFT + width - RIGHT) / 2, plot_bottom + axis - 5, [spec.x_label], "middle",
               SMALL, MUTED, halo=False)
    )  # fmt: skip
    several = len(spec.lines) > 1
    for index, line in enumerate(spec.lines):
        out.extend(_series(spec, line, index, scale, width, several))
    out.extend(_legend_svg(items, plot_bottom + axis + 6, width))
    return out


def require_png() -> None:
    """Raise ChartsUnavailable unless a PNG can be drawn here: resvg-py (the `charts` extra)
    can be imported, and it finds a font for the text (without one resvg would silently leave
    every label out; a slim container image has none)."""
    try:
        import resvg_py  # noqa: F401
    except ImportError as exc:
        raise ChartsUnavailable(
            t(
                "povtrack chart needs resvg-py for a PNG file, which is not "
                "installed: {hint} (an SVG file needs nothing more)",
                hint=INSTALL_HINT,
            )
        ) from exc
    if not _text_is_drawn():
        raise ChartsUnavailable(
            t(
                "povtrack chart found no font to draw a PNG's text with: install "
                "one (Debian, Ubuntu: apt-get install fonts-dejavu-core), or write "
                "an SVG file"
            )
        )


def png(svg: str) -> bytes:
    """A standalone SVG (`render_file`) as PNG bytes of its pixel size, drawn by resvg.
    Raises ChartsUnavailable where it cannot be (see `require_png`)."""
    require_png()
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="white"))


_PROBE: Final = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" {fonts}>'
    '<text x="2" y="16" font-size="16">{text}</text></svg>'
)


def _text_is_drawn(*, skip_system_fonts: bool = False) -> bool:
    """Whether resvg finds a font for the charts' text: a word drawn differs from none."""
    import resvg_py

    def draw(text: str) -> bytes:
        svg = _PROBE.format(fonts=FONTS, text=text)
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=skip_system_fonts))

    return draw("Ag") != draw("")


class ChartsUnavailable(RuntimeError):
    """A PNG cannot be drawn here (no resvg-py, or no font): `povtrack chart` says why and
    what to do (exit 2); an SVG can."""


def _series(
    spec: ChartSpec, line: ChartLine, index: int, scale: _Scale, width: float, several: bool
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


def _place(x: float, wide: float, width: float) -> tuple[str, float] | None:
    """Where a label of `wide` units ending (or else starting) near x fits inside the chart."""
    if x - 6 - wide >= 4:
        return "end", x - 6
    if x - 6 + wide <= width - 4:
        return "start", max(4.0, x - 6)
    return None


Box = tuple[float, float, float, float]
Segment = tuple[float, float, float, float]


class Placed(NamedTuple):
    """A label placed on the chart of one series: what it says (`kind`: `latest`, `projection`
    or `target`), where `_label` draws it, the box it takes (left, top, right, bottom) and the
    thin line that joins it to its point, if any (x1, y1, x2, y2)."""

    kind: str
    x: float
    y: float
    lines: list[str]
    anchor: str
    size: float
    colour: str
    box: Box
    leader: Segment | None


def _box(x: float, y: float, lines: list[str], anchor: str, size: float) -> Box:
    """The rough extent (left, top, right, bottom) of a label drawn by `_label`."""
    wide = max(_width(line, size) for line in lines)
    left = x if anchor == "start" else x - wide
    return (left, y - size, left + wide, y + (len(lines) - 1) * size * 1.25 + size * 0.3)


def _free(box: Box, taken: list[Box]) -> bool:
    return all(
        box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
        for other in taken
    )


def _crosses(box: Box, segment: Segment) -> bool:
    """Whether a line segment passes through a box (Liang-Barsky clipping)."""
    left, top, right, bottom = box
    x1, y1, x2, y2 = segment
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return True


def _distance(x: float, y: float, box: Box) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return float((dx * dx + dy * dy) ** 0.5)


def _nearest(x: float, y: float, box: Box) -> tuple[float, float]:
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def label_layout(
    spec: ChartSpec, width: float = WIDTH, plot_height: float = PLOT_HEIGHT
) -> list[Placed]:
    """The labels that a chart of one series writes beside its points (the latest value, the
    projection's end, the future targets), as `_body` places them on a chart `width` units wide
    whose plot is `plot_height` high; none on a chart of several series (the legend says it)."""
    if len(spec.lines) != 1:
        return []
    scale = _Scale(spec, LEFT, width - RIGHT, TOP, TOP + plot_height)
    return _layout(spec.lines[0], scale, width)


def _layout(line: ChartLine, scale: _Scale, width: float) -> list[Placed]:
    """Place the latest value (and its margin), the projection's end and the future targets,
    each only where it fits and covers no other label: on a narrow chart the margin, then the
    rest, are left to the text around the chart. The projection's label also keeps off the
    markers and the lines of the series, as near its point as it can (within `NEAR`)."""
    placed: list[Placed] = []
    taken: list[Box] = []
    strokes: list[Segment] = []
    markers: list[Box] = []
    for segment in line.segments:
        points = [(scale.x(p.year), scale.y(p.value)) for p in segment]
        strokes.extend((*a, *b) for a, b in pairwise(points))
        markers.extend((x - 5, y - 5, x + 5, y + 5) for x, y in points)
    markers.extend(
        (
            scale.x(p.year) - 7.5,
            scale.y(p.value) - 7.5,
            scale.x(p.year) + 7.5,
            scale.y(p.value) + 7.5,
        )
        for p in line.targets
    )
    dashes = [(scale.x(p.year), scale.y(p.value)) for p in line.projection]
    strokes.extend((*a, *b) for a, b in pairwise(dashes))
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
            box = _box(tx, y + 30 if below else y - 22 - extra, lines, anchor, FONT)
            if box[3] > scale.bottom or box[1] < scale.top:  # the other side, inside the plot
                below = not below
            ty = y + 30 if below else y - 22 - extra
            end_y = ty - FONT if below else ty + 6 + extra
            leader = (x, y, x - 4, end_y)
            box = _box(tx, ty, lines, anchor, FONT)
            placed.append(Placed("latest", tx, ty, lines, anchor, FONT, INK, box, leader))
            taken.append(box)
            strokes.append(leader)
    if line.projection and line.projection_label:
        found = _projection_spot(line, scale, width, taken, markers, strokes)
        if found is not None:
            placed.append(found)
            taken.append(found.box)
    above = latest_below(line)
    for point, label in future_targets(line):
        x, y = scale.x(point.year), scale.y(point.value)
        sides = (y - 12, y + 12 + SMALL) if above else (y + 12 + SMALL, y - 12)
        for ty in sides:
            spots = [(x + 6, "start"), (x - 6, "end")]
            fits = [
                (tx, anchor, box)
                for tx, anchor in spots
                for box in [_box(tx, ty, [label], anchor, SMALL)]
                if box[0] >= 4 and box[2] <= width - RIGHT and _free(box, taken)
            ]
            if fits:
                tx, anchor, box = fits[0]
                placed.append(Placed("target", tx, ty, [label], anchor, SMALL, MUTED, box, None))
                taken.append(box)
                break
    return placed


def _projection_spot(
    line: ChartLine,
    scale: _Scale,
    width: float,
    taken: list[Box],
    markers: list[Box],
    strokes: list[Segment],
) -> Placed | None:
    """The projection's label at the free spot nearest the projection's end: at its right, or
    ending at its left, on one line or two, level with it or above or below it (never on
    another label, a marker or a line of the series); None when no spot within `NEAR` is
    free (the text around the chart says it)."""
    assert line.projection_label is not None
    end = line.projection[-1]
    ex, ey = scale.x(end.year), scale.y(end.value)
    label = line.projection_label
    variants = [[label]]
    if ", " in label:
        variants.append(label.split(", ", 1))
    blocked = [*taken, *markers, (ex - 3, ey - 3, ex + 3, ey + 3)]
    best: tuple[float, Placed] | None = None
    for penalty, lines in enumerate(variants):
        tall = (len(lines) - 1) * SMALL * 1.25
        level = ey + SMALL * 0.35 - tall / 2
        steps = int(NEAR // 3)
        for ty in [level, *(level + 3 * k * sign for k in range(1, steps) for sign in (-1, 1))]:
            for tx, anchor in ((ex + 10, "start"), (ex - 10, "end")):
                box = _box(tx, ty, lines, anchor, SMALL)
                if box[0] < 4 or box[2] > width - RIGHT:
                    continue
                if box[1] < scale.top or box[3] > scale.bottom:
                    continue
                cost = _distance(ex, ey, box) + 8 * penalty
                if cost > NEAR or (best is not None and cost >= best[0]):
                    continue
                room = (box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2)  # a little air
                if not _free(room, blocked) or any(_crosses(room, s) for s in strokes):
                    continue
                leader = None
                if _distance(ex, ey, box) > 12:
                    nx, ny = _nearest(ex, ey, box)
                    leader = (ex, ey, nx, ny)
                best = (cost, Placed("projection", tx, ty, lines, anchor, SMALL, INK, box, leader))
    return None if best is None else best[1]


def _annotations(line: ChartLine, scale: _Scale, width: float) -> list[str]:
    """The labels of `_layout`, with the lines that join them to their points."""
    out = []
    for label in _layout(line, scale, width):
        if label.leader is not None:
            x1, y1, x2, y2 = label.leader
            out.append(
                f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
                'stroke="#777777" stroke-width="1"/>'
            )
        out.append(_label(label.x, label.y, label.lines, label.anchor, label.size, label.colour))
    return out


def _legend_svg(items: list[tuple[str, str, int]], top: float, width: float) -> list[str]:
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
