"""Reading input files and their cells: CSV tables, numbers, years, months and dates.

Numbers keep their exact text: `12.50` becomes `Decimal("12.50")`, never a float. A cell that
is empty, `NA`, `N/A` or `-` holds no figure. Anything else that is not a number is an error
that names the file, the line, the column, the text and the fix; nothing is guessed.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final

from povtrack.i18n import t
from povtrack.io.files import read_file
from povtrack.io.importing.base import ImportFailure, problem
from povtrack.io.output import safe_line
from povtrack.model.problems import Problem

#: Cells that mean "no figure", compared without case and surrounding spaces.
NO_FIGURE: Final = frozenset({"", "na", "n/a", "-"})
DELIMITERS: Final = (",", ";", "\t")

_PLAIN: Final = re.compile(r"[+-]?\d+(?:\.\d+)?")
_POINT_THOUSANDS: Final = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_COMMA_PLAIN: Final = re.compile(r"[+-]?\d+(?:,\d+)?")
_COMMA_THOUSANDS: Final = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EXPONENT: Final = re.compile(r"[+-]?[\d.,]+[eE][+-]?\d+")
_YEAR: Final = re.compile(r"\d{4}")
_MONTH: Final = re.compile(r"\d{1,2}")
_DATE: Final = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class CellError(Exception):
    """A cell that cannot be read: what is wrong and how to fix it."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def _zero_unsigned(number: Decimal) -> Decimal:
    return number.copy_abs() if number.is_zero() else number


def number(text: str, decimal_comma: bool = False) -> Decimal | None:
    """The exact number in a cell; None for no figure (empty, NA, N/A, -).

    With a decimal point (the default), a comma is a thousands separator only where that is
    unambiguous (`1,234.56`, `1,234,567`); `12,42` and `1,234` are errors. With
    `decimal_comma`, the comma is the decimal mark and points separate thousands
    (`1.234,56` = 1234.56, `1.234` = 1234); `12.42` is an error."""
    cell = text.strip()
    if cell.casefold() in NO_FIGURE:
        return None
    if decimal_comma:
        if _COMMA_PLAIN.fullmatch(cell):
            return _zero_unsigned(Decimal(cell.replace(",", ".")))
        if _COMMA_THOUSANDS.fullmatch(cell):
            return _zero_unsigned(Decimal(cell.replace(".", "").replace(",", ".")))
    else:
        if _PLAIN.fullmatch(cell):
            return _zero_unsigned(Decimal(cell))
        if _POINT_THOUSANDS.fullmatch(cell) and ("." in cell or cell.count(",") > 1):
            return _zero_unsigned(Decimal(cell.replace(",", "")))
    if cell.endswith("%") and len(cell) > 1:
        raise CellError(
            "bad-number",
            t("{text!r} is not a number", text=cell),
            t("remove the % sign: write 12.42 for 12.42 %"),
        )
    if _EXPONENT.fullmatch(cell):
        raise CellError(
            "bad-number",
            t("{text!r} is not a number", text=cell),
            t("write the number in full, as published (1500000, not 1.5E6)"),
        )
    if not decimal_comma and re.fullmatch(r"[+-]?[\d.]*\d,\d[\d.,]*", cell):
        raise CellError(
            "bad-number",
            t("{text!r} has a comma, and the file is read with a decimal point", text=cell),
            t(
                "add --decimal-comma if the file writes decimals with a comma "
                "(12,42); if the comma separates thousands, write 1234 or 1,234.00"
            ),
        )
    if decimal_comma and re.fullmatch(r"[+-]?\d+\.\d+", cell):
        raise CellError(
            "bad-number",
            t(
                "{text!r} has a point, and with --decimal-comma a point only "
                "separates thousands (1.234,56)",
                text=cell,
            ),
            t("leave out --decimal-comma if the file writes decimals with a point (12.42)"),
        )
    raise CellError(
        "bad-number",
        t("{text!r} is not a number", text=cell),
        t(
            "write a plain decimal number such as 12.42, or NA (or leave the "
            "cell empty) when there is no figure"
        ),
    )


def year(text: str) -> int:
    cell = text.strip()
    if not _YEAR.fullmatch(cell):
        raise CellError(
            "bad-year",
            t("{text!r} is not a year", text=cell),
            t("write a four-digit year such as 2023"),
        )
    return int(cell)


def month(text: str) -> int | None:
    """1–12, or None for an empty cell (an annual figure)."""
    cell = text.strip()
    if not cell:
        return None
    if not _MONTH.fullmatch(cell) or not 1 <= int(cell) <= 12:
        raise CellError(
            "bad-month",
            t("{text!r} is not a month", text=cell),
            t(
                "write the month as a number from 1 to 12 (3 for March, 9 for "
                "September), or leave the cell empty for an annual figure"
            ),
        )
    return int(cell)


