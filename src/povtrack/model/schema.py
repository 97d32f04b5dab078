"""The JSON Schema of the data format, for editors and other tools.

It is generated from the msgspec models that the loader decodes data files with
(`msgspec.json.schema(Document)`), then completed with what the types alone cannot say but the
validation rules check on a single field: the ranges of `decimals` (0–6), `year` (1900–2100) and
`month` (1–12), the magnitude of a figure, values and targets written as JSON numbers (not
text), and that names, codes and sources are neither blank nor hold control characters. Rules
that involve two fields (a percentage within 0–100, no more decimals than the indicator
declares, a target on an indicator that is scored, every value with a source) and rules on the
whole file (duplicates, references) are left to `povtrack validate`.

The repository commits the output as `schema/povtrack.schema.json`; `.vscode/settings.json`
maps `data/*.json` to it, and a test keeps the committed file equal to this one. The schema is a
machine interface: its descriptions are in English whatever the language.
"""

from __future__ import annotations

import json
from typing import Any, Final

import msgspec

from povtrack.model.records import (
    MAX_DECIMALS,
    MAX_MAGNITUDE,
    MAX_YEAR,
    MIN_YEAR,
    Document,
)

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

#: A name, code or source: not blank, no control character (rules.has_control's set).
TEXT_PATTERN: Final = (
    r"^(?=.*\S)[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$"
)

_DESCRIPTIONS: Final[dict[str, dict[str, str]]] = {
    "Document": {
        "indicators": "What is measured: one object per indicator.",
        "regions": "Where: one object per region.",
        "records": "The figures and targets: one object per indicator, region, year, month and "
        "breakdown.",
        "$schema": "The JSON Schema of the file (optional), such as "
        "../schema/povtrack.schema.json.",
        "description": "What the file holds (optional).",
    },
    "Indicator": {
        "id": "Short id that records use, such as p0 (the poverty rate).",
        "name": "Name, such as Poverty rate (P0).",
        "unit": "Unit of values and targets. percent: 0–100.",
        "decimals": "Decimals with which the indicator is published (0–6). A figure may not have "
        "more.",
        "direction": "Which way is better: lower (poverty), higher, or none (a threshold such as "
        "the poverty line: never scored, no targets).",
        "name_id": "Name in Indonesian, such as Persentase penduduk miskin (P0).",
        "note": "Anything a reader should know about the indicator.",
    },
    "Region": {
        "code": 'BPS region code, as text: "35" East Java, "3524" Lamongan (leading zeros matter).',
        "name": "Name, such as Kabupaten Lamongan.",
        "parent": "Code of the region it belongs to: a regency's province.",
        "name_id": "Name in Indonesian.",
    },
    "Record": {
        "indicator": "Id of a defined indicator.",
        "region": "Code of a defined region.",
        "year": "Year of the figure or target (1900–2100).",
        "month": "Month of a sub-annual figure: 3 (March) or 9 (September) for semi-annual "
        "poverty figures. Leave it out for an annual figure.",
        "breakdown": 'A part of the population, such as {"area": "urban"}. Leave it out for '
        "the total.",
        "value": "The published figure, as a JSON number with its published decimals (12.50, "
        'not "12.50" or 12,50).',
        "target": "The planning target for that year, as a JSON number.",
        "source": "Where the figure (and target) was published: a URL or a citation. Required "
        "with a value.",
        "note": "Anything a reader should know about the figure.",
    },
}
_TITLES: Final = {
    "Document": "povtrack data file",
    "Indicator": "Indicator",
    "Region": "Region",
    "Record": "Record",
}
#: Written here, not taken from the models' docstrings, so that the schema changes only with the
#: format.
_SUMMARIES: Final = {
    "Document": "A data file: indicators, regions, and records of figures and targets.",
    "Indicator": "What is measured, such as p0: the poverty rate, in percent, 2 decimals, lower "
    "is better.",
    "Region": "Where: a BPS region code and its name.",
    "Record": "One published figure and/or target of an indicator for a region, year, month "
    "and breakdown.",
}


def _text(spec: dict[str, Any]) -> None:
    spec["minLength"] = 1
    spec["pattern"] = TEXT_PATTERN


def _optional(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional field's `anyOf`."""
    for branch in prop.get("anyOf", []):
        if branch.get("type") != "null":
            return dict(branch)
    return prop


def _set_optional(prop: dict[str, Any], spec: dict[str, Any]) -> None:
    prop["anyOf"] = [spec, {"type": "null"}]


def generate() -> dict[str, Any]:
    """The schema, as a JSON object."""
    base = msgspec.json.schema(Document)
    defs: dict[str, Any] = base["$defs"]
    limit = int(MAX_MAGNITUDE)
    number = {"type": "number", "minimum": -limit, "maximum": limit}

    for kind, fields in _DESCRIPTIONS.items():
        spec = defs[kind]
        spec["title"] = _TITLES[kind]
        spec["description"] = _SUMMARIES[kind]
        props: dict[str, Any] = spec["properties"]
        for name, prop in props.items():
            if "anyOf" in prop:
                inner = _optional(prop)
                if inner.get("type") == "string" and kind != "Document":
                    _text(inner)
                    _set_optional(prop, inner)
            elif prop.get("type") == "string":
                _text(prop)
            prop["description"] = fields[name]

    record = defs["Record"]["properties"]
    record["year"].update(minimum=MIN_YEAR, maximum=MAX_YEAR)
    _set_optional(record["month"], {"type": "integer", "minimum": 1, "maximum": 12})
    _set_optional(record["value"], dict(number))
    _set_optional(record["target"], dict(number))
    text: dict[str, Any] = {"type": "string"}
    _text(text)
    _set_optional(
        record["breakdown"],
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": dict(text),
            "additionalProperties": dict(text),
        },
    )
    defs["Indicator"]["properties"]["decimals"].update(minimum=0, maximum=MAX_DECIMALS)

    return {
        "$schema": DIALECT,
        "title": _TITLES["Document"],
        "description": (
            "A povtrack data file: indicators, regions and records of published figures and "
            "planning targets. Checked as it is typed; povtrack validate checks the rest "
            "(percentages within 0–100, decimals, duplicates, references, sources)."
        ),
        "$ref": "#/$defs/Document",
        "$defs": defs,
    }


def text() -> str:
    """The schema as the committed file is written: 2-space indent, UTF-8, final newline."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"
