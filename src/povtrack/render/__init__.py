"""Renderers: one interface, one implementation per output format.

A renderer takes a command's result (a plain typed object from the core) and writes it to a
text stream. Machine formats (JSON, CSV) are stable interfaces; the terminal table may change.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO, Final, Literal, Protocol, TextIO, TypeVar

import msgspec

if TYPE_CHECKING:
    import datetime

    from rich.console import Console

from povtrack.i18n import N_, NP_, t
from povtrack.io.output import safe_line
from povtrack.model.numbers import plain
from povtrack.model.records import format_breakdown
from povtrack.model.text import CONTROL_RAW_IN_JSON, INVISIBLE

_RENDER_COLUMN: Final = {
    "breakdown": N_("Breakdown"),
    "code": N_("Code"),
    "decimals": N_("Decimals"),
    "direction": N_("Direction"),
    "indicator": N_("Indicator"),
    "indicator_name": N_("Indicator name"),
    "month": N_("Month"),
    "name": N_("Name"),
    "name_id": N_("Indonesian name"),
    "note": N_("Note"),
    "parent": N_("Parent region"),
    "reason": NP_("render.column", "Reason"),
    "region": N_("Region"),
    "region_name": N_("Region name"),
    "source": N_("Source"),
    "status": N_("Status"),
    "target": N_("Target"),
    "target_year": N_("Target year"),
    "unit": N_("Unit"),
    "value": N_("Value"),
    "year": N_("Year"),
}

_COLUMN: Final = {
    ("import", "twice"): N_("{option} {name!r}: {file} has two columns of that name; rename one"),
    ("import", "unknown"): N_(
        "{option} {name!r}: {file} has no such column; its columns are: {columns}"
    ),
    ("progress", "base_value"): N_("Base value"),
    ("progress", "base_year"): N_("Base year"),
    ("progress", "base_year_source"): N_("Base year from"),
    ("progress", "cagr_actual"): N_("Actual growth rate (%/year)"),
    ("progress", "cagr_required"): N_("Required growth rate (%/year)"),
    ("progress", "change_per_year"): N_("Average change per year"),
    ("progress", "latest_value"): N_("Latest value"),
    ("progress", "latest_year"): N_("Latest year"),
    ("progress", "plan"): N_("Plan"),
    ("progress", "projected_value"): N_("Projected value"),
    ("progress", "projected_year"): N_("Year target reached"),
    ("progress", "projection_note"): N_("Projection note"),
    ("progress", "ratio"): N_("Ratio CR"),
    ("progress", "reason_code"): N_("Reason code"),
    ("progress", "target_replaced"): N_("Target replaced"),
    ("progress", "target_used"): N_("Target used"),
    ("rank", "highlight"): N_("Highlighted"),
    ("rank", "order"): N_("Order"),
    ("rank", "rank"): N_("Rank"),
    ("rank", "tied"): N_("Tied"),
    ("render", "breakdown"): N_("Breakdown"),
    ("render", "code"): N_("Code"),
    ("render", "decimals"): N_("Decimals"),
    ("render", "direction"): N_("Direction"),
    ("render", "indicator"): N_("Indicator"),
    ("render", "indicator_name"): N_("Indicator name"),
    ("render", "month"): N_("Month"),
    ("render", "name"): N_("Name"),
    ("render", "name_id"): N_("Indonesian name"),
    ("render", "note"): N_("Note"),
    ("render", "parent"): N_("Parent region"),
    ("render", "reason"): NP_("render.column", "Reason"),
    ("render", "region"): N_("Region"),
    ("render", "region_name"): N_("Region name"),
    ("render", "source"): N_("Source"),
    ("render", "status"): N_("Status"),
    ("render", "target"): N_("Target"),
    ("render", "target_year"): N_("Target year"),
    ("render", "unit"): N_("Unit"),
    ("render", "value"): N_("Value"),
    ("render", "year"): N_("Year"),
    ("report", "achievement_pct"): N_("Achievement %"),
    ("report", "band"): N_("Band"),
    ("report", "change"): N_("Change"),
    ("report", "change_pct"): N_("Change %"),
    ("report", "margin"): N_("Margin"),
    ("report", "margin_pct"): N_("Margin %"),
    ("report", "previous_value"): N_("Previous value"),
    ("report", "previous_year"): N_("Previous year"),
    ("sources", "indicators"): N_("Indicators"),
    ("sources", "kind"): N_("Kind"),
    ("sources", "n"): N_("No."),
    ("sources", "records"): N_("Records"),
    ("sources", "regions"): N_("Regions"),
    ("sources", "target_only"): N_("Targets only"),
    ("sources", "targets"): N_("Targets"),
    ("sources", "urls"): N_("URLs"),
    ("sources", "uses"): N_("Uses"),
    ("sources", "values"): N_("Values"),
    ("sources", "years"): N_("Years"),
}

R_contra = TypeVar("R_contra", contravariant=True)


CsvDialect = Literal["rfc4180", "excel", "excel-id"]
CSV_DIALECTS: Final[tuple[CsvDialect, ...]] = ("rfc4180", "excel", "excel-id")
#: The byte order mark that tells Excel a CSV file is UTF-8 (written as the first character).
BOM: Final = "\ufeff"


def csv_separator(dialect: CsvDialect) -> str:
    """`;` for excel-id (Excel in a locale whose decimal separator is the comma), else `,`."""
    return ";" if dialect == "excel-id" else ","


def csv_header(header: Sequence[str], dialect: CsvDialect, labels: str = "render") -> list[str]:
    """The header row: the stable column names, except in excel-id, where each column is named
    in the current language: the caller's own name for it (`_COLUMN[(labels, NAME)]`), else the
    shared one (`_RENDER_COLUMN[NAME]`). A column without either is a bug (KeyError), caught by
    the tests that write excel-id CSV, never an English header in an Indonesian file."""
    if dialect != "excel-id":
        return list(header)
    names = []
    for name in header:
        own = _COLUMN.get((labels, name))
        names.append(t(own) if own is not None else t(_RENDER_COLUMN[name]))
    return names


def csv_number(number: Decimal, dialect: CsvDialect) -> str:
    """A number as a CSV cell: its exact plain digits (`-0.11`, `543475`), with a decimal
    comma in excel-id (`-0,11`) and never a thousands separator (Excel reads `1234,56`)."""
    text = plain(number)
    return text.replace(".", ",") if dialect == "excel-id" else text


_BAD_EPOCH: Final = N_(
    "SOURCE_DATE_EPOCH={value}: not a whole number of seconds since 1970-01-01 00:00 UTC; "
    "unset it, or give one such as SOURCE_DATE_EPOCH=1764763200"
)


def generated_at(environ: Mapping[str, str] | None = None) -> datetime.datetime:
    """When a file (an HTML page, a workbook) is generated, in UTC, to the second:
    `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 00:00 UTC, the variable that reproducible
    builds set so that the same input gives the same bytes:
    https://reproducible-builds.org/specs/source-date-epoch/) when it is set and not empty,
    else the clock. Raises ValueError, with the message to show, when it is set to something
    else than a whole number of seconds in the years 1 to 9999; the CLI checks it before it
    writes anything (`cli.common.generated_time`)."""
    import datetime
    import os

    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    if not value.strip():
        return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    try:
        if not value.strip().isdigit():
            raise ValueError(value)
        return datetime.datetime.fromtimestamp(int(value), datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(t(_BAD_EPOCH, value=safe_line(repr(value)))) from None


class RenderOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to render: colour on or off, the terminal width (None: let rich decide), the CSV
    dialect (rfc4180: comma, point; excel: comma, point, BOM; excel-id: semicolon, decimal
    comma, BOM, headers in the chosen language). The language is `i18n.get_lang()`."""

    color: bool = False
    width: int | None = None
    csv_dialect: CsvDialect = "rfc4180"


class Renderer(Protocol[R_contra]):
    """Writes one result to `out`. Every output format of every command is one of these."""

    def __call__(self, result: R_contra, out: TextIO, options: RenderOptions, /) -> None: ...


class BinaryRenderer(Protocol[R_contra]):
    """A Renderer of a binary format (an Excel workbook: `povtrack.render.xlsx`): writes one
    result to a binary stream."""

    def __call__(self, result: R_contra, out: BinaryIO, options: RenderOptions, /) -> None: ...


_ENCODER: Final = msgspec.json.Encoder(decimal_format="number")


#: Characters that JSON allows raw in a string but that drive a terminal or reorder text when
#: the JSON is shown (DEL, C1 controls such as U+0085, line/paragraph separators, bidi
#: controls such as U+202E): written as \\u escapes, which every JSON reader turns back.
_JSON_UNSAFE: Final = re.compile(f"[{CONTROL_RAW_IN_JSON}{INVISIBLE}]")


def json_safe(text: str) -> str:
    """JSON text with the characters of `_JSON_UNSAFE` escaped. They can only stand inside
    strings (JSON's syntax is ASCII), so the escape never changes what the JSON says."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(result: object) -> str:
    """The result serialised: Decimals as JSON numbers written from their exact digits; text
    that could drive a terminal escaped (`json_safe`)."""
    return json_safe(msgspec.json.format(_ENCODER.encode(result), indent=2).decode("utf-8")) + "\n"


def render_json(result: object, out: TextIO, options: RenderOptions) -> None:
    out.write(to_json(result))


_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_text(text: str) -> str:
    """A text cell neutralised against spreadsheet formula injection (OWASP): a leading `'`
    before `= + - @`, tab, CR or LF. Numbers never pass through here."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_quote(text: str, sep: str = ",") -> str:
    """RFC 4180 quoting: in double quotes, with quotes doubled, when the text holds the
    separator, a quote or a line break."""
    if sep in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_cell(value: Any, dialect: CsvDialect = "rfc4180") -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return csv_number(value, dialect)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return csv_text(format_breakdown(value, sep=";"))
    return csv_text(str(value))


