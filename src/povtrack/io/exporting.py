"""Getting data out: Open SDG indicator CSVs and a Frictionless Tabular Data Package.

Both are plain typed tables built from a validated dataset; the command writes them. Numbers are
written from their exact decimal text, as `render.write_csv` writes every CSV.

Open SDG: one CSV per indicator, `indicator_<id>.csv` (Open SDG names files by SDG number,
`indicator_1-2-1.csv`; povtrack uses its own ids: rename the file for your platform). Columns:
`Year`, `Month` (only when a record of the indicator has one: povtrack's addition, read back by
`povtrack import opensdg`), one column per breakdown dimension (blank = total), `GeoCode` (the
region code) and `Value`. Only records with a value are written: Open SDG data files carry no
targets, sources or notes (use the data package for those).

Data package (https://specs.frictionlessdata.io/tabular-data-package/): `datapackage.json` and
three CSV resources, `indicators.csv`, `regions.csv` and `records.csv`, each with a Table Schema
(field types, constraints, primary and foreign keys). `records.csv` has one row per record;
its `breakdown` column holds `dimension=category` pairs joined by `;` (empty = total).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import msgspec

from povtrack.i18n import t
from povtrack.model.records import (
    DIRECTIONS,
    FIELDS,
    GAP_REASONS,
    MAX_DECIMALS,
    MAX_YEAR,
    MIN_YEAR,
    UNITS,
    Dataset,
    Filters,
    Record,
)

YEAR: Final = "Year"
MONTH: Final = "Month"
GEOCODE: Final = "GeoCode"
VALUE: Final = "Value"
RESERVED: Final = frozenset(name.casefold() for name in (YEAR, MONTH, GEOCODE, VALUE))
_UNSAFE_FILE_CHARS: Final = re.compile(r"[^A-Za-z0-9._-]")
PACKAGE_NAME: Final = re.compile(r"[a-z0-9._/-]+")
DEFAULT_PACKAGE_NAME: Final = "povtrack-data"


class ExportError(Exception):
    """The data cannot be exported as asked (exit 1)."""


class Table(msgspec.Struct, frozen=True, kw_only=True):
    """One CSV file to write: its name (in the output folder), header and rows."""

    file: str
    header: list[str]
    rows: list[list[Any]]


def selected(dataset: Dataset, filters: Filters) -> list[Record]:
    return [r for r in dataset.records if filters.series(r) and filters.year(r.year)]


def file_name(indicator: str) -> str:
    """`indicator_p0.csv`; characters other than letters, digits, `.`, `_`, `-` become `_`."""
    return f"indicator_{_UNSAFE_FILE_CHARS.sub('_', indicator)}.csv"


def opensdg_tables(dataset: Dataset, filters: Filters) -> list[Table]:
    """One table per indicator that has a value among the selected records."""
    by_indicator: dict[str, list[Record]] = {}
    for record in selected(dataset, filters):
        if record.value is not None:
            by_indicator.setdefault(record.indicator, []).append(record)
    tables = []
    files: dict[str, str] = {}
    for ind_id in dataset.indicators:
        records = by_indicator.get(ind_id)
        if not records:
            continue
        name = file_name(ind_id)
        if name in files:
            raise ExportError(
                t(
                    "indicators {first!r} and {second!r} would both be written to "
                    "{file}; give one of them an id of letters, digits, '.', '_' or "
                    "'-' only",
                    first=files[name],
                    second=ind_id,
                    file=name,
                )
            )
        files[name] = ind_id
        dims = sorted({dim for r in records for dim in (r.breakdown or {})})
        for dim in dims:
            if dim.strip().casefold() in RESERVED:
                raise ExportError(
                    t(
                        "indicator {id!r}: the breakdown dimension {name!r} has the name "
                        "of an Open SDG column (Year, Month, GeoCode, Value); rename the "
                        "dimension in the data file",
                        id=ind_id,
                        name=dim,
                    )
                )
        monthly = any(r.month is not None for r in records)
        header = [YEAR, *([MONTH] if monthly else []), *dims, GEOCODE, VALUE]
        rows = []
        for r in records:
            breakdown = r.breakdown or {}
            row: list[Any] = [r.year]
            if monthly:
                row.append(r.month)
            row.extend(breakdown.get(dim) for dim in dims)
            row.extend((r.region, r.value))
            rows.append(row)
        tables.append(Table(file=name, header=header, rows=rows))
    return tables


# -- Data package ---------------------------------------------------------------------------------

INDICATOR_COLUMNS: Final = FIELDS["indicator"]
REGION_COLUMNS: Final = FIELDS["region"]
RECORD_COLUMNS: Final = FIELDS["record"]
PLAN_COLUMNS: Final = FIELDS["plan"]
GAP_COLUMNS: Final = FIELDS["gap"]

_DESCRIPTIONS: Final[dict[str, str]] = {
    "indicators.id": "Indicator id, used by records.indicator (p0: the poverty rate).",
    "indicators.name": "Indicator name.",
    "indicators.name_id": "Indicator name in Indonesian.",
    "indicators.unit": "Unit of values and targets.",
    "indicators.decimals": "Published decimals of the indicator's figures.",
    "indicators.direction": "Which way is better: lower, higher, or none (never scored).",
    "indicators.note": "Note on the indicator.",
    "regions.code": "BPS region code, as text (leading zeros matter).",
    "regions.name": "Region name.",
    "regions.parent": "Code of the region it belongs to (a regency's province).",
    "regions.name_id": "Region name in Indonesian.",
    "records.indicator": "Indicator id (indicators.id).",
    "records.region": "Region code (regions.code).",
    "records.year": "Year of the figure or target.",
    "records.month": "Month of a sub-annual figure (3 = March, 9 = September); empty: annual.",
    "records.breakdown": (
        "Breakdown as dimension=category pairs joined by ';' (area=urban); empty: the total."
    ),
    "records.value": "The published figure, exact decimal text; empty: none.",
    "records.target": "The planning target for that year; empty: none.",
    "records.plan": "Id of the plan that set the target (plans.id); empty: none.",
    "records.source": "Where the figure and/or target was published.",
    "records.note": "Note on the record.",
    "plans.id": "Plan id, used by records.plan.",
    "plans.name": "Name of the plan, with its period.",
    "plans.start": "First year of the plan period.",
    "plans.end": "Last year of the plan period.",
    "plans.base_year": "Baseline year: progress towards its targets is measured from it.",
    "plans.name_id": "Name of the plan in Indonesian.",
    "plans.region": "Code of the region whose plan it is (regions.code); empty: national.",
    "plans.source": "Where the plan was published.",
    "plans.note": "Note on the plan.",
    "gaps.indicator": "Indicator id (indicators.id).",
    "gaps.region": "Region code (regions.code).",
    "gaps.years": "The years without a figure, joined by ';' (2017;2018).",
    "gaps.reason": "Why: not_published, not_found or methodology_break.",
    "gaps.month": "Month of the series (3 = March, 9 = September); empty: annual.",
    "gaps.breakdown": "Breakdown of the series, as in records; empty: the total.",
    "gaps.source": "Where the absence was checked.",
    "gaps.note": "Note on the gap.",
}


def _field(resource: str, name: str, **spec: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": "string"}
    field.update(spec)
    field["description"] = _DESCRIPTIONS[f"{resource}.{name}"]
    return field


def _required() -> dict[str, Any]:
    return {"constraints": {"required": True}}


def package_tables(dataset: Dataset, filters: Filters) -> list[Table]:
    """indicators.csv, regions.csv and records.csv, of the selected records."""
    records = selected(dataset, filters)
    indicators = [
        i
        for i in dataset.indicators.values()
        if not filters.indicators or i.id in filters.indicators
    ]
    regions = [
        r for r in dataset.regions.values() if not filters.regions or r.code in filters.regions
    ]
    plans = [
        p
        for p in dataset.plans.values()
        if not filters.regions or p.region is None or p.region in filters.regions
    ]
    gaps = [g for g in dataset.gaps if filters.series(g)]
    return [
        Table(
            file="indicators.csv",
            header=list(INDICATOR_COLUMNS),
            rows=[[getattr(i, c) for c in INDICATOR_COLUMNS] for i in indicators],
        ),
        Table(
            file="regions.csv",
            header=list(REGION_COLUMNS),
            rows=[[getattr(r, c) for c in REGION_COLUMNS] for r in regions],
        ),
        Table(
            file="records.csv",
            header=list(RECORD_COLUMNS),
            rows=[[getattr(r, c) for c in RECORD_COLUMNS] for r in records],
        ),
        Table(
            file="plans.csv",
            header=list(PLAN_COLUMNS),
            rows=[[getattr(p, c) for c in PLAN_COLUMNS] for p in plans],
        ),
        Table(
            file="gaps.csv",
            header=list(GAP_COLUMNS),
            rows=[
                [
                    ";".join(map(str, g.years)) if c == "years" else getattr(g, c)
                    for c in GAP_COLUMNS
                ]
                for g in gaps
            ],
        ),
    ]


def _resource(name: str, title: str, fields: list[dict[str, Any]], **keys: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    schema.update(keys)
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "title": title,
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": schema,
    }


def descriptor(name: str = DEFAULT_PACKAGE_NAME, title: str | None = None) -> dict[str, Any]:
    """datapackage.json: a Tabular Data Package of the three resources."""
    if not PACKAGE_NAME.fullmatch(name):
        raise ExportError(
            t(
                "--name {name!r}: a data package name is lowercase letters, "
                "digits, '.', '_', '-' or '/'",
                name=name,
            )
        )
    number = {"type": "number", "decimalChar": ".", "bareNumber": True}
    indicators = [
        _field("indicators", "id", **_required()),
        _field("indicators", "name", **_required()),
        _field("indicators", "unit", constraints={"required": True, "enum": list(UNITS)}),
        _field(
            "indicators",
            "decimals",
            type="integer",
            constraints={"required": True, "minimum": 0, "maximum": MAX_DECIMALS},
        ),
        _field("indicators", "direction", constraints={"required": True, "enum": list(DIRECTIONS)}),
        _field("indicators", "name_id"),
        _field("indicators", "note"),
    ]
    regions = [
        _field("regions", "code", **_required()),
        _field("regions", "name", **_required()),
        _field("regions", "parent"),
        _field("regions", "name_id"),
    ]
    records = [
        _field("records", "indicator", **_required()),
        _field("records", "region", **_required()),
        _field(
            "records",
            "year",
            type="integer",
            constraints={"required": True, "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        ),
        _field("records", "month", type="integer", constraints={"minimum": 1, "maximum": 12}),
        _field("records", "breakdown"),
        _field("records", "value", **number),
        _field("records", "target", **number),
        _field("records", "plan"),
        _field("records", "source"),
        _field("records", "note"),
    ]
    year = {
        "type": "integer",
        "constraints": {"required": True, "minimum": MIN_YEAR, "maximum": MAX_YEAR},
    }
    plans = [
        _field("plans", "id", **_required()),
        _field("plans", "name", **_required()),
        _field("plans", "start", **year),
        _field("plans", "end", **year),
        _field("plans", "base_year", **year),
        _field("plans", "name_id"),
        _field("plans", "region"),
        _field("plans", "source"),
        _field("plans", "note"),
    ]
    gaps = [
        _field("gaps", "indicator", **_required()),
        _field("gaps", "region", **_required()),
        _field("gaps", "years", **_required()),
        _field("gaps", "reason", constraints={"required": True, "enum": list(GAP_REASONS)}),
        _field("gaps", "month", type="integer", constraints={"minimum": 1, "maximum": 12}),
        _field("gaps", "breakdown"),
        _field("gaps", "source"),
        _field("gaps", "note"),
    ]
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
    }
    if title:
        package["title"] = title
    package["resources"] = [
        _resource(
            "indicators", "Indicators", _ordered(indicators, INDICATOR_COLUMNS), primaryKey=["id"]
        ),
        _resource("regions", "Regions", _ordered(regions, REGION_COLUMNS), primaryKey=["code"]),
        _resource(
            "records",
            "Records",
            _ordered(records, RECORD_COLUMNS),
            foreignKeys=[
                {
                    "fields": ["indicator"],
                    "reference": {"resource": "indicators", "fields": ["id"]},
                },
                {"fields": ["region"], "reference": {"resource": "regions", "fields": ["code"]}},
                {"fields": ["plan"], "reference": {"resource": "plans", "fields": ["id"]}},
            ],
        ),
        _resource(
            "plans",
            "Plans",
            _ordered(plans, PLAN_COLUMNS),
            primaryKey=["id"],
            foreignKeys=[
                {"fields": ["region"], "reference": {"resource": "regions", "fields": ["code"]}}
            ],
        ),
        _resource(
            "gaps",
            "Gaps",
            _ordered(gaps, GAP_COLUMNS),
            foreignKeys=[
                {
                    "fields": ["indicator"],
                    "reference": {"resource": "indicators", "fields": ["id"]},
                },
                {"fields": ["region"], "reference": {"resource": "regions", "fields": ["code"]}},
            ],
        ),
    ]
    return package


def _ordered(fields: list[dict[str, Any]], columns: Sequence[str]) -> list[dict[str, Any]]:
    """Fields in the order of the CSV columns (the model's field order)."""
    by_name = {f["name"]: f for f in fields}
    return [by_name[c] for c in columns]
