"""Charts: what to draw, as plain typed data (`ChartSpec`), and drawing it with matplotlib.

The core (`build_chart`, `build_charts`) turns a `Report` (the rows of `povtrack report`) and a
`ProgressResult` (the assessment of `povtrack progress`) into `ChartSpec`s: for each series the
runs of consecutive years with a value (a missing year breaks the line: it is never bridged),
the targets, the latest value with its margin against that year's target, and, when a future
target is assessed, the projection at the current pace up to the target year. Every label is
already written in the current language (names from `name_id` and decimal commas in Bahasa
Indonesia). Two renderers draw a spec: `draw` here (matplotlib, PNG or SVG, for `povtrack
chart`; an optional extra, imported only when a chart is drawn) and `povtrack.render.svgchart` (no
dependency, for the HTML report).

Values are Decimals as published; only the drawing converts them to floats (pixels), and every
number written on a chart comes from the Decimals.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Any, Final, Literal

import msgspec

from povtrack import i18n
from povtrack.core.report import Report, ReportRow
from povtrack.i18n import amount, t
from povtrack.io.output import safe_line

if TYPE_CHECKING:
    from povtrack.core.progress import ProgressResult, ProgressRow

ImageFormat = Literal["png", "svg"]
IMAGE_FORMATS: Final[tuple[ImageFormat, ...]] = ("png", "svg")
#: Pixels per inch of the PNG; --width and --height are in pixels.
DPI: Final = 100
DEFAULT_WIDTH: Final = 1200
DEFAULT_HEIGHT: Final = 675
#: A text source (no web address in it) longer than this is cut with `…` on the chart.
MAX_SOURCE_TEXT: Final = 48
INSTALL_HINT: Final = "pip install 'povtrack[charts]'"
#: At most this many lines of missing years under a PNG or SVG chart.
MAX_NOTES: Final = 3
#: A legend of more entries goes beside the plot rather than inside it.
MAX_LEGEND_INSIDE: Final = 6

i18n.register(
    {
        "chart.axis.year": ("Year", "Tahun"),
        "chart.unit.percent": ("Percent (%)", "Persen (%)"),
        "chart.unit.count": ("Count", "Jumlah"),
        "chart.unit.thousand_people": ("Thousand people", "Ribu jiwa"),
        "chart.unit.million_people": ("Million people", "Juta jiwa"),
        "chart.unit.index": ("Index", "Indeks"),
        "chart.unit.ratio": ("Ratio", "Rasio"),
        "chart.unit.rupiah": ("Rupiah", "Rupiah"),
        "chart.amount.points": ("{number} pts", "{number} poin"),
        "chart.month.3": ("March", "Maret"),
        "chart.month.9": ("September", "September"),
        "chart.month.other": ("month {month}", "bulan {month}"),
        "chart.direction.lower": ("Lower is better", "Makin rendah makin baik"),
        "chart.direction.higher": ("Higher is better", "Makin tinggi makin baik"),
        "chart.direction.none": ("Not scored against targets", "Tidak dinilai terhadap target"),
        "chart.legend.value": ("value", "nilai"),
        "chart.legend.target": ("target", "target"),
        "chart.legend.projection": (
            "projection at the current pace",
            "proyeksi dengan laju saat ini",
        ),
        "chart.latest": ("{value} ({year})", "{value} ({year})"),
        "chart.latest.met": (
            "target {target} met by {margin}",
            "target {target} tercapai, lebih baik {margin}",
        ),
        "chart.latest.exact": ("target {target} met exactly", "target {target} tepat tercapai"),
        "chart.latest.missed": (
            "target {target} missed by {margin}",
            "target {target} tidak tercapai, kurang {margin}",
        ),
        "chart.legend.latest": ("{series}: {latest}", "{series}: {latest}"),
        "chart.projected": (
            "{value} projected for {year}, target {target} ({status})",
            "proyeksi {value} pada {year}, target {target} ({status})",
        ),
        "chart.target": ("target {value} ({year})", "target {value} ({year})"),
        "chart.gaps": ("No value for {years}", "Tidak ada nilai untuk {years}"),
        "chart.gaps_of": (
            "{series}: no value for {years}",
            "{series}: tidak ada nilai untuk {years}",
        ),
        "chart.gaps_more": (
            "and {n} more series with missing years",
            "dan {n} deret lain dengan tahun tanpa nilai",
        ),
        "chart.source": ("Source: {sources}", "Sumber: {sources}"),
        "chart.source.more": ("and {n} more", "dan {n} lainnya"),
        "chart.source.none": (
            "Source: not given in the data",
            "Sumber: tidak disebutkan dalam data",
        ),
        "chart.error.matplotlib": (
            "povtrack chart needs matplotlib, which is not installed: {hint}",
            "povtrack chart memerlukan matplotlib, yang belum terpasang: {hint}",
        ),
    }
)


class ChartsUnavailable(RuntimeError):
    """matplotlib cannot be imported: `povtrack chart` tells how to install it (exit 2)."""


class ChartPoint(msgspec.Struct, frozen=True):
    year: int
    value: Decimal


class ChartLine(msgspec.Struct, frozen=True, kw_only=True):
    """One series on a chart.

    `segments` are the runs of consecutive years with a value (a missing year starts a new run);
    `missing_years` the years between the first and the last value that have none. `latest` is
    the latest value, `latest_label` says it (`12.03 % (2025)`) and `latest_margin` gives its
    margin against that year's target (`target 12.65 % met by 0.62 pts`; None without one);
    `target_labels` name each target (`target 9.75 % (2045)`).
    `projection` runs from the latest value to the assessed target year at the current pace,
    one point a year (empty when there is no assessed future target); `projection_label` says
    the projected value and the status."""

    label: str
    indicator: str
    region: str
    month: int | None
    breakdown: dict[str, str] | None
    segments: list[list[ChartPoint]]
    targets: list[ChartPoint]
    target_labels: list[str]
    missing_years: list[int]
    latest: ChartPoint | None
    latest_label: str | None
    latest_margin: str | None
    projection: list[ChartPoint]
    projection_label: str | None
    status: str | None


class ChartSpec(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a renderer needs to draw one chart, labels in the chosen language."""

    title: str
    subtitle: str
    x_label: str
    y_label: str
    lang: str
    unit: str
    decimals: int
    first_year: int
    last_year: int
    lines: list[ChartLine]
    legend_value: str
    legend_target: str
    legend_projection: str
    notes: list[str]
    sources: list[str]

    def has_data(self) -> bool:
        """True when there is at least one value or one target to draw."""
        return any(line.segments or line.targets for line in self.lines)

    def low_high(self) -> tuple[Decimal, Decimal] | None:
        """The lowest and highest figure drawn (values, targets, projections)."""
        figures = [
            point.value
            for line in self.lines
            for point in (
                *(p for segment in line.segments for p in segment),
                *line.targets,
                *line.projection,
            )
        ]
        return (min(figures), max(figures)) if figures else None


