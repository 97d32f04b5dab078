"""Excel workbooks of `report`, `progress` and `rank`: `--format xlsx --output FILE.xlsx`.

One sheet of figures, then "Sources" (every source of the records behind it, with the records
it backs, as `povtrack sources` lists them) and "Notes" (what was computed and how: the
command, the formula or method in use, the data file, the povtrack version, the time of
generation in UTC). Sheet names, headers and the words in cells follow the language chosen
(`--lang id`: "Laporan", "Sumber", "Catatan", `tercapai`); identifiers (indicator ids, region
codes, reason codes) stay as they are. Every sheet has a bold header row, panes frozen below it
and after the columns that say what a row is, an autofilter, and column widths that fit the
content (at most `MAX_WIDTH` characters).

The report sheet pastes into an LKjIP table: region, year, then indicator, unit, target,
realisation, achievement %, category (the achievement band, `Sangat Baik`), status, change,
margin, note and source. The workbook always has the category: it is what an LKjIP table asks
for (`--bands` adds it to the other formats). The progress and rank sheets have the columns of
their CSV, in the same order, as typed cells.

Numbers are number cells, never text: Excel stores every number as an IEEE 754 double and
shows at most 15 significant digits, so a cell holds `float(Decimal)` of the exact figure
(the nearest double, which gives back the published digits for every figure of up to 15
significant digits: all real ones), with the indicator's decimals as its number format
(`0.00` for 2 decimals; `#,##0` grouping for counts and rupiah, which Excel shows with the
reader's own separators: `1.234.567` in Indonesian), percentages with 2. The exact decimal
text is in the JSON and CSV outputs; the Notes sheet counts any figure longer than 15 digits.

Library: XlsxWriter (the `xlsx` extra, imported only when this format is chosen; without it
the command exits 2 naming `pip install 'povtrack[xlsx]'`). Measured against openpyxl on the
same cells (median of 5 interleaved runs on a loaded 2-core machine, ratios to writing the
same rows as CSV with the csv module): 10 000 rows x 14 columns in 1.48 s (37x the CSV floor)
against 3.66 s (92x) for openpyxl (4.14 s in its write-only mode); the bundled report's 70
rows in 13 ms against 25 ms; import 0.09 s against 0.25-0.36 s. The whole command (median of 5
interleaved runs): `report` of 10 000 rows takes 1.15 s as xlsx against 0.34 s as CSV, of the
bundled data 0.34 s against 0.27 s. XlsxWriter is write-only, has no dependencies, is well
kept, and writes number formats, frozen panes, autofilters and column widths directly; the
tests read the workbooks with openpyxl (the `test` extra), a second, independent
implementation of the format. Lowest versions tested: XlsxWriter 3.0.6, openpyxl 3.1.0.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO, Final, Generic, TypeVar

from povtrack import __version__, i18n
from povtrack.core.names import ENGLISH_ONLY, IndonesianNames
from povtrack.core.progress import Assessed, ProgressRow
from povtrack.core.provenance import Sources
from povtrack.core.ranking import Ranking
from povtrack.core.report import PCT, BandedRow, Report, band
from povtrack.i18n import N_, NP_, t
from povtrack.io.errors import InputError
from povtrack.model.records import format_breakdown
from povtrack.render import RenderOptions, csv_header, generated_at, unit_name
from povtrack.render.rank import order_word
from povtrack.render.report import band_word

if TYPE_CHECKING:
    from povtrack.core.names import Shown

R = TypeVar("R")

#: What to install for this format.
INSTALL_HINT: Final = "pip install 'povtrack[xlsx]'"
#: Rows of a worksheet, its header included (Excel's limit).
MAX_ROWS: Final = 1_048_576
#: Characters of a cell (Excel's limit).
MAX_TEXT: Final = 32_767
#: The widest column, in characters: a long source wraps nothing, it is cut on screen only.
MAX_WIDTH: Final = 60
#: Significant digits that Excel shows of a number.
EXCEL_DIGITS: Final = 15

_SHEET: Final = {
    "report": NP_("xlsx.sheet", "Report"),
    "progress": NP_("xlsx.sheet", "Progress"),
    "rank": NP_("xlsx.sheet", "Ranking"),
    "steps": NP_("xlsx.sheet", "Steps"),
    "sources": NP_("xlsx.sheet", "Sources"),
    "notes": NP_("xlsx.sheet", "Notes"),
}

_REPORT_COLUMN: Final = {
    "region": N_("Region"),
    "year": N_("Year"),
    "month": N_("Month"),
    "breakdown": N_("Breakdown"),
    "indicator": N_("Indicator"),
    "unit": N_("Unit"),
    "target": N_("Target"),
    "realisation": NP_("xlsx", "Realisation"),
    "achievement": N_("Achievement %"),
    "category": NP_("xlsx", "Category"),
    "status": N_("Status"),
    "change": N_("Change"),
    "margin": N_("Margin"),
    "note": N_("Note"),
    "source": N_("Source"),
}

_STATUS: Final = {
    "met": NP_("xlsx", "met"),
    "missed": NP_("xlsx", "missed"),
    "no_target": NP_("xlsx", "no target"),
    "no_value": NP_("xlsx", "no value"),
    "not_scored": NP_("xlsx", "not scored"),
}

_DIRECTION: Final = {
    "lower": N_("Lower is better"),
    "higher": N_("Higher is better"),
    "none": N_("Not scored against targets"),
}

_RANK_STATUS: Final = {
    "ranked": NP_("xlsx", "ranked"),
    "absent": NP_("xlsx", "not ranked"),
}

_FORMULA: Final = {
    "linear": NP_(
        "xlsx",
        "linear: R / T x 100 when higher is better, (2T - R) / T x 100 when lower is better "
        "(R realisation, T target)",
    ),
    "ratio": NP_(
        "xlsx",
        "ratio: R / T x 100 when higher is better, T / R x 100 when lower is better "
        "(R realisation, T target)",
    ),
}

#: Units whose figures run into thousands: their number format groups the digits.
_GROUPED: Final = frozenset({"count", "rupiah"})

#: The kinds of cell of a column.
TEXT, INT, NUMBER, FIGURE, PCT_CELL, BOOL = "text", "int", "number", "figure", "pct", "bool"


@dataclass(frozen=True, slots=True)
class Workbook(Generic[R]):
    """What a workbook renderer takes (`render.BinaryRenderer[Workbook[...]]`): the command's
    result as its other renderers take it, the sources of the records behind it
    (`core.provenance.build_sources`) with their Indonesian names, and the decimals of each
    indicator (progress rows do not carry them; report and rank results do)."""

    result: R
    sources: Sources
    source_names: IndonesianNames = ENGLISH_ONLY
    decimals: Mapping[str, int] = field(default_factory=dict)
    #: The data file as the Notes sheet names it (the bundled data: by povtrack's version, not
    #: by the folder it is installed in); None: the result's `data`, the path as given.
    data_name: str | None = None


class XlsxUnavailable(RuntimeError):
    """XlsxWriter (the `xlsx` extra) is not installed: the command says what to install."""


def require_xlsx() -> None:
    """Raise XlsxUnavailable unless XlsxWriter can be imported."""
    try:
        import xlsxwriter  # noqa: F401
    except ImportError as exc:
        raise XlsxUnavailable(
            t(
                "--format xlsx needs XlsxWriter, which is not installed: {hint}",
                hint=INSTALL_HINT,
            )
        ) from exc


def number_format(places: int, grouped: bool = False) -> str:
    """The cell format that shows `places` decimals: `0.00`, `#,##0` (grouped), `0`."""
    whole = "#,##0" if grouped else "0"
    return whole + ("." + "0" * places if places > 0 else "")


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its header, the kind of its cells, and for figures whether the row's
    decimals (`FIGURE`) or 2 (`PCT_CELL`) are shown."""

    header: str
    kind: str = TEXT


