"""`povtrack import csv`: a long CSV, one figure a row, columns mapped by options.

    region,year,area,value
    3524,2023,urban,9.81

is read with `--indicator p0 --breakdown-column area` (`region`, `year` and `value` are
default column names). Each option that names a column must match a header exactly, else the
import stops with the list of the file's columns (exit 2).

A column that no option names is found by its header, in English or Indonesian, whatever its
case (`DEFAULT_COLUMNS`): a planner's `Indikator;Wilayah;Tahun;Nilai;Target;Sumber` needs no
option. Two headers that could be the same column stop the import (exit 2) with the option
that says which. Numbers in a file separated by `;` or tabs are read with a decimal comma
when the cells say so unambiguously (`cells.detect_decimal_comma`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, TypeVar

from povtrack.i18n import N_, t
from povtrack.io.importing import cells
from povtrack.io.importing.base import ImportFailure, Parsed, Row
from povtrack.io.importing.cells import CellError, Table
from povtrack.io.output import safe_line
from povtrack.model.problems import Problem
from povtrack.model.records import Record

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvOptions:
    """How to read a CSV: which columns hold what. None = not given."""

    indicator: str | None = None
    indicator_column: str | None = None
    region: str | None = None
    region_column: str | None = None
    region_name_column: str | None = None
    year_column: str | None = None
    date_column: str | None = None
    month_column: str | None = None
    value_column: str | None = None
    target_column: str | None = None
    breakdown_columns: tuple[str, ...] = ()
    source: str | None = None
    source_column: str | None = None
    #: Breakdown categories that mean the total (compared without case): no breakdown.
    totals: tuple[str, ...] = ()
    #: None: found from the cells (`cells.detect_decimal_comma`).
    decimal_comma: bool | None = None
    delimiter: str | None = None


#: The headers each column has when no option names it: compared without case (and without
#: the spaces around a header). `kode_wilayah` and `kode` hold region codes; a `wilayah` or
#: `region` cell may also be a region's name as the data file has it.
DEFAULT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "indicator": ("indicator", "indikator"),
    "region": ("region", "wilayah", "kode_wilayah", "kode"),
    "year": ("year", "tahun"),
    "month": ("month", "bulan"),
    "value": ("value", "nilai"),
    "target": ("target",),
    "source": ("source", "sumber"),
}


_WHAT: Final = {
    "indicator": N_("indicator"),
    "region": N_("region"),
    "year": N_("year"),
    "month": N_("month"),
    "value": N_("value"),
    "target": N_("target"),
    "source": N_("source"),
}


def _names(what: str) -> str:
    return t(" or ").join(repr(n) for n in DEFAULT_COLUMNS[what])


def default_column(table: Table, what: str, option: str, taken: set[str]) -> str | None:
    """The header that is one of `DEFAULT_COLUMNS[what]` whatever its case, if one is (headers
    named by an option, `taken`, are left out); exit 2 when two are."""
    names = DEFAULT_COLUMNS[what]
    found = [h for h in table.header if h.casefold() in names and h not in taken]
    if len(found) > 1:
        raise ImportFailure(
            t(
                "{file}: the columns {columns} could each be the {what} column; say which "
                "with {option} COL",
                file=safe_line(table.file),
                columns=t(" and ").join(repr(h) for h in found),
                what=t(_WHAT[what]),
                option=option,
            ),
            usage=True,
        )
    return found[0] if found else None


def with_defaults(table: Table, options: CsvOptions, *, wide: bool = False) -> CsvOptions:
    """`options` with the columns no option names found by their default headers: the
    region (unless --region), the source, and for a long CSV the indicator (unless
    --indicator), the year and month (unless --date-column), the value and target (unless
    --value-column or --target-column)."""
    taken = {
        name
        for name in (
            options.indicator_column,
            options.region_column,
            options.region_name_column,
            options.year_column,
            options.date_column,
            options.month_column,
            options.value_column,
            options.target_column,
            options.source_column,
            *options.breakdown_columns,
        )
        if name
    }
    found: dict[str, str | None] = {}

    def look(what: str, option: str) -> str | None:
        name = default_column(table, what, option, taken)
        if name is not None:
            taken.add(name)
        found[what] = name
        return name

    if options.region is None and options.region_column is None:
        look("region", "--region-column")
    if options.source_column is None:
        look("source", "--source-column")
    if not wide:
        if options.indicator is None and options.indicator_column is None:
            look("indicator", "--indicator-column")
        if options.date_column is None:
            if options.year_column is None:
                look("year", "--year-column")
            if options.month_column is None:
                look("month", "--month-column")
        if options.value_column is None and options.target_column is None:
            look("value", "--value-column")
            look("target", "--target-column")
    return dataclasses.replace(
        options,
        indicator_column=options.indicator_column or found.get("indicator"),
        region_column=options.region_column or found.get("region"),
        year_column=options.year_column or found.get("year"),
        month_column=options.month_column or found.get("month"),
        value_column=options.value_column or found.get("value"),
        target_column=options.target_column or found.get("target"),
        source_column=options.source_column or found.get("source"),
    )


def dialect_note(table: Table, comma: bool, detected_comma: bool) -> str | None:
    """What was found in the file rather than given: said when it is not the plain `,` with
    a decimal point."""
    if not (table.detected and table.delimiter != ",") and not (detected_comma and comma):
        return None
    delimiter = {",": "','", ";": "';'", "\t": "tab"}.get(table.delimiter, repr(table.delimiter))
    return t(
        "{file}: read with {delimiter} between cells and a {mark} ({example}), as found in "
        "the file; --delimiter and --decimal-comma or --no-decimal-comma say otherwise",
        file=safe_line(table.file),
        delimiter=delimiter,
        mark=t("decimal comma") if comma else t("decimal point"),
        example="15,5" if comma else "15.5",
    )


def decimal_comma(table: Table, options: CsvOptions, columns: list[int], parsed: Parsed) -> bool:
    """The decimal mark: the option's, else found in the number cells (and said in a note)."""
    if options.decimal_comma is not None:
        comma = options.decimal_comma
    else:
        comma = cells.detect_decimal_comma(table, columns)
    note = dialect_note(table, comma, options.decimal_comma is None)
    if note is not None:
        parsed.notes.append(note)
    return comma