# --- numbers and words ---------------------------------------------------------------------


def difference(value: Decimal, unit: str) -> str:
    """A difference: percentage points for a percentage (`0.62 pts` / `0,62 poin`)."""
    if unit == "percent":
        return t("chart.amount.points", number=i18n.number(value))
    return amount(value, unit)


def year_ranges(years: Iterable[int]) -> str:
    """`2014, 2018–2019`: years, consecutive ones as a range."""
    ordered = sorted(set(years))
    parts = []
    for _, run in groupby(enumerate(ordered), key=lambda pair: pair[1] - pair[0]):
        block = [year for _, year in run]
        parts.append(str(block[0]) if len(block) == 1 else f"{block[0]}–{block[-1]}")
    return ", ".join(parts)


def _month(month: int) -> str:
    key = f"chart.month.{month}"
    return t(key) if key in i18n.CATALOG else t("chart.month.other", month=month)


def _breakdown(breakdown: dict[str, str] | None) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted((breakdown or {}).items()))


# --- sources -------------------------------------------------------------------------------

_URL: Final = re.compile(r"https?://[^\s<>\"'|]+", re.IGNORECASE)
_HOST: Final = re.compile(r"^https?://(?:[^@/?#]*@)?([^/:?#]+)", re.IGNORECASE)
# a bare domain written in the text, such as `jatimnow.com` (not part of a longer word)
_DOMAIN: Final = re.compile(
    r"(?<![\w.@/-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})(?![\w-])", re.IGNORECASE
)
# endings of file names, which look like domains but are not
_NOT_DOMAINS: Final = frozenset(
    {"json", "csv", "xlsx", "xls", "pdf", "html", "htm", "php", "txt", "doc", "docx", "png"}
)


