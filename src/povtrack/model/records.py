"""The data format: indicators, regions and records, as typed objects.

These msgspec structs are both the schema that the fast decoder checks a file against and the
objects the rest of povtrack works with. Numbers are `decimal.Decimal` made from the exact text
of the JSON number (`4.90` stays `Decimal("4.90")`); nothing passes through a binary float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal, get_args

import msgspec

Unit = Literal["percent", "count", "thousand_people", "million_people", "index", "ratio", "rupiah"]
Direction = Literal["lower", "higher", "none"]

UNITS: Final[tuple[str, ...]] = get_args(Unit)
DIRECTIONS: Final[tuple[str, ...]] = get_args(Direction)

#: How each unit is written after a number, and what a change in it is called.
UNIT_SYMBOLS: Final[dict[str, str]] = {
    "percent": "%",
    "count": "",
    "thousand_people": "thousand",
    "million_people": "million",
    "index": "",
    "ratio": "",
    "rupiah": "",
}

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100
MAX_DECIMALS: Final = 6
#: No published poverty figure comes near this; anything larger is a typing error or hostile input.
MAX_MAGNITUDE: Final = Decimal("1e15")


class Indicator(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """What is measured: `p0`, the poverty rate, in percent, 2 decimals, lower is better."""

    id: str
    name: str
    unit: Unit
    decimals: int
    direction: Direction
    name_id: str | None = None
    note: str | None = None


class Region(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Where: a BPS region code (a string: leading zeros matter) and its name."""

    code: str
    name: str
    parent: str | None = None
    name_id: str | None = None


class Record(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One published figure and/or target for (indicator, region, year, month, breakdown)."""

    indicator: str
    region: str
    year: int
    month: int | None = None
    breakdown: dict[str, str] | None = None
    value: Decimal | None = None
    target: Decimal | None = None
    source: str | None = None
    note: str | None = None


class Document(msgspec.Struct, forbid_unknown_fields=True, rename={"schema": "$schema"}):
    """A whole data file, as it is written."""

    indicators: list[Indicator]
    regions: list[Region]
    records: list[Record]
    schema: str | None = None
    description: str | None = None


FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "document": ("indicators", "regions", "records", "$schema", "description"),
    "indicator": Indicator.__struct_fields__,
    "region": Region.__struct_fields__,
    "record": Record.__struct_fields__,
}
REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "document": ("indicators", "regions", "records"),
    "indicator": ("id", "name", "unit", "decimals", "direction"),
    "region": ("code", "name"),
    "record": ("indicator", "region", "year"),
}

SeriesKey = tuple[str, str, int | None, tuple[tuple[str, str], ...]]
RecordKey = tuple[str, str, int, int | None, tuple[tuple[str, str], ...]]


def breakdown_key(breakdown: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    """A hashable, order-independent form of a breakdown (`()` for the total)."""
    if not breakdown:
        return ()
    return tuple(sorted(breakdown.items()))


def series_key(record: Record) -> SeriesKey:
    return (record.indicator, record.region, record.month, breakdown_key(record.breakdown))


def record_key(record: Record) -> RecordKey:
    return (
        record.indicator,
        record.region,
        record.year,
        record.month,
        breakdown_key(record.breakdown),
    )


def format_breakdown(breakdown: dict[str, str] | None) -> str:
    """`area=urban, sex=female`, or `` for the total."""
    return ", ".join(f"{k}={v}" for k, v in breakdown_key(breakdown))


def identity(record: Record) -> str:
    """How a record is named in messages: `p0 / 3524 / 2023`, `p0 / 35 / 2022-09 / area=urban`."""
    when = f"{record.year}" if record.month is None else f"{record.year}-{record.month:02d}"
    parts = [record.indicator, record.region, when]
    if record.breakdown:
        parts.append(format_breakdown(record.breakdown))
    return " / ".join(parts)


class Dataset(msgspec.Struct, frozen=True):
    """A validated data file: lookups by id and code, and the records in file order."""

    path: str
    indicators: dict[str, Indicator]
    regions: dict[str, Region]
    records: list[Record]
    #: the records of each series (indicator, region, month, breakdown), sorted by year
    series: dict[SeriesKey, list[Record]]


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    """Which records a command looks at. Empty tuples mean all."""

    indicators: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def series(self, record: Record) -> bool:
        return (not self.indicators or record.indicator in self.indicators) and (
            not self.regions or record.region in self.regions
        )

    def year(self, year: int) -> bool:
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to
        )
