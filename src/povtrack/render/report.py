"""Renderers of `povtrack report`: table, csv, json, markdown.

The table, Markdown and the sentences are for people: in the chosen language, with its number
format (`12,42`, `1.234,56`, `Rp543.475` in Indonesian) and the Indonesian names of indicators
and regions when the data gives them. JSON and CSV are for machines: stable column names,
status codes and reasons, plain decimal numbers; only the excel-id CSV dialect takes a decimal
comma and translated headers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Final, Literal, TextIO

import msgspec

from povtrack import i18n
from povtrack.core.report import (
    BANDED_FIELDS,
    REASON_NO_EARLIER,
    REASON_NO_VALUE,
    REASON_NOT_SCORED,
    REASON_PREVIOUS_ZERO,
    REASON_TARGET_ZERO,
    REASON_VALUE_ZERO,
    ROW_FIELDS,
    BandedReport,
    BandedRow,
    Report,
    ReportRow,
    latest_scored,
)
from povtrack.i18n import N_, NP_, amount, difference, t
from povtrack.io.output import safe_line
from povtrack.model.records import format_breakdown
from povtrack.render import (
    BOM,
    Renderer,
    RenderOptions,
    console_for,
    csv_cell,
    csv_header,
    csv_quote,
    csv_separator,
    csv_text,
    md_cell,
    md_table,
    render_json,
    text_table,
    unit_name,
)
from povtrack.render.sparkline import caption as sparkline_caption

if TYPE_CHECKING:
    from povtrack.core.progress import Assessed

_REPORT_MONTH: Final = {
    1: N_("January"),
    2: N_("February"),
    3: N_("March"),
    4: N_("April"),
    5: N_("May"),
    6: N_("June"),
    7: N_("July"),
    8: N_("August"),
    9: N_("September"),
    10: N_("October"),
    11: N_("November"),
    12: N_("December"),
}

_REPORT_STATUS: Final = {
    "met": N_("met"),
    "missed": N_("MISSED"),
    "no_target": N_("-"),
    "no_value": N_("no value"),
    "not_scored": N_("not scored"),
}

_REPORT_FORMULA: Final = {
    "linear": NP_("report.formula", "linear"),
    "ratio": N_("ratio"),
}

_REPORT_TREND: Final = {
    "better": N_("better"),
    "down": N_("down"),
    "same": N_("same"),
    "up": N_("up"),
    "worse": N_("worse"),
}

_REPORT_BAND: Final = {
    "exceeds": N_("Exceeds target"),
    "fair": N_("Fair"),
    "good": N_("Good"),
    "poor": N_("Poor"),
    "very_good": N_("Very good"),
    "very_poor": N_("Very poor"),
}

#: The core's reasons and their messages.
REASON_KEYS: Final = {
    REASON_NO_EARLIER: N_("no earlier year"),
    REASON_PREVIOUS_ZERO: N_("previous value is 0"),
    REASON_TARGET_ZERO: N_("target is 0"),
    REASON_VALUE_ZERO: N_("value is 0"),
    REASON_NOT_SCORED: N_("direction none: never scored"),
    REASON_NO_VALUE: N_("no value for this year"),
}


#: The reasons that explain a missing achievement % (the others are about the change).
_ACHIEVEMENT_REASONS: Final = frozenset({REASON_TARGET_ZERO, REASON_VALUE_ZERO})


def month_name(month: int) -> str:
    return t(_REPORT_MONTH[month])


def reason_text(reason: str | None) -> str:
    """The core's reason (`target is 0; ...`) in the current language."""
    if not reason:
        return ""
    return "; ".join(
        t(REASON_KEYS[part]) if part in REASON_KEYS else part for part in reason.split("; ")
    )


def period(row: ReportRow) -> str:
    text = str(row.year)
    if row.month is not None:
        text += f" ({month_name(row.month)})"
    if row.breakdown:
        text += " [" + format_breakdown(row.breakdown) + "]"
    return text


class Names:
    """The names to show of a report's indicators and regions: Indonesian ones with --lang id
    when the data has them, else the names in the rows."""

    def __init__(self, report: Report) -> None:
        self.indicators = {ind.id: i18n.name(ind) for ind in report.indicators}
        self.regions = {reg.code: i18n.name(reg) for reg in report.regions}

    def indicator(self, row: ReportRow) -> str:
        return self.indicators.get(row.indicator, row.indicator_name)

    def region(self, row: ReportRow) -> str:
        return self.regions.get(row.region, row.region_name)