def source_names(text: str) -> list[str]:
    """The short names of one record's source, for a chart's source line: the host name of
    each web address (`https://www.bps.go.id/...` is `bps.go.id`) and each domain written out
    (`jatimnow.com, 2 April 2024` is `jatimnow.com`). A host name is never cut or guessed. A
    source without any address is its own text, cut after a word with `…` when long."""
    names: list[str] = []
    for url in _URL.findall(text):
        match = _HOST.match(url)
        if match:
            names.append(_host(match.group(1)))
    rest = _URL.sub(" ", text)
    for domain in _DOMAIN.findall(rest):
        if domain.rsplit(".", 1)[-1].lower() not in _NOT_DOMAINS:
            names.append(_host(domain))
    if not names:
        short = " ".join(safe_line(text).split())
        if len(short) > MAX_SOURCE_TEXT:
            cut = short[: MAX_SOURCE_TEXT - 1]
            if " " in cut:
                cut = cut[: cut.rindex(" ")]  # at a word's end
            short = cut.rstrip(" ,;:") + "…"
        return [short] if short else []
    return list(dict.fromkeys(names))


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") and host.count(".") >= 2 else host


def source_lines(names: Sequence[str], max_chars: int, max_lines: int) -> list[str]:
    """The source line(s) of a chart: `Source: a, b, c`, wrapped between names (never inside a
    name) into at most `max_lines` lines of about `max_chars` characters; names that do not fit
    are counted (`and 3 more`)."""
    if not names:
        return [t("chart.source.none")]
    head = t("chart.source", sources="")
    lines: list[str] = []
    current = head
    for i, name in enumerate(names):
        piece = name if current == head else ", " + name
        if len(current) + len(piece) <= max_chars or current == head:
            current += piece
            continue
        if len(lines) + 1 == max_lines:
            more = ", " + t("chart.source.more", n=len(names) - i)
            # make room for "and N more" by dropping names from the end of the line
            while len(current) + len(more) > max_chars and ", " in current[len(head) :]:
                current = current[: current.rindex(", ")]
                i -= 1
            more = ", " + t("chart.source.more", n=len(names) - i)
            lines.append(current + more)
            return lines
        lines.append(current + ",")
        current = "  " + name
    lines.append(current)
    return lines


# --- the core: report + progress -> chart specs ---------------------------------------------

SeriesId = tuple[str, str, int | None, tuple[tuple[str, str], ...]]


def series_id(row: ReportRow | ProgressRow) -> SeriesId:
    return (row.indicator, row.region, row.month, tuple(sorted((row.breakdown or {}).items())))


def series_rows(report: Report) -> list[list[ReportRow]]:
    """The report's rows, one list per series, in the report's order."""
    return [list(group) for _, group in groupby(report.rows, key=series_id)]


def build_charts(report: Report, progress: ProgressResult | None = None) -> list[ChartSpec]:
    """One chart per series of the report (the HTML report's charts)."""
    return [_spec(report, [rows], progress) for rows in series_rows(report)]


def build_chart(report: Report, progress: ProgressResult | None = None) -> ChartSpec:
    """One chart of every series of the report (`povtrack chart`): all of one indicator.

    Raises ValueError when the report holds several indicators (their units differ)."""
    if len({row.indicator for row in report.rows}) > 1:
        raise ValueError("a chart shows one indicator")
    return _spec(report, series_rows(report), progress)