#: excel-id is for people: its true/false cells are words of the chosen language, as its
#: headers are (the other dialects keep `true`/`false`).
_CSV_YES_NO: Final = (NP_("csv", "no"), NP_("csv", "yes"))


def people_cells(row: Sequence[Any], words: Sequence[Callable[[Any], Any] | None]) -> list[Any]:
    """A row of excel-id: each cell through the word function of its column (codes to words of
    the current language), yes/no for a boolean."""
    cells = []
    for value, word in zip(row, words, strict=True):
        if isinstance(value, bool):
            cells.append(t(_CSV_YES_NO[value]))
        elif word is not None and value is not None:
            cells.append(word(value))
        else:
            cells.append(value)
    return cells


def write_csv(
    out: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Collection[str] | None = None,
    *,
    dialect: CsvDialect = "rfc4180",
    labels: str = "render",
    words: Mapping[str, Callable[[Any], Any]] | None = None,
) -> None:
    """CSV with double quotes (RFC 4180 quoting), CRLF line ends and a header row, in one of
    three dialects: `rfc4180` (comma, decimal point: the default), `excel` (the same, with a
    UTF-8 byte order mark first, so that Excel reads the file as UTF-8) and `excel-id`
    (semicolon, decimal comma, BOM, headers in the current language: see `csv_header`, where
    `labels` is the message prefix of the caller's column names; and the codes of the columns
    named in `words` passed through their function: words for people, `ya`/`tidak` for
    booleans). Text cells that a spreadsheet would run as a formula are neutralised in every
    dialect.

    Cells may be None, int, Decimal, str or dict. With `text_columns` (the names of the columns
    that hold text or dicts), only those are converted and the others go to the csv module as
    they are, which is much faster for large outputs; the csv module writes None as an empty
    cell and ints and Decimals with str(), which is plain decimal text for every number the core
    produces (the loader normalises exponent forms such as 1E+2). excel-id converts every cell
    (its numbers take a decimal comma)."""
    if dialect != "rfc4180":
        out.write(BOM)
    writer = csv.writer(out, delimiter=csv_separator(dialect), lineterminator="\r\n")
    # Column names can come from the data (Open SDG's breakdown dimensions): neutralised too.
    writer.writerow([csv_text(name) for name in csv_header(header, dialect, labels)])
    if dialect == "excel-id":
        # for people: the codes of the `words` columns become words of the current language
        by_column = [(words or {}).get(name) for name in header]
        writer.writerows(
            [csv_cell(v, dialect) for v in people_cells(row, by_column)] for row in rows
        )
        return
    if text_columns is None:
        cell = csv_cell
        writer.writerows([cell(v) for v in row] for row in rows)
        return
    positions = [i for i, name in enumerate(header) if name in text_columns]
    starts = frozenset(_FORMULA_START)
    for chunk in _chunks(rows, 4096):
        converted = []
        for row in chunk:
            cells = list(row)
            for i in positions:
                v = cells[i]
                if v is None:
                    continue
                if type(v) is not str:
                    cells[i] = csv_cell(v)
                elif v and v[0] in starts:
                    cells[i] = "'" + v
            converted.append(cells)
        writer.writerows(converted)


