"""`povtrack import csv`: long and wide CSVs, exact numbers, merging (no-op, conflicts,
--replace, --dry-run), --create, and bad inputs with their places and fixes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from povtrack.io.importing import cells
from povtrack.io.importing.cells import CellError
from povtrack.io.loader import load

from .conftest import LAMONGAN, run, write_json

FIXTURES = Path(__file__).parent / "fixtures"


def records(path: Path) -> list[dict[str, Any]]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return list(doc["records"])


def find(path: Path, **key: Any) -> list[dict[str, Any]]:
    return [r for r in records(path) if all(r.get(k) == v for k, v in key.items())]


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def import_json(*args: str) -> tuple[int, dict[str, Any], str]:
    result = run("import", "csv", *args, "--format", "json")
    doc: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal) if result.stdout else {}
    return result.exit_code, doc, result.stderr


LAMONGAN_CSV = """region,year,value,source
3524,2024,12.16,https://surabaya.tribunnews.com/2024/07/24/
3524,2025,12.03,https://barometerjatim.com/news-11438
"""


@pytest.fixture
def empty_lamongan(tmp_path: Path) -> Path:
    """The Lamongan indicators and region, no records."""
    return write_json(tmp_path / "d.json", {**LAMONGAN, "records": []})


# -- long CSV -----------------------------------------------------------------------------------


def test_long_csv_adds_figures_with_their_exact_text(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", LAMONGAN_CSV)
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "--indicator",
        "p0",
        "--region-column",
        "region",
        "--source-column",
        "source",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    added = find(lamongan, indicator="p0", year=2024)
    assert added == [
        {
            "indicator": "p0",
            "region": "3524",
            "year": 2024,
            "value": Decimal("12.16"),
            "source": "https://surabaya.tribunnews.com/2024/07/24/",
        }
    ]
    assert str(find(lamongan, year=2025)[0]["value"]) == "12.03"
    load(str(lamongan))  # still valid
    assert "2 added" in result.stderr


def test_json_result_is_the_import_result(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", LAMONGAN_CSV)
    code, doc, _ = import_json(
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "--region",
        "3524",
        "--source-column",
        "source",
    )
    assert code == 0
    assert doc["written"] is True
    assert doc["dry_run"] is False
    assert (doc["added"], doc["unchanged"], doc["replaced"], doc["conflicts"]) == (2, 0, 0, 0)
    assert [c["action"] for c in doc["changes"]] == ["add", "add"]
    first = doc["changes"][0]
    assert first["record"] == "p0 / 3524 / 2024"
    assert first["where"] == f"{src}:2"
    assert first["fields"][0] == {"field": "value", "old": None, "new": Decimal("12.16")}


def test_new_records_go_in_the_files_order(lamongan: Path, tmp_path: Path) -> None:
    # issue 14: by region, indicator, year: 2024 and 2025 go between 2023 and the 2026 target
    # (they went after the series' last record, 2026, before)
    src = write_csv(tmp_path / "p0.csv", LAMONGAN_CSV)
    run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "--region",
        "3524",
        "--source-column",
        "source",
    )
    order = [(r["indicator"], r["year"]) for r in records(lamongan)]
    assert order == [
        ("p0", 2017),
        ("p0", 2020),
        ("p0", 2021),
        ("p0", 2022),
        ("p0", 2023),
        ("p0", 2024),
        ("p0", 2025),
        ("p0", 2026),
        ("poverty_line", 2021),
        ("poverty_line", 2023),
    ]


def test_semiannual_urban_rural_total_then_report_computes_exactly(tmp_path: Path) -> None:
    data = write_json(
        tmp_path / "jatim.json",
        {
            "indicators": [LAMONGAN["indicators"][0]],
            "regions": [{"code": "35", "name": "East Java"}],
            "records": [],
        },
    )
    result = run(
        "import",
        "csv",
        str(FIXTURES / "jatim-semiannual.csv"),
        "--into",
        str(data),
        "--indicator",
        "p0",
        "--region-column",
        "code",
        "--date-column",
        "date",
        "--breakdown-column",
        "area",
        "--total",
        "total",
        "--source-column",
        "source",
    )
    assert result.exit_code == 0, result.stderr
    assert "9 added" in result.stderr
    assert "3 without a figure" in result.stderr
    totals = find(data, year=2022)
    # in the file's order (issue 14): month, then the total before the breakdowns
    assert [(r["month"], r.get("breakdown"), str(r["value"])) for r in totals] == [
        (3, None, "10.38"),
        (3, {"area": "rural"}, "13.53"),
        (3, {"area": "urban"}, "7.50"),
        (9, None, "10.49"),
        (9, {"area": "rural"}, "13.70"),
        (9, {"area": "urban"}, "7.62"),
    ]

    report = run("report", "--data", str(data), "--format", "json")
    assert report.exit_code == 0, report.stderr
    rows = json.loads(report.stdout, parse_float=Decimal)["rows"]
    march_2023 = {
        (r["breakdown"] or {}).get("area", "total"): r
        for r in rows
        if r["year"] == 2023 and r["month"] == 3
    }
    assert march_2023["total"]["previous_value"] == Decimal("10.38")
    assert march_2023["total"]["change"] == Decimal("-0.03")
    assert march_2023["total"]["change_pct"] == Decimal("-0.29")  # -0.289017...
    assert march_2023["urban"]["change"] == Decimal("-0.14")
    assert march_2023["urban"]["change_pct"] == Decimal("-1.87")  # -1.8666...
    assert march_2023["rural"]["change"] == Decimal("-0.02")
    assert march_2023["rural"]["change_pct"] == Decimal("-0.15")  # -0.1478...
    # September is its own series: 2022 has no earlier September to compare with.
    sept = [r for r in rows if r["month"] == 9]
    assert {r["change"] for r in sept} == {None}


def test_year_and_month_columns(empty_lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "m.csv", "Year,month,Value\n2023,3,12.42\n2023,,12.40\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(empty_lamongan),
        "-i",
        "p0",
        "--region",
        "3524",
        "--month-column",
        "month",
        "--source",
        "s",
    )
    assert result.exit_code == 0, result.stderr
    # in the file's order (issue 14): the annual figure before March's
    assert [(r.get("month"), str(r["value"])) for r in records(empty_lamongan)] == [
        (None, "12.40"),
        (3, "12.42"),
    ]


def test_targets_fill_an_existing_record(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "t.csv", "year,target\n2022,13.50\n2026,11.95\n")
    code, doc, err = import_json(
        str(src), "--into", str(lamongan), "-i", "p0", "-r", "3524", "--target-column", "target"
    )
    assert code == 0, err
    assert (doc["filled"], doc["unchanged"]) == (1, 1)
    [rec] = find(lamongan, indicator="p0", year=2022)
    assert rec == {
        "indicator": "p0",
        "region": "3524",
        "year": 2022,
        "value": Decimal("12.53"),
        "target": Decimal("13.50"),
        "source": "s2022",
    }


def test_wide_csv(empty_lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "wide.csv",
        "Kode,Kabupaten/Kota,Satuan,2021,2022,2023\n"
        "3524,Kabupaten Lamongan,Persen,13.86,12.53,NA\n",
    )
    result = run(
        "import",
        "csv",
        str(src),
        "--wide",
        "--into",
        str(empty_lamongan),
        "-i",
        "p0",
        "--region-column",
        "Kode",
        "--source",
        "BPS Lamongan",
    )
    assert result.exit_code == 0, result.stderr
    assert [(r["year"], str(r["value"])) for r in records(empty_lamongan)] == [
        (2021, "13.86"),
        (2022, "12.53"),
    ]
    assert "'Kabupaten/Kota'" in result.stderr  # ignored columns are named
    assert "1 without a figure" in result.stderr


def test_wide_csv_month_headers(empty_lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "w.csv", "region,2022-03,2022-09\n3524,10.38,10.49\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--wide",
        "--into",
        str(empty_lamongan),
        "-i",
        "p0",
        "--region-column",
        "region",
        "--source",
        "s",
    )
    assert result.exit_code == 0, result.stderr
    assert [(r["year"], r["month"]) for r in records(empty_lamongan)] == [(2022, 3), (2022, 9)]


def test_wide_refuses_long_options(empty_lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "w.csv", "region,2022\n3524,10.38\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--wide",
        "--into",
        str(empty_lamongan),
        "-i",
        "p0",
        "--region-column",
        "region",
        "--value-column",
        "2022",
    )
    assert result.exit_code == 2
    assert "--value-column" in result.stderr


def test_region_cell_may_be_the_region_name(empty_lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "n.csv", "region,year,value\nkabupaten lamongan,2023,12.42\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(empty_lamongan),
        "-i",
        "p0",
        "--region-column",
        "region",
        "--source",
        "s",
    )
    assert result.exit_code == 0, result.stderr
    assert records(empty_lamongan)[0]["region"] == "3524"


def test_semicolon_bom_and_decimal_comma(empty_lamongan: Path, tmp_path: Path) -> None:
    src = tmp_path / "excel.csv"
    src.write_bytes("\ufeffyear;value;note\r\n2022;12,53;a\r\n2023;12,50;b\r\n".encode())
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(empty_lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--decimal-comma",
        "--source",
        "s",
    )
    assert result.exit_code == 0, result.stderr
    assert [str(r["value"]) for r in records(empty_lamongan)] == ["12.53", "12.50"]


def test_numbers_keep_their_text_and_tolerate_plain_forms() -> None:
    assert str(cells.number("12.50")) == "12.50"
    assert str(cells.number(" 7 ")) == "7"
    assert str(cells.number("1,234.56")) == "1234.56"
    assert str(cells.number("1,234,567")) == "1234567"
    assert str(cells.number("12,42", decimal_comma=True)) == "12.42"
    assert str(cells.number("1.234,56", decimal_comma=True)) == "1234.56"
    assert str(cells.number("1.234", decimal_comma=True)) == "1234"
    assert str(cells.number("-0.00")) == "0.00"
    for empty in ("", "NA", "na", "N/A", "-", "  "):
        assert cells.number(empty) is None


@pytest.mark.parametrize(
    ("text", "comma", "hint"),
    [
        ("12,42", False, "--decimal-comma"),
        ("1,234", False, "--decimal-comma"),
        ("12.42", True, "leave out --decimal-comma"),
        ("12.42%", False, "% sign"),
        ("1.5E6", False, "in full"),
        ("twelve", False, "plain decimal number"),
        ("0x10", False, "plain decimal number"),
    ],
)
def test_unparsable_numbers_say_how_to_fix(text: str, comma: bool, hint: str) -> None:
    with pytest.raises(CellError) as info:
        cells.number(text, comma)
    assert hint in info.value.hint
    assert repr(text) in info.value.message


def test_dates() -> None:
    assert cells.date("2023-03-01") == (2023, 3)
    assert cells.date("2023-09") == (2023, 9)
    assert cells.date("2023") == (2023, None)
    for bad in ("2023-02-30", "03/01/2023", "2023-13"):
        with pytest.raises(CellError):
            cells.date(bad)


# -- bad inputs ---------------------------------------------------------------------------------


def test_unknown_column_lists_the_columns(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", LAMONGAN_CSV)
    before = lamongan.read_bytes()
    result = run(
        "import", "csv", str(src), "--into", str(lamongan), "-i", "p0", "--region-column", "kode"
    )
    assert result.exit_code == 2
    assert "--region-column 'kode'" in result.stderr
    assert "'region', 'year', 'value', 'source'" in result.stderr
    assert lamongan.read_bytes() == before


def test_unparsable_cells_are_all_reported_with_place(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "bad.csv",
        'region,year,value\n3524,2024,"12,16"\n3524,20x5,12.03\n3524,2026,ok\n',
    )
    before = lamongan.read_bytes()
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "--region-column",
        "region",
        "--source",
        "s",
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{src}:2:3: error [bad-number] value: '12,16' has a comma")
    assert "fix: add --decimal-comma" in lines[1]
    assert lines[2].startswith(f"{src}:3:2: error [bad-year] year: '20x5' is not a year")
    assert lines[4].startswith(f"{src}:4:3: error [bad-number] value: 'ok' is not a number")
    assert "3 problem(s); nothing was imported" in result.stderr
    assert lamongan.read_bytes() == before


def test_rows_with_the_wrong_number_of_cells(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "bad.csv", "year,value\n2024,12,16\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--source",
        "s",
    )
    assert result.exit_code == 1
    assert f"{src}:2:1: error [csv-width]" in result.stderr


def test_empty_required_cell(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "bad.csv", "region,year,value\n,2024,12.16\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "--region-column",
        "region",
        "--source",
        "s",
    )
    assert result.exit_code == 1
    assert f"{src}:2:1: error [empty-cell] region" in result.stderr


def test_option_conflicts_are_usage_errors(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", LAMONGAN_CSV)
    both = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "--indicator-column",
        "x",
        "-r",
        "3524",
    )
    assert both.exit_code == 2
    assert "--indicator or --indicator-column, not both" in both.stderr
    # issue 14: a column 'region' (or 'wilayah', ...) is read by default; without one:
    no_region = write_csv(tmp_path / "no-region.csv", "year,value,source\n2024,12.16,s\n")
    neither = run("import", "csv", str(no_region), "--into", str(lamongan), "-i", "p0")
    assert neither.exit_code == 2
    assert "give --region CODE or --region-column COL" in neither.stderr
    meta = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--unit",
        "percent",
    )
    assert meta.exit_code == 2
    assert "--unit: only used with --create" in meta.stderr


def test_no_year_column(lamongan: Path, tmp_path: Path) -> None:
    # 'tahun' is a default name since issue 14; 'periode' is not
    src = write_csv(tmp_path / "p0.csv", "periode,value\n2024,12.16\n")
    result = run("import", "csv", str(src), "--into", str(lamongan), "-i", "p0", "-r", "3524")
    assert result.exit_code == 2
    assert "--year-column" in result.stderr
    assert "'periode', 'value'" in result.stderr


def test_missing_input_and_same_file(lamongan: Path, tmp_path: Path) -> None:
    missing = run(
        "import",
        "csv",
        str(tmp_path / "nope.csv"),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
    )
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr
    same = run("import", "csv", str(lamongan), "--into", str(lamongan), "-i", "p0", "-r", "3524")
    assert same.exit_code == 2
    assert "is the file being imported" in same.stderr


def test_not_utf8(lamongan: Path, tmp_path: Path) -> None:
    src = tmp_path / "latin1.csv"
    src.write_bytes("year,value,source\n2024,12.16,Badan Pusat Statistik \xe9\n".encode("latin-1"))
    result = run("import", "csv", str(src), "--into", str(lamongan), "-i", "p0", "-r", "3524")
    assert result.exit_code == 1
    assert "is not UTF-8" in result.stderr


def test_value_without_source(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", "year,value\n2024,12.16\n")
    result = run("import", "csv", str(src), "--into", str(lamongan), "-i", "p0", "-r", "3524")
    assert result.exit_code == 2
    assert "1 new figure(s) have no source (first: p0 / 3524 / 2024)" in result.stderr
    assert "--source TEXT or --source-column COL" in result.stderr


def test_invalid_merged_result_is_not_written(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", "year,value\n2024,12.165\n2025,112.03\n")
    before = lamongan.read_bytes()
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--source",
        "s",
    )
    assert result.exit_code == 1
    assert lamongan.read_bytes() == before
    assert f"{src}:2: error [too-many-decimals] (p0 / 3524 / 2024)" in result.stderr
    assert f"{src}:3: error [out-of-range] (p0 / 3524 / 2025)" in result.stderr
    assert "nothing was written" in result.stderr


def test_same_record_twice_in_one_input(lamongan: Path, tmp_path: Path) -> None:
    same = write_csv(tmp_path / "same.csv", "year,value\n2024,12.16\n2024,12.16\n")
    ok = run(
        "import",
        "csv",
        str(same),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--source",
        "s",
    )
    assert ok.exit_code == 0, ok.stderr
    assert len(find(lamongan, year=2024)) == 1
    differ = write_csv(tmp_path / "differ.csv", "year,value\n2027,12.16\n2027,12.61\n")
    bad = run(
        "import",
        "csv",
        str(differ),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--source",
        "s",
    )
    assert bad.exit_code == 1
    assert "p0 / 3524 / 2027 is given twice with different figures" in bad.stderr
    assert f"({differ}:2)" in bad.stderr
    assert f"({differ}:3)" in bad.stderr


# -- merging ------------------------------------------------------------------------------------


def test_importing_twice_is_a_no_op(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", LAMONGAN_CSV)
    args = ("--into", str(lamongan), "-i", "p0", "-r", "3524", "--source-column", "source")
    assert import_json(str(src), *args)[0] == 0
    after_first = lamongan.read_bytes()
    code, doc, _ = import_json(str(src), *args)
    assert code == 0
    assert (doc["added"], doc["unchanged"], doc["written"]) == (0, 2, False)
    assert doc["changes"] == []
    assert lamongan.read_bytes() == after_first


def test_conflict_is_refused_then_replaced(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "typo.csv", "year,value,source\n2023,12.2,s2023\n2024,12.16,s\n")
    before = lamongan.read_bytes()
    args = ("--into", str(lamongan), "-i", "p0", "-r", "3524", "--source-column", "source")

    refused = run("import", "csv", str(src), *args)
    assert refused.exit_code == 1
    assert lamongan.read_bytes() == before
    assert "1 figure(s) in" in refused.stderr
    assert "add --replace" in refused.stderr
    assert f"  p0 / 3524 / 2023: 12.42 -> 12.2 ({src}:2)" in refused.stderr.splitlines()

    dry = run("import", "csv", str(src), *args, "--replace", "--dry-run")
    assert dry.exit_code == 0
    assert lamongan.read_bytes() == before
    plan = dry.stdout.splitlines()
    # the place last, whole: the file's path may hold spaces (TMPDIR="/tmp/a b")
    place = f" ({src}:2)"
    assert plan[0].endswith(place)
    assert plan[0].removesuffix(place).split() == [
        "replace",
        "p0",
        "/",
        "3524",
        "/",
        "2023:",
        "12.42",
        "->",
        "12.2",
    ]
    assert plan[1].startswith("add ")
    assert "nothing was written" in dry.stderr

    replaced = run("import", "csv", str(src), *args, "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert f"replace   p0 / 3524 / 2023: 12.42 -> 12.2 ({src}:2)" in replaced.stderr
    [rec] = find(lamongan, indicator="p0", year=2023)
    assert str(rec["value"]) == "12.2"
    assert str(rec["target"]) == "13.17"  # not given by the import: kept


def test_more_decimals_equal_in_number_are_unchanged(lamongan: Path, tmp_path: Path) -> None:
    # issue 14: figures are compared as numbers (a conflict before): 12.420 equals the stored
    # 12.42, which is kept as it is written, although 12.420 has more decimals than p0 allows
    src = write_csv(tmp_path / "p0.csv", "year,value,source\n2023,12.420,s2023\n")
    code, doc, _ = import_json(
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--source-column",
        "source",
        "--dry-run",
    )
    assert code == 0
    assert (doc["unchanged"], doc["kept_as_stored"], doc["conflicts"]) == (1, 1, 0)
    assert doc["changes"] == []


def test_source_difference_is_a_conflict(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", "year,value\n2023,12.42\n")
    code, doc, err = import_json(
        str(src), "--into", str(lamongan), "-i", "p0", "-r", "3524", "--source", "other"
    )
    assert code == 1
    assert doc["changes"][0]["fields"] == [{"field": "source", "old": "s2023", "new": "other"}]
    assert 'source "s2023" -> "other"' in err


def test_dry_run_json_writes_nothing(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "p0.csv", LAMONGAN_CSV)
    before = lamongan.read_bytes()
    code, doc, _ = import_json(
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "p0",
        "-r",
        "3524",
        "--source-column",
        "source",
        "--dry-run",
    )
    assert code == 0
    assert (doc["dry_run"], doc["written"], doc["added"]) == (True, False, 2)
    assert lamongan.read_bytes() == before


def test_import_into_the_bundled_layout_only_adds_lines(tmp_path: Path) -> None:
    bundled = Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json"
    data = tmp_path / "indicators.json"
    data.write_bytes(bundled.read_bytes())
    src = write_csv(tmp_path / "gini.csv", "year,value\n2024,0.301\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(data),
        "-i",
        "gini",
        "-r",
        "3524",
        "--source",
        "https://example.org/gini-2024",
    )
    assert result.exit_code == 0, result.stderr
    old = bundled.read_text(encoding="utf-8").splitlines()
    new = data.read_text(encoding="utf-8").splitlines()
    assert len(new) == len(old) + 1
    assert [line for line in new if line not in old] == [
        '    {"indicator": "gini", "region": "3524", "year": 2024, "value": 0.301, '
        '"source": "https://example.org/gini-2024"},'
    ]
    # in the file's order (issue 14): between Lamongan's gini 2023 and its 2025 target
    index = new.index(next(line for line in new if line not in old))
    assert new[index - 1].startswith('    {"indicator": "gini", "region": "3524", "year": 2023')
    assert new[index + 1].startswith('    {"indicator": "gini", "region": "3524", "year": 2025')


# -- unknown indicators and regions, --create ---------------------------------------------------


def test_unknown_indicator_and_region_are_listed(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "x.csv", "region,name,year,value\n3578,Kota Surabaya,2023,3.96\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "hcr",
        "--region-column",
        "region",
        "--region-name-column",
        "name",
        "--source",
        "s",
    )
    assert result.exit_code == 1
    assert "add --create with its metadata" in result.stderr
    assert "  - indicator 'hcr' (--name, --unit, --decimals, --direction)" in result.stderr
    assert "  - region '3578' (Kota Surabaya)" in result.stderr


def test_create_needs_the_metadata(lamongan: Path, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "x.csv", "year,value\n2023,3.96\n")
    result = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "hcr",
        "-r",
        "3524",
        "--source",
        "s",
        "--create",
        "--name",
        "Headcount",
    )
    assert result.exit_code == 2
    assert "--unit percent|count" in result.stderr
    assert "--decimals N (the figures have up to 2 decimals)" in result.stderr
    assert "--direction lower|higher|none" in result.stderr
    bad_unit = run(
        "import",
        "csv",
        str(src),
        "--into",
        str(lamongan),
        "-i",
        "hcr",
        "-r",
        "3524",
        "--source",
        "s",
        "--create",
        "--name",
        "H",
        "--unit",
        "persen",
        "--decimals",
        "2",
        "--direction",
        "lower",
    )
    assert bad_unit.exit_code == 2
    assert "--unit 'persen': choose one of percent" in bad_unit.stderr
    assert "did you mean 'percent'?" in bad_unit.stderr


def test_create_starts_a_new_file(tmp_path: Path) -> None:
    data = tmp_path / "new.json"
    src = write_csv(tmp_path / "x.csv", "region,name,year,value\n3578,Kota Surabaya,2023,3.96\n")
    args = [
        "import",
        "csv",
        str(src),
        "--into",
        str(data),
        "-i",
        "p0",
        "--region-column",
        "region",
        "--source",
        "s",
    ]
    refused = run(*args)
    assert refused.exit_code == 1
    assert "does not exist yet" in refused.stderr
    assert not data.exists()
    result = run(
        *args,
        "--region-name-column",
        "name",
        "--create",
        "--name",
        "Poverty rate",
        "--unit",
        "percent",
        "--decimals",
        "2",
        "--direction",
        "lower",
        "--region-parent",
        "35",
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(data.read_text(encoding="utf-8"), parse_float=Decimal)
    assert doc["indicators"] == [
        {"id": "p0", "name": "Poverty rate", "unit": "percent", "decimals": 2, "direction": "lower"}
    ]
    assert doc["regions"] == [{"code": "3578", "name": "Kota Surabaya", "parent": "35"}]
    assert data.read_text(encoding="utf-8") == (
        "{\n"
        '  "indicators": [\n'
        '    {"id": "p0", "name": "Poverty rate", "unit": "percent", "decimals": 2, '
        '"direction": "lower"}\n'
        "  ],\n"
        '  "regions": [\n'
        '    {"code": "3578", "name": "Kota Surabaya", "parent": "35"}\n'
        "  ],\n"
        '  "records": [\n'
        '    {"indicator": "p0", "region": "3578", "year": 2023, "value": 3.96, "source": "s"}\n'
        "  ]\n"
        "}\n"
    )


def test_invalid_data_file_is_not_imported_into(tmp_path: Path) -> None:
    data = tmp_path / "bad.json"
    data.write_text(
        '{"indicators": [], "regions": [], "records": [], "oops": 1}\n', encoding="utf-8"
    )
    src = write_csv(tmp_path / "x.csv", "year,value\n2023,3.96\n")
    result = run("import", "csv", str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert result.exit_code == 1
    assert "[unknown-field]" in result.stderr
    assert "is not valid, so nothing was imported" in result.stderr


def test_help_has_examples() -> None:
    for kind in ("csv", "bps", "opensdg"):
        result = run("import", kind, "--help")
        assert result.exit_code == 0
        assert "Example: povtrack import " + kind in " ".join(result.stdout.split())


def test_a_value_for_a_target_record_keeps_the_target_source(
    lamongan: Path, tmp_path: Path
) -> None:
    """The 2026 record holds a target (source t2026); its value comes from another source."""
    src = write_csv(tmp_path / "v.csv", "year,value,source\n2026,11.90,bps2026\n")
    args = ("--into", str(lamongan), "-i", "p0", "-r", "3524", "--source-column", "source")
    code, doc, err = import_json(str(src), *args)
    assert code == 0, err
    assert (doc["filled"], doc["conflicts"]) == (1, 0)
    [rec] = find(lamongan, indicator="p0", year=2026)
    assert rec["source"] == "value: bps2026 | target: t2026"
    assert str(rec["value"]) == "11.90"
    # the same import again: nothing to do
    code, doc, _ = import_json(str(src), *args)
    assert (code, doc["unchanged"], doc["written"]) == (0, 1, False)
    # another source for the value: a conflict on the value's part only
    other = write_csv(tmp_path / "o.csv", "year,value,source\n2026,11.90,other\n")
    code, doc, _ = import_json(str(other), *args, "--replace")
    assert code == 0
    assert doc["changes"][0]["fields"] == [
        {
            "field": "source",
            "old": "value: bps2026 | target: t2026",
            "new": "value: other | target: t2026",
        }
    ]