def _spec(
    report: Report, groups: list[list[ReportRow]], progress: ProgressResult | None
) -> ChartSpec:
    assessed = {series_id(row): row for row in progress.rows} if progress else {}
    first_row = groups[0][0] if groups and groups[0] else None
    indicator = report.indicator(first_row.indicator) if first_row else None
    unit = first_row.unit if first_row else "count"
    decimals = indicator.decimals if indicator else 2
    direction = indicator.direction if indicator else "none"
    ind_name = safe_line(i18n.name(indicator)) if indicator else ""

    # what the series have in common goes into the title, what differs into the legend
    def parts(rows: list[ReportRow]) -> tuple[str, str, str]:
        row = rows[0]
        region = report.region(row.region)
        name = i18n.name(region) if region else row.region_name
        month = _month(row.month) if row.month is not None else ""
        return safe_line(name), month, safe_line(_breakdown(row.breakdown))

    described = [parts(rows) for rows in groups]
    common = [len({d[i] for d in described}) == 1 and bool(described[0][i]) for i in range(3)]
    title_bits = [described[0][0]] if described and common[0] else []
    title_bits.append(ind_name)
    extra = [described[0][i] for i in (1, 2) if described and common[i]]
    title = " · ".join(bit for bit in title_bits if bit)
    if extra:
        title += " (" + "; ".join(extra) + ")"

    lines: list[ChartLine] = []
    notes: list[str] = []
    sources: list[str] = []
    for rows, bits in zip(groups, described, strict=True):
        label = " · ".join(bit for bit, same in zip(bits, common, strict=True) if bit and not same)
        line = _line(rows, label or t("chart.legend.value"), unit, decimals, assessed)
        lines.append(line)
        if line.missing_years:
            gaps = year_ranges(line.missing_years)
            if len(groups) == 1:
                notes.append(t("chart.gaps", years=gaps))
            else:
                notes.append(t("chart.gaps_of", series=line.label, years=gaps))
        for row in rows:
            if row.source and (row.value is not None or row.target is not None):
                sources.extend(source_names(row.source))
    years = [
        point.year
        for line in lines
        for point in (
            *(p for segment in line.segments for p in segment),
            *line.targets,
            *line.projection,
        )
    ]
    years = years or [row.year for rows in groups for row in rows] or [0]
    return ChartSpec(
        title=title,
        subtitle=t(f"chart.direction.{direction}"),
        x_label=t("chart.axis.year"),
        y_label=t(f"chart.unit.{unit}"),
        lang=i18n.get_lang(),
        unit=unit,
        decimals=decimals,
        first_year=min(years),
        last_year=max(years),
        lines=lines,
        legend_value=t("chart.legend.value"),
        legend_target=t("chart.legend.target"),
        legend_projection=t("chart.legend.projection"),
        notes=notes,
        sources=list(dict.fromkeys(sources)),
    )


def _line(
    rows: list[ReportRow],
    label: str,
    unit: str,
    decimals: int,
    assessed: dict[SeriesId, ProgressRow],
) -> ChartLine:
    valued = [row for row in rows if row.value is not None]
    segments: list[list[ChartPoint]] = []
    for row in valued:
        assert row.value is not None
        point = ChartPoint(row.year, row.value)
        if segments and segments[-1][-1].year == row.year - 1:
            segments[-1].append(point)
        else:
            segments.append([point])
    have = {row.year for row in valued}
    missing = (
        [year for year in range(valued[0].year, valued[-1].year + 1) if year not in have]
        if valued
        else []
    )
    targets = [ChartPoint(row.year, row.target) for row in rows if row.target is not None]
    latest = latest_label = latest_margin = None
    if valued:
        last = valued[-1]
        assert last.value is not None
        latest = ChartPoint(last.year, last.value)
        latest_label = t("chart.latest", value=amount(last.value, unit), year=last.year)
        latest_margin = _margin_label(last, unit)
    projection: list[ChartPoint] = []
    projection_label = status = None
    found = assessed.get(series_id(rows[0]))
    if found is not None:
        status = found.status
        if (
            found.projected_value is not None
            and found.latest_value is not None
            and found.latest_year is not None
            and found.target_year > found.latest_year
        ):
            projection = project(
                found.latest_year,
                found.latest_value,
                found.target_year,
                found.projected_value,
                decimals,
            )
            from povtrack.render.progress import status_word

            projection_label = t(
                "chart.projected",
                value=amount(found.projected_value, unit),
                year=found.target_year,
                target=amount(found.target, unit),
                status=status_word(found.status),
            )
    return ChartLine(
        label=label,
        indicator=rows[0].indicator,
        region=rows[0].region,
        month=rows[0].month,
        breakdown=rows[0].breakdown,
        segments=segments,
        targets=targets,
        target_labels=[
            t("chart.target", value=amount(point.value, unit), year=point.year) for point in targets
        ],
        missing_years=missing,
        latest=latest,
        latest_label=latest_label,
        latest_margin=latest_margin,
        projection=projection,
        projection_label=projection_label,
        status=status,
    )


