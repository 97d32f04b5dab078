"""`povtrack progress`: the reference's worked example, the bundled data, every status band under
both methods, the zero-target rule, every cannot_assess reason, and each output format."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import msgspec
import pytest

from povtrack import i18n
from povtrack.core.progress import (
    OFF_TRACK,
    ROW_FIELDS,
    ProgressResult,
    UnknownTargetYear,
    assess_dataset,
    target_years,
)
from povtrack.core.progress_math import STEP_LABELS
from povtrack.io.loader import load
from povtrack.model.records import (
    Dataset,
    Filters,
    Indicator,
    Record,
    Region,
    SeriesKey,
    series_key,
)

from .conftest import run, write_json

D = Decimal
BUNDLED: Final = (
    Path(__file__).resolve().parents[1] / "src" / "povtrack" / "data" / "indicators.json"
)

#: The JSON keys of a row, in order: the issue's keys, with the added ones between them.
ROW_KEYS: Final = [
    "indicator",
    "indicator_name",
    "region",
    "region_name",
    "month",
    "breakdown",
    "unit",
    "direction",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target",
    "target_used",
    "target_replaced",
    "cagr_actual",
    "cagr_required",
    "ratio",
    "status",
    "reason_code",
    "reason",
    "projected_value",
    "projected_year",
    "projection_note",
    "change_per_year",
    "base_year_source",
    "plan",
]
ISSUE_KEYS: Final = [
    "indicator",
    "region",
    "month",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target",
    "cagr_actual",
    "cagr_required",
    "ratio",
    "status",
    "reason",
    "projected_value",
    "projected_year",
]


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English unless a test asks for --lang id; the language is reset after each test."""
    monkeypatch.setenv("POVTRACK_LANG", "en")
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


def p0_indicator() -> dict[str, Any]:
    return {
        "id": "p0",
        "name": "Poverty rate (P0)",
        "unit": "percent",
        "decimals": 2,
        "direction": "lower",
    }


def record(indicator: str, region: str, year: int, **fields: Any) -> dict[str, Any]:
    return {"indicator": indicator, "region": region, "year": year, "source": "s", **fields}


# Kabupaten Lamongan P0, section 2 of the poverty-data reference, with its four targets.
LAMONGAN_VALUES: Final = {
    2011: 17.40, 2012: 16.60, 2013: 16.10, 2015: 15.38, 2016: 14.89, 2017: 14.42, 2020: 13.85,
    2021: 13.86, 2022: 12.53, 2023: 12.42, 2024: 12.16, 2025: 12.03,
}  # fmt: skip
LAMONGAN_TARGETS: Final = {2023: 13.17, 2025: 12.65, 2026: 11.95, 2045: 9.75}


def lamongan_doc() -> dict[str, Any]:
    records = []
    for year in sorted({*LAMONGAN_VALUES, *LAMONGAN_TARGETS}):
        fields: dict[str, Any] = {}
        if year in LAMONGAN_VALUES:
            fields["value"] = LAMONGAN_VALUES[year]
        if year in LAMONGAN_TARGETS:
            fields["target"] = LAMONGAN_TARGETS[year]
        records.append(record("p0", "3524", year, **fields))
    records += [
        record("poverty_line", "3524", 2021, value=419309),
        record("poverty_line", "3524", 2023, value=481969),
    ]
    return {
        "indicators": [
            p0_indicator(),
            {
                "id": "poverty_line",
                "name": "Poverty line",
                "unit": "rupiah",
                "decimals": 0,
                "direction": "none",
            },
        ],
        "regions": [{"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"}],
        "records": records,
    }


@pytest.fixture
def lamongan_full(tmp_path: Path) -> Path:
    return write_json(tmp_path / "lamongan-full.json", lamongan_doc())


def progress_json(path: Path, *args: str) -> dict[str, Any]:
    result = run("progress", "--data", str(path), "--format", "json", "-q", *args)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return doc


def only_row(doc: dict[str, Any]) -> dict[str, Any]:
    assert len(doc["rows"]) == 1, doc["rows"]
    row: dict[str, Any] = doc["rows"][0]
    return row


def figures(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ISSUE_KEYS}


# ---------------------------------------------------------------------------------------------
# The worked example and the bundled data
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["unsd", "opensdg"])
def test_lamongan_worked_example(lamongan_full: Path, method: str) -> None:
    """Base 2021 13.86, latest 2025 12.03, target 2026 11.95: actual -3.48 %, required -2.92 %,
    ratio 1.19, on track under both methods; 12.03 x 0.965218 = 11.61 in 2026."""
    doc = progress_json(lamongan_full, "--base-year", "2021", "--method", method)
    assert doc["method"] == method
    assert doc["base_year"] == 2021
    assert figures(only_row(doc)) == {
        "indicator": "p0",
        "region": "3524",
        "month": None,
        "base_year": 2021,
        "base_value": D("13.86"),
        "latest_year": 2025,
        "latest_value": D("12.03"),
        "target_year": 2026,
        "target": D("11.95"),
        "cagr_actual": D("-3.48"),
        "cagr_required": D("-2.92"),
        "ratio": D("1.19"),
        "status": "on_track",
        "reason": None,
        "projected_value": D("11.61"),
        "projected_year": 2026,
    }


def test_bundled_data_default_base_is_2015() -> None:
    """The bundled Lamongan series has values from 2011: the default base is 2015 (15.38).
    CAGR_a = (12.03 / 15.38)^(1/10) - 1 = -2.43 %, CAGR_r = (11.95 / 15.38)^(1/11) - 1 = -2.27 %,
    CR = 1.07: on track; 12.03 x 0.975733 = 11.74 in 2026."""
    doc = progress_json(BUNDLED, "--region", "3524", "--indicator", "p0")
    assert doc["base_year"] is None
    row = only_row(doc)
    assert figures(row) == {
        "indicator": "p0",
        "region": "3524",
        "month": None,
        "base_year": 2015,
        "base_value": D("15.38"),
        "latest_year": 2025,
        "latest_value": D("12.03"),
        "target_year": 2026,
        "target": D("11.95"),
        "cagr_actual": D("-2.43"),
        "cagr_required": D("-2.27"),
        "ratio": D("1.07"),
        "status": "on_track",
        "reason": None,
        "projected_value": D("11.74"),
        "projected_year": 2026,
    }