def _chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes and markup characters escaped."""
    text = safe_line(text).replace("&", "&amp;")
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "#"):
        text = text.replace(char, "\\" + char)
    return text


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> str:
    """A GitHub table; `align` has one letter per column: l or r."""
    marks = {"l": ":---", "r": "---:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def cell_width(text: str) -> int:
    """How many terminal columns `text` takes: a wide character (CJK) takes two, a combining
    one none."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]], justify: str) -> list[str]:
    """The lines of a plain text table, as rich draws a table without lines (box SIMPLE_HEAD)
    but without trailing spaces and never wrapped: the header, a rule, a line per row; each
    line indented by one space and the columns three spaces apart. `justify` has one letter
    per column: l or r. The cells must be one line each (`output.safe_line`)."""
    body = [list(row) for row in rows]
    widths = [cell_width(name) for name in header]
    for row in body:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_width(cell))

    def line(cells: Sequence[str]) -> str:
        padded = []
        for cell, width, side in zip(cells, widths, justify, strict=True):
            room = " " * (width - cell_width(cell))
            padded.append(room + cell if side == "r" else cell + room)
        return (" " + "   ".join(padded)).rstrip()

    rule = " " + "\u2500" * (sum(widths) + 3 * (len(widths) - 1))
    return [line(header), rule, *(line(row) for row in body)]


def console_for(out: TextIO, options: RenderOptions, **settings: Any) -> Console:
    """A rich Console for data output: no markup, no highlighting, no emoji codes, colour only
    as `options` says. A closed pipe (`| head`) raises BrokenPipeError like every other write,
    so that the command's exit code says the output was cut (rich would exit 1 on its own)."""
    from rich.console import Console

    class _DataConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    defaults: dict[str, Any] = {
        "file": out,
        "color_system": "auto" if options.color else None,
        "no_color": not options.color,
        "width": options.width,
        "highlight": False,
        "markup": False,
        "emoji": False,
        "force_terminal": options.color or None,
    }
    return _DataConsole(**(defaults | settings))


_UNIT_NAME: Final = {
    "count": N_("count"),
    "index": N_("index"),
    "million_people": N_("million people"),
    "percent": N_("percent"),
    "ratio": N_("ratio"),
    "rupiah": N_("rupiah"),
    "thousand_people": N_("thousand people"),
}


def unit_name(unit: str) -> str:
    """`percent` -> `persen`: the unit's name in the current language (for report and progress
    cells alike)."""
    return t(_UNIT_NAME[unit])
