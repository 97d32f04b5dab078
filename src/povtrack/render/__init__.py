"""Renderers: one interface, one implementation per output format.

A renderer takes a command's result (a plain typed object from the core) and writes it to a
text stream. Machine formats (JSON, CSV) are stable interfaces; the terminal table may change.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Final, Literal, Protocol, TextIO, TypeVar

import msgspec

from povtrack.numbers import plain
from povtrack.output import safe_line

R_contra = TypeVar("R_contra", contravariant=True)


CsvDialect = Literal["rfc4180", "excel", "excel-id"]
CSV_DIALECTS: Final[tuple[CsvDialect, ...]] = ("rfc4180", "excel", "excel-id")


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


_ENCODER: Final = msgspec.json.Encoder(decimal_format="number")


def to_json(result: object) -> str:
    """The result serialised: Decimals as JSON numbers written from their exact digits."""
    return msgspec.json.format(_ENCODER.encode(result), indent=2).decode("utf-8") + "\n"


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


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return csv_text(";".join(f"{k}={v}" for k, v in sorted(value.items())))
    return csv_text(str(value))


def write_csv(
    out: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Collection[str] | None = None,
) -> None:
    """RFC 4180: comma, double quotes, CRLF line ends, a header row.

    Cells may be None, int, Decimal, str or dict. With `text_columns` (the names of the columns
    that hold text or dicts), only those are converted and the others go to the csv module as
    they are, which is much faster for large outputs; the csv module writes None as an empty
    cell and ints and Decimals with str(), which is plain decimal text for every number the core
    produces (the loader normalises exponent forms such as 1E+2)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
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
    text = safe_line(text)
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "#"):
        text = text.replace(char, "\\" + char)
    return text


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> str:
    """A GitHub table; `align` has one letter per column: l or r."""
    marks = {"l": ":---", "r": "---:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"
