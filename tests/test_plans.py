"""The plan rules of `validate` (issue 14): unique plan ids, start <= end, base_year <= end, a
plan's region defined, a record's plan defined (with a suggestion), a plan only on a target, the
target's year within the plan period. Each problem is located: the line and column of the
value concerned, and its JSON path; in both languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from povtrack.io.loader import load

from .conftest import run

PLAN = (
    '{"id": "rpjmd-3523-2021", "name": "RPJMD Kabupaten Tuban 2021–2026", "region": "3523", '
    '"start": 2021, "end": 2026, "base_year": 2021}'
)
RPJPD = (
    '{"id": "rpjpd-3523-2025", "name": "RPJPD Kabupaten Tuban 2025–2045", "region": "3523", '
    '"start": 2025, "end": 2045, "base_year": 2024}'
)
VALUES = [
    f'{{"indicator": "p0", "region": "3523", "year": {year}, "value": {value}, '
    f'"source": "BPS Kabupaten Tuban {year}"}}'
    for year, value in (
        (2019, "14.58"),
        (2020, "15.91"),
        (2021, "16.31"),
        (2022, "15.33"),
        (2023, "15.08"),
        (2024, "14.18"),
    )
]
TARGET = (
    '{"indicator": "p0", "region": "3523", "year": 2026, "target": 13.50, '
    '"plan": "rpjmd-3523-2021", "source": "RPJMD Kabupaten Tuban 2021–2026"}'
)


def text_of(plans: list[str], records: list[str]) -> str:
    """One plan or record per line, indented by 4."""
    return (
        "{\n"
        '  "indicators": [\n'
        '    {"id": "p0", "name": "Poverty rate (P0)", "unit": "percent", "decimals": 2, '
        '"direction": "lower"}\n'
        "  ],\n"
        '  "regions": [\n'
        '    {"code": "3523", "name": "Kabupaten Tuban", "parent": "35"}\n'
        "  ],\n"
        '  "plans": [\n' + ",\n".join("    " + p for p in plans) + "\n  ],\n"
        '  "records": [\n' + ",\n".join("    " + r for r in records) + "\n  ]\n}\n"
    )


def place(text: str, line_text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of `needle` in the (unique) line that holds `line_text`."""
    [(number, line)] = [
        (i, line) for i, line in enumerate(text.splitlines(), start=1) if line_text in line
    ]
    return number, line.index(needle) + 1


def problems(tmp_path: Path, plans: list[str], records: list[str], *args: str) -> Any:
    path = tmp_path / "tuban.json"
    text = text_of(plans, records)
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path), "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return text, result.exit_code, json.loads(result.stdout)["files"][0]["problems"]


def test_a_good_plan_is_valid_and_loaded(tmp_path: Path) -> None:
    _, code, found = problems(tmp_path, [PLAN, RPJPD], [*VALUES, TARGET])
    assert (code, found) == (0, [])
    dataset, _ = load(str(tmp_path / "tuban.json"))
    assert dataset is not None
    assert dataset.plans["rpjmd-3523-2021"].base_year == 2021
    assert [rec.plan for rec in dataset.records if rec.target is not None] == ["rpjmd-3523-2021"]


@pytest.mark.parametrize(
    ("plan", "needle", "code", "field"),
    [
        (PLAN.replace('"start": 2021', '"start": 2027'), "2027", "plan-period", "start"),
        (PLAN.replace('"base_year": 2021', '"base_year": 2027'), "2027", "plan-base-year",
         "base_year"),
        (PLAN.replace('"region": "3523"', '"region": "3599"'), '"3599"', "unknown-region",
         "region"),
    ],
)  # fmt: skip
def test_plan_rules_are_located(
    tmp_path: Path, plan: str, needle: str, code: str, field: str
) -> None:
    text, exit_code, found = problems(tmp_path, [plan], [*VALUES, TARGET])
    assert exit_code == 1
    [problem] = [p for p in found if p["severity"] == "error"]
    assert problem["code"] == code
    assert problem["path"] == f"plans[0].{field}"
    assert (problem["line"], problem["column"]) == place(text, plan, needle)
    assert problem["message"]
    assert problem["hint"]


def test_duplicate_plan_id_points_at_the_second(tmp_path: Path) -> None:
    second = PLAN.replace("RPJMD Kabupaten Tuban 2021–2026", "RPJMD (copy)")
    text, exit_code, found = problems(tmp_path, [PLAN, second], [*VALUES, TARGET])
    assert exit_code == 1
    [problem] = found
    assert (problem["code"], problem["severity"], problem["path"]) == (
        "duplicate-plan",
        "error",
        "plans[1].id",
    )
    assert (problem["line"], problem["column"]) == place(text, "RPJMD (copy)", '"rpjmd-3523-2021"')


