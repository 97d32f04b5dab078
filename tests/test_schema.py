"""`povtrack schema`: generated from the models, equal to the committed file, mapped for editors,
and strict enough to flag the typos an editor should flag."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from povtrack.model import schema

from .conftest import LAMONGAN, run

ROOT = Path(__file__).parents[1]
COMMITTED = ROOT / "schema" / "povtrack.schema.json"


def test_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema.text(), (
        "schema/povtrack.schema.json is stale: run "
        "povtrack schema --output schema/povtrack.schema.json"
    )


def test_command_prints_the_schema(tmp_path: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema.text()
    assert json.loads(result.stdout)["$ref"] == "#/$defs/Document"
    out = tmp_path / "s.json"
    assert run("schema", "--output", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == schema.text()


def test_vscode_maps_the_data_files_to_the_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    [mapping] = settings["json.schemas"]
    assert "/data/*.json" in mapping["fileMatch"]
    assert (ROOT / mapping["url"]).resolve() == COMMITTED.resolve()


def test_every_object_refuses_unknown_fields() -> None:
    defs = schema.generate()["$defs"]
    assert set(defs) == {"Document", "Indicator", "Region", "Record", "Plan", "Gap"}
    for spec in defs.values():
        assert spec["additionalProperties"] is False
        assert spec["description"]
        for prop in spec["properties"].values():
            assert prop["description"]


def test_ranges() -> None:
    defs = schema.generate()["$defs"]
    decimals = defs["Indicator"]["properties"]["decimals"]
    assert (decimals["minimum"], decimals["maximum"]) == (0, 6)
    year = defs["Record"]["properties"]["year"]
    assert (year["minimum"], year["maximum"]) == (1900, 2100)
    month = defs["Record"]["properties"]["month"]["anyOf"][0]
    assert (month["minimum"], month["maximum"]) == (1, 12)
    value = defs["Record"]["properties"]["value"]["anyOf"][0]
    assert value["type"] == "number"  # written as a JSON number, never as text


# A validator for the keywords the schema uses, enough to show what an editor flags.
def errors(instance: Any, spec: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    if "$ref" in spec:
        name = spec["$ref"].removeprefix("#/$defs/")
        return errors(instance, root["$defs"][name], root, path)
    if "anyOf" in spec:
        branches = [errors(instance, s, root, path) for s in spec["anyOf"]]
        return [] if any(not b for b in branches) else min(branches, key=len)
    found: list[str] = []
    kind = spec.get("type")
    types: dict[str, type | tuple[type, ...]] = {
        "object": dict,
        "array": list,
        "string": str,
        "null": type(None),
        "integer": int,
        "number": (int, float, Decimal),
    }
    if kind is not None and (not isinstance(instance, types[kind]) or isinstance(instance, bool)):
        return [f"{path}: not {kind}"]
    if "enum" in spec and instance not in spec["enum"]:
        found.append(f"{path}: not one of {spec['enum']}")
    if isinstance(instance, str):
        if len(instance) < spec.get("minLength", 0):
            found.append(f"{path}: too short")
        if "pattern" in spec and not re.search(spec["pattern"], instance):
            found.append(f"{path}: does not match")
    if isinstance(instance, (int, float, Decimal)):
        if "minimum" in spec and instance < spec["minimum"]:
            found.append(f"{path}: below minimum")
        if "maximum" in spec and instance > spec["maximum"]:
            found.append(f"{path}: above maximum")
    if isinstance(instance, list) and "items" in spec:
        for i, item in enumerate(instance):
            found += errors(item, spec["items"], root, f"{path}[{i}]")
    if isinstance(instance, dict):
        props = spec.get("properties", {})
        for name in spec.get("required", []):
            if name not in instance:
                found.append(f"{path}: missing {name}")
        if len(instance) < spec.get("minProperties", 0):
            found.append(f"{path}: empty")
        for key, item in instance.items():
            if "propertyNames" in spec:
                found += errors(key, spec["propertyNames"], root, f"{path} key {key!r}")
            if key in props:
                found += errors(item, props[key], root, f"{path}.{key}")
            elif spec.get("additionalProperties") is False:
                found.append(f"{path}.{key}: unknown field")
            elif isinstance(spec.get("additionalProperties"), dict):
                found += errors(item, spec["additionalProperties"], root, f"{path}.{key}")
    return found


def check(doc: Any) -> list[str]:
    root = schema.generate()
    return errors(doc, root, root)


def test_the_bundled_data_passes() -> None:
    text = (ROOT / "src" / "povtrack" / "data" / "indicators.json").read_text(encoding="utf-8")
    assert check(json.loads(text, parse_float=Decimal)) == []
    assert check(LAMONGAN) == []


def record(**changes: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "indicator": "p0",
        "region": "3524",
        "year": 2023,
        "value": Decimal("12.42"),
        "source": "s",
    }
    rec.update(changes)
    return {**LAMONGAN, "records": [rec]}


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({**LAMONGAN, "recrods": []}, "$.recrods: unknown field"),
        (record(valeu=1), "$.records[0].valeu: unknown field"),
        (record(value="12.42"), "$.records[0].value: not number"),
        (record(year=1850), "$.records[0].year: below minimum"),
        (record(month=13), "$.records[0].month: above maximum"),
        (record(region=" "), "$.records[0].region: does not match"),
        (record(source="a\u001b[31m"), "$.records[0].source: does not match"),
        (record(breakdown={}), "$.records[0].breakdown: empty"),
        (
            {**LAMONGAN, "indicators": [{**LAMONGAN["indicators"][0], "unit": "persen"}]},
            "$.indicators[0].unit: not one of",
        ),
        (
            {**LAMONGAN, "indicators": [{**LAMONGAN["indicators"][0], "decimals": 7}]},
            "$.indicators[0].decimals: above maximum",
        ),
        ({**LAMONGAN, "regions": [{"code": "3524"}]}, "$.regions[0]: missing name"),
    ],
)
def test_typos_are_flagged(doc: dict[str, Any], expected: str) -> None:
    found = check(doc)
    assert any(e.startswith(expected) for e in found), found


def test_schema_and_validator_agree_on_text(tmp_path: Path) -> None:
    """What the schema's text pattern refuses, povtrack validate refuses too."""
    from povtrack.io.rules import has_control

    pattern = re.compile(schema.TEXT_PATTERN)
    for text in ["Kabupaten Lamongan", "Rp 543.475", "x"]:
        assert pattern.search(text)
        assert not has_control(text)
    for text in ["", "   ", "a\nb", "a\u202eb", "a\x7fb", "a\u200bb", "a\u200fb", "a\ufeffb"]:
        assert not pattern.search(text)
        assert has_control(text) or not text.strip()
