"""The JSON Schema of the data format, for editors and other tools.

It is the pydantic models' own schema (`povtrack.model.records`: `document_model().json_schema()`):
types, required fields, unknown fields refused, the ranges of `decimals` (0–6), `year`
(1900–2100), `month` (1–12) and of a figure, values and targets written as JSON numbers (not
text), and that names, codes and sources are neither blank nor hold control characters — all
declared with the fields, with their descriptions and examples. Added here only what pydantic
does not write: the JSON Schema dialect and the file's description; pydantic's per-field
`title` is left out (the field's name again). Rules that
involve two fields (a percentage within 0–100, no more decimals than the indicator declares, a
target on an indicator that is scored, every value with a source) and rules on the whole file
(duplicates, references) are left to `povtrack validate`.

The repository commits the output as `schema/povtrack.schema.json`; `.vscode/settings.json`
maps `data/*.json` to it, and a test keeps the committed file equal to this one. The schema is a
machine interface: its descriptions are in English whatever the language.
"""

from __future__ import annotations

import json
from typing import Any, Final

from povtrack.model.records import TEXT_PATTERN, document_model

__all__ = ["DIALECT", "TEXT_PATTERN", "generate", "text"]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


def _tidy(spec: Any) -> None:
    """Drop pydantic's per-property `title` (the field's name again), everywhere."""
    if isinstance(spec, dict):
        props = spec.get("properties")
        if isinstance(props, dict):
            for prop in props.values():
                prop.pop("title", None)
        for value in spec.values():
            _tidy(value)
    elif isinstance(spec, list):
        for item in spec:
            _tidy(item)


def generate() -> dict[str, Any]:
    """The schema, as a JSON object."""
    base = document_model().json_schema(by_alias=True, ref_template="#/$defs/{model}")
    defs: dict[str, Any] = base.pop("$defs")
    defs["Document"] = base
    _tidy(defs)
    return {
        "$schema": DIALECT,
        "title": base["title"],
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