def test_bundled_data_2045_target() -> None:
    """RPJPD 2045 target 9.75 from base 2015: required -1.51 %/year, CR 1.61, reached in 2034."""
    row = only_row(progress_json(BUNDLED, "-r", "3524", "-i", "p0", "--target-year", "2045"))
    assert (row["target_year"], row["target"]) == (2045, D("9.75"))
    assert (row["cagr_actual"], row["cagr_required"], row["ratio"]) == (
        D("-2.43"),
        D("-1.51"),
        D("1.61"),
    )
    assert row["status"] == "on_track"
    assert row["projected_year"] == 2034
    assert row["projected_value"] == D("7.36")


def test_bundled_data_rows() -> None:
    """Which series the bundled data lists, in the file's order, and why."""
    doc = progress_json(BUNDLED)
    listed = [(r["indicator"], r["region"], r["target_year"], r["status"]) for r in doc["rows"]]
    # Every series with a target after its latest value, at its first such target, in file order
    # (computed from the file: the plans' P0 targets of issue 16 add the national, East Java,
    # Banyuwangi and Kab. Probolinggo series).
    raw = json.loads(BUNDLED.read_text(encoding="utf-8"))
    latest: dict[tuple[str, str, int | None], int] = {}
    targets: dict[tuple[str, str, int | None], list[int]] = {}
    for rec in raw["records"]:
        series = (rec["indicator"], rec["region"], rec.get("month"))
        if "value" in rec:
            latest[series] = max(latest.get(series, rec["year"]), rec["year"])
        if "target" in rec:
            targets.setdefault(series, []).append(rec["year"])
    expected = [
        (series[0], series[1], min(y for y in years if y > latest.get(series, 0)))
        for series, years in targets.items()
        if any(y > latest.get(series, 0) for y in years)
    ]
    assert [row[:3] for row in listed] == expected
    # The series bundled before, and why they are listed as they are:
    assert [
        row
        for row in listed
        if (row[0], row[1]) in {("extreme_poverty", "0000"), ("p0", "3524"), ("gini", "3524")}
    ] == [
        # a target of 0 % for 2024 and no value at all: listed, and cannot be assessed
        ("extreme_poverty", "0000", 2024, "cannot_assess"),
        ("p0", "3524", 2026, "on_track"),
        # 0.273 (2022) -> 0.295 (2023) against 0.289 in 2025: moving away from the target
        ("gini", "3524", 2025, "deterioration"),
    ]
    gini = next(r for r in doc["rows"] if r["indicator"] == "gini")
    assert (gini["cagr_actual"], gini["cagr_required"], gini["ratio"]) == (
        D("8.06"),
        D("1.92"),
        D("-4.20"),
    )
    assert gini["projected_year"] is None
    assert gini["projection_note"] == (
        "never meets the target at the current pace: the value is moving away from the target"
    )
    # The national March P0's targets up to 2025 are before or at its latest value (2025): that
    # is report's job; only the RPJMN 2025–2029 target is ahead.
    assert [
        r["target_year"] for r in doc["rows"] if (r["indicator"], r["region"]) == ("p0", "0000")
    ] == [2029]


# ---------------------------------------------------------------------------------------------
# Which series and which target
# ---------------------------------------------------------------------------------------------


def test_default_target_is_the_nearest_after_the_latest_value(lamongan_full: Path) -> None:
    row = only_row(progress_json(lamongan_full, "-i", "p0"))
    assert row["target_year"] == 2026  # not 2023 or 2025 (not after 2025), not 2045 (later)


def test_direction_none_is_never_assessed(lamongan_full: Path) -> None:
    doc = progress_json(lamongan_full)
    assert {r["indicator"] for r in doc["rows"]} == {"p0"}
    result = run("progress", "--data", str(lamongan_full), "-i", "poverty_line", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rows"] == []
    assert "--indicator poverty_line has direction none: it is never assessed" in result.stderr


def test_direction_none_is_skipped_by_the_core() -> None:
    """Validation refuses a target on a direction-none indicator; the core skips such a series
    anyway, and its target years do not count."""
    dataset = core_dataset(
        Record(indicator="line", region="3524", year=2021, value=D("419309")),
        Record(indicator="line", region="3524", year=2023, value=D("481969")),
        Record(indicator="line", region="3524", year=2030, target=D("600000")),
    )
    assert assess_dataset(dataset).rows == []
    assert target_years(dataset) == []
    with pytest.raises(UnknownTargetYear):
        assess_dataset(dataset, target_year=2030)


def test_target_year_names_a_past_target(lamongan_full: Path) -> None:
    row = only_row(progress_json(lamongan_full, "--target-year", "2023"))
    assert row["status"] == "cannot_assess"
    assert row["reason_code"] == "target_not_future"
    assert row["reason"] == (
        "the target year 2023 is not after the latest year with a value (2025): compare the "
        "latest value with the target instead of projecting"
    )


def test_target_year_without_any_target_exits_2(lamongan_full: Path) -> None:
    result = run("progress", "--data", str(lamongan_full), "--target-year", "2030", "-q")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "povtrack: error: --target-year 2030: no selected series has a target in 2030; "
        "target years in the selected series: 2023, 2025, 2026, 2045"
    )


