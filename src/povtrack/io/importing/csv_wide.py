"""`povtrack import csv --wide`: regions in rows, one column per year, as BPS lays out tables.

    code,region,2021,2022,2023
    3524,Kabupaten Lamongan,13.86,12.53,12.42

A column headed by a year (`2023`) holds that year's figures; one headed `2023-03` holds March
2023's. `--region-column` (or `--region`, or a column headed `region`, `wilayah`, `kode_wilayah` or
`kode`) says where the region is; `--breakdown-column`,
`--source-column` and `--region-name-column` work as in a long CSV. Other columns are ignored,
and the import says which.
"""

from __future__ import annotations

import re
from typing import Final

from povtrack.i18n import t
from povtrack.io.importing import cells
from povtrack.io.importing.base import ImportFailure, Parsed, Row
from povtrack.io.importing.csv_long import (
    Cells,
    CsvOptions,
    decimal_comma,
    exclusive,
    require,
    with_defaults,
)
from povtrack.io.output import safe_line
from povtrack.model.records import Record

_YEAR_HEADER: Final = re.compile(r"(\d{4})(?:-(\d{2}))?")


def year_columns(header: list[str]) -> list[tuple[int, int, int | None]]:
    """(index, year, month) of each column headed `YYYY` or `YYYY-MM`."""
    found = []
    for index, name in enumerate(header):
        match = _YEAR_HEADER.fullmatch(name)
        if match is None:
            continue
        month = int(match.group(2)) if match.group(2) else None
        if month is not None and not 1 <= month <= 12:
            continue
        found.append((index, int(match.group(1)), month))
    return found


def parse(path: str, options: CsvOptions) -> Parsed:
    for option, given in (
        ("--indicator-column", options.indicator_column),
        ("--year-column", options.year_column),
        ("--date-column", options.date_column),
        ("--month-column", options.month_column),
        ("--value-column", options.value_column),
        ("--target-column", options.target_column),
    ):
        if given is not None:
            raise ImportFailure(
                t(
                    "{option} is for a long CSV; with --wide the years are the column headers",
                    option=option,
                ),
                usage=True,
            )
    indicator = options.indicator
    if indicator is None:
        raise ImportFailure(t("give {option}", option="--indicator ID"), usage=True)
    exclusive("--region", options.region, "--region-column", options.region_column, required=False)
    table = cells.read_table(path, options.delimiter)
    options = with_defaults(table, options, wide=True)
    require(table, "region", options.region, options.region_column, "--region CODE")
    parsed = Parsed(kind="csv", input=path)
    shared = Cells(table, options, parsed)
    years = year_columns(table.header)
    if not years:
        columns = ", ".join(repr(h) for h in table.header)
        raise ImportFailure(
            t(
                "{file} has no year columns; with --wide, give each year a column "
                "headed by the year (2023) or the year and month (2023-03); its "
                "columns are: {columns}",
                file=safe_line(path),
                columns=columns,
            ),
            usage=True,
        )
    used = shared.used() | {index for index, _, _ in years}
    ignored = [repr(h) for i, h in enumerate(table.header) if i not in used and h]
    if ignored:
        parsed.notes.append(
            t(
                "ignored columns (not a year, nor named by an option): {columns}",
                columns=", ".join(ignored),
            )
        )
    comma = decimal_comma(table, options, [index for index, _, _ in years], parsed)
    for line, row in table.rows:
        before = len(shared.problems)
        region = shared.region(line, row)
        if len(shared.problems) > before:
            continue
        assert region is not None
        breakdown = shared.breakdown(row)
        source = shared.source(row)
        for index, year, month in years:
            value = shared.read(line, row, index, lambda s: cells.number(s, comma))
            if value is None:
                parsed.skipped += 1
                continue
            record = Record(
                indicator=indicator,
                region=region,
                year=year,
                month=month,
                breakdown=dict(breakdown) if breakdown else None,
                value=value,
                source=source,
            )
            parsed.rows.append(Row(record, f"{path}:{line}:{index + 1}"))
    shared.finish()
    return parsed