def _margin_label(row: ReportRow, unit: str) -> str | None:
    if row.target is None or row.margin is None:
        return None
    target = amount(row.target, unit)
    if row.margin.is_zero():
        return t("chart.latest.exact", target=target)
    key = "chart.latest.met" if row.margin > 0 else "chart.latest.missed"
    return t(key, target=target, margin=difference(abs(row.margin), unit))


def project(
    latest_year: int,
    latest_value: Decimal,
    target_year: int,
    projected_value: Decimal,
    decimals: int,
) -> list[ChartPoint]:
    """The projection at a constant growth rate from the latest value to the projected value
    of the target year, one point a year: x_t * (x_T / x_t)^(k / (T - t)), which is the
    progress core's x_t * (1 + CAGR_a)^k. Linear when the two values do not have the same sign
    (a growth rate cannot join them). The ends are the two given values exactly."""
    span = target_year - latest_year
    quantum = Decimal(1).scaleb(-(decimals + 3))
    points = [ChartPoint(latest_year, latest_value)]
    same_sign = (latest_value > 0 and projected_value > 0) or (
        latest_value < 0 and projected_value < 0
    )
    for k in range(1, span):
        if same_sign:
            value = latest_value * (projected_value / latest_value) ** (Decimal(k) / span)
        else:
            value = latest_value + (projected_value - latest_value) * k / span
        points.append(ChartPoint(latest_year + k, value.quantize(quantum, ROUND_HALF_UP)))
    if span > 0:
        points.append(ChartPoint(target_year, projected_value))
    return points


# --- drawing with matplotlib -----------------------------------------------------------------

#: Okabe–Ito colours (told apart with the common colour-vision deficiencies); each series also
#: has its own marker, so that the chart reads in black and white.
PALETTE: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS: Final = ("o", "s", "^", "v", "P", "X", "h", "*")
SVG_MARKERS: Final = ("circle", "square", "up", "down", "plus", "cross", "hexagon", "star")


def style(index: int) -> tuple[str, int]:
    """The colour and the marker number of the index-th line."""
    # a colour that comes round again comes with another marker
    return PALETTE[index % len(PALETTE)], (index + 3 * (index // len(PALETTE))) % len(MARKERS)


def require_matplotlib() -> None:
    """Raise ChartsUnavailable unless matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ChartsUnavailable(t("chart.error.matplotlib", hint=INSTALL_HINT)) from exc


def tick_text(value: float, decimals: int, lang: str) -> str:
    """A y tick label with the language's decimal separator (`12,5` in Bahasa Indonesia)."""
    number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return i18n.number(number, "id" if lang == "id" else "en")


def tick_decimals(ticks: Sequence[float]) -> int:
    """How many decimals tell evenly spaced ticks apart (0 for 10, 12, 14; 1 for 12.5, 13)."""
    if len(ticks) < 2:
        return 0
    step = Decimal(repr(round(abs(float(ticks[1]) - float(ticks[0])), 9))).normalize()
    for places in range(7):
        if step == step.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):
            return places
    return 6


def draw(
    spec: ChartSpec,
    fmt: ImageFormat,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
) -> bytes:
    """The chart as PNG or SVG bytes, exactly `width` x `height` pixels (the SVG's width and
    height attributes are in px; its text stays text). Same spec, same bytes."""
    require_matplotlib()
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {
            "font.family": "DejaVu Sans",  # shipped with matplotlib: never a font download
            "font.size": 11,
            "svg.fonttype": "none",  # text as <text>: searchable, copyable, translatable
            "svg.hashsalt": "povtrack",  # stable ids: the same chart gives the same file
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#555555",
            "axes.titlelocation": "left",
            "path.simplify": False,
        }
    ):
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
        _draw(fig, spec, width, height)
        buffer = io.BytesIO()
        metadata: dict[str, Any]
        if fmt == "svg":
            metadata = {"Date": None, "Creator": "povtrack", "Title": spec.title}
        else:
            metadata = {"Software": "povtrack", "Title": spec.title}
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
    data = buffer.getvalue()
    if fmt == "svg":
        data = _svg_pixels(data, width, height)
    return data