def test_an_unknown_plan_suggests_the_nearest(tmp_path: Path) -> None:
    typo = TARGET.replace('"plan": "rpjmd-3523-2021"', '"plan": "rpjmd-3523-2012"')
    text, exit_code, found = problems(tmp_path, [PLAN, RPJPD], [*VALUES, typo])
    assert exit_code == 1
    [problem] = found
    assert problem["code"] == "unknown-plan"
    assert problem["path"] == "records[6].plan"
    assert (problem["line"], problem["column"]) == place(text, typo, '"rpjmd-3523-2012"')
    assert problem["hint"].startswith("did you mean 'rpjmd-3523-2021'?")
    assert problem["record"] == "p0 / 3523 / 2026"
    # nothing near: the defined plans are listed
    far = TARGET.replace('"plan": "rpjmd-3523-2021"', '"plan": "renstra"')
    _, _, [problem] = problems(tmp_path, [PLAN], [*VALUES, far])
    assert "'rpjmd-3523-2021'" in problem["hint"]
    assert not problem["hint"].startswith("did you mean")


def test_a_plan_on_a_record_without_target_is_a_warning(tmp_path: Path) -> None:
    value = VALUES[-1][:-1] + ', "plan": "rpjmd-3523-2021"}'
    text, exit_code, found = problems(tmp_path, [PLAN], [*VALUES[:-1], value, TARGET])
    assert exit_code == 0  # a warning: the value is still used
    [problem] = found
    assert (problem["code"], problem["severity"], problem["path"]) == (
        "plan-without-target",
        "warning",
        "records[5].plan",
    )
    assert (problem["line"], problem["column"]) == place(text, value, '"rpjmd-3523-2021"')
    _, strict, _ = problems(tmp_path, [PLAN], [*VALUES[:-1], value, TARGET], "--strict")
    assert strict == 1


def test_a_target_outside_the_plan_period_is_a_warning(tmp_path: Path) -> None:
    late = TARGET.replace('"year": 2026', '"year": 2030')
    text, exit_code, found = problems(tmp_path, [PLAN], [*VALUES, late])
    assert exit_code == 0
    [problem] = found
    assert (problem["code"], problem["severity"]) == ("target-outside-plan", "warning")
    assert problem["message"] == (
        "the 2030 target is outside the period of plan 'rpjmd-3523-2021' (2021–2026)"
    )
    assert (problem["line"], problem["column"]) == place(text, late, '"rpjmd-3523-2021"')


def test_a_target_of_another_regions_plan_is_a_warning(tmp_path: Path) -> None:
    # a row copied from Lamongan's sheet: Tuban's target names Lamongan's RPJMD
    lamongan = PLAN.replace("3523", "3524").replace("Tuban", "Lamongan")
    province = PLAN.replace('"region": "3523"', '"region": "35"').replace("3523", "35")
    national = PLAN.replace('"region": "3523", ', "").replace("3523", "0000")
    regions = (
        '{"code": "3523", "name": "Kabupaten Tuban", "parent": "35"}\n'
        '  , {"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"}\n'
        '  , {"code": "35", "name": "Jawa Timur"}'
    )
    path = tmp_path / "tuban.json"
    for plan, plan_id, expected in (
        (lamongan, "rpjmd-3524-2021", ["plan-region"]),
        (province, "rpjmd-35-2021", []),  # a province's plan sets its regencies' targets
        (national, "rpjmd-0000-2021", []),
        (PLAN, "rpjmd-3523-2021", []),
    ):
        target = TARGET.replace("rpjmd-3523-2021", plan_id)
        text = text_of([plan], [*VALUES, target]).replace(
            '{"code": "3523", "name": "Kabupaten Tuban", "parent": "35"}', regions
        )
        path.write_text(text, encoding="utf-8")
        result = run("validate", str(path), "--format", "json")
        assert result.exit_code == 0, result.stderr
        found = json.loads(result.stdout)["files"][0]["problems"]
        assert [p["code"] for p in found] == expected, (plan_id, found)
        if expected:
            [problem] = found
            assert problem["severity"] == "warning"
            assert problem["message"] == (
                "the target of region '3523' names plan 'rpjmd-3524-2021', the plan of "
                "region '3524'"
            )
            assert "name the plan that set this region's target" in problem["hint"]
            assert (problem["line"], problem["column"]) == place(text, target, f'"{plan_id}"')


def test_plan_problems_in_indonesian(tmp_path: Path) -> None:
    typo = TARGET.replace('"plan": "rpjmd-3523-2021"', '"plan": "rpjmd-3523-2012"')
    path = tmp_path / "tuban.json"
    path.write_text(text_of([PLAN], [*VALUES, typo]), encoding="utf-8")
    result = run("validate", str(path), "--lang", "id")
    assert result.exit_code == 1
    assert "rencana 'rpjmd-3523-2012' tidak didefinisikan" in result.stdout
    assert "maksudnya 'rpjmd-3523-2021'?" in result.stdout


def test_the_fast_and_the_located_path_agree(tmp_path: Path) -> None:
    """A file with warnings only is loaded by the fast path and located after; one with an
    error by the located path: the plan problems are the same either way."""
    late = TARGET.replace('"year": 2026', '"year": 2030')
    bad_region = PLAN.replace('"region": "3523"', '"region": "3599"')
    _, _, warned = problems(tmp_path, [PLAN], [*VALUES, late])
    _, _, both = problems(tmp_path, [bad_region], [*VALUES, late])
    assert {p["code"] for p in warned} == {"target-outside-plan"}
    assert {p["code"] for p in both} == {"target-outside-plan", "unknown-region"}
    [again] = [p for p in both if p["code"] == "target-outside-plan"]
    assert again == warned[0]
