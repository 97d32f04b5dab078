"""The data format's models (povtrack.model.records): one definition gives the validation, the
field lists the located path words problems with, and exact decimals. A test per field."""

from __future__ import annotations

import copy
import dataclasses
import gc
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jiter
import pytest
from pydantic import ValidationError

from povtrack.io import loader
from povtrack.model import records
from povtrack.model.records import FIELDS, REQUIRED, document_model

from .conftest import LAMONGAN

KINDS = {"indicator": "indicators", "region": "regions", "record": "records"}


def read(doc: Any) -> Any:
    """A document as the loader reads it: numbers with their text kept."""
    return jiter.from_json(json.dumps(doc).encode(), float_mode="decimal")


def with_field(kind: str, name: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(LAMONGAN)
    doc[KINDS[kind]][0][name] = value
    return doc


def test_field_lists_come_from_the_models() -> None:
    for kind, model in (
        ("indicator", records.Indicator),
        ("region", records.Region),
        ("record", records.Record),
    ):
        assert FIELDS[kind] == tuple(f.name for f in dataclasses.fields(model))
        schema = document_model().json_schema(by_alias=True)["$defs"][model.__name__]
        assert list(schema["properties"]) == list(FIELDS[kind])
        assert set(schema["required"]) == set(REQUIRED[kind])
    assert FIELDS["document"][3] == "$schema"


TEXT_FIELDS = [
    (kind, name)
    for kind, model in (
        ("indicator", records.Indicator),
        ("region", records.Region),
        ("record", records.Record),
    )
    for name in FIELDS[kind]
    if name not in ("unit", "direction", "decimals", "year", "month", "value", "target")
    and name != "breakdown"
]


@pytest.mark.parametrize(("kind", "name"), TEXT_FIELDS)
def test_each_text_field_takes_only_text(kind: str, name: str) -> None:
    document_model().validate_python(read(with_field(kind, name, "x")))
    for wrong in (12, 1.5, True, ["x"], {"x": "y"}):
        with pytest.raises(ValidationError) as caught:
            document_model().validate_python(read(with_field(kind, name, wrong)))
        assert caught.value.errors()[0]["loc"][:3] == (KINDS[kind], 0, name)


@pytest.mark.parametrize(
    ("kind", "name", "good", "bad"),
    [
        ("indicator", "decimals", [0, 6], [-1, 7, "2", True, 2.0]),
        ("indicator", "unit", ["percent", "rupiah"], ["Percent", "%", 1]),
        ("indicator", "direction", ["lower", "higher", "none"], ["down", None]),
        ("record", "year", [1900, 2100], [1899, 2101, "2023", 2023.0, True]),
        ("record", "month", [1, 12, None], [0, 13, "3", True]),
        ("record", "breakdown", [{"area": "urban"}, None], [{"area": 1}, ["urban"], "urban"]),
        ("record", "value", [12.42, 12, None], ["12.42", True, [1]]),
        ("record", "target", [9.5, 0, None], ["9.5", False]),
    ],
)
def test_each_typed_field(kind: str, name: str, good: list[Any], bad: list[Any]) -> None:
    for value in good:
        document_model().validate_python(read(with_field(kind, name, value)))
    for value in bad:
        with pytest.raises(ValidationError):
            document_model().validate_python(read(with_field(kind, name, value)))


@pytest.mark.parametrize("kind", ["document", *KINDS])
def test_each_required_field_and_unknown_fields(kind: str) -> None:
    for name in REQUIRED[kind]:
        doc = copy.deepcopy(LAMONGAN)
        del (doc if kind == "document" else doc[KINDS[kind]][0])[name]
        with pytest.raises(ValidationError) as caught:
            document_model().validate_python(read(doc))
        [error] = caught.value.errors()
        assert error["type"] in {"missing", "missing_argument"}
        assert error["loc"][-1] == name
    doc = copy.deepcopy(LAMONGAN)
    (doc if kind == "document" else doc[KINDS[kind]][0])["valeu"] = 1
    with pytest.raises(ValidationError) as caught:
        document_model().validate_python(read(doc))
    [error] = caught.value.errors()
    assert error["type"] in {"extra_forbidden", "unexpected_keyword_argument"}
    assert error["loc"][-1] == "valeu"


def test_numbers_stay_exact() -> None:
    text = b'{"indicators": [], "regions": [], "records": [{"indicator": "p0", "region": "35",'
    text += b' "year": 2023, "value": 4.90, "target": 12.4200000000000001}]}'
    doc = document_model().validate_python(jiter.from_json(text, float_mode="decimal"))
    [record] = doc.records
    assert str(record.value) == "4.90"
    assert record.target == Decimal("12.4200000000000001")
    whole = document_model().validate_python(
        read({"indicators": [], "regions": [], "records": [{"indicator": "p0", "region": "35",
                                                            "year": 2023, "value": 12}]})
    )  # fmt: skip
    assert type(whole.records[0].value) is Decimal


def test_loading_freezes_nothing(tmp_path: Path) -> None:
    """A notebook calling load() again and again must not pile up frozen objects."""
    path = tmp_path / "d.json"
    path.write_text(json.dumps(LAMONGAN), encoding="utf-8")
    before = gc.get_freeze_count()
    enabled = gc.isenabled()
    for _ in range(20):
        loader.load(str(path))
    assert gc.get_freeze_count() == before
    assert gc.isenabled() == enabled


@pytest.mark.parametrize(
    ("kind", "name", "json_type"),
    [
        ("document", "$schema", "text"),
        ("document", "description", "text"),
        *[("indicator", n, "text") for n in ("id", "name", "unit", "direction", "name_id", "note")],
        ("indicator", "decimals", "int"),
        *[("region", n, "text") for n in ("code", "name", "parent", "name_id")],
        *[("record", n, "text") for n in ("indicator", "region", "source", "note")],
        ("record", "year", "int"),
        ("record", "month", "int"),
        ("record", "breakdown", "str_map"),
        ("record", "value", "number"),
        ("record", "target", "number"),
    ],
)
def test_the_located_path_reads_each_fields_type_from_the_model(
    kind: str, name: str, json_type: str
) -> None:
    from povtrack.io.structure import field_types

    assert field_types()[kind][name] == json_type
    assert set(field_types()[kind]) == set(FIELDS[kind]) - {"indicators", "regions", "records"}
