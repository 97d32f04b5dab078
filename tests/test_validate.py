"""`povtrack validate`: every rule, with the place of each problem pinned (line, column, path)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import run

HEAD = """{
  "indicators": [
    {"id": "p0", "name": "Poverty rate (P0)", "unit": "percent", "decimals": 2, "direction": "lower"},
    {"id": "gk", "name": "Poverty line", "unit": "rupiah", "decimals": 0, "direction": "none"}
  ],
  "regions": [
    {"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"}
  ],
  "records": [
"""
# Records start on line 10.
GOOD = [
    '{"indicator": "p0", "region": "3524", "year": 2021, "value": 13.86, "source": "s"}',
    '{"indicator": "p0", "region": "3524", "year": 2022, "value": 12.53, "source": "s"}',
    '{"indicator": "p0", "region": "3524", "year": 2023, "value": 12.42, "target": 13.17, '
    '"source": "s"}',
]


def doc_text(records: list[str]) -> str:
    return HEAD + ",\n".join("    " + r for r in records) + "\n  ]\n}\n"


def validate_json(path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("validate", str(path), "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def problems_of(tmp_path: Path, records: list[str]) -> tuple[int, list[dict[str, Any]]]:
    path = tmp_path / "d.json"
    path.write_text(doc_text(records), encoding="utf-8")
    code, doc = validate_json(path)
    return code, doc["files"][0]["problems"]


def col_of(record: str, needle: str) -> int:
    """1-based column of `needle` in a record line (records are indented by 4)."""
    return 4 + record.index(needle) + 1


def test_valid_file(tmp_path: Path) -> None:
    code, problems = problems_of(tmp_path, GOOD)
    assert code == 0
    assert problems == []


def one(tmp_path: Path, records: list[str]) -> dict[str, Any]:
    code, problems = problems_of(tmp_path, records)
    assert code == 1
    errors = [p for p in problems if p["severity"] == "error"]
    assert len(errors) == 1, problems
    return errors[0]


@pytest.mark.parametrize(
    ("bad", "needle", "code", "path_suffix"),
    [
        ('"value": "12,42"', '"12,42"', "wrong-type", "value"),
        ('"value": "12.42"', '"12.42"', "wrong-type", "value"),
        ('"value": true', "true", "wrong-type", "value"),
        ('"value": 1e400', "1e400", "out-of-range", "value"),
        ('"value": 12.421', "12.421", "too-many-decimals", "value"),
        ('"value": 112.42', "112.42", "out-of-range", "value"),
        ('"value": -1.5', "-1.5", "out-of-range", "value"),
        ('"year": "2023"', '"2023"', "wrong-type", "year"),
        ('"year": 2023.0', "2023.0", "wrong-type", "year"),
        ('"year": 1023', "1023", "out-of-range", "year"),
        ('"taget": 13.17', '"taget"', "unknown-field", "taget"),
        ('"month": 13', "13", "out-of-range", "month"),
        ('"region": "9999"', '"9999"', "unknown-region", "region"),
        ('"indicator": "p9"', '"p9"', "unknown-indicator", "indicator"),
    ],
)
def test_record_rules_pin_line_column_and_path(
    tmp_path: Path, bad: str, needle: str, code: str, path_suffix: str
) -> None:
    base = '{"indicator": "p0", "region": "3524", "year": 2023, "value": 12.42, "source": "s"}'
    key = bad.split(":")[0]
    if key in ('"value"', '"year"', '"region"', '"indicator"'):
        start = base.index(key)
        end = base.index(",", start) if key != '"value"' else base.index(', "source"', start)
        record = base[:start] + bad + base[end:]
    else:
        record = base[:-1] + ", " + bad + "}"
    problem = one(tmp_path, [*GOOD[:2], record])
    assert problem["code"] == code
    assert problem["line"] == 12
    assert problem["column"] == col_of(record, needle)
    assert problem["path"] == f"records[2].{path_suffix}"
    assert problem["file"].endswith("d.json")
    assert problem["message"] and problem["hint"]


def test_comma_decimal_hint(tmp_path: Path) -> None:
    record = '{"indicator": "p0", "region": "3524", "year": 2023, "value": "12,42", "source": "s"}'
    problem = one(tmp_path, [record])
    assert "12.42" in problem["hint"]
    assert problem["record"] == "p0 / 3524 / 2023"


def test_typo_suggests_the_field(tmp_path: Path) -> None:
    record = '{"indicator": "p0", "region": "3524", "year": 2023, "value": 1.5, "taget": 2, "source": "s"}'
    problem = one(tmp_path, [record])
    assert "did you mean 'target'" in problem["hint"]


def test_whole_record_problems_point_at_the_opening_brace(tmp_path: Path) -> None:
    dup = GOOD[1]
    empty = '{"indicator": "p0", "region": "3524", "year": 2030}'
    nosource = '{"indicator": "p0", "region": "3524", "year": 2031, "value": 1.5}'
    code, problems = problems_of(tmp_path, [*GOOD, dup, empty, nosource])
    assert code == 1
    got = {
        (p["code"], p["line"], p["column"], p["path"]) for p in problems if p["severity"] == "error"
    }
    assert got == {
        ("duplicate-record", 13, 5, "records[3]"),
        ("empty-record", 14, 5, "records[4]"),
        ("missing-source", 15, 5, "records[5]"),
    }


def test_missing_required_field(tmp_path: Path) -> None:
    record = '{"indicator": "p0", "region": "3524", "value": 1.5, "source": "s"}'
    problem = one(tmp_path, [record])
    assert problem["code"] == "missing-field"
    assert "'year'" in problem["message"]
    assert (problem["line"], problem["column"]) == (10, 5)


def test_target_on_direction_none(tmp_path: Path) -> None:
    record = '{"indicator": "gk", "region": "3524", "year": 2023, "value": 481969, "target": 500000, "source": "s"}'
    problem = one(tmp_path, [record])
    assert problem["code"] == "target-not-scored"
    assert problem["path"] == "records[0].target"


def test_duplicate_indicator_and_region(tmp_path: Path) -> None:
    text = (
        doc_text(GOOD)
        .replace(
            '"direction": "none"}',
            '"direction": "none"},\n    {"id": "p0", "name": "x", '
            '"unit": "percent", "decimals": 2, "direction": "lower"}',
            1,
        )
        .replace(
            '"parent": "35"}', '"parent": "35"},\n    {"code": "3524", "name": "Lamongan again"}', 1
        )
    )
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    code, doc = validate_json(path)
    assert code == 1
    got = {(p["code"], p["line"], p["path"]) for p in doc["files"][0]["problems"]}
    assert ("duplicate-indicator", 5, "indicators[2].id") in got
    assert ("duplicate-region", 9, "regions[1].code") in got


def test_duplicate_key_in_one_object(tmp_path: Path) -> None:
    record = '{"indicator": "p0", "region": "3524", "year": 2023, "value": 12.42, "value": 13.38, "source": "s"}'
    problem = one(tmp_path, [record])
    assert problem["code"] == "duplicate-key"
    assert problem["column"] == col_of(record, '"value": 13.38')


def test_unknown_top_level_field_and_wrong_unit(tmp_path: Path) -> None:
    text = doc_text(GOOD).replace('"unit": "percent"', '"unit": "percnt"', 1)
    text = text.replace('  "records"', '  "recods": [],\n  "records"', 1)
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    code, doc = validate_json(path)
    assert code == 1
    got = {(p["code"], p["path"]) for p in doc["files"][0]["problems"]}
    assert ("invalid-value", "indicators[0].unit") in got
    assert ("unknown-field", "recods") in got


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("", "empty-file", 1, 1),
        ('{"indicators": [\n  1,\n  2\n', "json-syntax", 4, 1),
        ('{"a": 1,}', "json-syntax", 1, 8),
        ('{"a": NaN}', "not-a-number", 1, 7),
        ('{"a": Infinity}', "not-a-number", 1, 7),
    ],
)
def test_syntax_errors_have_a_place(
    tmp_path: Path, text: str, code: str, line: int, column: int
) -> None:
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    exit_code, doc = validate_json(path)
    assert exit_code == 1
    problem = doc["files"][0]["problems"][0]
    assert (problem["code"], problem["line"], problem["column"]) == (code, line, column)


@pytest.mark.parametrize("top", ["[]", '"x"', "42", "null"])
def test_top_level_must_be_an_object(tmp_path: Path, top: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(top, encoding="utf-8")
    code, doc = validate_json(path)
    assert code == 1
    assert doc["files"][0]["problems"][0]["code"] == "wrong-type"


def test_all_problems_sorted_by_place_and_count_last(tmp_path: Path) -> None:
    records = [
        '{"indicator": "p0", "region": "3524", "year": 2021, "value": "13,86", "source": "s"}',
        '{"indicator": "p0", "region": "35", "year": 2022, "value": 12.53, "source": "s"}',
        '{"indicator": "p0", "region": "3524", "year": 2023, "value": 12.42, "taget": 13.17, "source": "s"}',
    ]
    path = tmp_path / "d.json"
    path.write_text(doc_text(records), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    problem_lines = [line for line in lines if ": error [" in line]
    assert [int(line.split(":")[1]) for line in problem_lines] == [10, 11, 12]
    assert lines[-1] == f"{path}: INVALID: 3 errors, 0 warnings"


def test_text_format_names_file_line_column_path_identity(tmp_path: Path) -> None:
    record = '{"indicator": "p0", "region": "3524", "year": 2023, "value": "12,42", "source": "s"}'
    path = tmp_path / "d.json"
    path.write_text(doc_text([record]), encoding="utf-8")
    result = run("validate", str(path))
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{path}:10:{col_of(record, chr(34) + '12,42')}: error [wrong-type] ")
    assert "records[0].value (p0 / 3524 / 2023)" in first


def test_github_format(tmp_path: Path) -> None:
    record = '{"indicator": "p0", "region": "3524", "year": 2023, "value": "12,42", "source": "s"}'
    path = tmp_path / "d.json"
    path.write_text(doc_text([record]), encoding="utf-8")
    result = run("validate", str(path), "--format", "github")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    col = col_of(record, '"12,42"')
    assert first.startswith(f"::error file={path},line=10,col={col},title=povtrack wrong-type::")


def test_warnings_gap_and_target_met_do_not_fail_unless_strict(tmp_path: Path) -> None:
    records = [
        GOOD[0],
        '{"indicator": "p0", "region": "3524", "year": 2023, "value": 12.42, "source": "s"}',
        '{"indicator": "p0", "region": "3524", "year": 2026, "target": 12.5, "source": "s"}',
    ]
    path = tmp_path / "d.json"
    path.write_text(doc_text(records), encoding="utf-8")
    code, doc = validate_json(path)
    assert code == 0
    got = {(p["code"], p["severity"], p["line"]) for p in doc["files"][0]["problems"]}
    assert got == {("year-gap", "warning", 11), ("target-already-met", "warning", 12)}
    assert doc["valid"] is True and doc["warnings"] == 2
    code, doc = validate_json(path, "--strict")
    assert code == 1
    assert doc["valid"] is False


def test_missing_file_exit_2(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert result.stdout == ""


def test_folder_exit_2(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "folder" in result.stderr


def test_several_files(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(doc_text(GOOD), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, doc = validate_json(good, str(bad))
    assert code == 1
    assert [f["valid"] for f in doc["files"]] == [True, False]
    assert doc["errors"] == 1


def test_input_is_never_modified(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(doc_text(GOOD).replace("13.86", '"13,86"'), encoding="utf-8")
    before = path.read_bytes()
    run("validate", str(path))
    assert path.read_bytes() == before