def sentence(row: ReportRow, formula: str, names: Names | None = None) -> str:
    """`Kabupaten Lamongan · Poverty rate (P0) 2023: 12.42 % beats the target of 13.17 % by
    0.75 points (achievement 105.69 %, linear formula)`; in Indonesian `... 12,42 % melampaui
    target 13,17 % sebesar 0,75 poin (capaian 105,69 %, rumus linear)`."""
    assert row.value is not None
    assert row.target is not None
    assert row.margin is not None
    target = amount(row.target, row.unit)
    if row.margin.is_zero():
        verdict = t("meets the target of {target} exactly", target=target)
    elif row.margin > 0:
        verdict = t(
            "beats the target of {target} by {difference}",
            target=target,
            difference=difference(row.margin, row.unit),
        )
    else:
        verdict = t(
            "misses the target of {target} by {difference}",
            target=target,
            difference=difference(-row.margin, row.unit),
        )
    if row.achievement_pct is not None:
        detail = t(
            "achievement {pct}, {formula} formula",
            pct=i18n.percent(row.achievement_pct),
            formula=t(_REPORT_FORMULA[formula]),
        )
    else:
        why = [part for part in (row.reason or "").split("; ") if part in _ACHIEVEMENT_REASONS]
        detail = t("no achievement %: {reason}", reason=reason_text("; ".join(why)))
    return safe_line(
        t(
            "{region} · {indicator} {period}: {value} {verdict} ({detail})",
            region=names.region(row) if names else row.region_name,
            indicator=names.indicator(row) if names else row.indicator_name,
            period=period(row),
            value=amount(row.value, row.unit),
            verdict=verdict,
            detail=detail,
        )
    )


def sentences(report: Report) -> list[str]:
    names = Names(report)
    return [sentence(row, report.achievement_formula, names) for row in latest_scored(report.rows)]


def trend_code(row: ReportRow, direction: str) -> str:
    """better, worse, same (or up, down for an indicator without direction); `` without a
    change."""
    if row.change is None:
        return ""
    if row.change.is_zero():
        return "same"
    if direction == "none":
        return "up" if row.change > 0 else "down"
    better = row.change < 0 if direction == "lower" else row.change > 0
    return "better" if better else "worse"


def trend(row: ReportRow, direction: str) -> str:
    """A word for the change, so that colour is never the only signal: better / membaik."""
    code = trend_code(row, direction)
    return t(_REPORT_TREND[code]) if code else ""


def _signed(number: Decimal | None) -> str:
    return "" if number is None else i18n.number(number, sign=True)


def change_text(row: ReportRow, compact: bool = False) -> str:
    """`-0.11 (-0.88 %)` / `-0,11 (-0,88 %)`; `compact` (for the terminal table) writes
    `(-0.88%)`, so that a narrow terminal can only wrap between the two figures."""
    if row.change is None:
        return ""
    return _with_pct(_signed(row.change), row.change_pct, compact)


def margin_text(row: ReportRow, compact: bool = False) -> str:
    if row.margin is None:
        return ""
    return _with_pct(_signed(row.margin), row.margin_pct, compact)


def _with_pct(text: str, pct: Decimal | None, compact: bool) -> str:
    if pct is None:
        return text
    if compact:
        return f"{text} ({i18n.number(pct, sign=True)}%)"
    return f"{text} ({i18n.percent(pct, sign=True)})"


def _gap(row: ReportRow) -> str:
    if row.previous_year is not None and row.previous_year != row.year - 1:
        return t("vs {year}", year=row.previous_year)
    return ""


def status_word(status: str) -> str:
    return t(_REPORT_STATUS[status])


def band_word(code: str) -> str:
    """An achievement band's code (`very_good`) in words, in the current language."""
    return t(_REPORT_BAND[code])


def band_label(row: ReportRow) -> str:
    """The band of a BandedRow in words (`Sangat Baik`); `` when it has none."""
    code = row.band if isinstance(row, BandedRow) else None
    return band_word(code) if code else ""


def _series_rows(report: Report) -> list[list[ReportRow]]:
    def key(row: ReportRow) -> tuple[object, ...]:
        return (row.indicator, row.region, row.month, tuple(sorted((row.breakdown or {}).items())))

    return [list(group) for _, group in groupby(report.rows, key=key)]


