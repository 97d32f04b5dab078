"""`povtrack export opensdg|datapackage`: the files, their columns and exact numbers, the data
package descriptor, and the refusals."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from povtrack.io import exporting
from povtrack.io.exporting import ExportError
from povtrack.io.importing import writer
from povtrack.model.records import Filters

from .conftest import LAMONGAN, run

DATA: dict[str, Any] = {
    "indicators": LAMONGAN["indicators"],
    "regions": [
        {"code": "35", "name": "East Java"},
        {"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"},
    ],
    "records": [
        *LAMONGAN["records"],
        {
            "indicator": "p0",
            "region": "35",
            "year": 2022,
            "month": 3,
            "value": Decimal("10.38"),
            "source": "s",
        },
        {
            "indicator": "p0",
            "region": "35",
            "year": 2022,
            "month": 3,
            "breakdown": {"area": "urban"},
            "value": Decimal("7.50"),
            "source": "s",
        },
    ],
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "d.json"
    path.write_text(writer.dumps(DATA), encoding="utf-8")
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_opensdg_files(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("export", "opensdg", "--data", str(data), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == [
        "indicator_p0.csv",
        "indicator_poverty_line.csv",
    ]
    with (out / "indicator_p0.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["Year", "Month", "area", "GeoCode", "Value"]
    rows = read_csv(out / "indicator_p0.csv")
    assert rows[0] == {"Year": "2017", "Month": "", "area": "", "GeoCode": "3524", "Value": "14.42"}
    assert [r["Year"] for r in rows if r["GeoCode"] == "3524"] == [
        "2017",
        "2020",
        "2021",
        "2022",
        "2023",  # the 2026 target has no value: not written
    ]
    assert rows[-1] == {
        "Year": "2022",
        "Month": "3",
        "area": "urban",
        "GeoCode": "35",
        "Value": "7.50",
    }
    line = read_csv(out / "indicator_poverty_line.csv")
    assert list(line[0]) == ["Year", "GeoCode", "Value"]  # no month, no breakdown
    assert [r["Value"] for r in line] == ["419309", "481969"]
    assert "wrote" in result.stderr


def test_opensdg_filters(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "export",
        "opensdg",
        "--data",
        str(data),
        "--output",
        str(out),
        "--indicator",
        "p0",
        "--region",
        "3524",
        "--from",
        "2021",
    )
    assert result.exit_code == 0, result.stderr
    rows = read_csv(out / "indicator_p0.csv")
    assert [r["Year"] for r in rows] == ["2021", "2022", "2023"]
    assert list(rows[0]) == ["Year", "GeoCode", "Value"]


def test_opensdg_nothing_to_export(data: Path, tmp_path: Path) -> None:
    result = run(
        "export", "opensdg", "--data", str(data), "--output", str(tmp_path / "o"), "--from", "2030"
    )
    assert result.exit_code == 1
    assert "no figures to export" in result.stderr


def test_output_folder(data: Path, tmp_path: Path) -> None:
    file = tmp_path / "file.txt"
    file.write_text("x", encoding="utf-8")
    assert run("export", "opensdg", "--data", str(data), "--output", str(file)).exit_code == 2
    deep = tmp_path / "a" / "b"
    result = run("export", "opensdg", "--data", str(data), "--output", str(deep))
    assert result.exit_code == 2
    assert "parent folder" in result.stderr


def test_dimension_named_like_a_column_is_refused() -> None:
    doc = {
        **DATA,
        "records": [
            {
                "indicator": "p0",
                "region": "35",
                "year": 2022,
                "breakdown": {"value": "x"},
                "value": Decimal(1),
                "source": "s",
            }
        ],
    }
    dataset, _ = load_text(doc)
    with pytest.raises(ExportError, match="'value' has the name of an Open SDG column"):
        exporting.opensdg_tables(dataset, Filters())


def test_file_names_are_safe() -> None:
    assert exporting.file_name("p0") == "indicator_p0.csv"
    assert exporting.file_name("../etc/x y") == "indicator_.._etc_x_y.csv"


def load_text(doc: dict[str, Any]) -> Any:
    from povtrack.io.loader import validate_bytes

    dataset, report = validate_bytes(writer.dumps(doc).encode(), "t.json")
    assert dataset is not None, report
    return dataset, report


def test_datapackage(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    result = run(
        "export",
        "datapackage",
        "--data",
        str(data),
        "--output",
        str(out),
        "--name",
        "lamongan-poverty",
        "--title",
        "Poverty in Lamongan",
    )
    assert result.exit_code == 0, result.stderr
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "lamongan-poverty"
    assert package["title"] == "Poverty in Lamongan"
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == ["indicators", "regions", "records", "plans", "gaps"]
    for name, resource in resources.items():
        assert resource["path"] == f"{name}.csv"
        assert resource["profile"] == "tabular-data-resource"
        assert resource["format"] == "csv"
        assert resource["encoding"] == "utf-8"
        with (out / resource["path"]).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert [field["name"] for field in resource["schema"]["fields"]] == header
    fields = {f["name"]: f for f in resources["records"]["schema"]["fields"]}
    assert {n: f["type"] for n, f in fields.items()} == {
        "indicator": "string",
        "region": "string",
        "year": "integer",
        "month": "integer",
        "breakdown": "string",
        "value": "number",
        "target": "number",
        "plan": "string",
        "source": "string",
        "note": "string",
    }
    assert fields["value"]["decimalChar"] == "."
    assert fields["year"]["constraints"] == {"required": True, "minimum": 1900, "maximum": 2100}
    assert fields["month"]["constraints"] == {"minimum": 1, "maximum": 12}
    assert resources["indicators"]["schema"]["primaryKey"] == ["id"]
    assert resources["records"]["schema"]["foreignKeys"] == [
        {"fields": ["indicator"], "reference": {"resource": "indicators", "fields": ["id"]}},
        {"fields": ["region"], "reference": {"resource": "regions", "fields": ["code"]}},
        {"fields": ["plan"], "reference": {"resource": "plans", "fields": ["id"]}},
    ]
    unit = {f["name"]: f for f in resources["indicators"]["schema"]["fields"]}["unit"]
    assert "percent" in unit["constraints"]["enum"]

    rows = read_csv(out / "records.csv")
    assert len(rows) == len(DATA["records"])
    assert rows[4] == {
        "indicator": "p0",
        "region": "3524",
        "year": "2023",
        "month": "",
        "breakdown": "",
        "value": "12.42",
        "target": "13.17",
        "plan": "",
        "source": "s2023",
        "note": "",
    }
    assert rows[-1]["breakdown"] == "area=urban"
    assert rows[-1]["value"] == "7.50"
    assert rows[-1]["month"] == "3"
    regions = read_csv(out / "regions.csv")
    assert regions[1] == {
        "code": "3524",
        "name": "Kabupaten Lamongan",
        "parent": "35",
        "name_id": "",
    }
    with (out / "records.csv").open("rb") as f:
        assert f.readline().endswith(b"\r\n")


def test_datapackage_bad_name(data: Path, tmp_path: Path) -> None:
    result = run(
        "export",
        "datapackage",
        "--data",
        str(data),
        "--output",
        str(tmp_path / "p"),
        "--name",
        "Not Valid",
    )
    assert result.exit_code == 2
    assert "--name 'Not Valid'" in result.stderr
    assert not (tmp_path / "p").exists()


def test_help_has_examples() -> None:
    for kind in ("opensdg", "datapackage"):
        result = run("export", kind, "--help")
        assert result.exit_code == 0
        assert "Example: povtrack export " + kind in " ".join(result.stdout.split())


def test_datapackage_checks_every_path_before_writing(tmp_path: Path) -> None:
    """When one output file cannot be written (here: it would overwrite the data file being
    read), nothing is written: no half package."""
    out = tmp_path / "pkg"
    out.mkdir()
    data = out / "records.csv"
    data.write_text(json.dumps(LAMONGAN), encoding="utf-8")
    result = run("export", "datapackage", "--data", str(data), "--output", str(out))
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["records.csv"]


def test_a_breakdown_dimension_that_looks_like_a_formula_is_neutralised_in_the_header(
    tmp_path: Path,
) -> None:
    """Open SDG's header names the breakdown dimensions, which come from the data: a name that
    a spreadsheet would run as a formula gets a leading ' like every text cell (issue 18)."""
    records = [*DATA["records"][:-1], dict(DATA["records"][-1])]
    records[-1]["breakdown"] = {"=HYPERLINK(1)": "urban", "@sum": "x", "area": "=1+1"}
    path = tmp_path / "d.json"
    path.write_text(writer.dumps({**DATA, "records": records}), encoding="utf-8")
    result = run("export", "opensdg", "--data", str(path), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    with (tmp_path / "out" / "indicator_p0.csv").open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert "'=HYPERLINK(1)" in header and "'@sum" in header and "area" in header
    assert not [name for name in header if name[:1] in "=+-@"]
    assert "'=1+1" in [cell for row in rows for cell in row]


def test_datapackage_carries_plans_and_gaps(tmp_path: Path) -> None:
    doc: dict[str, Any] = json.loads(json.dumps(LAMONGAN))
    doc["plans"] = [
        {
            "id": "rpjmd-3524",
            "name": "RPJMD Lamongan 2021–2026",
            "region": "3524",
            "start": 2021,
            "end": 2026,
            "base_year": 2020,
        }
    ]
    doc["gaps"] = [
        {"indicator": "p0", "region": "3524", "years": [2015, 2016], "reason": "not_found"}
    ]
    target = next(r for r in doc["records"] if r.get("target") is not None)
    target["plan"] = "rpjmd-3524"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "pkg"
    result = run("export", "datapackage", "--data", str(path), "--output", str(out))
    assert result.exit_code == 0, result.stderr

    def rows(name: str) -> list[dict[str, str]]:
        with (out / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    [plan] = rows("plans.csv")
    assert (plan["id"], plan["start"], plan["end"], plan["base_year"]) == (
        "rpjmd-3524",
        "2021",
        "2026",
        "2020",
    )
    [gap] = rows("gaps.csv")
    assert (gap["region"], gap["years"], gap["reason"]) == ("3524", "2015;2016", "not_found")
    planned = [r for r in rows("records.csv") if r["plan"]]
    assert [r["plan"] for r in planned] == ["rpjmd-3524"]