def test_target_year_error_in_the_core(lamongan_full: Path) -> None:
    dataset, _ = load(str(lamongan_full))
    with pytest.raises(UnknownTargetYear) as caught:
        assess_dataset(dataset, target_year=2030)
    assert caught.value.target_year == 2030
    assert caught.value.available == [2023, 2025, 2026, 2045]
    assert target_years(dataset, Filters(indicators=("poverty_line",))) == []
    with pytest.raises(UnknownTargetYear) as none_left:
        assess_dataset(dataset, Filters(indicators=("poverty_line",)), target_year=2026)
    assert none_left.value.available == []


def test_filters_as_in_report(tmp_path: Path) -> None:
    doc = lamongan_doc()
    doc["regions"].append({"code": "3527", "name": "Kabupaten Sampang"})
    doc["records"] += [
        record("p0", "3527", 2022, value=21.61),
        record("p0", "3527", 2024, value=20.83),
        record("p0", "3527", 2026, target=19.5),
    ]
    path = write_json(tmp_path / "two.json", doc)
    assert [r["region"] for r in progress_json(path)["rows"]] == ["3524", "3527"]
    assert [r["region"] for r in progress_json(path, "-r", "3527")["rows"]] == ["3527"]
    assert progress_json(path, "-i", "p0", "-r", "3524", "-r", "3527")["rows"][1]["base_year"] == (
        2022
    )
    bad = run("progress", "--data", str(path), "-r", "9999")
    assert bad.exit_code == 2
    assert "no such region" in bad.stderr


def test_month_and_breakdown_make_their_own_series(tmp_path: Path) -> None:
    doc = lamongan_doc()
    doc["records"] += [
        record("p0", "3524", 2022, month=3, value=12.0),
        record("p0", "3524", 2024, month=3, value=11.0),
        record("p0", "3524", 2026, month=3, target=10.5),
        record("p0", "3524", 2022, breakdown={"area": "urban"}, value=8.0),
        record("p0", "3524", 2024, breakdown={"area": "urban"}, value=7.5),
        record("p0", "3524", 2026, breakdown={"area": "urban"}, target=7.0),
    ]
    path = write_json(tmp_path / "split.json", doc)
    rows = progress_json(path, "-i", "p0")["rows"]
    assert [(r["month"], r["breakdown"]) for r in rows] == [
        (None, None),
        (None, {"area": "urban"}),
        (3, None),
    ]
    table = run("progress", "--data", str(path), "-i", "p0", "-q")
    titles = [line for line in table.stdout.splitlines() if line.startswith("Kabupaten")]
    assert titles == [
        "Kabupaten Lamongan · Poverty rate (P0)",
        "Kabupaten Lamongan · Poverty rate (P0) (area=urban)",
        "Kabupaten Lamongan · Poverty rate (P0) (March)",
    ]


# ---------------------------------------------------------------------------------------------
# Status bands, both methods
# ---------------------------------------------------------------------------------------------

# Base 100 in 2020, target year 2022 with target 121 (higher is better) or 81 (lower is better):
# CAGR_r = +10 % or -10 % exactly, so one year later (2021) a value of 100 +/- 10 * CR gives the
# ratio CR exactly.
BANDS: Final = [
    # (ratio, unsd, opensdg)
    ("1.19", "on_track", "on_track"),
    ("0.95", "on_track", "on_track"),
    ("0.7", "needs_acceleration", "needs_acceleration"),
    ("0.6", "needs_acceleration", "needs_acceleration"),
    ("0.55", "needs_acceleration", "limited_progress"),
    ("0.5", "needs_acceleration", "limited_progress"),
    ("0.3", "limited_progress", "limited_progress"),
    ("0", "limited_progress", "limited_progress"),
    ("-0.05", "limited_progress", "deterioration"),
    ("-0.1", "limited_progress", "deterioration"),
    ("-0.5", "deterioration", "deterioration"),
]


def bands_doc() -> dict[str, Any]:
    indicators = [
        {"id": "up", "name": "Up", "unit": "index", "decimals": 3, "direction": "higher"},
        {"id": "down", "name": "Down", "unit": "index", "decimals": 3, "direction": "lower"},
    ]
    regions = [{"code": f"R{i}", "name": f"Case {ratio}"} for i, (ratio, _, _) in enumerate(BANDS)]
    records = []
    for i, (ratio, _, _) in enumerate(BANDS):
        step = D(10) * D(ratio)
        for ind, sign, target in (("up", 1, 121), ("down", -1, 81)):
            records += [
                record(ind, f"R{i}", 2020, value=100),
                record(ind, f"R{i}", 2021, value=json.loads(str(D(100) + sign * step))),
                record(ind, f"R{i}", 2022, target=target),
            ]
    # Achieved: the latest value already meets the target (under every method).
    regions.append({"code": "A", "name": "Achieved"})
    records += [
        record("up", "A", 2020, value=100),
        record("up", "A", 2021, value=121),
        record("up", "A", 2022, target=121),
        record("down", "A", 2020, value=100),
        record("down", "A", 2021, value=80),
        record("down", "A", 2022, target=81),
    ]
    return {"indicators": indicators, "regions": regions, "records": records}


@pytest.mark.parametrize("method", ["unsd", "opensdg"])
def test_every_band_under_both_methods(tmp_path: Path, method: str) -> None:
    path = write_json(tmp_path / "bands.json", bands_doc())
    rows = progress_json(path, "--method", method)["rows"]
    by_case = {(r["indicator"], r["region"]): r for r in rows}
    for i, (ratio, unsd, opensdg) in enumerate(BANDS):
        for ind in ("up", "down"):
            row = by_case[(ind, f"R{i}")]
            assert row["ratio"] == D(ratio).quantize(D("0.01")), (ind, ratio)
            assert row["status"] == (unsd if method == "unsd" else opensdg), (ind, ratio, method)
            assert row["cagr_required"] == (D("10.00") if ind == "up" else D("-10.00"))
            assert row["reason"] is None
    for ind in ("up", "down"):
        achieved = by_case[(ind, "A")]
        assert achieved["status"] == "achieved"
        assert achieved["ratio"] is None
        assert achieved["projection_note"] == "the target is already met in 2021"