_SVG_SIZE: Final = re.compile(rb'<svg([^>]*?) width="[0-9.]+pt" height="[0-9.]+pt"')


def _svg_pixels(data: bytes, width: int, height: int) -> bytes:
    """matplotlib writes an SVG's size in points (72 a inch); say it in pixels, as asked (the
    viewBox keeps the drawing's coordinates, so it scales to exactly that size)."""
    return _SVG_SIZE.sub(
        lambda m: b"<svg" + m.group(1) + f' width="{width}px" height="{height}px"'.encode(),
        data,
        count=1,
    )


def _draw(fig: Any, spec: ChartSpec, width: int, height: int) -> None:
    from matplotlib import ticker
    from matplotlib.lines import Line2D

    scale = min(width / DEFAULT_WIDTH, height / DEFAULT_HEIGHT) ** 0.5
    small = 9.5 * scale
    body = 11 * scale
    ax = fig.add_subplot()
    handles: list[Any] = []
    several = len(spec.lines) > 1
    for index, line in enumerate(spec.lines):
        colour, marker_no = style(index)
        marker = MARKERS[marker_no]
        for number, segment in enumerate(line.segments):
            ax.plot(
                [p.year for p in segment],
                [float(p.value) for p in segment],
                color=colour,
                linewidth=2.4 * scale,
                marker=marker,
                markersize=6 * scale,
                solid_capstyle="round",
                zorder=3,
                label=line.label if number == 0 else "_nolegend_",
            )
        legend = line.label
        if several and line.latest_label:
            legend = t("chart.legend.latest", series=line.label, latest=line.latest_label)
        handles.append(
            Line2D(
                [],
                [],
                color=colour,
                linewidth=2.4 * scale,
                marker=marker,
                markersize=6 * scale,
                label=legend,
            )
        )
        if line.projection:
            ax.plot(
                [p.year for p in line.projection],
                [float(p.value) for p in line.projection],
                color=colour,
                linewidth=1.8 * scale,
                linestyle=(0, (5, 3)),
                zorder=2,
            )
        if line.targets:
            ax.plot(
                [p.year for p in line.targets],
                [float(p.value) for p in line.targets],
                linestyle="none",
                marker="D",
                markersize=8.5 * scale,
                markerfacecolor="white",
                markeredgecolor=colour,
                markeredgewidth=2 * scale,
                zorder=4,
            )
        if several:
            continue  # the legend gives each series' latest value: labels would crowd the plot
        if line.latest is not None and line.latest_label:
            _annotate_latest(ax, line, body)
        _label_future_targets(ax, spec, line, small)
        if line.projection and line.projection_label:
            end = line.projection[-1]
            room = end.year < spec.last_year
            ax.annotate(
                line.projection_label,
                xy=(end.year, float(end.value)),
                xytext=(12 * scale, 0) if room else (0, -14 * scale),
                textcoords="offset points",
                ha="left" if room else "right",
                va="center" if room else "top",
                fontsize=small,
                color="#333333",
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
                zorder=6,
            )
    if any(line.targets for line in spec.lines):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="D",
                markersize=8.5 * scale,
                markerfacecolor="white",
                markeredgecolor="#333333",
                markeredgewidth=2 * scale,
                label=spec.legend_target,
            )
        )
    if any(line.projection for line in spec.lines):
        handles.append(
            Line2D(
                [],
                [],
                color="#333333",
                linewidth=1.8 * scale,
                linestyle=(0, (5, 3)),
                label=spec.legend_projection,
            )
        )
    # a few entries inside the plot where they hide the least; many beside it, hiding nothing
    outside = len(handles) > MAX_LEGEND_INSIDE
    ax.legend(
        handles=handles,
        loc="upper left" if outside else "best",
        bbox_to_anchor=(1.01, 1.0) if outside else None,
        fontsize=small if outside else body,
        frameon=not outside,
        framealpha=0.9,
        edgecolor="#cccccc",
        ncols=1,
    )
    fig.suptitle(spec.title, x=0.01, ha="left", fontsize=16 * scale, fontweight="bold")
    ax.set_title(spec.subtitle, fontsize=body, color="#444444", loc="left")
    ax.set_xlabel(spec.x_label, fontsize=body)
    ax.set_ylabel(spec.y_label, fontsize=body)
    ax.tick_params(labelsize=small)
    span = spec.last_year - spec.first_year
    ax.set_xlim(spec.first_year - max(0.6, span * 0.03), spec.last_year + max(0.6, span * 0.03))
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=min(12, span + 1), integer=True))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: str(round(v))))
    low_high = spec.low_high()
    if low_high is not None:
        low, high = float(low_high[0]), float(low_high[1])
        pad = (high - low) * 0.18 or abs(high) * 0.1 or 1.0
        ax.set_ylim(low - pad, high + pad * 1.6)
    ax.yaxis.set_major_formatter(_lang_formatter(spec.lang))
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    footer = [*spec.notes]
    if len(footer) > MAX_NOTES:
        footer = [*footer[: MAX_NOTES - 1], t("chart.gaps_more", n=len(footer) - MAX_NOTES + 1)]
    chars = int(width / (small * DPI / 72 * 0.6))
    footer.extend(source_lines(spec.sources, chars, 2))
    fig.text(
        0.01,
        0.012,
        "\n".join(footer),
        fontsize=small,
        color="#444444",
        ha="left",
        va="bottom",
        linespacing=1.35,
    )
    footer_px = (len(footer) * small * 1.35 + 10) * DPI / 72
    engine = fig.get_layout_engine()
    engine.set(rect=(0, footer_px / height, 1, 1 - footer_px / height))


