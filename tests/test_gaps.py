"""Recorded gaps (`gaps` in the data file): a series' missing year that a gap lists is data, not a
warning; one nobody recorded still warns; a gap must name a defined indicator and region, and a
gap year that has a figure is a contradiction (a warning at the gap's year). Both reading paths
(the fast one and the located one) give the same problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from povtrack.io.loader import validate_bytes
from povtrack.model.problems import Problem

from .conftest import run


def document(
    values: dict[int, str], gaps: list[dict[str, Any]], month: int | None = None
) -> dict[str, Any]:
    """One indicator (p0), two regions; p0 of 3524 for the given years."""
    records = [
        {"indicator": "p0", "region": "3524", "year": year, "value": json.loads(text)}
        | ({"month": month} if month else {})
        | {"source": f"s{year}"}
        for year, text in sorted(values.items())
    ]
    return {
        "indicators": [
            {"id": "p0", "name": "P0", "unit": "percent", "decimals": 2, "direction": "lower"}
        ],
        "regions": [
            {"code": "35", "name": "East Java"},
            {"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"},
        ],
        "records": records,
        "gaps": gaps,
    }


def gap(years: list[int], **extra: Any) -> dict[str, Any]:
    return {"indicator": "p0", "region": "3524", "years": years, "reason": "not_found"} | extra


def text_of(doc: dict[str, Any]) -> str:
    """One object per line, so that a problem's line says which object it is."""
    lines = ["{"]
    for index, (name, items) in enumerate(doc.items()):
        lines.append(f'  "{name}": [')
        lines.append(",\n".join(f"    {json.dumps(item)}" for item in items))
        lines.append("  ]" + ("," if index < len(doc) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def line_of(doc: dict[str, Any], item: dict[str, Any]) -> int:
    """The line of one object in text_of's layout."""
    lines = text_of(doc).splitlines()
    return 1 + next(i for i, line in enumerate(lines) if line.strip(" ,") == json.dumps(item))


def problems(doc: dict[str, Any]) -> list[Problem]:
    """The problems, checked to be the same on the fast and the located path."""
    data = text_of(doc).encode()
    _, located = validate_bytes(data, "d.json", locate_warnings=True)
    _, fast = validate_bytes(data, "d.json", locate_warnings=False)
    assert [(p.code, p.path, p.message) for p in fast.problems] == [
        (p.code, p.path, p.message) for p in located.problems
    ]
    return list(located.problems)


def codes(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in problems(doc)]


VALUES = {2015: "15.38", 2016: "14.89", 2017: "14.42", 2020: "13.85", 2021: "13.86"}


def test_an_unrecorded_missing_year_still_warns() -> None:
    [problem] = problems(document(VALUES, []))
    assert (problem.code, problem.severity, problem.path) == ("year-gap", "warning", "records[3]")
    assert problem.message == "no figure for 2018–2019: the change is reported against 2017"


def test_missing_years_recorded_as_a_gap_do_not_warn() -> None:
    assert codes(document(VALUES, [gap([2018, 2019], note="not in any release found")])) == []


def test_gaps_may_split_the_years_and_each_year_counts_once() -> None:
    gaps = [gap([2018]), gap([2019], reason="not_published"), gap([2019])]
    assert codes(document(VALUES, gaps)) == []


def test_a_partly_recorded_gap_warns_about_the_other_years_only() -> None:
    values = {2010: "20.00", 2016: "14.89"}
    [problem] = problems(document(values, [gap([2012, 2014])]))
    assert problem.code == "year-gap"
    assert problem.message == "no figure for 2011, 2013, 2015: the change is reported against 2010"


def test_gaps_before_the_first_and_after_the_last_figure_are_fine() -> None:
    """Years outside a series' span: nothing to compare across, so a recorded gap there is
    information (which years are known to be missing), never a warning."""
    gaps = [gap([2011, 2012, 2013, 2014]), gap([2022, 2023, 2024], reason="not_published")]
    assert codes(document(VALUES, [*gaps, gap([2018, 2019])])) == []


def test_a_gap_of_a_series_without_any_figure_is_fine() -> None:
    doc = document(VALUES, [gap([2018, 2019]), gap([2020, 2021], region="35")])
    assert codes(doc) == []


def test_a_gap_year_with_a_figure_is_a_warning_at_the_gap() -> None:
    doc = document(VALUES, [gap([2018, 2019]), gap([2016, 2030])])
    [problem] = problems(doc)
    assert (problem.code, problem.severity) == ("gap-has-figure", "warning")
    assert problem.path == "gaps[1].years[0]"
    assert problem.record == "p0 / 3524 / 2016"
    assert problem.message == "the gap lists 2016, but p0 / 3524 / 2016 has a figure for it"
    assert problem.line == line_of(doc, doc["gaps"][1])
    assert problem.column is not None


def test_a_target_without_a_value_is_not_a_figure() -> None:
    doc = document(VALUES, [gap([2018, 2019, 2022])])
    doc["records"].append({"indicator": "p0", "region": "3524", "year": 2022, "target": 12})
    assert codes(doc) == []


def test_the_month_is_part_of_the_series() -> None:
    """A March gap does not cover the September series, and the other way round."""
    march = document(VALUES, [gap([2018, 2019], month=3)], month=3)
    assert codes(march) == []
    september = document(VALUES, [gap([2018, 2019], month=3)], month=9)
    assert codes(september) == [("year-gap", "records[3]")]
    annual = document(VALUES, [gap([2018, 2019], month=3)])
    assert codes(annual) == [("year-gap", "records[3]")]


def test_the_breakdown_is_part_of_the_series() -> None:
    doc = document(VALUES, [gap([2018, 2019], breakdown={"area": "urban"})])
    assert codes(doc) == [("year-gap", "records[3]")]


@pytest.mark.parametrize(
    ("field", "value", "code", "message"),
    [
        ("indicator", "p9", "unknown-indicator", "indicator 'p9' is not defined"),
        ("region", "3599", "unknown-region", "region '3599' is not defined"),
    ],
)
def test_a_gap_names_a_defined_indicator_and_region(
    field: str, value: str, code: str, message: str
) -> None:
    doc = document(VALUES, [gap([2018, 2019]), gap([2018], **{field: value})])
    [problem] = problems(doc)
    assert (problem.code, problem.severity) == (code, "error")
    assert problem.path == f"gaps[1].{field}"
    assert problem.message == message
    assert problem.line == line_of(doc, doc["gaps"][1])


def test_validate_command_exit_codes_and_json(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(text_of(document(VALUES, [gap([2018, 2019])])), encoding="utf-8")
    clean = run("validate", str(path), "--format", "json")
    assert clean.exit_code == 0
    assert json.loads(clean.stdout)["warnings"] == 0
    path.write_text(text_of(document(VALUES, [gap([2018, 2019], region="99")])), encoding="utf-8")
    bad = run("validate", str(path), "--format", "json")
    assert bad.exit_code == 1
    found = [(p["code"], p["path"]) for p in json.loads(bad.stdout)["files"][0]["problems"]]
    # The gap is of another (undefined) region, so 3524's missing years are not recorded.
    assert sorted(found) == [("unknown-region", "gaps[0].region"), ("year-gap", "records[3]")]


def test_indonesian_messages(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(text_of(document(VALUES, [gap([2016])])), encoding="utf-8")
    result = run("validate", str(path), "--lang", "id")
    assert "gap-has-figure" in result.stdout
    assert "the gap lists" not in result.stdout  # translated