def test_the_methods_disagree_on_0_55_and_minus_0_05(tmp_path: Path) -> None:
    path = write_json(tmp_path / "bands.json", bands_doc())
    status = {
        method: {
            r["region_name"]: r["status"]
            for r in progress_json(path, "--method", method, "-i", "up")["rows"]
        }
        for method in ("unsd", "opensdg")
    }
    assert (status["unsd"]["Case 0.55"], status["opensdg"]["Case 0.55"]) == (
        "needs_acceleration",
        "limited_progress",
    )
    assert (status["unsd"]["Case -0.05"], status["opensdg"]["Case -0.05"]) == (
        "limited_progress",
        "deterioration",
    )


def test_projection_year_when_behind(tmp_path: Path) -> None:
    """Ratio 0.5 (up): +5 %/year from 105 in 2021: 105 x 1.05^k >= 121 first at k = 3 (121.55),
    so the target of 2022 is reached in 2024 at this pace; the value projected for 2022 is
    110.25."""
    path = write_json(tmp_path / "bands.json", bands_doc())
    row = next(r for r in progress_json(path, "-i", "up")["rows"] if r["region_name"] == "Case 0.5")
    assert row["projected_value"] == D("110.250")
    assert row["projected_year"] == 2024
    result = run("progress", "--data", str(path), "-i", "up", "-r", "R5", "-f", "markdown", "-q")
    bullet = next(line for line in result.stdout.splitlines() if line.startswith("- "))
    assert bullet == (
        "- Case 0.5 · Up: needs acceleration to reach the 2022 target of 121 (current pace "
        "5.00 %/year (5.0/year) vs 10.00 %/year required; projected 110.250 in 2022; target "
        "reached in 2024 at this pace)"
    )


# ---------------------------------------------------------------------------------------------
# The zero-target rule
# ---------------------------------------------------------------------------------------------


def zero_target_doc() -> dict[str, Any]:
    return {
        "indicators": [
            {
                "id": "extreme",
                "name": "Extreme poverty",
                "unit": "percent",
                "decimals": 2,
                "direction": "lower",
            }
        ],
        "regions": [{"code": "0000", "name": "Indonesia"}],
        "records": [
            record("extreme", "0000", 2020, value=0.90),
            record("extreme", "0000", 2024, value=0.80),
            record("extreme", "0000", 2030, target=0),
        ],
    }


@pytest.mark.parametrize("method", ["unsd", "opensdg"])
def test_zero_target_is_replaced_by_0_001(tmp_path: Path, method: str) -> None:
    """Open SDG's rule: CAGR_r = (0.001 / 0.90)^(1/10) - 1 = -49.35 %; CAGR_a =
    (0.80 / 0.90)^(1/4) - 1 = -2.90 %; CR = 0.06: limited progress under both methods."""
    path = write_json(tmp_path / "zero.json", zero_target_doc())
    doc = progress_json(path, "--method", method, "--explain")
    row = only_row(doc)
    assert row["target"] == 0
    assert row["target_used"] == D("0.001")
    assert row["target_replaced"] is True
    assert (row["cagr_actual"], row["cagr_required"], row["ratio"]) == (
        D("-2.90"),
        D("-49.35"),
        D("0.06"),
    )
    assert row["status"] == "limited_progress"
    assert row["projected_value"] == D("0.67")
    used = next(step for step in row["steps"] if step["label"] == "target used x*")
    assert used == {
        "label": "target used x*",
        "formula": "a target of 0 is replaced by 0.001 in the growth formula (Open SDG)",
        "value": D("0.001"),
    }


def test_zero_target_says_so_in_every_human_format(tmp_path: Path) -> None:
    path = write_json(tmp_path / "zero.json", zero_target_doc())
    note = "a target of 0 is replaced by 0.001 in the growth formula (Open SDG's rule)"
    table = run("progress", "--data", str(path), "-q")
    assert note in " ".join(table.stdout.split())
    assert "0 % (2030) → 0.001" in table.stdout
    markdown = run("progress", "--data", str(path), "-q", "-f", "markdown")
    assert note in markdown.stdout
    rows = list(
        csv.DictReader(io.StringIO(run("progress", "--data", str(path), "-f", "csv").stdout))
    )
    assert (rows[0]["target"], rows[0]["target_used"], rows[0]["target_replaced"]) == (
        "0",
        "0.001",
        "true",
    )


def test_zero_target_already_met_is_achieved(tmp_path: Path) -> None:
    doc = zero_target_doc()
    doc["records"][1]["value"] = 0
    row = only_row(progress_json(write_json(tmp_path / "met.json", doc)))
    assert row["status"] == "achieved"
    assert row["projection_note"] == "the target is already met in 2024"


# ---------------------------------------------------------------------------------------------
# Every cannot_assess reason
# ---------------------------------------------------------------------------------------------


def small_doc(*records: dict[str, Any]) -> dict[str, Any]:
    return {
        "indicators": [p0_indicator()],
        "regions": [{"code": "3524", "name": "Kabupaten Lamongan"}],
        "records": list(records),
    }