def render_csv(report: Report, out: TextIO, options: RenderOptions) -> None:
    """The rows as CSV, the columns of ROW_FIELDS (and `band` with --bands), in the dialect of
    the options (see render.write_csv). This renderer writes reports of millions of rows, so it
    does by hand what write_csv does generally, byte for byte: the eight columns that are the
    same for a whole series are quoted and neutralised once per series, and a row's numbers are
    joined as their exact decimal text (with a decimal comma in excel-id)."""
    dialect = options.csv_dialect
    sep = csv_separator(dialect)
    bands = isinstance(report, BandedReport)
    if dialect != "rfc4180":
        out.write(BOM)
    header = csv_header(BANDED_FIELDS if bands else ROW_FIELDS, dialect, "report")
    out.write(sep.join(csv_quote(name, sep) for name in header) + "\r\n")
    render_csv_rows(report, out, options)


def render_csv_parts(
    parts: Iterable[Report], out: TextIO, options: RenderOptions, *, header: bool = True
) -> None:
    """The CSV of a report built in parts (report.report_parts), as render_csv writes the
    whole: the header (unless `header` is False: a report appended to one already begun), then
    the rows of each part."""
    for i, part in enumerate(parts):
        (render_csv if header and i == 0 else render_csv_rows)(part, out, options)


#: The status of a row in a CSV for people (excel-id): lower case, never `-`.
_REPORT_CSV_STATUS: Final = {
    "met": N_("met"),
    "missed": NP_("csv", "missed"),
    "no_target": NP_("csv", "no target"),
    "no_value": N_("no value"),
    "not_scored": N_("not scored"),
}


def people_rows(report: Report) -> Iterator[ReportRow]:
    """The rows as the excel-id CSV shows them: names, unit, status, reason and band in the
    current language (the codes stay in the default CSV and the JSON)."""
    names = Names(report)
    for row in report.rows:
        changed = msgspec.structs.replace(
            row,
            indicator_name=names.indicator(row),
            region_name=names.region(row),
            unit=unit_name(row.unit),
            status=t(_REPORT_CSV_STATUS[row.status]),
            reason=reason_text(row.reason) or None,
        )
        if isinstance(row, BandedRow) and row.band:
            changed = msgspec.structs.replace(changed, band=t(_REPORT_BAND[row.band]))
        yield changed


def render_csv_rows(report: Report, out: TextIO, options: RenderOptions) -> None:
    """The rows of render_csv without its header: a report written in parts is the header and
    the rows of its first part, then the rows of each next part."""
    dialect = options.csv_dialect
    sep = csv_separator(dialect)
    comma = dialect == "excel-id"
    bands = isinstance(report, BandedReport)
    memo: dict[str | None, str] = {None: ""}

    get = memo.get

    def text(value: str | None) -> str:
        """The cell of a text (memoised: a report repeats few distinct texts)."""
        assert value is not None  # None is in the memo
        cell = memo[value] = csv_quote(csv_text(value), sep)
        return cell

    series: tuple[object, ...] = ()
    head = tail = ""
    lines: list[str] = []
    append = lines.append
    end = "\r\n"
    for row in people_rows(report) if comma else report.rows:
        # The columns that are the same for a whole series are written once per series. The
        # rows of a series are consecutive, and share their strings: the comparison of the
        # key is mostly identity checks.
        key = (
            row.indicator,
            row.indicator_name,
            row.region,
            row.region_name,
            row.month,
            row.breakdown,
            row.unit,
        )
        if key != series:
            series = key
            names = (row.indicator, row.indicator_name, row.region, row.region_name)
            head = sep.join([*(get(name) or text(name) for name in names), ""])
            breakdown = csv_cell(row.breakdown) if row.breakdown else None
            tail = sep.join(
                [
                    "",
                    "" if row.month is None else str(row.month),
                    "" if breakdown is None else get(breakdown) or text(breakdown),
                    get(row.unit) or text(row.unit),
                    "",
                ]
            )
        # str() of a Decimal of the core is its plain decimal text (see render.write_csv).
        value = row.value
        previous_year = row.previous_year
        previous_value = row.previous_value
        change = row.change
        change_pct = row.change_pct
        target = row.target
        margin = row.margin
        margin_pct = row.margin_pct
        achievement_pct = row.achievement_pct
        numbers = (
            f"{'' if value is None else str(value)}{sep}"
            f"{'' if previous_year is None else previous_year}{sep}"
            f"{'' if previous_value is None else str(previous_value)}{sep}"
            f"{'' if change is None else str(change)}{sep}"
            f"{'' if change_pct is None else str(change_pct)}{sep}"
            f"{'' if target is None else str(target)}{sep}"
            f"{'' if margin is None else str(margin)}{sep}"
            f"{'' if margin_pct is None else str(margin_pct)}{sep}"
            f"{'' if achievement_pct is None else str(achievement_pct)}"
        )
        if comma:
            numbers = numbers.replace(".", ",")
        reason = get(row.reason)
        if reason is None:
            reason = text(row.reason)
        source = get(row.source)
        if source is None:
            source = text(row.source)
        line = f"{head}{row.year}{tail}{numbers}{sep}{row.status}{sep}{reason}{sep}{source}"
        if bands:
            band_code = get(row.band if isinstance(row, BandedRow) else None)
            if band_code is None:
                band_code = text(row.band if isinstance(row, BandedRow) else None)
            append(f"{line}{sep}{band_code}{end}")
        else:
            append(line + end)
        if len(lines) == 8192:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