@dataclass(slots=True)
class Row:
    """A row's cells (None: empty), the decimals and grouping of its FIGURE cells, and the
    web address that a text cell links to (by column)."""

    cells: list[Any]
    places: int = 0
    grouped: bool = False
    links: dict[int, str] | None = None


@dataclass(slots=True)
class Sheet:
    """A table on a sheet of its own; `freeze` columns stay in view (and the header row)."""

    key: str
    columns: list[Column]
    rows: list[Row]
    freeze: int = 0
    autofilter: bool = True


@dataclass(slots=True)
class _Counts:
    long_figures: int = 0


def _text(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _shown(value: Decimal, places: int, grouped: bool) -> str:
    """Roughly what Excel shows of a figure with this format: for the column's width."""
    return format(value, f"{',' if grouped else ''}.{places}f")


def _link(ws: Any, row: int, col: int, url: str, text: str, link_format: Any) -> bool:
    """Write `text` linking to `url`; False (and nothing written) where Excel keeps no link:
    an address longer than 2,079 characters, more than 65,530 links on a sheet. XlsxWriter
    says so in a warning, which is not for the user: the cell is then written as plain text."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bool(ws.write_url(row, col, url, link_format, string=text) == 0)


def _write(book: Any, sheet: Sheet, formats: dict[str, Any], counts: _Counts) -> None:
    if len(sheet.rows) + 1 > MAX_ROWS:
        raise InputError(
            t(
                "--format xlsx: {rows} rows do not fit in a worksheet (at most {max} under "
                "its header); choose fewer with --indicator, --region, --from or --to, or use "
                "--format csv",
                rows=len(sheet.rows),
                max=MAX_ROWS - 1,
            )
        )
    ws = book.add_worksheet(t(_SHEET[sheet.key]))
    header = formats["header"]
    widths = [len(col.header) + 3 for col in sheet.columns]  # + the filter's button
    for c, col in enumerate(sheet.columns):
        ws.write_string(0, c, col.header, header)

    def fmt(code: str) -> Any:
        found = formats.get(code)
        if found is None:
            found = formats[code] = book.add_format({"num_format": code})
        return found

    kinds = [col.kind for col in sheet.columns]
    pct = fmt(number_format(PCT))
    write_number, write_string, write_boolean = ws.write_number, ws.write_string, ws.write_boolean
    for r, row in enumerate(sheet.rows, 1):
        figure = fmt(number_format(row.places, row.grouped))
        for c, value in enumerate(row.cells):
            if value is None:
                continue
            kind = kinds[c]
            if kind in (FIGURE, PCT_CELL):
                places = row.places if kind == FIGURE else PCT
                grouped = row.grouped if kind == FIGURE else False
                write_number(r, c, float(value), figure if kind == FIGURE else pct)
                if len(value.as_tuple().digits) > EXCEL_DIGITS:
                    counts.long_figures += 1
                width = len(_shown(value, places, grouped))
            elif kind == BOOL:
                write_boolean(r, c, bool(value))
                width = 5
            elif kind == INT:
                write_number(r, c, value)
                width = len(str(value))
            elif kind == NUMBER:  # a step's unrounded figure: Excel's General format
                write_number(r, c, float(value))
                width = min(len(str(value)), 12)
            else:
                text = _text(value)
                url = row.links.get(c) if row.links else None
                if not url or not _link(ws, r, c, url, text, formats["link"]):
                    write_string(r, c, text)
                width = len(text)
            if width > widths[c]:
                widths[c] = width
    for c, width in enumerate(widths):
        ws.set_column(c, c, min(width + 1, MAX_WIDTH))
    ws.freeze_panes(1, sheet.freeze)
    if sheet.autofilter:
        ws.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.columns) - 1)


def _notes_sheet(items: Sequence[tuple[str, str]]) -> Sheet:
    columns = [Column(t(NP_("xlsx", "Item"))), Column(t(NP_("xlsx", "Value")))]
    rows = [Row([label, value]) for label, value in items]
    return Sheet("notes", columns, rows, freeze=0, autofilter=False)


def _common_notes(data: str, when: datetime) -> list[tuple[str, str]]:
    return [
        (t(NP_("xlsx", "Data file")), data),
        (t(NP_("xlsx", "povtrack version")), __version__),
        (t(NP_("xlsx", "Generated (UTC)")), when.strftime("%Y-%m-%dT%H:%M:%SZ")),
        (t(NP_("xlsx", "Language")), i18n.get_lang()),
    ]


def _number_note(counts: _Counts) -> tuple[str, str]:
    text = t(
        NP_(
            "xlsx",
            "Every figure is a number cell with the indicator's decimals as its format. Excel "
            "keeps numbers as binary doubles and shows 15 significant digits: each cell holds "
            "the double nearest to the published figure, which shows its digits exactly. The "
            "exact decimal text is in --format json and csv.",
        )
    )
    if counts.long_figures:
        text += " " + t(
            NP_(
                "xlsx",
                "{n} figures have more than 15 significant digits: Excel shows them rounded.",
            ),
            n=counts.long_figures,
        )
    return t(NP_("xlsx", "Numbers")), text


def source_sheet(sources: Sources, names: IndonesianNames) -> Sheet:
    """Every source of the records behind the figures: as `povtrack sources` lists them."""
    from povtrack.render.sources import kind_label

    fields = (
        "n",
        "source",
        "kind",
        "urls",
        "records",
        "values",
        "targets",
        "indicators",
        "regions",
        "years",
    )
    kinds = (INT, TEXT, TEXT, TEXT, INT, INT, INT, TEXT, TEXT, TEXT)
    headers = csv_header(fields, "excel-id", "sources")
    columns = [Column(h, k) for h, k in zip(headers, kinds, strict=True)]

    def indicator(ind: str) -> str:
        return names.indicator(ind, sources.indicator_names.get(ind, ind))

    rows = [
        Row(
            [
                s.n,
                s.source if s.source is not None else t("no source"),
                kind_label(s),
                " ".join(s.urls) or None,
                s.records,
                s.values,
                s.targets,
                "; ".join(
                    names.indicator(i, sources.indicator_names.get(i, i)) for i in s.indicators
                ),
                "; ".join(sources.region_label(code, names) for code in s.regions),
                ", ".join(str(year) for year in s.years),
            ],
            links={3: s.urls[0]} if len(s.urls) == 1 else None,
        )
        for s in sources.sources
    ]
    return Sheet("sources", columns, rows, freeze=2)


def _book(
    sheets: Iterable[Sheet], notes: Callable[[_Counts], list[tuple[str, str]]], when: datetime
) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": "povtrack",
            "comments": f"povtrack {__version__}",
            "created": when.replace(tzinfo=None),
        }
    )
    formats = {
        "header": book.add_format({"bold": True, "bottom": 1}),
        "link": book.add_format({"font_color": "blue", "underline": 1}),
    }
    counts = _Counts()
    for sheet in sheets:
        _write(book, sheet, formats, counts)
    _write(book, _notes_sheet(notes(counts)), formats, counts)
    book.close()
    return buffer.getvalue()


# --- report ----------------------------------------------------------------------------------

_BANDS_TEXT: Final = NP_(
    "xlsx",
    "Category, from the achievement %: above 100 exceeds the target; above 90 up to 100 very "
    "good; above 75 up to 90 good; above 65 up to 75 fair; above 50 up to 65 poor; 50 or less "
    "very poor.",
)
_CHANGE_TEXT: Final = NP_(
    "xlsx",
    "Change: against the latest earlier year with a value. Margin: positive when the "
    "realisation beats the target.",
)


def report_sheet(report: Report) -> Sheet:
    """The LKjIP layout: region, year (month, breakdown where the rows have them), indicator,
    unit, target, realisation, achievement %, category, status, change, margin, note, source."""
    from povtrack.render.report import Names, month_name, reason_text

    names = Names(report)
    decimals = {ind.id: ind.decimals for ind in report.indicators}
    months = any(row.month is not None for row in report.rows)
    breakdowns = any(row.breakdown for row in report.rows)
    keys = [
        ("region", TEXT),
        ("year", INT),
        *([("month", TEXT)] if months else []),
        *([("breakdown", TEXT)] if breakdowns else []),
        ("indicator", TEXT),
        ("unit", TEXT),
        ("target", FIGURE),
        ("realisation", FIGURE),
        ("achievement", PCT_CELL),
        ("category", TEXT),
        ("status", TEXT),
        ("change", FIGURE),
        ("margin", FIGURE),
        ("note", TEXT),
        ("source", TEXT),
    ]
    columns = [Column(t(_REPORT_COLUMN[key]), kind) for key, kind in keys]
    status = {code: t(word) for code, word in _STATUS.items()}
    rows = []
    for row in report.rows:
        code = row.band if isinstance(row, BandedRow) else band(row.achievement_pct)
        cells: list[Any] = [names.region(row), row.year]
        if months:
            cells.append(None if row.month is None else month_name(row.month))
        if breakdowns:
            cells.append(format_breakdown(row.breakdown) if row.breakdown else None)
        cells += [
            names.indicator(row),
            unit_name(row.unit),
            row.target,
            row.value,
            row.achievement_pct,
            band_word(code) if code else None,
            status[row.status],
            row.change,
            row.margin,
            reason_text(row.reason) or None,
            row.source,
        ]
        rows.append(Row(cells, decimals.get(row.indicator, 0), row.unit in _GROUPED))
    return Sheet("report", columns, rows, freeze=3 + months + breakdowns)


def report_workbook(given: Workbook[Report], out: BinaryIO, options: RenderOptions) -> None:
    """The workbook of `povtrack report`: Report, Sources, Notes."""
    report = given.result
    when = generated_at()

    def notes(counts: _Counts) -> list[tuple[str, str]]:
        return [
            (t(NP_("xlsx", "Command")), "povtrack report"),
            (t(NP_("xlsx", "Achievement formula")), t(_FORMULA[report.achievement_formula])),
            (t(NP_("xlsx", "Category")), t(_BANDS_TEXT)),
            (t(N_("Change")), t(_CHANGE_TEXT)),
            _number_note(counts),
            *_common_notes(given.data_name or report.data, when),
        ]

    sheets = [report_sheet(report), source_sheet(given.sources, given.source_names)]
    out.write(_book(sheets, notes, when))


# --- progress --------------------------------------------------------------------------------


def progress_sheets(assessed: Assessed, decimals: Mapping[str, int]) -> list[Sheet]:
    """The rows with the columns of the CSV (`core.progress.ROW_FIELDS`), and with --explain
    the steps of each row on a sheet of their own."""
    from povtrack.core.progress import ROW_FIELDS
    from povtrack.render.progress import figure, status_word, step_label

    result, shown = assessed.result, assessed.text
    kinds = {
        "month": INT,
        "base_year": INT,
        "latest_year": INT,
        "target_year": INT,
        "projected_year": INT,
        "base_value": FIGURE,
        "latest_value": FIGURE,
        "target": FIGURE,
        "target_used": FIGURE,
        "projected_value": FIGURE,
        "change_per_year": FIGURE,  # exact; shown with the indicator's decimals
        "cagr_actual": PCT_CELL,
        "cagr_required": PCT_CELL,
        "ratio": PCT_CELL,
        "target_replaced": BOOL,
    }
    headers = csv_header(ROW_FIELDS, "excel-id", "progress")
    columns = [Column(h, kinds.get(f, TEXT)) for h, f in zip(headers, ROW_FIELDS, strict=True)]
    directions = {code: t(word) for code, word in _DIRECTION.items()}

    def cell(row: ProgressRow, name: str) -> Any:
        if name == "indicator_name":
            return shown.indicator(row)
        if name == "region_name":
            return shown.region(row)
        if name == "breakdown":
            return format_breakdown(row.breakdown) if row.breakdown else None
        if name == "unit":
            return unit_name(row.unit)
        if name == "direction":
            return directions.get(row.direction, row.direction)
        if name == "status":
            return status_word(row.status)
        if name == "reason":
            return shown.reason(row)
        if name == "projection_note":
            return shown.note(row)
        return getattr(row, name)

    rows = [
        Row(
            [cell(row, name) for name in ROW_FIELDS],
            decimals.get(row.indicator, 0),
            row.unit in _GROUPED,
        )
        for row in result.rows
    ]
    sheets = [Sheet("progress", columns, rows, freeze=4)]
    if any(row.steps is not None for row in result.rows):
        step_columns = [
            Column(t(N_("Indicator"))),
            Column(t(N_("Region"))),
            Column(t(NP_("xlsx", "Step"))),
            Column(t(NP_("xlsx", "Formula"))),
            Column(t(NP_("xlsx", "Value")), NUMBER),
            Column(t(NP_("xlsx", "Result"))),
        ]
        step_rows = []
        for row in result.rows:
            for step in shown.steps(row) or []:
                value = step.value
                number = value if isinstance(value, (Decimal, int)) else None
                text = figure(value) if number is None and value is not None else None
                step_rows.append(
                    Row(
                        [
                            shown.indicator(row),
                            shown.region(row),
                            step_label(step.label),
                            step.formula,
                            number,
                            text,
                        ]
                    )
                )
        sheets.append(Sheet("steps", step_columns, step_rows, freeze=3))
    return sheets


def progress_workbook(given: Workbook[Assessed], out: BinaryIO, options: RenderOptions) -> None:
    """The workbook of `povtrack progress`: Progress (and Steps with --explain), Sources,
    Notes."""
    from povtrack.core.progress import method_name
    from povtrack.render.progress import bands, rules, status_word

    result = given.result.result
    when = generated_at()

    def notes(counts: _Counts) -> list[tuple[str, str]]:
        items = [
            (t(NP_("xlsx", "Command")), "povtrack progress"),
            (t(NP_("xlsx", "Method")), method_name(result.method)),
        ]
        items += [(status_word(status), text) for status, text in bands(result)]
        items += [(t(NP_("xlsx", "Rule")), line) for line in rules(result)]
        items += [_number_note(counts), *_common_notes(given.data_name or result.data, when)]
        return items

    sheets = [
        *progress_sheets(given.result, given.decimals),
        source_sheet(given.sources, given.source_names),
    ]
    out.write(_book(sheets, notes, when))


# --- rank ------------------------------------------------------------------------------------


def rank_sheet(given: Shown[Ranking]) -> Sheet:
    """The columns of the CSV (`render.rank.CSV_FIELDS`): ranked regions, then those not
    ranked with the reason."""
    from povtrack.render.rank import CSV_FIELDS, absent_reason

    result, names = given.result, given.names
    kinds = {
        "year": INT,
        "month": INT,
        "rank": INT,
        "tied": BOOL,
        "value": FIGURE,
        "highlight": BOOL,
    }
    headers = csv_header(CSV_FIELDS, "excel-id", "rank")
    columns = [Column(h, kinds.get(f, TEXT)) for h, f in zip(headers, CSV_FIELDS, strict=True)]
    marked = {mark.region for mark in result.highlight}
    head = [result.indicator, result.year, result.month, order_word(result.order)]
    places, grouped = result.decimals, result.unit in _GROUPED
    rows = [
        Row(
            [
                *head,
                row.rank,
                row.tied,
                row.region,
                names.region(row.region, row.region_name),
                row.value,
                t(_RANK_STATUS["ranked"]),
                None,
                row.region in marked,
                row.source,
            ],
            places,
            grouped,
        )
        for row in result.rows
    ]
    rows += [
        Row(
            [
                *head,
                None,
                None,
                absent.region,
                names.region(absent.region, absent.region_name),
                None,
                t(_RANK_STATUS["absent"]),
                absent_reason(absent.reason, absent.months, result),
                absent.region in marked,
                None,
            ],
            places,
            grouped,
        )
        for absent in result.absent
    ]
    return Sheet("rank", columns, rows, freeze=0)


def rank_workbook(given: Workbook[Shown[Ranking]], out: BinaryIO, options: RenderOptions) -> None:
    """The workbook of `povtrack rank`: Ranking, Sources, Notes."""
    from povtrack.render.rank import highlight_text, title

    result, names = given.result.result, given.result.names
    when = generated_at()

    def notes(counts: _Counts) -> list[tuple[str, str]]:
        items = [
            (t(NP_("xlsx", "Command")), "povtrack rank"),
            (t(NP_("xlsx", "Ranking")), title(result, names)),
        ]
        items += [(t(N_("Note")), line) for line in result.notes(names=names)]
        items += [
            (t(NP_("xlsx", "Highlighted")), highlight_text(mark, result, names))
            for mark in result.highlight
        ]
        items += [_number_note(counts), *_common_notes(given.data_name or result.data, when)]
        return items

    sheets = [rank_sheet(given.result), source_sheet(given.sources, given.source_names)]
    out.write(_book(sheets, notes, when))