@pytest.mark.parametrize(
    ("records", "args", "code", "reason"),
    [
        (
            [record("p0", "3524", 2026, target=11.95)],
            [],
            "too_few_points",
            "at least two years with a value are needed; the series has none",
        ),
        (
            [record("p0", "3524", 2025, value=12.03), record("p0", "3524", 2026, target=11.95)],
            [],
            "too_few_points",
            "at least two years with a value are needed; the series has only 2025",
        ),
        (
            [
                record("p0", "3524", 2021, value=13.86),
                record("p0", "3524", 2025, value=12.03),
                record("p0", "3524", 2026, target=11.95),
            ],
            ["--base-year", "2025"],
            "too_few_points",
            "the base year 2025 is also the latest year with a value: two years with a value "
            "from the base year on are needed (give an earlier base year)",
        ),
        (
            [
                record("p0", "3524", 2021, value=13.86),
                record("p0", "3524", 2025, value=12.03),
                record("p0", "3524", 2026, target=11.95),
            ],
            ["--base-year", "2026"],
            "base_after_latest",
            "the base year 2026 is after the latest year with a value (2025)",
        ),
        (
            [
                record("p0", "3524", 2021, value=13.86),
                record("p0", "3524", 2023, value=12.42),
                record("p0", "3524", 2025, value=12.03),
                record("p0", "3524", 2026, target=11.95),
            ],
            ["--base-year", "2019"],
            "base_year_without_value",
            "the base year 2019 has no value; years with a value: 2021, 2023, 2025",
        ),
        (
            [
                record("p0", "3524", 2021, value=13.86),
                record("p0", "3524", 2025, value=12.03, target=12.65),
                record("p0", "3524", 2026, target=11.95),
            ],
            ["--target-year", "2025"],
            "target_not_future",
            "the target year 2025 is not after the latest year with a value (2025): compare the "
            "latest value with the target instead of projecting",
        ),
        (
            [
                record("p0", "3524", 2020, value=0),
                record("p0", "3524", 2024, value=0.5),
                record("p0", "3524", 2030, target=0.2),
            ],
            [],
            "zero_value",
            "the base value in 2020 is 0: x_t / x_b and x* / x_b are undefined",
        ),
        (
            [
                record("p0", "3524", 2020, value=12.00),
                record("p0", "3524", 2025, value=13.00),
                record("p0", "3524", 2030, target=12.00),
            ],
            [],
            "no_required_change",
            "the target 12.0 equals the base value in 2020, so the required growth rate is 0 "
            "and CR = CAGR_a / CAGR_r is undefined; the latest value 13.0 (2025) does not meet "
            "the target",
        ),
    ],
)
def test_cannot_assess_reasons_from_the_command_line(
    tmp_path: Path, records: list[dict[str, Any]], args: list[str], code: str, reason: str
) -> None:
    path = write_json(tmp_path / "case.json", small_doc(*records))
    for method in ("unsd", "opensdg"):
        row = only_row(progress_json(path, "--method", method, *args))
        assert row["status"] == "cannot_assess"
        assert row["reason_code"] == code
        assert row["reason"] == reason
        assert row["ratio"] is None
        assert row["projected_value"] is None
        assert row["projected_year"] is None
        assert row["projection_note"] is None
    table = run("progress", "--data", str(path), "-q", *args)
    assert table.exit_code == 0
    text = " ".join(table.stdout.split())
    assert "cannot assess" in text
    assert reason in text


def test_cannot_assess_keeps_the_known_figures(tmp_path: Path) -> None:
    """A base year without a value: the row still shows that base year, the latest value and
    the target (not a crash, not an empty row)."""
    path = write_json(
        tmp_path / "case.json",
        small_doc(
            record("p0", "3524", 2021, value=13.86),
            record("p0", "3524", 2025, value=12.03),
            record("p0", "3524", 2026, target=11.95),
        ),
    )
    row = only_row(progress_json(path, "--base-year", "2019"))
    assert (row["base_year"], row["base_value"]) == (2019, None)
    assert (row["latest_year"], row["latest_value"]) == (2025, D("12.03"))
    assert (row["target_year"], row["target"]) == (2026, D("11.95"))
    one = only_row(
        progress_json(
            write_json(
                tmp_path / "one.json",
                small_doc(
                    record("p0", "3524", 2025, value=12.03),
                    record("p0", "3524", 2026, target=11.95),
                ),
            )
        )
    )
    assert (one["latest_year"], one["latest_value"]) == (2025, D("12.03"))


def core_dataset(*records: Record) -> Dataset:
    """A dataset built in memory: data that validation would refuse (negative or duplicate
    values) can still reach the core, which must say why it cannot assess it."""
    series: dict[SeriesKey, list[Record]] = {}
    for rec in records:
        series.setdefault(series_key(rec), []).append(rec)
    for group in series.values():
        group.sort(key=lambda rec: rec.year)
    return Dataset(
        path="memory",
        indicators={
            "p0": Indicator(
                id="p0", name="Poverty rate (P0)", unit="percent", decimals=2, direction="lower"
            ),
            "line": Indicator(
                id="line", name="Poverty line", unit="rupiah", decimals=0, direction="none"
            ),
        },
        regions={"3524": Region(code="3524", name="Kabupaten Lamongan")},
        records=list(records),
        series=series,
    )


@pytest.mark.parametrize(
    ("records", "code", "reason"),
    [
        (
            [
                Record(indicator="p0", region="3524", year=2020, value=D("5")),
                Record(indicator="p0", region="3524", year=2024, value=D("-3")),
                Record(indicator="p0", region="3524", year=2030, target=D("-5")),
            ],
            "mixed_signs",
            "the value in 2024 (-3) and the base value in 2020 (5) have different signs: the "
            "growth model needs all values of one sign",
        ),
        (
            [
                Record(indicator="p0", region="3524", year=2020, value=D("5")),
                Record(indicator="p0", region="3524", year=2024, value=D("4")),
                Record(indicator="p0", region="3524", year=2030, target=D("-1")),
            ],
            "mixed_signs",
            "the target -1 and the base value in 2020 (5) have different signs: the growth "
            "model needs all values of one sign",
        ),
        (
            [
                Record(indicator="p0", region="3524", year=2020, value=D("5")),
                Record(indicator="p0", region="3524", year=2020, value=D("6")),
                Record(indicator="p0", region="3524", year=2030, target=D("1")),
            ],
            "duplicate_year",
            "2020 appears more than once in the series (5 and 6)",
        ),
        (
            [
                Record(indicator="p0", region="3524", year=2020, value=D("NaN")),
                Record(indicator="p0", region="3524", year=2024, value=D("4")),
                Record(indicator="p0", region="3524", year=2030, target=D("1")),
            ],
            "non_finite_value",
            "the value for 2020 is NaN: values must be finite numbers",
        ),
    ],
)
def test_cannot_assess_reasons_that_validation_prevents(
    records: list[Record], code: str, reason: str
) -> None:
    result = assess_dataset(core_dataset(*records))
    assert len(result.rows) == 1
    row = result.rows[0]
    assert (row.status, row.reason_code, row.reason) == ("cannot_assess", code, reason)