def date(text: str) -> tuple[int, int | None]:
    """Year and month of an ISO date: `2023-03-01` and `2023-03` give (2023, 3); `2023` gives
    (2023, None), an annual figure. The day is checked and then dropped."""
    cell = text.strip()
    match = _DATE.fullmatch(cell)
    if match is None:
        raise CellError(
            "bad-date",
            t("{text!r} is not an ISO date", text=cell),
            t("write YYYY-MM-DD (2023-03-01), YYYY-MM (2023-03) or YYYY (2023)"),
        )
    y, m, d = match.groups()
    try:
        datetime.date(int(y), int(m or 1), int(d or 1))
    except ValueError:
        raise CellError(
            "bad-date",
            t("{text!r} is not an ISO date", text=cell),
            t("write YYYY-MM-DD (2023-03-01), YYYY-MM (2023-03) or YYYY (2023)"),
        ) from None
    return int(y), int(m) if m else None


def read_text(path: str) -> str:
    """A whole input file as text (UTF-8, with or without a BOM); ImportFailure otherwise."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ImportFailure(
                t("{file}: is a folder; give the path of a file", file=safe_line(path)), usage=True
            )
        data = read_file(path)
    except FileNotFoundError:
        raise ImportFailure(
            t("{file}: no such file; check the path", file=safe_line(path)), usage=True
        ) from None
    except PermissionError:
        raise ImportFailure(
            t("{file}: permission denied; make the file readable", file=safe_line(path)), usage=True
        ) from None
    except OSError as exc:
        raise ImportFailure(
            t(
                "{file}: cannot be read ({reason})",
                file=safe_line(path),
                reason=exc.strerror or str(exc),
            ),
            usage=True,
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailure(
            t(
                "{file}: is not UTF-8 text (byte {offset}); save it as UTF-8 (in "
                "Excel: Save As, CSV UTF-8)",
                file=safe_line(path),
                offset=exc.start,
            )
        ) from None


def delimiter_of(option: str | None, header_line: str) -> str:
    """The --delimiter given (`tab` or `\\t` for a tab), else the one of `,` `;` tab that the
    header line uses most (a comma when it has none)."""
    if option is not None:
        if option.casefold() in ("tab", "\\t", "\t"):
            return "\t"
        if len(option) != 1 or option in ('"', "\r", "\n"):
            raise ImportFailure(
                t(
                    "--delimiter {text!r}: give one character, such as ';' or ',', or 'tab'",
                    text=option,
                ),
                usage=True,
            )
        return option
    counts = [(header_line.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


def _widths_fit(text: str, delimiter: str) -> bool:
    """Whether `text` read with `delimiter` is a table: a header of two columns or more, and
    every row that is not empty as wide as the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    width = None
    try:
        for cells in reader:
            if width is None:
                width = len(cells)
                if width < 2:
                    return False
            elif any(c.strip() for c in cells) and len(cells) != width:
                return False
    except csv.Error:
        return False
    return width is not None


def detect_delimiter(text: str, file: str) -> str:
    """The delimiter of a CSV given none: the one of `,` `;` tab that the header line holds
    when it holds only one (a comma when none). When it holds several, the one that reads
    every row as wide as the header; if several do, the file is ambiguous (exit 2, asking for
    --delimiter); if none does, the one the header uses most, and the rows that do not fit
    are reported."""
    header_line = text.split("\n", 1)[0]
    present = [d for d in DELIMITERS if d in header_line]
    if len(present) <= 1:
        return present[0] if present else ","
    fitting = [d for d in present if _widths_fit(text, d)]
    if len(fitting) == 1:
        return fitting[0]
    if len(fitting) > 1:
        raise ImportFailure(
            t(
                "{file}: the cells could be separated by {delimiters}; say which with "
                "--delimiter (--delimiter ';', --delimiter tab)",
                file=safe_line(file),
                delimiters=t(" or ").join(_DELIMITER_NAMES[d] for d in fitting),
            ),
            usage=True,
        )
    return delimiter_of(None, header_line)


_DELIMITER_NAMES: Final = {",": "','", ";": "';'", "\t": "tab"}

#: Cells that can only be read with a decimal comma: 15,5; 1.234,56; 1.234.567.
_ONLY_COMMA: Final = re.compile(r"[+-]?(?:\d+,\d+|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})")
#: Cells that can only be read with a decimal point: 15.50; 1,234.56; 1,234,567.
_ONLY_POINT: Final = re.compile(r"[+-]?(?:\d+\.\d+|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})")
#: 1.234: a decimal point, or a point between thousands.
_EITHER: Final = re.compile(r"[+-]?\d{1,3}\.\d{3}")


