"""`povtrack check`, the CI gate: each policy passing and failing, the place of each annotation,
the output formats, --quiet, --summary, determinism and the exit codes."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from povtrack.core.gate import Policy, evaluate, locator, parse_fail_on
from povtrack.io.loader import load
from povtrack.model import records as model
from povtrack.model.records import Filters

from .conftest import LAMONGAN, run, write_json

# A file with one record per line: records[i] starts on line FIRST_LINE + i, column 5.
HEAD = """{
  "indicators": [
    {"id": "p0", "name": "Poverty rate (P0)", "unit": "percent", "decimals": 2, "direction": "lower"},
    {"id": "hdi", "name": "Human development index", "unit": "index", "decimals": 2, "direction": "higher"},
    {"id": "gk", "name": "Poverty line", "unit": "rupiah", "decimals": 0, "direction": "none"}
  ],
  "regions": [
    {"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"},
    {"code": "35", "name": "East Java"}
  ],
  "records": [
"""
FIRST_LINE = 12
COLUMN = 5


def rec(
    indicator: str,
    region: str,
    year: int,
    value: str | None = None,
    target: str | None = None,
    month: int | None = None,
) -> str:
    """One record as a line of JSON; numbers are written as given (exact decimal text)."""
    parts = [f'"indicator": "{indicator}"', f'"region": "{region}"', f'"year": {year}']
    if month is not None:
        parts.append(f'"month": {month}')
    if value is not None:
        parts.append(f'"value": {value}')
    if target is not None:
        parts.append(f'"target": {target}')
    parts.append(f'"source": "s-{indicator}-{region}-{year}"')
    return "{" + ", ".join(parts) + "}"


def write_doc(path: Path, records: list[str]) -> Path:
    path.write_text(HEAD + ",\n".join("    " + r for r in records) + "\n  ]\n}\n", encoding="utf-8")
    return path


def check_json(path: Path, *args: str, as_of: str = "2024") -> tuple[int, dict[str, Any]]:
    result = run("check", "--data", str(path), "--as-of", as_of, "--format", "json", *args)
    doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return result.exit_code, doc


def codes(doc: dict[str, Any]) -> list[tuple[str, str, str, int | None]]:
    return [(f["code"], f["severity"], f["series"], f["year"]) for f in doc["findings"]]


# --- missed ---------------------------------------------------------------------------------


def test_missed_passes_when_the_latest_scored_result_met_its_target(lamongan: Path) -> None:
    code, doc = check_json(lamongan)
    assert code == 0
    assert doc["passed"] is True
    assert doc["policy"] == ["missed"]
    assert not [f for f in doc["findings"] if f["code"] == "missed"]


def test_missed_fails_and_names_the_gap(tmp_path: Path) -> None:
    path = write_doc(
        tmp_path / "d.json",
        [
            rec("p0", "35", 2023, "9.36", month=3),
            rec("p0", "35", 2024, "9.03", "7", month=3),
        ],
    )
    code, doc = check_json(path)
    assert code == 1
    assert doc["passed"] is False
    [missed] = [f for f in doc["findings"] if f["code"] == "missed"]
    assert missed["severity"] == "error"
    assert missed["series"] == "p0 / 35 / month=3"
    assert (missed["indicator"], missed["region"], missed["month"]) == ("p0", "35", 3)
    assert missed["year"] == 2024
    assert missed["message"] == "9.03 % in 2024 misses the target of 7 % by 2.03 points"
    assert (missed["line"], missed["column"]) == (FIRST_LINE + 1, COLUMN)
    assert doc["counts"] == {"errors": 1, "warnings": 0}


def test_missed_looks_only_at_the_latest_scored_year(tmp_path: Path) -> None:
    records = [
        rec("p0", "3524", 2022, "12.53", "12"),  # missed, but not the latest scored
        rec("p0", "3524", 2023, "12.42", "13.17"),  # met
        rec("p0", "3524", 2024, "12.16"),  # no target: not scored
    ]
    code, doc = check_json(write_doc(tmp_path / "d.json", records))
    assert code == 0
    assert codes(doc) == []


def test_year_judges_that_years_row(tmp_path: Path) -> None:
    path = write_doc(
        tmp_path / "d.json",
        [
            rec("p0", "3524", 2022, "12.53", "12"),
            rec("p0", "3524", 2023, "12.42", "13.17"),
        ],
    )
    code, doc = check_json(path, "--year", "2022")
    assert code == 1
    assert doc["year"] == 2022
    assert codes(doc) == [("missed", "error", "p0 / 3524", 2022)]
    assert doc["findings"][0]["line"] == FIRST_LINE
    code, doc = check_json(path, "--year", "2023")
    assert code == 0
    assert codes(doc) == []


def test_year_without_records_says_so(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", [rec("p0", "3524", 2023, "12.42", "13.17")])
    result = run("check", "--data", str(path), "--as-of", "2024", "--year", "2019")
    assert result.exit_code == 0
    assert "--year 2019" in result.stderr


# --- regressed ------------------------------------------------------------------------------


def test_regressed_passes_when_the_latest_change_is_better(tmp_path: Path) -> None:
    records = [
        rec("p0", "3524", 2021, "13.86"),
        rec("p0", "3524", 2022, "13.90"),  # worse, but not the latest change
        rec("p0", "3524", 2023, "12.42"),
        rec("hdi", "3524", 2022, "72.1"),
        rec("hdi", "3524", 2023, "72.5"),
    ]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "regressed")
    assert code == 0
    assert codes(doc) == []


def test_regressed_fails_for_lower_is_better_going_up(tmp_path: Path) -> None:
    records = [rec("p0", "3524", 2022, "12.42"), rec("p0", "3524", 2023, "12.53")]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "regressed")
    assert code == 1
    [finding] = doc["findings"]
    assert (finding["code"], finding["severity"], finding["year"]) == ("regressed", "error", 2023)
    assert finding["message"] == (
        "12.53 % in 2023 is worse than 12.42 % in 2022: +0.11 points, and lower is better"
    )
    assert finding["line"] == FIRST_LINE + 1


def test_regressed_fails_for_higher_is_better_going_down(tmp_path: Path) -> None:
    records = [rec("hdi", "3524", 2020, "72.50"), rec("hdi", "3524", 2023, "72.10")]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "regressed")
    assert code == 1
    assert codes(doc) == [("regressed", "error", "hdi / 3524", 2023)]
    assert doc["findings"][0]["message"] == (
        "72.10 in 2023 is worse than 72.50 in 2020: -0.40, and higher is better"
    )


def test_regressed_never_for_no_direction_or_no_change(tmp_path: Path) -> None:
    records = [
        rec("gk", "3524", 2022, "400000"),
        rec("gk", "3524", 2023, "481969"),  # rises every year: not a regression
        rec("p0", "3524", 2022, "12.42"),
        rec("p0", "3524", 2023, "12.42"),  # no change
    ]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "regressed")
    assert code == 0
    assert codes(doc) == []


# --- stale ----------------------------------------------------------------------------------


def test_stale_boundary_and_max_age(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", [rec("p0", "3524", 2022, "12.53")])
    # 2026 - 2022 = 4 years
    assert run("check", "--data", str(path), "--fail-on", "stale", "--as-of", "2024").exit_code == 0
    code, doc = check_json(path, "--fail-on", "stale", "--max-age", "4", as_of="2026")
    assert code == 0
    assert doc["max_age"] == 4
    code, doc = check_json(path, "--fail-on", "stale", "--max-age", "3", as_of="2026")
    assert code == 1
    [finding] = doc["findings"]
    assert (finding["code"], finding["severity"], finding["year"]) == ("stale", "error", 2022)
    assert finding["message"] == (
        "the latest value is from 2022, 4 years before 2026; at most 3 allowed (--max-age)"
    )
    code, doc = check_json(path, "--fail-on", "stale", as_of="2026")  # default --max-age 2
    assert code == 1
    assert doc["as_of"] == 2026


def test_stale_series_with_targets_only(tmp_path: Path) -> None:
    records = [rec("p0", "3524", 2024, "12.16"), rec("p0", "35", 2024, target="0")]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "stale")
    assert code == 1
    stale = [f for f in doc["findings"] if f["code"] == "stale"]
    assert [(f["series"], f["year"], f["line"]) for f in stale] == [
        ("p0 / 35", None, FIRST_LINE + 1)
    ]
    assert stale[0]["message"] == "no value in any year, only targets"


def test_as_of_defaults_to_the_current_year(tmp_path: Path) -> None:
    import datetime

    path = write_doc(tmp_path / "d.json", [rec("p0", "3524", 2022, "12.53")])
    result = run("check", "--data", str(path), "--format", "json")
    assert json.loads(result.stdout)["as_of"] == datetime.date.today().year


# --- off-track ------------------------------------------------------------------------------


def test_off_track_passes_when_on_track(lamongan: Path) -> None:
    # 2017 14.42 -> 2023 12.42, target 11.95 in 2026: CR = 1.19, on track (reference §4).
    code, doc = check_json(lamongan, "--fail-on", "off-track")
    assert code == 0
    assert [f for f in doc["findings"] if f["code"] in ("off-track", "cannot-assess")] == []


def test_off_track_fails_on_deterioration(tmp_path: Path) -> None:
    records = [
        rec("p0", "3524", 2022, "12.53"),
        rec("p0", "3524", 2023, "12.60"),
        rec("p0", "3524", 2030, target="10"),
        rec("p0", "3524", 2045, target="9.75"),  # not the nearest target: not assessed
    ]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "off-track")
    assert code == 1
    assert codes(doc) == [
        ("regressed", "warning", "p0 / 3524", 2023),
        ("off-track", "error", "p0 / 3524", 2030),
    ]
    finding = doc["findings"][1]
    assert finding["line"] == FIRST_LINE + 2  # the target that will not be reached
    assert finding["message"].startswith(
        "at the current pace the target of 10 % for 2030 will not be reached: deterioration"
    )
    assert doc["method"] == "unsd"


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        # base 2022 = 13, target 8 in 2028: CAGR_r = (8/13)^(1/6) - 1 = -7.78 %
        ("12.00", None),  # CAGR_a -7.69 %, CR 0.99: on track
        ("12.35", "needs acceleration"),  # CAGR_a -5.00 %, CR 0.64
        ("12.90", "limited progress"),  # CAGR_a -0.77 %, CR 0.10
        ("13.50", "deterioration"),  # CAGR_a +3.85 %, CR -0.49
    ],
)
def test_off_track_grades(tmp_path: Path, latest: str, status: str | None) -> None:
    records = [
        rec("p0", "3524", 2022, "13"),
        rec("p0", "3524", 2023, latest),
        rec("p0", "3524", 2028, target="8"),
    ]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "off-track")
    off = [f for f in doc["findings"] if f["code"] == "off-track"]
    if status is None:
        assert code == 0
        assert off == []
    else:
        assert code == 1
        [finding] = off
        assert finding["severity"] == "error"
        assert f"will not be reached: {status} (CR = " in finding["message"]


def test_cannot_assess_is_a_warning_never_a_failure(tmp_path: Path) -> None:
    records = [rec("p0", "3524", 2023, "12.42"), rec("p0", "3524", 2026, target="11.95")]
    code, doc = check_json(write_doc(tmp_path / "d.json", records), "--fail-on", "off-track")
    assert code == 0
    [finding] = doc["findings"]
    assert (finding["code"], finding["severity"], finding["year"]) == (
        "cannot-assess",
        "warning",
        2026,
    )
    assert "at least two years with a value are needed" in finding["message"]
    assert finding["line"] == FIRST_LINE + 1


# --- policy ---------------------------------------------------------------------------------


def test_findings_outside_the_policy_are_warnings(tmp_path: Path) -> None:
    records = [
        rec("p0", "3524", 2019, "12.42"),
        rec("p0", "3524", 2020, "12.53", "12"),  # missed, regressed, stale
    ]
    path = write_doc(tmp_path / "d.json", records)
    code, doc = check_json(path, "--fail-on", "none")
    assert code == 0
    assert doc["policy"] == []
    assert codes(doc) == [
        ("missed", "warning", "p0 / 3524", 2020),
        ("regressed", "warning", "p0 / 3524", 2020),
        ("stale", "warning", "p0 / 3524", 2020),
    ]
    assert doc["counts"] == {"errors": 0, "warnings": 3}
    code, doc = check_json(path, "--fail-on", " Stale , regressed")
    assert code == 1
    assert doc["policy"] == ["regressed", "stale"]
    assert [f["severity"] for f in doc["findings"]] == ["warning", "error", "error"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("missed", ("missed",)),
        ("off-track,missed", ("missed", "off-track")),
        ("missed,missed", ("missed",)),
        ("none", ()),
        ("STALE", ("stale",)),
    ],
)
def test_parse_fail_on(text: str, expected: tuple[str, ...]) -> None:
    assert parse_fail_on(text) == expected


@pytest.mark.parametrize("text", ["", " , ", "missed,late", "none,missed"])
def test_bad_fail_on_is_a_usage_error(lamongan: Path, text: str) -> None:
    result = run("check", "--data", str(lamongan), "--fail-on", text)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--fail-on" in result.stderr


def test_filters(tmp_path: Path) -> None:
    records = [
        rec("p0", "35", 2024, "9.03", "7"),
        rec("p0", "3524", 2023, "12.42", "13.17"),
        rec("hdi", "3524", 2023, "70", "71"),
    ]
    path = write_doc(tmp_path / "d.json", records)
    assert check_json(path)[0] == 1
    code, doc = check_json(path, "--region", "3524", "--indicator", "p0")
    assert code == 0
    assert codes(doc) == []
    code, doc = check_json(path, "--region", "3524")
    assert codes(doc) == [("missed", "error", "hdi / 3524", 2023)]
    result = run("check", "--data", str(path), "--region", "9999")
    assert result.exit_code == 2
    assert "9999" in result.stderr


# --- invalid data and unreadable files ------------------------------------------------------


def test_invalid_data_fails_whatever_the_policy(tmp_path: Path) -> None:
    records = [rec("p0", "3524", 2023, "12.42", "13.17"), '{"indicator": "p0", "region": "3524"}']
    path = write_doc(tmp_path / "d.json", records)
    code, doc = check_json(path, "--fail-on", "none")
    assert code == 1
    assert doc["valid"] is False
    assert doc["passed"] is False
    assert doc["findings"] == []
    [problem] = doc["problems"]
    assert (problem["code"], problem["line"]) == ("missing-field", FIRST_LINE + 1)
    assert doc["counts"] == {"errors": 1, "warnings": 0}

    result = run("check", "--data", str(path), "--format", "github")
    assert result.exit_code == 1
    [annotation] = [a for a in gh_annotations(result.stdout) if a["level"] == "error"]
    assert annotation["title"] == "povtrack missing-field"
    assert annotation["line"] == str(FIRST_LINE + 1)
    assert "is not valid" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "--data", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no such file" in result.stderr


@pytest.mark.parametrize("args", [["--max-age", "-1"], ["--as-of", "1800"], ["--format", "xml"]])
def test_bad_options_are_usage_errors(lamongan: Path, args: list[str]) -> None:
    assert run("check", "--data", str(lamongan), *args).exit_code == 2


def test_year_bounds_agree_with_the_model() -> None:
    from povtrack.cli import common

    assert (common.MIN_YEAR, common.MAX_YEAR) == (model.MIN_YEAR, model.MAX_YEAR)


# --- places: annotations on the record concerned --------------------------------------------

ANNOTATION = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<title>[^:]*)::(?P<message>.*)$"
)


def gh_annotations(stdout: str) -> list[dict[str, str]]:
    found = []
    for line in stdout.splitlines():
        if line.startswith("::"):
            match = ANNOTATION.match(line)
            assert match, line
            found.append(match.groupdict())
    return found


#: No stale findings in middle_records(): one error (missed) and one warning (regressed).
MIDDLE_CLOCK = ("--as-of", "2025", "--max-age", "9")


def middle_records() -> list[str]:
    return [
        rec("p0", "3524", 2020, "13.85"),
        rec("p0", "3524", 2021, "13.86"),
        rec("hdi", "3524", 2021, "70"),
        rec("p0", "35", 2024, "9.03", "7", month=3),  # records[3]: missed
        rec("hdi", "3524", 2022, "71"),
        rec("gk", "3524", 2023, "481969"),
        rec("gk", "3524", 2024, "524636"),
    ]


def test_github_annotation_points_at_a_record_in_the_middle(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", middle_records())
    result = run("check", "--data", str(path), *MIDDLE_CLOCK, "--format", "github")
    assert result.exit_code == 1
    [error] = [a for a in gh_annotations(result.stdout) if a["level"] == "error"]
    assert error["file"] == str(path)
    assert (error["line"], error["col"]) == (str(FIRST_LINE + 3), str(COLUMN))
    assert error["title"] == "povtrack missed"
    # GitHub's escaping: % is %25 in the message
    assert error["message"] == (
        "p0 / 35 / month=3: 9.03 %25 in 2024 misses the target of 7 %25 by 2.03 points"
    )
    # the p0 / 3524 rise (13.85 -> 13.86) is a warning on records[1]
    [regressed] = [a for a in gh_annotations(result.stdout) if a["title"] == "povtrack regressed"]
    assert (regressed["level"], regressed["line"]) == ("warning", str(FIRST_LINE + 1))
    assert result.stdout.splitlines()[-1].startswith("check FAILED: 1 error")


def test_text_line_points_at_a_record_in_the_middle(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", middle_records())
    result = run("check", "--data", str(path), *MIDDLE_CLOCK)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[1] == (
        f"{path}:{FIRST_LINE + 3}:{COLUMN}: error [missed] p0 / 35 / month=3: "
        "9.03 % in 2024 misses the target of 7 % by 2.03 points"
    )
    assert lines[-1] == (
        "check FAILED: 1 error, 1 warning "
        "(fails on: missed; as of 2025, values at most 9 years old)"
    )


def test_annotation_line_in_a_pretty_printed_file(tmp_path: Path) -> None:
    """Records spread over several lines: the annotation is on the record's opening brace."""
    doc = json.loads(json.dumps(LAMONGAN))
    doc["records"][3] = {
        "indicator": "p0",
        "region": "3524",
        "year": 2022,
        "value": 12.53,
        "target": 12.5,
        "source": "marker-2022",
    }
    doc["records"][4]["target"] = None  # 2022 is now the latest scored year
    del doc["records"][4]["target"]
    path = write_json(tmp_path / "pretty.json", doc)
    text = path.read_text(encoding="utf-8").splitlines()
    marker = next(i for i, line in enumerate(text) if "marker-2022" in line)
    brace = max(i for i in range(marker) if text[i].strip() == "{")
    result = run("check", "--data", str(path), "--as-of", "2024", "--format", "github")
    assert result.exit_code == 1
    [error] = [a for a in gh_annotations(result.stdout) if a["level"] == "error"]
    assert error["line"] == str(brace + 1)
    assert error["col"] == str(text[brace].index("{") + 1)


def test_github_escapes_the_file_property(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "a,b:c.json", [rec("p0", "35", 2024, "9.03", "7", month=3)])
    result = run("check", "--data", str(path), "--as-of", "2024", "--format", "github")
    [error] = gh_annotations(result.stdout)
    assert error["file"] == str(path).replace(":", "%3A").replace(",", "%2C")


# --- formats --------------------------------------------------------------------------------


def test_json_has_the_documented_keys(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", middle_records())
    _, doc = check_json(path)
    assert list(doc) == [
        "passed",
        "valid",
        "policy",
        "as_of",
        "max_age",
        "year",
        "method",
        "base_year",
        "data",
        "problems",
        "findings",
        "counts",
    ]
    for finding in doc["findings"]:
        assert list(finding) == [
            "code",
            "severity",
            "indicator",
            "region",
            "month",
            "breakdown",
            "series",
            "year",
            "message",
            "file",
            "line",
            "column",
        ]
    assert doc["data"] == str(path)


def test_json_is_the_core_result_serialised(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", middle_records())
    dataset, _ = load(str(path))
    core = evaluate(
        dataset,
        Policy(as_of=2026, fail_on=("missed", "stale"), max_age=1),
        Filters(regions=("35", "3524")),
        locate=locator(path.read_bytes()),
    )
    expected = json.loads(msgspec.json.encode(core), parse_float=Decimal)
    _, doc = check_json(
        path, "--fail-on", "stale,missed", "--max-age", "1", "-r", "35", "-r", "3524", as_of="2026"
    )
    assert doc == expected


def test_markdown(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", middle_records())
    result = run("check", "--data", str(path), *MIDDLE_CLOCK, "--format", "markdown")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "## ❌ povtrack check failed"
    assert lines[2].startswith("1 error, 1 warning · ")
    table = [line for line in lines if line.startswith("| ")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert header == ["Severity", "Check", "Series", "Year", "Message", "Place"]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table[2:]]
    assert [row[:4] for row in rows] == [
        ["error", "missed", "p0 / 35 / month=3", "2024"],
        ["warning", "regressed", "p0 / 3524", "2021"],
    ]
    assert rows[0][5].endswith(f"d.json:{FIRST_LINE + 3}:{COLUMN}")
    assert lines[-1].startswith("Policy: fails on: missed; as of 2025")


def test_markdown_when_passed(lamongan: Path) -> None:
    result = run(
        "check", "--data", str(lamongan), "--as-of", "2024", "-i", "p0", "--format", "markdown"
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "## ✅ povtrack check passed"
    assert "No findings." in result.stdout


def test_indonesian_messages_and_english_codes(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", [rec("p0", "35", 2024, "9.03", "7", month=3)])
    _, doc = check_json(path, "--lang", "id")
    [finding] = doc["findings"]
    assert (finding["code"], finding["severity"]) == ("missed", "error")
    assert finding["message"].startswith("9,03 % pada 2024 tidak mencapai target 7 %")
    result = run("check", "--data", str(path), "--as-of", "2024", "--lang", "id")
    assert result.stdout.splitlines()[-1].startswith("pemeriksaan GAGAL: 1 galat, 0 peringatan")


def test_indonesian_text_off_track_and_cannot_assess(tmp_path: Path) -> None:
    """In Indonesian the text lines say galat and peringatan (as validate does), the ratio has a
    decimal comma, the reason a target cannot be assessed is Indonesian; codes stay."""
    # CAGR_a = 12.60 / 12.53 - 1 = +0.56 %, CAGR_r = (10 / 12.53)^(1/8) - 1 = -2.78 %
    records = [
        rec("p0", "3524", 2022, "12.53"),
        rec("p0", "3524", 2023, "12.60"),
        rec("p0", "3524", 2030, target="10"),
        rec("p0", "35", 2023, "9.36", month=3),
        rec("p0", "35", 2026, target="7", month=3),
    ]
    path = write_doc(tmp_path / "d.json", records)
    args = ("check", "--data", str(path), "--as-of", "2024", "--fail-on", "off-track")
    lines = run(*args, "--lang", "id").stdout.splitlines()
    off = next(line for line in lines if "[off-track]" in line)
    assert off.startswith(f"{path}:{FIRST_LINE + 2}:{COLUMN}: galat [off-track] p0 / 3524: ")
    assert off.endswith(
        "dengan laju saat ini target 10 % untuk 2030 tidak akan tercapai: memburuk "
        "(CR = -0,20 selama 2022–2023, ambang UNSD; proyeksi 13,10 % pada 2030)"
    )
    cannot = next(line for line in lines if "[cannot-assess]" in line)
    assert ": peringatan [cannot-assess] p0 / 35 / month=3: " in cannot
    assert cannot.endswith(
        "kemajuan menuju target 7 % untuk 2026 tidak dapat dinilai: dibutuhkan sedikitnya dua "
        "tahun yang memiliki nilai; deret ini hanya memiliki nilai tahun 2023"
    )
    english = run(*args, "--lang", "en").stdout.splitlines()
    assert any(": error [off-track] p0 / 3524: " in line and "(CR = -0.20 over" in line
               for line in english)  # fmt: skip
    assert any(
        line.endswith("at least two years with a value are needed; the series has only 2023")
        for line in english
    )


def test_indonesian_invalid_data_message(tmp_path: Path) -> None:
    records = [rec("p0", "3524", 2023, "12.42", "13.17"), '{"indicator": "p0", "region": "3524"}']
    path = write_doc(tmp_path / "d.json", records)
    result = run("check", "--data", str(path), "--lang", "id")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"povtrack: galat: {path} tidak valid (1 galat); povtrack validate --data {path} "
        "menampilkan masalahnya"
    )


# --- --quiet, --summary, determinism --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_quiet_prints_nothing(tmp_path: Path, fmt: str) -> None:
    passing = write_doc(tmp_path / "ok.json", [rec("p0", "3524", 2023, "12.42", "13.17")])
    failing = write_doc(tmp_path / "bad.json", [rec("p0", "35", 2024, "9.03", "7")])
    for path, expected in ((passing, 0), (failing, 1)):
        result = run("check", "--data", str(path), "--quiet", "--format", fmt, "--as-of", "2024")
        assert result.exit_code == expected
        assert result.stdout == ""
        assert result.stderr == ""


def test_quiet_still_reports_errors_on_stderr(tmp_path: Path) -> None:
    result = run("check", "--data", str(tmp_path / "nope.json"), "-q")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "no such file" in result.stderr
    invalid = write_doc(tmp_path / "inv.json", ['{"indicator": "p0"}'])
    result = run("check", "--data", str(invalid), "-q")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "is not valid" in result.stderr


def test_summary_is_written_whatever_the_format(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", middle_records())
    summary = tmp_path / "summary.md"
    args = ("check", "--data", str(path), "--as-of", "2025")
    result = run(*args, "-f", "json", "--summary", str(summary))
    assert result.exit_code == 1
    json.loads(result.stdout)  # stdout is still the JSON document
    markdown = run(*args, "-f", "markdown").stdout
    assert summary.read_text(encoding="utf-8") == markdown


def test_summary_appends_as_github_expects(tmp_path: Path) -> None:
    ok = write_doc(tmp_path / "ok.json", [rec("p0", "3524", 2023, "12.42", "13.17")])
    summary = tmp_path / "step_summary"
    summary.write_text("# Earlier step output\n", encoding="utf-8")
    for _ in range(2):
        result = run("check", "--data", str(ok), "--as-of", "2024", "-q", "--summary", str(summary))
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step output\n\n## ✅ povtrack check passed\n")
    assert text.count("## ✅ povtrack check passed") == 2


def test_summary_with_invalid_data(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "d.json", ['{"indicator": "p0", "region": "3524", "year": "x"}'])
    summary = tmp_path / "s.md"
    result = run("check", "--data", str(path), "-q", "--summary", str(summary))
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## ❌ povtrack check failed: the data is not valid\n")
    assert "wrong-type" in text


@pytest.mark.parametrize("bad", ["-", "", "missing-folder/s.md", "DATA"])
def test_summary_path_errors(lamongan: Path, bad: str) -> None:
    target = str(lamongan) if bad == "DATA" else bad
    result = run("check", "--data", str(lamongan), "--summary", target)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "povtrack: error:" in result.stderr
    assert lamongan.read_text(encoding="utf-8") == json.dumps(LAMONGAN, indent=2)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_deterministic_and_no_ansi(tmp_path: Path, fmt: str) -> None:
    path = write_doc(tmp_path / "d.json", middle_records())
    outputs = []
    for i in range(2):
        summary = tmp_path / f"s{i}.md"
        result = run(
            "check",
            "--data",
            str(path),
            "--as-of",
            "2026",
            "--fail-on",
            "missed,regressed,stale,off-track",
            "--format",
            fmt,
            "--summary",
            str(summary),
        )
        assert result.exit_code == 1
        outputs.append((result.stdout_bytes, summary.read_bytes()))
    assert outputs[0] == outputs[1]
    for stdout, summary_bytes in outputs:
        assert b"\x1b" not in stdout
        assert b"\x1b" not in summary_bytes


def test_findings_are_located_by_parsing_only_their_records(tmp_path: Path) -> None:
    """`locator` parses again only the records its paths are in (as validate does), and finds
    the same lines and columns as a parse of the whole file; a path outside the arrays'
    elements takes the whole parse."""
    from povtrack.io import jsonloc
    from povtrack.io.loader import Elements
    from povtrack.io.structure import locate

    doc = json.loads(json.dumps(LAMONGAN))
    text = json.dumps(doc, indent=3, ensure_ascii=False).replace("\n", "\r\n")
    data = ("\ufeff" + text).encode("utf-8")  # a BOM, CRLF, an unusual indentation
    elements = [f"records[{i}]" for i in range(len(doc["records"]))]
    elements += ["records[2].value", "regions[0]", "indicators[1].id"]
    root = jsonloc.parse_bytes(data)
    expected = {path: locate(root, path) for path in [*elements, "$"]}
    assert Elements(data).places(elements) == [expected[path] for path in elements]
    assert Elements(data).places(["$"]) is None
    assert locator(data)([*elements, "$"]) == expected
