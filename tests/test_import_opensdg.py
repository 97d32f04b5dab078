"""`povtrack import opensdg`: the Open SDG CSV layout, and the round trip export -> import that
must give back the same records."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from povtrack.io.importing import writer
from povtrack.io.loader import load

from .conftest import LAMONGAN, run, write_json

SOURCE = "BPS, Susenas"

#: Annual and semi-annual series, totals and breakdowns, a target, all from one source.
MIXED: dict[str, Any] = {
    "indicators": LAMONGAN["indicators"],
    "regions": [
        {"code": "35", "name": "East Java"},
        {"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"},
    ],
    "records": [
        {
            "indicator": "p0",
            "region": "3524",
            "year": 2022,
            "value": Decimal("12.53"),
            "source": SOURCE,
        },
        {
            "indicator": "p0",
            "region": "3524",
            "year": 2023,
            "value": Decimal("12.42"),
            "target": Decimal("13.17"),
            "source": SOURCE,
        },
        {
            "indicator": "p0",
            "region": "35",
            "year": 2022,
            "month": 3,
            "value": Decimal("10.38"),
            "source": SOURCE,
        },
        {
            "indicator": "p0",
            "region": "35",
            "year": 2022,
            "month": 9,
            "value": Decimal("10.49"),
            "source": SOURCE,
        },
        {
            "indicator": "p0",
            "region": "35",
            "year": 2022,
            "month": 3,
            "breakdown": {"area": "urban"},
            "value": Decimal("7.50"),
            "source": SOURCE,
        },
        {
            "indicator": "p0",
            "region": "35",
            "year": 2022,
            "month": 3,
            "breakdown": {"area": "rural", "sex": "female"},
            "value": Decimal("13.60"),
            "source": SOURCE,
        },
        {
            "indicator": "poverty_line",
            "region": "3524",
            "year": 2023,
            "value": Decimal("481969"),
            "source": SOURCE,
        },
    ],
}


def records_of(path: Path) -> list[dict[str, Any]]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return list(doc["records"])


def write_doc(path: Path, doc: dict[str, Any]) -> Path:
    """Written as povtrack writes data files: numbers with their exact text (7.50)."""
    path.write_text(writer.dumps(doc), encoding="utf-8")
    return path


def test_open_sdg_csv(tmp_path: Path) -> None:
    data = write_doc(tmp_path / "d.json", {**MIXED, "records": []})
    src = tmp_path / "indicator_1-2-1.csv"
    src.write_text(
        "Year,Units,Series,Location,GeoCode,Value\n"
        "2022,Percent,Poverty,,,10.38\n"
        "2022,Percent,Poverty,Urban,,7.50\n"
        "2023,Percent,Poverty,,3524,12.42\n"
        "2023,Percent,Poverty,,35,\n",
        encoding="utf-8",
    )
    result = run(
        "import",
        "opensdg",
        str(src),
        "--into",
        str(data),
        "--indicator",
        "p0",
        "--region",
        "35",
        "--source",
        SOURCE,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["added"], out["skipped"], out["kind"]) == (3, 1, "opensdg")
    got = [(r["region"], r["year"], r.get("breakdown"), str(r["value"])) for r in records_of(data)]
    assert got == [
        ("35", 2022, {"Units": "Percent", "Series": "Poverty"}, "10.38"),
        ("35", 2022, {"Units": "Percent", "Series": "Poverty", "Location": "Urban"}, "7.50"),
        ("3524", 2023, {"Units": "Percent", "Series": "Poverty"}, "12.42"),
    ]


def test_layout_errors(tmp_path: Path) -> None:
    data = write_doc(tmp_path / "d.json", MIXED)
    bad = tmp_path / "bad.csv"
    for header, reason in [
        ("Value,Year\n1,2022\n", "the first column must be Year"),
        ("Year,Value,GeoCode\n2022,1,35\n", "the last column must be Value"),
        ("Year,GeoCode,Sex,Value\n2022,35,f,1\n", "GeoCode must come just before Value"),
    ]:
        bad.write_text(header, encoding="utf-8")
        result = run("import", "opensdg", str(bad), "--into", str(data), "-i", "p0")
        assert result.exit_code == 1
        assert f"is not an Open SDG indicator CSV: {reason}" in result.stderr


def test_rows_without_region_and_bad_cells(tmp_path: Path) -> None:
    data = write_doc(tmp_path / "d.json", MIXED)
    before = data.read_bytes()
    src = tmp_path / "x.csv"
    src.write_text("Year,GeoCode,Value\n2022,,1\n20xx,35,1\n2022,35,1%\n", encoding="utf-8")
    result = run("import", "opensdg", str(src), "--into", str(data), "-i", "p0", "--source", "s")
    assert result.exit_code == 1
    assert f"{src}:2:2: error [empty-cell] GeoCode: the row has no GeoCode" in result.stderr
    assert f"{src}:3:1: error [bad-year] Year" in result.stderr
    assert f"{src}:4:3: error [bad-number] Value" in result.stderr
    assert data.read_bytes() == before


def export(data: Path, folder: Path) -> list[Path]:
    result = run("export", "opensdg", "--data", str(data), "--output", str(folder))
    assert result.exit_code == 0, result.stderr
    return sorted(folder.glob("indicator_*.csv"))


def test_round_trip_into_the_same_file_changes_nothing(tmp_path: Path) -> None:
    data = write_doc(tmp_path / "d.json", MIXED)
    before = data.read_bytes()
    for csv_file in export(data, tmp_path / "out"):
        indicator = csv_file.stem.removeprefix("indicator_")
        result = run(
            "import",
            "opensdg",
            str(csv_file),
            "--into",
            str(data),
            "-i",
            indicator,
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.stderr
        out = json.loads(result.stdout)
        assert (out["added"], out["filled"], out["replaced"], out["written"]) == (0, 0, 0, False)
    assert data.read_bytes() == before


def test_round_trip_with_a_new_source_changes_nothing(tmp_path: Path) -> None:
    """Open SDG files carry no source: --source names the source of new figures, and a figure
    already there keeps its own (it was reported as a conflict, issue 18)."""
    data = write_doc(tmp_path / "d.json", MIXED)
    before = data.read_bytes()
    for csv_file in export(data, tmp_path / "out"):
        indicator = csv_file.stem.removeprefix("indicator_")
        result = run("import", "opensdg", str(csv_file), "--into", str(data), "-i", indicator,
                     "--source", "NEW", "--format", "json")  # fmt: skip
        assert result.exit_code == 0, result.stderr
        out = json.loads(result.stdout)
        assert out["conflicts"] == 0
        assert (out["added"], out["filled"], out["replaced"], out["written"]) == (0, 0, 0, False)
        assert out["unchanged"] > 0
    assert data.read_bytes() == before


def test_a_changed_figure_still_takes_the_new_source(tmp_path: Path) -> None:
    data = write_doc(tmp_path / "d.json", MIXED)
    [first, *_] = export(data, tmp_path / "out")
    lines = first.read_text(encoding="utf-8").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    row[-1] = str(Decimal(row[-1]) + 1)
    first.write_text(",".join(header) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    indicator = first.stem.removeprefix("indicator_")
    result = run("import", "opensdg", str(first), "--into", str(data), "-i", indicator,
                 "--source", "NEW", "--format", "json", "--dry-run")  # fmt: skip
    assert result.exit_code == 1
    [change] = json.loads(result.stdout, parse_float=Decimal)["changes"]
    assert {f["field"] for f in change["fields"]} == {"value", "source"}


def test_round_trip_into_an_empty_file_gives_back_the_records(tmp_path: Path) -> None:
    original = write_doc(tmp_path / "d.json", MIXED)
    target = write_doc(tmp_path / "empty.json", {**MIXED, "records": []})
    files = export(original, tmp_path / "out")
    assert [f.name for f in files] == ["indicator_p0.csv", "indicator_poverty_line.csv"]
    for csv_file in files:
        indicator = csv_file.stem.removeprefix("indicator_")
        result = run(
            "import",
            "opensdg",
            str(csv_file),
            "--into",
            str(target),
            "-i",
            indicator,
            "--source",
            SOURCE,
        )
        assert result.exit_code == 0, result.stderr
    # Open SDG data has no targets: the values come back exactly, in the file's order (by
    # region as the file lists them, then year and month: issue 14), not in MIXED's.
    expected = [{k: v for k, v in r.items() if k != "target"} for r in MIXED["records"]]
    regions = [r["code"] for r in MIXED["regions"]]
    indicators = [i["id"] for i in MIXED["indicators"]]
    expected.sort(
        key=lambda r: (
            regions.index(r["region"]),
            indicators.index(r["indicator"]),
            r["year"],
            r.get("month") or 0,
            len(r.get("breakdown") or {}),
            sorted((r.get("breakdown") or {}).items()),
        )
    )
    assert records_of(target) == expected
    # exact texts (Decimal("7.5") == Decimal("7.50"), so the comparison above would not see it)
    assert [str(r["value"]) for r in records_of(target)] == [str(r["value"]) for r in expected]
    assert "7.50" in [str(r["value"]) for r in expected]
    load(str(target))


def test_round_trip_with_create_into_a_new_file(tmp_path: Path) -> None:
    original = write_json(
        tmp_path / "d.json",
        {
            "indicators": [LAMONGAN["indicators"][1]],
            "regions": [{"code": "3524", "name": "Kabupaten Lamongan"}],
            "records": [r for r in LAMONGAN["records"] if r["indicator"] == "poverty_line"],
        },
    )
    [csv_file] = export(original, tmp_path / "out")
    target = tmp_path / "new.json"
    src_records = [r for r in LAMONGAN["records"] if r["indicator"] == "poverty_line"]
    for rec in src_records:  # one source per record: import each year's row with its source
        one = tmp_path / f"one-{rec['year']}.csv"
        lines = csv_file.read_text(encoding="utf-8").splitlines()
        one.write_text(
            "\n".join([lines[0], *[x for x in lines[1:] if x.startswith(str(rec["year"]))]]) + "\n",
            encoding="utf-8",
        )
        result = run(
            "import",
            "opensdg",
            str(one),
            "--into",
            str(target),
            "-i",
            "poverty_line",
            "--source",
            rec["source"],
            "--create",
            "--name",
            "Poverty line",
            "--unit",
            "rupiah",
            "--decimals",
            "0",
            "--direction",
            "none",
            "--region-name",
            "Kabupaten Lamongan",
        )
        assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        original.read_text(encoding="utf-8")
    )