def detect_decimal_comma(table: Table, columns: list[int]) -> bool:
    """Whether the number cells of `columns` are written with a decimal comma, for a file
    separated by `;` or tabs (a comma-separated file is read with a decimal point). A comma
    when some cell can only be read with one (`15,5`, `1.234,56`) and none is read otherwise;
    a point when some cell can only be read with one (`15.50`, `1,234.56`) and none with a
    comma, or when every cell is a whole number. Anything else is ambiguous: a `1.234` (1.234
    or 1234?) without a cell such as `15.50`, or both kinds of cells: exit 2, asking for
    --decimal-comma or --no-decimal-comma."""
    if table.delimiter == ",":
        return False
    comma: tuple[int, int, str] | None = None
    point: tuple[int, int, str] | None = None
    either: tuple[int, int, str] | None = None
    for line, row in table.rows:
        for index in columns:
            cell = row[index].strip()
            if _EITHER.fullmatch(cell):
                either = either or (line, index, cell)
            elif _ONLY_POINT.fullmatch(cell):
                point = point or (line, index, cell)
            elif _ONLY_COMMA.fullmatch(cell):
                comma = comma or (line, index, cell)
    if comma is None and point is None and either is None:
        return False
    if comma is not None and point is None and either is None:
        return True
    if point is not None and comma is None:
        return False
    examples = [
        f"{safe_line(table.file)}:{line}:{index + 1}: {cell!r} {reading}"
        for found, reading in (
            (comma, t("has a decimal comma")),
            (point, t("has a decimal point")),
            (either, t("could be a decimal point or a point between thousands")),
        )
        if found is not None
        for line, index, cell in (found,)
    ]
    raise ImportFailure(
        t(
            "{file}: cannot tell whether its numbers are written with a decimal comma or a "
            "decimal point; give --decimal-comma (15,5 and 1.234 = 1234) or "
            "--no-decimal-comma (15.5 and 1.234 = 1.234)",
            file=safe_line(table.file),
        ),
        usage=True,
        details=examples,
    )


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file: its header and its rows, each with the line it starts on (header = 1).
    `detected`: the delimiter was found in the file, not given."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    detected: bool = False

    def column(self, option: str, name: str) -> int:
        """The index of a column named by an option; exit 2 listing the columns if none."""
        found = [i for i, h in enumerate(self.header) if h == name]
        if not found:
            columns = ", ".join(repr(h) for h in self.header)
            raise ImportFailure(
                t(
                    "{option} {name!r}: {file} has no such column; its columns are: {columns}",
                    option=option,
                    name=name,
                    file=self.file,
                    columns=columns,
                ),
                usage=True,
            )
        if len(found) > 1:
            raise ImportFailure(
                t(
                    "{option} {name!r}: {file} has two columns of that name; rename one",
                    option=option,
                    name=name,
                    file=self.file,
                ),
                usage=True,
            )
        return found[0]

    def problem(self, line: int, index: int, error: CellError) -> Problem:
        return problem(
            error.code,
            error.message,
            error.hint,
            file=self.file,
            path=self.header[index],
            line=line,
            column=index + 1,
        )

    def empty(self, line: int, index: int, what: str) -> Problem:
        return problem(
            "empty-cell",
            t("the cell is empty"),
            t("every row needs its {what}; fill it in or remove the row", what=what),
            file=self.file,
            path=self.header[index],
            line=line,
            column=index + 1,
        )


def read_table(path: str, delimiter: str | None) -> Table:
    """Read a CSV file whole. Rows whose cells are all empty are left out; a row with more or
    fewer cells than the header is an error."""
    text = read_text(path)
    if delimiter is not None:
        chosen = delimiter_of(delimiter, "")
    elif not text.strip():
        chosen = ","  # empty: said below
    else:
        chosen = detect_delimiter(text, path)
    # newline="": split lines on \n, \r\n and \r only, as csv expects (not on U+2028).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    start = 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    problem(
                        "csv-width",
                        t(
                            "the row has {cells} cells, the header has {columns}",
                            cells=len(cells),
                            columns=len(header),
                        ),
                        t(
                            "check the delimiter (--delimiter) and any unquoted {delimiter!r} "
                            "inside a cell",
                            delimiter=chosen,
                        ),
                        file=path,
                        line=line,
                        column=1,
                    )
                )
                continue
            rows.append((line, cells))
    except csv.Error as exc:
        problems.append(
            problem(
                "csv-syntax",
                t("the CSV cannot be read here: {reason}", reason=str(exc)),
                t("check the quotes on this line; a quoted cell must end with a quote"),
                file=path,
                line=start,
                column=1,
            )
        )
    if header is None or (not rows and not problems):
        raise ImportFailure(
            t(
                "{file}: is empty; a CSV needs a header row and at least one row of figures",
                file=safe_line(path),
            )
        )
    if problems:
        raise ImportFailure(
            t(
                "{file}: {count} problem(s); nothing was imported",
                file=safe_line(path),
                count=len(problems),
            ),
            problems=problems,
        )
    return Table(file=path, header=header, rows=rows, delimiter=chosen, detected=delimiter is None)
