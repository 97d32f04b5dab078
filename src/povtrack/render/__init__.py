"""Renderers: one interface, one implementation per output format.

A renderer takes a command's result (a plain typed object from the core) and writes it to a
text stream. Machine formats (JSON, CSV) are stable interfaces; the terminal table may change.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
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


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """RFC 4180: comma, double quotes, CRLF line ends, a header row."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    cell = csv_cell
    writer.writerows([cell(v) for v in row] for row in rows)


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
