"""`povtrack import csv`: a long CSV, one figure a row, columns mapped by options.

    region,year,area,value
    3524,2023,urban,9.81

is read with `--indicator p0 --region-column region --breakdown-column area` (`year` and
`value` are the default column names). Each option that names a column must match a header
exactly, else the import stops with the list of the file's columns (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from povtrack.i18n import t
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
    decimal_comma: bool = False
    delimiter: str | None = None


def exclusive(first: str, a: object, second: str, b: object, *, required: bool) -> None:
    if a is not None and b is not None:
        raise ImportFailure(
            t("give {first} or {second}, not both", first=first, second=second), usage=True
        )
    if required and a is None and b is None:
        raise ImportFailure(t("give {first} or {second}", first=first, second=second), usage=True)


def default_column(table: Table, name: str) -> str | None:
    """The header that is `name` whatever its case (`value`, `Value`), if exactly one is."""
    found = [h for h in table.header if h.casefold() == name]
    return found[0] if len(found) == 1 else None


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


def parse(path: str, options: CsvOptions) -> Parsed:
    """Read a long CSV; every cell problem is collected before failing."""
    exclusive(
        "--indicator",
        options.indicator,
        "--indicator-column",
        options.indicator_column,
        required=True,
    )
    exclusive("--region", options.region, "--region-column", options.region_column, required=True)
    exclusive(
        "--year-column", options.year_column, "--date-column", options.date_column, required=False
    )
    exclusive(
        "--date-column", options.date_column, "--month-column", options.month_column, required=False
    )
    table = cells.read_table(path, options.delimiter)
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
        year_name = options.year_column or default_column(table, "year")
        if year_name is None:
            raise ImportFailure(
                t(
                    "{file} has no column 'year': give --year-column COL or "
                    "--date-column COL; its columns are: {columns}",
                    file=safe_line(path),
                    columns=columns,
                ),
                usage=True,
            )
        year_col = col("--year-column", year_name)
    if options.month_column:
        month_col = col("--month-column", options.month_column)
    value_name = options.value_column
    if value_name is None and options.target_column is None:
        value_name = default_column(table, "value")
        if value_name is None:
            raise ImportFailure(
                t(
                    "{file} has no column 'value': give --value-column COL and/or "
                    "--target-column COL; its columns are: {columns}",
                    file=safe_line(path),
                    columns=columns,
                ),
                usage=True,
            )
    value_col = col("--value-column", value_name) if value_name else None
    target_col = col("--target-column", options.target_column) if options.target_column else None
    comma = options.decimal_comma

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