def _number_or_blank(number: Decimal | None) -> str:
    return "" if number is None else i18n.number(number)


def _series_title(row: ReportRow, names: Names) -> str:
    return f"{names.region(row)} · {names.indicator(row)}{_series_suffix(row)}"


def _series_suffix(row: ReportRow) -> str:
    parts = []
    if row.month is not None:
        parts.append(month_name(row.month))
    if row.breakdown:
        parts.append(format_breakdown(row.breakdown))
    parts.append(unit_name(row.unit))
    return " (" + "; ".join(parts) + ")"


def progress_lines(progress: Assessed | None) -> tuple[list[str], list[str]]:
    """The progress sentence of each series towards its next target (`povtrack progress`'s),
    and the rule of their base year; nothing without an assessment or an assessed series."""
    if progress is None or not progress.result.rows:
        return [], []
    from povtrack.render.progress import rules, sentence

    said = [sentence(row, progress.text) for row in progress.result.rows]
    return said, rules(progress.result)[:1]


def render_markdown(
    report: Report, out: TextIO, options: RenderOptions, *, progress: Assessed | None = None
) -> None:
    """The tables, the sentences of each series' latest scored year and, with `progress`, the
    progress sentence of each series towards its next target."""
    names = Names(report)
    bands = isinstance(report, BandedReport)
    header = [
        t("Year"),
        t("Value"),
        t("Change"),
        t("Target"),
        t("Margin"),
        t("Achievement %"),
        t("Status"),
    ]
    if bands:
        header.append(t("Band"))
    directions = {ind.id: ind.direction for ind in report.indicators}
    for rows in _series_rows(report):
        out.write(f"### {md_cell(_series_title(rows[0], names))}\n\n")
        body = []
        for row in rows:
            change = (
                change_text(row),
                trend(row, directions.get(row.indicator, "none")),
                _gap(row),
            )
            cells = [
                str(row.year),
                _number_or_blank(row.value),
                md_cell(" ".join(x for x in change if x)),
                _number_or_blank(row.target),
                md_cell(margin_text(row)),
                _number_or_blank(row.achievement_pct),
                md_cell(status_word(row.status)),
            ]
            if bands:
                cells.append(md_cell(band_label(row)))
            body.append(cells)
        out.write(md_table(header, body, "rrlrrrl" + ("l" if bands else "")))
        out.write("\n")
    ahead, rule = progress_lines(progress)
    lines = sentences(report) + ahead
    if lines:
        out.write("\n".join(f"- {md_cell(line)}" for line in lines) + "\n\n")
    formula = t(_REPORT_FORMULA[report.achievement_formula])
    out.write(
        " ".join(
            md_cell(line)
            for line in [
                t(
                    "Achievement formula: {formula}. Change is against the latest "
                    "earlier year with a value.",
                    formula=formula,
                ),
                *rule,
            ]
        )
        + "\n"
    )


#: Colours by trend and status code; a word always says the same.
_STYLES: Final = {"better": "green", "worse": "red", "met": "green", "missed": "bold red"}

#: The columns of the table: the message of the header, justified left or right, and whether
#: the cells may wrap on a narrow terminal (a number never does). The band is added with --bands.
_COLUMNS: Final = (
    (N_("Year"), "r", False),
    (N_("Value"), "r", False),
    (N_("Change"), "l", True),
    (N_("Target"), "r", False),
    (N_("Margin"), "r", True),
    (N_("Achiev. %"), "r", True),
    (N_("Status"), "l", True),
)
_BAND_COLUMN: Final = (N_("Band"), "l", True)

#: A table cell: its parts, each with its style (`""`: none).
Cell = tuple[tuple[str, str], ...]
#: A series in the table: its title, its rows of cells, its sparkline caption.
Series = tuple[str, list[list[Cell]], str | None]


