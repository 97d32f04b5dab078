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
        ("plan", records.Plan),
        ("gap", records.Gap),
    ):
        assert FIELDS[kind] == tuple(f.name for f in dataclasses.fields(model))
        schema = document_model().json_schema(by_alias=True)["$defs"][model.__name__]
        assert list(schema["properties"]) == list(FIELDS[kind])
        assert set(schema["required"]) == set(REQUIRED[kind])
    assert FIELDS["document"][:5] == ("indicators", "regions", "records", "plans", "gaps")
    assert "$schema" in FIELDS["document"]
    assert set(REQUIRED["document"]) == {"indicators", "regions", "records"}


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
        ("record", "plan", "text"),
        *[("plan", n, "text") for n in ("id", "name", "name_id", "region", "source", "note")],
        *[("plan", n, "int") for n in ("start", "end", "base_year")],
        *[("gap", n, "text") for n in ("indicator", "region", "reason", "source", "note")],
        ("gap", "years", "int_list"),
        ("gap", "month", "int"),
        ("gap", "breakdown", "str_map"),
    ],
)
def test_the_located_path_reads_each_fields_type_from_the_model(
    kind: str, name: str, json_type: str
) -> None:
    from povtrack.io.structure import field_types

    assert field_types()[kind][name] == json_type
    arrays = {"indicators", "regions", "records", "plans", "gaps"}
    assert set(field_types()[kind]) == set(FIELDS[kind]) - arrays


PLANS_AND_GAPS: dict[str, Any] = {
    "plans": [
        {"id": "rpjmd", "name": "RPJMD 2021–2026", "start": 2021, "end": 2026, "base_year": 2020}
    ],
    "gaps": [{"indicator": "p0", "region": "3524", "years": [2015, 2016], "reason": "not_found"}],
}


def test_plans_and_gaps_are_read_by_both_paths(tmp_path: Path) -> None:
    """The fast path (pydantic) and the located path (a problem elsewhere in the file) give the
    same plans and gaps on the loaded dataset."""
    doc = {**copy.deepcopy(LAMONGAN), **copy.deepcopy(PLANS_AND_GAPS)}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    dataset, _ = loader.load(str(path))
    assert list(dataset.plans) == ["rpjmd"]
    assert dataset.plans["rpjmd"].base_year == 2020
    assert [(g.region, g.years, g.reason) for g in dataset.gaps] == [
        ("3524", [2015, 2016], "not_found")
    ]
    # a warning sends the file through the located path too
    doc["records"][0]["note"] = "x"
    shaped, _ = loader.validate_bytes(json.dumps(doc).encode(), "d.json")
    assert shaped is not None and shaped.plans == dataset.plans and shaped.gaps == dataset.gaps


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        (lambda d: d["gaps"][0].update(years=[2015, "2016"]), "wrong-type", "gaps[0].years[1]"),
        (lambda d: d["gaps"][0].update(years=[]), "wrong-type", "gaps[0].years"),
        (lambda d: d["gaps"][0].update(years=[3015]), "out-of-range", "gaps[0].years[0]"),
        (lambda d: d["gaps"][0].update(reason="lost"), "invalid-value", "gaps[0].reason"),
        (lambda d: d["gaps"][0].update(month=13), "out-of-range", "gaps[0].month"),
        (lambda d: d["plans"][0].update(base_year=20), "out-of-range", "plans[0].base_year"),
        (lambda d: d["plans"][0].update(start="2021"), "wrong-type", "plans[0].start"),
        (lambda d: d["plans"][0].update(nmae="x"), "unknown-field", "plans[0].nmae"),
        (lambda d: d["plans"][0].pop("end"), "missing-field", "plans[0]"),
        (lambda d: d.update(gaps={}), "wrong-type", "gaps"),
    ],
)
def test_bad_plans_and_gaps_are_located(change: Any, code: str, path: str) -> None:
    doc = {**copy.deepcopy(LAMONGAN), **copy.deepcopy(PLANS_AND_GAPS)}
    change(doc)
    text = json.dumps(doc, indent=1)
    dataset, report = loader.validate_bytes(text.encode(), "d.json")
    assert dataset is None
    [problem] = [p for p in report.problems if p.severity == "error"]
    assert (problem.code, problem.path) == (code, path)
    assert problem.line is not None and problem.line > 1