def _annotate_latest(ax: Any, line: ChartLine, size: float) -> None:
    """The latest value and its margin, with a thin leader line, on the side of the point
    away from the series' other values (below a falling series, above a rising one)."""
    assert line.latest is not None
    below = latest_below(line)
    label = "\n".join(text for text in (line.latest_label, line.latest_margin) if text)
    distance = 30 * size / 11
    ax.annotate(
        label,
        xy=(line.latest.year, float(line.latest.value)),
        xytext=(-8, -distance if below else distance),
        textcoords="offset points",
        ha="right",
        va="top" if below else "bottom",
        fontsize=size,
        color="#111111",
        bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.85},
        arrowprops={
            "arrowstyle": "-",
            "color": "#777777",
            "linewidth": 0.8,
            "relpos": (1.0, 1.0 if below else 0.0),
        },
        zorder=6,
    )


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


def _label_future_targets(ax: Any, spec: ChartSpec, line: ChartLine, size: float) -> None:
    """Each future target's value, on the side away from the latest value's label, to the
    right of its marker where it fits, else to the left."""
    above = latest_below(line)
    span = max(1, spec.last_year - spec.first_year)
    axes_px = ax.get_position().width * ax.figure.get_figwidth() * DPI
    for point, label in future_targets(line):
        room = (spec.last_year - point.year) / span * axes_px
        right = room > len(label) * size * DPI / 72 * 0.6 + 10
        ax.annotate(
            label,
            xy=(point.year, float(point.value)),
            xytext=(6 if right else -6, 10 if above else -10),
            textcoords="offset points",
            ha="left" if right else "right",
            va="bottom" if above else "top",
            fontsize=size,
            color="#333333",
            zorder=6,
        )


def _lang_formatter(lang: str) -> Any:
    """A matplotlib tick formatter (made here: matplotlib is optional) with the language's
    decimal separator and as many decimals as the tick spacing needs."""
    from matplotlib import ticker

    class Formatter(ticker.Formatter):
        decimals = 0

        def set_locs(self, locs: Sequence[float]) -> None:
            self.decimals = tick_decimals(list(locs))

        def __call__(self, x: float, pos: int | None = None) -> str:  # noqa: ARG002
            return tick_text(x, self.decimals, lang)

    return Formatter()