def exclusive(first: str, a: object, second: str, b: object, *, required: bool) -> None:
    if a is not None and b is not None:
        raise ImportFailure(
            t("give {first} or {second}, not both", first=first, second=second), usage=True
        )
    if required and a is None and b is None:
        raise ImportFailure(t("give {first} or {second}", first=first, second=second), usage=True)


class Cells:
    """The columns shared by long and wide CSVs: region, region name, breakdowns, source. Each
    reader returns its part of a record for one row, or records a problem and returns None."""

    def __init__(self, table: Table, options: CsvOptions, parsed: Parsed) -> None:
        self.table = table
        self.options = options
        self.parsed = parsed
        self.problems: list[Problem] = []
        col = table.column
        self.region_col = (
            col("--region-column", options.region_column) if options.region_column else None
        )
        self.region_name_col = (
            col("--region-name-column", options.region_name_column)
            if options.region_name_column
            else None
        )
        self.breakdown_cols = [
            (col("--breakdown-column", name), name) for name in options.breakdown_columns
        ]
        self.source_col = (
            col("--source-column", options.source_column) if options.source_column else None
        )
        self.totals = {label.strip().casefold() for label in options.totals}

    def used(self) -> set[int]:
        used = {i for i, _ in self.breakdown_cols}
        for index in (self.region_col, self.region_name_col, self.source_col):
            if index is not None:
                used.add(index)
        return used

    def required(self, line: int, row: list[str], index: int, what: str) -> str | None:
        text = row[index].strip()
        if not text:
            self.problems.append(self.table.empty(line, index, what))
            return None
        return text

    def read(self, line: int, row: list[str], index: int, fn: Callable[[str], _T]) -> _T | None:
        """`fn(cell)`, or None after recording the problem."""
        try:
            return fn(row[index])
        except CellError as error:
            self.problems.append(self.table.problem(line, index, error))
            return None

    def region(self, line: int, row: list[str]) -> str | None:
        if self.region_col is None:
            return self.options.region
        code = self.required(line, row, self.region_col, t("region code"))
        if code is not None and self.region_name_col is not None:
            name = row[self.region_name_col].strip()
            if name:
                self.parsed.region_names.setdefault(code, name)
        return code

    def breakdown(self, row: list[str]) -> dict[str, str] | None:
        result = {}
        for index, name in self.breakdown_cols:
            category = row[index].strip()
            if category and category.casefold() not in self.totals:
                result[name] = category
        return result or None

    def source(self, row: list[str]) -> str | None:
        if self.source_col is not None:
            text = row[self.source_col].strip()
            if text:
                return text
        return self.options.source

    def finish(self) -> None:
        if self.problems:
            raise ImportFailure(
                t(
                    "{file}: {count} problem(s); nothing was imported",
                    file=self.table.file,
                    count=len(self.problems),
                ),
                problems=self.problems,
            )


