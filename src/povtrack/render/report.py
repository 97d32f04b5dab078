"""Renderers of `povtrack report`: table, csv, json, markdown.

The table, Markdown and the sentences are for people: in the chosen language, with its number
format (`12,42`, `1.234,56`, `Rp543.475` in Indonesian) and the Indonesian names of indicators
and regions when the data gives them. JSON and CSV are for machines: stable column names,
status codes and reasons, plain decimal numbers; only the excel-id CSV dialect takes a decimal
comma and translated headers.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import groupby
from typing import Final, Literal, TextIO

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
from povtrack.i18n import amount, difference, t
from povtrack.io.output import safe_line
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
)
from povtrack.render.sparkline import caption as sparkline_caption

i18n.register(
    {
        # units, after a number and in the series title
        "report.unit_name.percent": ("percent", "persen"),
        "report.unit_name.count": ("count", "jumlah"),
        "report.unit_name.thousand_people": ("thousand people", "ribu jiwa"),
        "report.unit_name.million_people": ("million people", "juta jiwa"),
        "report.unit_name.index": ("index", "indeks"),
        "report.unit_name.ratio": ("ratio", "rasio"),
        "report.unit_name.rupiah": ("rupiah", "rupiah"),
        # months (BPS publishes March and September figures)
        "report.month.1": ("January", "Januari"),
        "report.month.2": ("February", "Februari"),
        "report.month.3": ("March", "Maret"),
        "report.month.4": ("April", "April"),
        "report.month.5": ("May", "Mei"),
        "report.month.6": ("June", "Juni"),
        "report.month.7": ("July", "Juli"),
        "report.month.8": ("August", "Agustus"),
        "report.month.9": ("September", "September"),
        "report.month.10": ("October", "Oktober"),
        "report.month.11": ("November", "November"),
        "report.month.12": ("December", "Desember"),
        # the sentence of each series' latest scored year
        "report.sentence": (
            "{region} · {indicator} {period}: {value} {verdict} ({detail})",
            "{region} · {indicator} {period}: {value} {verdict} ({detail})",
        ),
        "report.verdict.exact": (
            "meets the target of {target} exactly",
            "tepat memenuhi target {target}",
        ),
        "report.verdict.beats": (
            "beats the target of {target} by {difference}",
            "melampaui target {target} sebesar {difference}",
        ),
        "report.verdict.misses": (
            "misses the target of {target} by {difference}",
            "meleset dari target {target} sebesar {difference}",
        ),
        "report.detail.achievement": (
            "achievement {pct}, {formula} formula",
            "capaian {pct}, rumus {formula}",
        ),
        "report.detail.no_achievement": (
            "no achievement %: {reason}",
            "capaian % tidak dapat dihitung: {reason}",
        ),
        "report.formula.linear": ("linear", "linear"),
        "report.formula.ratio": ("ratio", "rasio"),
        # the core's reasons (JSON and CSV keep the English phrase as a stable value)
        "report.reason.no_earlier": ("no earlier year", "tidak ada tahun sebelumnya"),
        "report.reason.previous_zero": ("previous value is 0", "nilai sebelumnya 0"),
        "report.reason.target_zero": ("target is 0", "targetnya 0"),
        "report.reason.value_zero": ("value is 0", "nilainya 0"),
        "report.reason.not_scored": (
            "direction none: never scored",
            "tanpa arah (direction none): tidak pernah dinilai",
        ),
        "report.reason.no_value": ("no value for this year", "tidak ada nilai untuk tahun ini"),
        # trend words: colour is never the only signal
        "report.trend.better": ("better", "membaik"),
        "report.trend.worse": ("worse", "memburuk"),
        "report.trend.same": ("same", "tetap"),
        "report.trend.up": ("up", "naik"),
        "report.trend.down": ("down", "turun"),
        "report.gap": ("vs {year}", "dibanding {year}"),
        # statuses
        "report.status.met": ("met", "tercapai"),
        "report.status.missed": ("MISSED", "TIDAK TERCAPAI"),
        "report.status.no_target": ("-", "-"),
        "report.status.no_value": ("no value", "tanpa nilai"),
        "report.status.not_scored": ("not scored", "tidak dinilai"),
        # achievement bands (--bands)
        "report.band.exceeds": ("Exceeds target", "Melampaui target"),
        "report.band.very_good": ("Very good", "Sangat Baik"),
        "report.band.good": ("Good", "Baik"),
        "report.band.fair": ("Fair", "Cukup"),
        "report.band.poor": ("Poor", "Kurang"),
        "report.band.very_poor": ("Very poor", "Sangat Kurang"),
        # table and Markdown headers
        "report.head.year": ("Year", "Tahun"),
        "report.head.value": ("Value", "Nilai"),
        "report.head.change": ("Change", "Perubahan"),
        "report.head.target": ("Target", "Target"),
        "report.head.margin": ("Margin", "Selisih"),
        "report.head.achievement": ("Achievement %", "Capaian %"),
        "report.head.achievement_short": ("Achiev. %", "Capaian %"),
        "report.head.status": ("Status", "Status"),
        "report.head.band": ("Band", "Kategori"),
        "report.no_rows": (
            "No records match the filters.",
            "Tidak ada data yang cocok dengan filter.",
        ),
        "report.footer.table": (
            "Achievement formula: {formula}. Change is against the latest earlier year with a "
            'value ("vs YEAR" marks a gap).',
            "Rumus capaian: {formula}. Perubahan dihitung terhadap tahun terakhir sebelumnya yang "
            'memiliki nilai ("dibanding TAHUN" menandai tahun yang terlewat).',
        ),
        "report.footer.markdown": (
            "Achievement formula: {formula}. Change is against the latest earlier year with a "
            "value.",
            "Rumus capaian: {formula}. Perubahan dihitung terhadap tahun terakhir sebelumnya yang "
            "memiliki nilai.",
        ),
        # excel-id CSV headers of the report's own columns (the shared ones are in render)
        "report.column.previous_year": ("Previous year", "Tahun sebelumnya"),
        "report.column.previous_value": ("Previous value", "Nilai sebelumnya"),
        "report.column.change": ("Change", "Perubahan"),
        "report.column.change_pct": ("Change %", "Perubahan %"),
        "report.column.margin": ("Margin", "Selisih"),
        "report.column.margin_pct": ("Margin %", "Selisih %"),
        "report.column.achievement_pct": ("Achievement %", "Capaian %"),
        "report.column.band": ("Band", "Kategori"),
    }
)

#: The core's reasons and their messages.
REASON_KEYS: Final = {
    REASON_NO_EARLIER: "report.reason.no_earlier",
    REASON_PREVIOUS_ZERO: "report.reason.previous_zero",
    REASON_TARGET_ZERO: "report.reason.target_zero",
    REASON_VALUE_ZERO: "report.reason.value_zero",
    REASON_NOT_SCORED: "report.reason.not_scored",
    REASON_NO_VALUE: "report.reason.no_value",
}


#: The reasons that explain a missing achievement % (the others are about the change).
_ACHIEVEMENT_REASONS: Final = frozenset({REASON_TARGET_ZERO, REASON_VALUE_ZERO})


def month_name(month: int) -> str:
    return t(f"report.month.{month}")


def reason_text(reason: str | None) -> str:
    """The core's reason (`target is 0; ...`) in the current language."""
    if not reason:
        return ""
    return "; ".join(t(REASON_KEYS[part]) for part in reason.split("; "))