def _table_row(row: ReportRow, direction: str, bands: bool) -> list[Cell]:
    change = [(change_text(row, compact=True), "")]
    code = trend_code(row, direction)
    if code:
        change.append((" " + t(_REPORT_TREND[code]), _STYLES.get(code, "")))
    gap = _gap(row)
    if gap:
        change.append((f" {gap}", "yellow"))
    cells: list[Cell] = [
        ((str(row.year), ""),),
        ((_number_or_blank(row.value), ""),),
        tuple(change),
        ((_number_or_blank(row.target), ""),),
        ((margin_text(row, compact=True), ""),),
        ((_number_or_blank(row.achievement_pct), ""),),
        ((status_word(row.status), _STYLES.get(row.status, "")),),
    ]
    if bands:
        cells.append(((band_label(row), ""),))
    return cells


def render_table(
    report: Report, out: TextIO, options: RenderOptions, *, progress: Assessed | None = None
) -> None:
    """A table per series (its title above, its sparkline below), then the sentence of each
    series' latest scored year and the formula. On a terminal, or with colour, rich draws the
    tables (coloured, wrapped to the terminal's width); into a file or a pipe, the same words
    are written as plain text, a row per line: the bundled data's 26 tables take 1.5 ms instead
    of 65 ms with rich and its imports (measured), and a row can be found with grep."""
    if not report.rows:
        out.write(t(NP_("report", "No records match the filters.")) + "\n")
        return
    names = Names(report)
    bands = isinstance(report, BandedReport)
    columns = _COLUMNS + ((_BAND_COLUMN,) if bands else ())
    directions = {ind.id: ind.direction for ind in report.indicators}
    series: list[Series] = [
        (
            safe_line(_series_title(rows[0], names)),
            [_table_row(row, directions.get(row.indicator, "none"), bands) for row in rows],
            sparkline_caption([(row.year, row.value) for row in rows]),
        )
        for rows in _series_rows(report)
    ]
    ahead, rule = progress_lines(progress)
    lines = sentences(report) + ahead
    footer = " ".join(
        [
            t(
                "Achievement formula: {formula}. Change is against the latest "
                'earlier year with a value ("vs YEAR" marks a gap).',
                formula=t(_REPORT_FORMULA[report.achievement_formula]),
            ),
            *rule,
        ]
    )
    isatty = getattr(out, "isatty", None)
    if options.color or (isatty is not None and isatty()):
        _rich_tables(out, options, columns, series, lines, footer)
        return
    header = [t(key) for key, _, _ in columns]
    justify = "".join(side for _, side, _ in columns)
    for title, body, spark in series:
        # A write per series, as rich writes: when the reader goes away (`| head`), the next
        # write fails and the command exits 2. One large write that is cut short can go
        # unnoticed (measured with PYTHONUNBUFFERED=1).
        rows = [["".join(part for part, _ in cell) for cell in cells] for cells in body]
        text = [title, "", *text_table(header, rows, justify), ""]
        if spark:
            text += [" " + spark, ""]
        out.write("\n".join(text) + "\n")
    out.write("\n".join([*lines, footer]) + "\n")


def _rich_tables(
    out: TextIO,
    options: RenderOptions,
    columns: tuple[tuple[str, str, bool], ...],
    series: list[Series],
    lines: list[str],
    footer: str,
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def text(cell: Cell) -> Text:
        (first, style), *rest = cell
        result = Text(first, style=style)
        for part, part_style in rest:
            result.append(part, style=part_style)
        return result

    console = console_for(out, options)
    for title, body, spark in series:
        table = Table(
            title=Text(title, style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            collapse_padding=_BAND_COLUMN in columns,
        )
        for key, side, wraps in columns:
            justify: Literal["left", "right"] = "right" if side == "r" else "left"
            table.add_column(t(key), justify=justify, no_wrap=not wraps)
        for cells in body:
            table.add_row(*(text(cell) for cell in cells))
        console.print(table)
        if spark:
            console.print(Text(" " + spark), no_wrap=True, overflow="ignore", crop=False)
            console.print()
    for line in lines:
        console.print(Text(line))
    console.print(Text(footer, style="dim"))


RENDERERS: Final[dict[str, Renderer[Report]]] = {
    "table": render_table,
    "csv": render_csv,
    "json": render_json,
    "markdown": render_markdown,
}
"""The report's text formats; the HTML page is `povtrack.render.html.render_html`."""