# ---------------------------------------------------------------------------------------------
# --explain
# ---------------------------------------------------------------------------------------------


def test_explain_json_has_every_step(lamongan_full: Path) -> None:
    row = only_row(progress_json(lamongan_full, "--base-year", "2021", "--explain"))
    steps = {step["label"]: step for step in row["steps"]}
    assert list(steps) == [label for label in STEP_LABELS if label in steps]
    assert set(steps) == set(STEP_LABELS) - {"target used x*", "growth rates"}
    assert steps["CAGR_a"]["formula"] == (
        "(x_t / x_b)^(1 / (t - b)) - 1 = (12.03 / 13.86)^(1 / 4) - 1"
    )
    # unrounded: every digit of the computation (40 significant digits, to 1e-40 here)
    cagr_a = steps["CAGR_a"]["value"]
    assert cagr_a.as_tuple().exponent == -40
    assert cagr_a.quantize(D("1e-20")) == D("-0.03478158449605912900")
    assert steps["x* / x_b"]["formula"] == "11.95 / 13.86"
    assert steps["1 / (T* - b)"]["value"] == D("0.2")
    assert steps["CR"]["value"].quantize(D("0.0001")) == D("1.1903")
    assert steps["threshold needs_acceleration"]["formula"] == "0.5 <= CR < 0.95"
    assert steps["projected year"]["value"] == 2026
    # Without --explain there is no "steps" key at all.
    assert "steps" not in only_row(progress_json(lamongan_full))


def test_explain_table_lets_a_reader_redo_the_arithmetic(lamongan_full: Path) -> None:
    result = run("progress", "--data", str(lamongan_full), "--base-year", "2021", "--explain")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for expected in (
        "base value x_b value in 2021 → 13.86",
        "latest value x_t value in 2025 → 12.03",
        "x_t / x_b 12.03 / 13.86 → 0.867965367965…",
        "1 / (t - b) 1 / (2025 - 2021) → 0.25",
        "(12.03 / 13.86)^(1 / 4) - 1 → -0.034781584496…",
        "(11.95 / 13.86)^(1 / 5) - 1 → -0.029219743878…",
        "CR CAGR_a / CAGR_r → 1.190345289846…",
        "12.03 * (1 + CAGR_a)^1 → 11.611577538512…",
        # the thresholds once, in the footer
        "needs acceleration 0.5 <= CR < 0.95",
    ):
        assert expected in text, expected