def period(row: ReportRow) -> str:
    text = str(row.year)
    if row.month is not None:
        text += f" ({month_name(row.month)})"
    if row.breakdown:
        text += " [" + ", ".join(f"{k}={v}" for k, v in sorted(row.breakdown.items())) + "]"
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
        verdict = t("report.verdict.exact", target=target)
    elif row.margin > 0:
        verdict = t(
            "report.verdict.beats", target=target, difference=difference(row.margin, row.unit)
        )
    else:
        verdict = t(
            "report.verdict.misses", target=target, difference=difference(-row.margin, row.unit)
        )
    if row.achievement_pct is not None:
        detail = t(
            "report.detail.achievement",
            pct=i18n.percent(row.achievement_pct),
            formula=t(f"report.formula.{formula}"),
        )
    else:
        why = [part for part in (row.reason or "").split("; ") if part in _ACHIEVEMENT_REASONS]
        detail = t("report.detail.no_achievement", reason=reason_text("; ".join(why)))
    return safe_line(
        t(
            "report.sentence",
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
    return t(f"report.trend.{code}") if code else ""


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
        return t("report.gap", year=row.previous_year)
    return ""


def status_word(status: str) -> str:
    return t(f"report.status.{status}")


def band_label(row: ReportRow) -> str:
    """The band of a BandedRow in words (`Sangat Baik`); `` when it has none."""
    code = row.band if isinstance(row, BandedRow) else None
    return t(f"report.band.{code}") if code else ""


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
    for row in report.rows:
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
        parts.append(", ".join(f"{k}={v}" for k, v in sorted(row.breakdown.items())))
    parts.append(t(f"report.unit_name.{row.unit}"))
    return " (" + "; ".join(parts) + ")"


def render_markdown(report: Report, out: TextIO, options: RenderOptions) -> None:
    names = Names(report)
    bands = isinstance(report, BandedReport)
    header = [
        t("report.head.year"),
        t("report.head.value"),
        t("report.head.change"),
        t("report.head.target"),
        t("report.head.margin"),
        t("report.head.achievement"),
        t("report.head.status"),
    ]
    if bands:
        header.append(t("report.head.band"))
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
    lines = sentences(report)
    if lines:
        out.write("\n".join(f"- {md_cell(line)}" for line in lines) + "\n\n")
    formula = t(f"report.formula.{report.achievement_formula}")
    out.write(t("report.footer.markdown", formula=formula) + "\n")


#: Colours by trend and status code; a word always says the same.
_STYLES: Final = {"better": "green", "worse": "red", "met": "green", "missed": "bold red"}

#: The columns of the table: the message of the header, justified left or right, and whether
#: the cells may wrap on a narrow terminal (a number never does). The band is added with --bands.
_COLUMNS: Final = (
    ("report.head.year", "r", False),
    ("report.head.value", "r", False),
    ("report.head.change", "l", True),
    ("report.head.target", "r", False),
    ("report.head.margin", "r", True),
    ("report.head.achievement_short", "r", True),
    ("report.head.status", "l", True),
)
_BAND_COLUMN: Final = ("report.head.band", "l", True)

#: A table cell: its parts, each with its style (`""`: none).
Cell = tuple[tuple[str, str], ...]
#: A series in the table: its title, its rows of cells, its sparkline caption.
Series = tuple[str, list[list[Cell]], str | None]


def _table_row(row: ReportRow, direction: str, bands: bool) -> list[Cell]:
    change = [(change_text(row, compact=True), "")]
    code = trend_code(row, direction)
    if code:
        change.append((" " + t(f"report.trend.{code}"), _STYLES.get(code, "")))
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


def render_table(report: Report, out: TextIO, options: RenderOptions) -> None:
    """A table per series (its title above, its sparkline below), then the sentence of each
    series' latest scored year and the formula. On a terminal, or with colour, rich draws the
    tables (coloured, wrapped to the terminal's width); into a file or a pipe, the same words
    are written as plain text, a row per line: the bundled data's 26 tables take 1.5 ms instead
    of 65 ms with rich and its imports (measured), and a row can be found with grep."""
    if not report.rows:
        out.write(t("report.no_rows") + "\n")
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
    lines = sentences(report)
    footer = t("report.footer.table", formula=t(f"report.formula.{report.achievement_formula}"))
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
