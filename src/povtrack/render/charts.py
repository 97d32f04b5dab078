"""Charts: what to draw, as plain typed data (`ChartSpec`); `povtrack.render.svgchart` draws it.

The core (`build_chart`, `build_charts`) turns a `Report` (the rows of `povtrack report`) and a
`ProgressResult` (the assessment of `povtrack progress`) into `ChartSpec`s: for each series the
runs of consecutive years with a value (a missing year breaks the line: it is never bridged),
the targets, the latest value with its margin against that year's target, and, when a future
target is assessed, the projection at the current pace up to the target year. Every label is
already written in the current language (names from `name_id` and decimal commas in Bahasa
Indonesia). One module draws a spec, for every output: `povtrack.render.svgchart` (SVG text,
no dependency; PNG by rasterising that SVG). Why there and not matplotlib: see its docstring.

Values are Decimals as published; only the drawing converts them to floats (coordinates), and
every number written on a chart comes from the Decimals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Final

import msgspec

from povtrack import i18n
from povtrack.core.report import Index, Report, ReportRow
from povtrack.i18n import amount, t
from povtrack.io.output import safe_line

if TYPE_CHECKING:
    from povtrack.core.progress import ProgressResult, ProgressRow
from povtrack.i18n import N_
from povtrack.model.records import format_breakdown

_CHART_DIRECTION: Final = {
    "higher": N_("Higher is better"),
    "lower": N_("Lower is better"),
    "none": N_("Not scored against targets"),
}

_CHART_UNIT: Final = {
    "count": N_("Count"),
    "index": N_("Index"),
    "million_people": N_("Million people"),
    "percent": N_("Percent (%)"),
    "ratio": N_("Ratio"),
    "rupiah": N_("Rupiah"),
    "thousand_people": N_("Thousand people"),
}

_CHART_MONTH: Final = {
    3: N_("March"),
    9: N_("September"),
}

#: A text source (no web address in it) longer than this is cut with `…` on the chart.
MAX_SOURCE_TEXT: Final = 48


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
        return t("{number} pts", number=i18n.number(value))
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
    key = _CHART_MONTH.get(month)
    return t(key) if key is not None else t("month {month}", month=month)


def _breakdown(breakdown: dict[str, str] | None) -> str:
    return format_breakdown(breakdown)


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
        return [t("Source: not given in the data")]
    head = t("Source: {sources}", sources="")
    lines: list[str] = []
    current = head
    for i, name in enumerate(names):
        piece = name if current == head else ", " + name
        if len(current) + len(piece) <= max_chars or current == head:
            current += piece
            continue
        if len(lines) + 1 == max_lines:
            more = ", " + t("and {n} more", n=len(names) - i)
            # make room for "and N more" by dropping names from the end of the line
            while len(current) + len(more) > max_chars and ", " in current[len(head) :]:
                current = current[: current.rindex(", ")]
                i -= 1
            more = ", " + t("and {n} more", n=len(names) - i)
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


def build_charts(
    report: Report, progress: ProgressResult | None = None, index: Index | None = None
) -> list[ChartSpec]:
    """One chart per series of the report (the HTML report's charts)."""
    index = index if index is not None else Index(report)
    return [_spec(report, [rows], progress, index) for rows in series_rows(report)]


def build_chart(report: Report, progress: ProgressResult | None = None) -> ChartSpec:
    """One chart of every series of the report (`povtrack chart`): all of one indicator.

    Raises ValueError when the report holds several indicators (their units differ)."""
    if len({row.indicator for row in report.rows}) > 1:
        raise ValueError("a chart shows one indicator")
    return _spec(report, series_rows(report), progress, Index(report))


def _spec(
    report: Report,
    groups: list[list[ReportRow]],
    progress: ProgressResult | None,
    index: Index,
) -> ChartSpec:
    assessed = {series_id(row): row for row in progress.rows} if progress else {}
    first_row = groups[0][0] if groups and groups[0] else None
    indicator = index.indicator(first_row.indicator) if first_row else None
    unit = first_row.unit if first_row else "count"
    decimals = indicator.decimals if indicator else 2
    direction = indicator.direction if indicator else "none"
    ind_name = safe_line(i18n.name(indicator)) if indicator else ""

    # what the series have in common goes into the title, what differs into the legend
    def parts(rows: list[ReportRow]) -> tuple[str, str, str]:
        row = rows[0]
        region = index.region(row.region)
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
        line = _line(rows, label or t("value"), unit, decimals, assessed)
        lines.append(line)
        if line.missing_years:
            gaps = year_ranges(line.missing_years)
            if len(groups) == 1:
                notes.append(t("No value for {years}", years=gaps))
            else:
                notes.append(t("{series}: no value for {years}", series=line.label, years=gaps))
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
        subtitle=t(_CHART_DIRECTION[direction]),
        x_label=t("Year"),
        y_label=t(_CHART_UNIT[unit]),
        lang=i18n.get_lang(),
        unit=unit,
        decimals=decimals,
        first_year=min(years),
        last_year=max(years),
        lines=lines,
        legend_value=t("value"),
        legend_target=t("target"),
        legend_projection=t("projection at the current pace"),
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
        latest_label = t("{value} ({year})", value=amount(last.value, unit), year=last.year)
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
                "{value} projected for {year}, target {target} ({status})",
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
            t("target {value} ({year})", value=amount(point.value, unit), year=point.year)
            for point in targets
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
        return t("target {target} met exactly", target=target)
    key = (
        N_("target {target} met by {margin}")
        if row.margin > 0
        else N_("target {target} missed by {margin}")
    )
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