def require(table: Table, what: str, given: str | None, column: str | None, option: str) -> None:
    if given is None and column is None:
        raise ImportFailure(
            t(
                "give {option} or {column_option} COL: {file} has no column {names}",
                option=option,
                column_option=f"--{what}-column",
                file=safe_line(table.file),
                names=_names(what),
            ),
            usage=True,
        )


def parse(path: str, options: CsvOptions) -> Parsed:
    """Read a long CSV; every cell problem is collected before failing."""
    exclusive(
        "--indicator",
        options.indicator,
        "--indicator-column",
        options.indicator_column,
        required=False,
    )
    exclusive("--region", options.region, "--region-column", options.region_column, required=False)
    exclusive(
        "--year-column", options.year_column, "--date-column", options.date_column, required=False
    )
    exclusive(
        "--date-column", options.date_column, "--month-column", options.month_column, required=False
    )
    table = cells.read_table(path, options.delimiter)
    options = with_defaults(table, options)
    require(table, "indicator", options.indicator, options.indicator_column, "--indicator ID")
    require(table, "region", options.region, options.region_column, "--region CODE")
    parsed = Parsed(kind="csv", input=path)
    shared = Cells(table, options, parsed)
    col = table.column
    columns = ", ".join(repr(h) for h in table.header)

    indicator_col = (
        col("--indicator-column", options.indicator_column) if options.indicator_column else None
    )
    year_col = date_col = month_col = None
    if options.date_column:
        date_col = col("--date-column", options.date_column)
    else:
        year_name = options.year_column
        if year_name is None:
            raise ImportFailure(
                t(
                    "{file} has no column {names}: give --year-column COL or "
                    "--date-column COL; its columns are: {columns}",
                    file=safe_line(path),
                    names=_names("year"),
                    columns=columns,
                ),
                usage=True,
            )
        year_col = col("--year-column", year_name)
    if options.month_column:
        month_col = col("--month-column", options.month_column)
    value_name = options.value_column
    if value_name is None and options.target_column is None:
        raise ImportFailure(
            t(
                "{file} has no column {names}: give --value-column COL and/or "
                "--target-column COL; its columns are: {columns}",
                file=safe_line(path),
                names=t(" or ").join((_names("value"), _names("target"))),
                columns=columns,
            ),
            usage=True,
        )
    value_col = col("--value-column", value_name) if value_name else None
    target_col = col("--target-column", options.target_column) if options.target_column else None
    numbers = [i for i in (value_col, target_col) if i is not None]
    comma = decimal_comma(table, options, numbers, parsed)

    for line, row in table.rows:
        before = len(shared.problems)
        indicator = options.indicator
        if indicator_col is not None:
            indicator = shared.required(line, row, indicator_col, t("indicator id"))
        region = shared.region(line, row)
        year: int | None = None
        month: int | None = None
        if date_col is not None:
            if shared.required(line, row, date_col, t("date")) is not None:
                when = shared.read(line, row, date_col, cells.date)
                if when is not None:
                    year, month = when
        elif year_col is not None and (shared.required(line, row, year_col, t("year")) is not None):
            year = shared.read(line, row, year_col, cells.year)
        if month_col is not None:
            month = shared.read(line, row, month_col, cells.month)
        value = target = None
        if value_col is not None:
            value = shared.read(line, row, value_col, lambda s: cells.number(s, comma))
        if target_col is not None:
            target = shared.read(line, row, target_col, lambda s: cells.number(s, comma))
        if len(shared.problems) > before:
            continue
        assert indicator is not None
        assert region is not None
        assert year is not None
        if value is None and target is None:
            parsed.skipped += 1
            continue
        record = Record(
            indicator=indicator,
            region=region,
            year=year,
            month=month,
            breakdown=shared.breakdown(row),
            value=value,
            target=target,
            source=shared.source(row),
        )
        parsed.rows.append(Row(record, f"{path}:{line}"))
    shared.finish()
    return parsed
