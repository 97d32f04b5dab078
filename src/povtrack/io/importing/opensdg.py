"""`povtrack import opensdg`: an Open SDG indicator CSV (`indicator_1-2-1.csv`).

    Year,Units,Location,GeoCode,Value
    2023,Percent,Urban,3524,9.81
    2023,Percent,,3524,12.42

`Year` comes first and `Value` last; `GeoCode`, when present, just before `Value`. Every other
column is a breakdown dimension named by its header (Units and Series too); a blank cell is the
total of that dimension, so a row whose breakdown cells are all blank is the total. A blank
GeoCode (Open SDG's national rows) is the region given by `--region`.

A column headed `Month` (1–12, blank = annual) is read as the month, not as a breakdown: it is
povtrack's own addition, written by `povtrack export opensdg` when a series is semi-annual, so
that export -> import gives back the same records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, TypeVar

from povtrack.i18n import t
from povtrack.io.importing import cells
from povtrack.io.importing.base import ImportFailure, Parsed, Row
from povtrack.io.importing.cells import CellError, Table
from povtrack.io.output import safe_line
from povtrack.model.problems import Problem
from povtrack.model.records import Record

YEAR: Final = "Year"
VALUE: Final = "Value"
GEOCODE: Final = "GeoCode"
MONTH: Final = "Month"
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenSdgOptions:
    indicator: str
    region: str | None = None
    source: str | None = None


def parse(path: str, options: OpenSdgOptions) -> Parsed:
    table = cells.read_table(path, ",")
    header = table.header
    columns = ", ".join(repr(h) for h in header)

    def refuse(reason: str) -> ImportFailure:
        return ImportFailure(
            t(
                "{file}: is not an Open SDG indicator CSV: {reason}; its columns are: {columns}",
                file=safe_line(path),
                reason=reason,
                columns=columns,
            )
        )

    if header[0].casefold() != YEAR.casefold():
        raise refuse(t("the first column must be Year"))
    if len(header) < 2 or header[-1].casefold() != VALUE.casefold():
        raise refuse(t("the last column must be Value"))
    middle = list(range(1, len(header) - 1))
    geo_col = None
    for index in middle:
        if header[index].casefold() == GEOCODE.casefold():
            if index != len(header) - 2:
                raise refuse(t("GeoCode must come just before Value"))
            geo_col = index
    month_col = next((i for i in middle if header[i] == MONTH), None)
    dims = [i for i in middle if i not in (geo_col, month_col)]
    value_col = len(header) - 1

    parsed = Parsed(kind="opensdg", input=path, sourceless=True)
    problems: list[Problem] = []
    for line, row in table.rows:
        before = len(problems)
        year = _cell(table, problems, line, row, 0, cells.year)
        month = _cell(table, problems, line, row, month_col, cells.month)
        value = _cell(table, problems, line, row, value_col, cells.number)
        region = options.region
        if geo_col is not None and row[geo_col].strip():
            region = row[geo_col].strip()
        if region is None:
            problems.append(
                table.problem(
                    line,
                    geo_col if geo_col is not None else 0,
                    CellError(
                        "empty-cell",
                        t("the row has no GeoCode, and no --region was given"),
                        t(
                            "give --region CODE for the rows without a GeoCode (Open SDG's "
                            "national rows)"
                        ),
                    ),
                )
            )
        if len(problems) > before:
            continue
        assert year is not None
        assert region is not None
        if value is None:
            parsed.skipped += 1
            continue
        breakdown = {header[i]: row[i].strip() for i in dims if row[i].strip()}
        record = Record(
            indicator=options.indicator,
            region=region,
            year=year,
            month=month,
            breakdown=breakdown or None,
            value=value,
            source=options.source,
        )
        parsed.rows.append(Row(record, f"{path}:{line}"))
    if problems:
        raise ImportFailure(
            t(
                "{file}: {count} problem(s); nothing was imported",
                file=safe_line(path),
                count=len(problems),
            ),
            problems=problems,
        )
    return parsed


def _cell(
    table: Table,
    problems: list[Problem],
    line: int,
    row: list[str],
    index: int | None,
    fn: Callable[[str], _T],
) -> _T | None:
    """`fn(cell)`; None for no column, or after recording the problem."""
    if index is None:
        return None
    try:
        return fn(row[index])
    except CellError as error:
        problems.append(table.problem(line, index, error))
        return None