def test_explain_markdown_has_a_steps_table(lamongan_full: Path) -> None:
    result = run(
        "progress", "--data", str(lamongan_full), "--base-year", "2021", "--explain", "-f",
        "markdown", "-q",
    )  # fmt: skip
    lines = result.stdout.splitlines()
    start = lines.index("#### Kabupaten Lamongan · Poverty rate (P0): how it is computed")
    rows = {}
    for line in lines[start + 4 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    assert rows["CAGR\\_a"] == [
        "(x\\_t / x\\_b)^(1 / (t - b)) - 1 = (12.03 / 13.86)^(1 / 4) - 1",
        "-0.034781584496…",
    ]
    assert rows["status"] == [
        "CR \\>= 0.95 (UNSD SDG Progress Chart (2022 technical note))",
        "on track",
    ]


def test_explain_with_csv_is_a_usage_error(lamongan_full: Path) -> None:
    result = run("progress", "--data", str(lamongan_full), "--explain", "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--explain does not fit in CSV" in result.stderr


# ---------------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------------


def test_json_is_the_core_result_serialised(lamongan_full: Path) -> None:
    dataset, _ = load(str(lamongan_full))
    core = assess_dataset(dataset, Filters(), method="opensdg", base_year=2021, explain=True)
    encoder = msgspec.json.Encoder(decimal_format="number")
    expected = json.loads(encoder.encode(core), parse_float=Decimal)
    got = progress_json(lamongan_full, "--method", "opensdg", "--base-year", "2021", "--explain")
    assert got == expected


def test_json_keys(lamongan_full: Path) -> None:
    doc = progress_json(lamongan_full)
    assert list(doc) == ["method", "data", "lang", "base_year", "target_year", "thresholds", "rows"]
    assert doc["data"] == str(lamongan_full)
    assert doc["lang"] == "en"
    assert doc["thresholds"] == {
        "name": "UNSD SDG Progress Chart (2022 technical note)",
        "on_track": D("0.95"),
        "needs_acceleration": D("0.5"),
        "limited_progress": D("-0.1"),
    }
    row = only_row(doc)
    assert list(row) == ROW_KEYS
    assert [key for key in row if key in ISSUE_KEYS] == ISSUE_KEYS
    assert list(ROW_FIELDS) == ROW_KEYS


def test_numbers_are_exact_decimal_text(lamongan_full: Path) -> None:
    result = run("progress", "--data", str(lamongan_full), "-f", "json", "--base-year", "2021")
    row = json.loads(result.stdout)["rows"][0]
    assert repr(row["cagr_actual"]) == "-3.48"
    assert re.search(r'"cagr_required": -2\.92,', result.stdout)
    assert re.search(r'"ratio": 1\.19,', result.stdout)


def test_csv_parses_back(lamongan_full: Path) -> None:
    result = run("progress", "--data", str(lamongan_full), "-f", "csv", "--base-year", "2021")
    assert result.exit_code == 0
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert reader.fieldnames == ROW_KEYS
    rows = list(reader)
    assert len(rows) == 1
    row = rows[0]
    assert (row["cagr_actual"], row["cagr_required"], row["ratio"]) == ("-3.48", "-2.92", "1.19")
    assert (row["status"], row["reason"], row["projected_year"]) == ("on_track", "", "2026")
    assert row["breakdown"] == ""


def test_csv_neutralises_formulas_but_not_numbers(tmp_path: Path) -> None:
    doc = lamongan_doc()
    doc["regions"][0]["name"] = "=HYPERLINK(1)"
    path = write_json(tmp_path / "inj.json", doc)
    row = next(
        csv.DictReader(io.StringIO(run("progress", "--data", str(path), "-f", "csv").stdout))
    )
    assert row["region_name"] == "'=HYPERLINK(1)"
    assert row["cagr_actual"] == "-2.43"


def test_markdown(lamongan_full: Path) -> None:
    result = run("progress", "--data", str(lamongan_full), "-f", "markdown", "--base-year", "2021")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == [
        "Region",
        "Indicator",
        "Base",
        "Latest",
        "Target",
        "Actual %/year",
        "Change/year",
        "Required %/year",
        "Ratio",
        "Status",
        "Projected",
        "Reached in",
    ]
    cells = [c.strip() for c in lines[2].strip("|").split("|")]
    assert cells == [
        "Kabupaten Lamongan",
        "Poverty rate (P0)",
        "13.86 % (2021)",
        "12.03 % (2025)",
        "11.95 % (2026)",
        "-3.48",
        "-0.46 points",
        "-2.92",
        "1.19",
        "on track",
        "11.61",
        "2026",
    ]
    assert (
        "- Kabupaten Lamongan · Poverty rate (P0): on track for the 2026 target of 11.95 % "
        "(current pace -3.48 %/year (-0.46 points/year) vs -2.92 %/year required; projected "
        "11.61 % in 2026)"
    ) in lines
    assert "| limited progress | -0.1 \\<= CR \\< 0.5 |" in lines


def test_table_block_at_80_columns(lamongan_full: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run("progress", "--data", str(lamongan_full), "--base-year", "2021")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)
    assert lines[0] == "Kabupaten Lamongan · Poverty rate (P0)"
    assert " ".join(result.stdout.split()).startswith(
        "Kabupaten Lamongan · Poverty rate (P0) On track for the 2026 target of 11.95 % "
        "(current pace -3.48 %/year (-0.46 points/year) vs -2.92 %/year required; projected "
        "11.61 % in 2026)"
    )
    grid = {line.split()[0]: line.split() for line in lines[3:8] if line.strip()}
    assert grid["Status"][:3] == ["Status", "on", "track"]
    assert grid["Base"][:4] == ["Base", "13.86", "%", "(2021)"]
    assert grid["Status"][-1] == "1.19"
    assert "Target reached 2026" in " ".join(result.stdout.split())
    assert "\x1b[" not in result.stdout


def test_table_status_in_words_and_colour(
    lamongan_full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run("progress", "--data", str(lamongan_full), "--base-year", "2021")
    assert result.exit_code == 0
    assert re.search(r"\x1b\[32mon track *\x1b\[0m", result.stdout)
    plain_run = run("progress", "--data", str(lamongan_full), "--base-year", "2021", "--no-color")
    assert "\x1b[" not in plain_run.stdout
    assert "on track" in plain_run.stdout


def test_table_footer_shows_the_methods_thresholds(lamongan_full: Path) -> None:
    unsd = " ".join(run("progress", "--data", str(lamongan_full)).stdout.split())
    assert "Method: UNSD SDG Progress Chart (2022 technical note)." in unsd
    assert "needs acceleration 0.5 <= CR < 0.95 limited progress -0.1 <= CR < 0.5" in unsd
    opensdg = " ".join(
        run("progress", "--data", str(lamongan_full), "-m", "opensdg").stdout.split()
    )
    assert "Method: Open SDG / Statistics Canada." in opensdg
    assert "needs acceleration 0.6 <= CR < 0.95 limited progress 0 <= CR < 0.6" in opensdg
    assert "deterioration CR < 0 " in opensdg


def test_no_series_to_assess(tmp_path: Path) -> None:
    doc = small_doc(record("p0", "3524", 2020, value=12.0, target=13.0))
    path = write_json(tmp_path / "past.json", doc)
    table = run("progress", "--data", str(path), "-q")
    assert table.exit_code == 0
    assert table.stdout.startswith("No series to assess")
    assert progress_json(path)["rows"] == []


def test_hostile_names_are_not_markup(tmp_path: Path) -> None:
    doc = lamongan_doc()
    doc["regions"][0]["name"] = "[bold red]Lamongan[/] \x1b[31m"
    path = write_json(tmp_path / "markup.json", doc)
    result = run("progress", "--data", str(path))
    if result.exit_code == 0:
        assert "[bold red]Lamongan[/]" in result.stdout
        assert "\x1b" not in result.stdout
    else:  # validation refuses control characters in names
        assert result.exit_code == 1
    doc["regions"][0]["name"] = "[bold red]Lamongan[/]"
    result = run("progress", "--data", str(write_json(tmp_path / "m2.json", doc)))
    assert result.exit_code == 0
    assert "[bold red]Lamongan[/] · Poverty rate (P0)" in result.stdout


def test_output_file(lamongan_full: Path, tmp_path: Path) -> None:
    out = tmp_path / "progress.json"
    result = run("progress", "--data", str(lamongan_full), "-f", "json", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["rows"][0]["status"] == "on_track"
    refused = run("progress", "--data", str(lamongan_full), "-o", str(lamongan_full))
    assert refused.exit_code == 2
    assert "never overwrites its input" in refused.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--method", "eurostat"), "eurostat"),
        (("--format", "xml"), "xml"),
        (("--indicator", "p9"), "no such indicator"),
        (("--base-year", "soon"), "--base-year"),
    ],
)
def test_bad_options_exit_2(lamongan_full: Path, args: tuple[str, ...], needle: str) -> None:
    result = run("progress", "--data", str(lamongan_full), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert needle in result.stderr


# ---------------------------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------------------------


def test_indonesian(lamongan_full: Path) -> None:
    table = run("progress", "--data", str(lamongan_full), "--base-year", "2021", "--lang", "id")
    text = " ".join(table.stdout.split())
    assert (
        "Sesuai jalur menuju target 2026 sebesar 11,95 % (laju saat ini -3,48 %/tahun "
        "(-0,46 poin/tahun) dibanding -2,92 %/tahun yang diperlukan; proyeksi 11,61 % pada 2026)"
    ) in text
    assert "Metode: Bagan Kemajuan SDG UNSD (catatan teknis 2022)." in text
    assert "perlu percepatan 0,5 <= CR < 0,95" in text
    # the table says why in Indonesian, the JSON keeps the stable English reason (as report)
    args = ("--base-year", "2019", "--lang", "id")
    table = run("progress", "--data", str(lamongan_full), *args)
    assert (
        "tahun dasar 2019 tidak memiliki nilai; tahun yang memiliki nilai: 2011, 2012"
        in " ".join(table.stdout.split())
    )
    doc = progress_json(lamongan_full, *args)
    row = only_row(doc)
    assert doc["lang"] == "en"
    assert doc["thresholds"]["name"] == "UNSD SDG Progress Chart (2022 technical note)"
    assert row["status"] == "cannot_assess"  # codes stay English identifiers
    assert row["reason_code"] == "base_year_without_value"
    assert row["reason"].startswith("the base year 2019 has no value; years with a value: 2011,")
    assert list(row) == ROW_KEYS


def test_machine_formats_do_not_change_with_the_language(lamongan_full: Path) -> None:
    """JSON (reasons, notes, step formulas, the method's name) and CSV are the same in both
    languages, as report's."""
    for args in (("--base-year", "2019"), ("--explain",), ("-f", "csv")):
        fmt = () if "-f" in args else ("-f", "json")
        en = run("progress", "--data", str(lamongan_full), *fmt, *args, "--lang", "en")
        id_ = run("progress", "--data", str(lamongan_full), *fmt, *args, "--lang", "id")
        assert en.exit_code == id_.exit_code == 0
        assert en.stdout == id_.stdout, args
    steps = only_row(progress_json(lamongan_full, "--explain", "--lang", "id"))["steps"]
    formulas = {step["label"]: step["formula"] for step in steps}
    assert formulas["base year b"] == "first year from 2015 on with a value"
    assert formulas["x_t / x_b"] == "12.03 / 15.38"


def test_indonesian_names_and_explanation(lamongan_full: Path, tmp_path: Path) -> None:
    doc = json.loads(lamongan_full.read_text(encoding="utf-8"))
    doc["indicators"][0]["name_id"] = "Persentase penduduk miskin (P0)"
    doc["regions"][0]["name_id"] = "Kab. Lamongan"
    path = write_json(tmp_path / "named.json", doc)
    md = run("progress", "--data", str(path), "-f", "markdown", "--explain", "--lang", "id")
    assert md.exit_code == 0, md.stderr
    lines = md.stdout.splitlines()
    cells = [c.strip() for c in lines[2].strip("|").split("|")]
    assert cells[:6] == [
        "Kab. Lamongan",
        "Persentase penduduk miskin (P0)",
        "15,38 % (2015)",
        "12,03 % (2025)",
        "11,95 % (2026)",
        "-2,43",
    ]
    assert "#### Kab. Lamongan · Persentase penduduk miskin (P0): cara menghitungnya" in lines
    assert "| tahun dasar b | tahun pertama sejak 2015 yang memiliki nilai | 2015 |" in lines
    assert "| x\\_t / x\\_b | 12,03 / 15,38 | 0,782184655397… |" in lines
    assert "| arah | makin rendah makin baik |  |" in lines  # not the code `lower`
    # the JSON keeps the data's English names
    row = only_row(progress_json(path, "--lang", "id"))
    assert (row["region_name"], row["indicator_name"]) == (
        "Kabupaten Lamongan",
        "Poverty rate (P0)",
    )


# ---------------------------------------------------------------------------------------------
# The core API that `check` uses
# ---------------------------------------------------------------------------------------------


def test_off_track_for_check(tmp_path: Path) -> None:
    dataset, _ = load(str(write_json(tmp_path / "bands.json", bands_doc())))
    result = assess_dataset(dataset, Filters(indicators=("up",)), method="opensdg")
    assert isinstance(result, ProgressResult)
    assert {"needs_acceleration", "limited_progress", "deterioration"} == OFF_TRACK
    off = {row.region_name for row in result.off_track()}
    assert off == {
        "Case 0.7",
        "Case 0.6",
        "Case 0.55",
        "Case 0.5",
        "Case 0.3",
        "Case 0",
        "Case -0.05",
        "Case -0.1",
        "Case -0.5",
    }
    assert all(row.status in OFF_TRACK for row in result.off_track())


def test_unknown_method_raises() -> None:
    with pytest.raises(ValueError, match="unknown method 'eurostat'"):
        assess_dataset(core_dataset(), method="eurostat")  # type: ignore[arg-type]
