"""`povtrack import bps`: the real Pinrang response, a semi-annual urban/rural/total table, and
the responses that must be refused (ambiguous keys, errors, no data)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from povtrack.io.importing import bps
from povtrack.io.loader import load

from .conftest import LAMONGAN, run, write_json

FIXTURES = Path(__file__).parent / "fixtures"
PINRANG = FIXTURES / "dynamic-table-population-pinrang.json"
SEMIANNUAL = FIXTURES / "bps-poverty-semiannual.json"
AMBIGUOUS = FIXTURES / "bps-ambiguous-key.json"


def data_of(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return doc


def test_real_pinrang_response(tmp_path: Path) -> None:
    data = tmp_path / "pinrang.json"
    before = PINRANG.read_bytes()
    result = run(
        "import",
        "bps",
        str(PINRANG),
        "--into",
        str(data),
        "--indicator",
        "population",
        "--create",
        "--name",
        "Population",
        "--unit",
        "count",
        "--decimals",
        "0",
        "--direction",
        "none",
    )
    assert result.exit_code == 0, result.stderr
    assert PINRANG.read_bytes() == before  # the response is only read
    doc = data_of(data)
    assert doc["indicators"] == [
        {
            "id": "population",
            "name": "Population",
            "unit": "count",
            "decimals": 0,
            "direction": "none",
        }
    ]
    assert doc["regions"] == [{"code": "7315", "name": "Pinrang"}]
    assert [
        (r["region"], r["year"], r.get("month"), r.get("breakdown"), r["value"])
        for r in doc["records"]
    ] == [
        ("7315", 1999, None, None, 308669),
        ("7315", 2000, None, None, 311595),
        ("7315", 2001, None, None, 312473),
    ]
    assert {r["source"] for r in doc["records"]} == {
        "BPS WebAPI dynamic table, var 31 (Jumlah Penduduk)"
    }
    dataset, _ = load(str(data))
    assert len(dataset.records) == 3


def test_create_takes_name_unit_and_decimals_from_the_variable(tmp_path: Path) -> None:
    data = tmp_path / "pinrang.json"
    result = run(
        "import",
        "bps",
        str(PINRANG),
        "--into",
        str(data),
        "-i",
        "population",
        "--create",
        "--direction",
        "none",
        "--decimals",
        "0",
    )
    assert result.exit_code == 0, result.stderr
    assert data_of(data)["indicators"][0] == {
        "id": "population",
        "name": "Jumlah Penduduk",
        "unit": "count",
        "decimals": 0,
        "direction": "none",
    }


def test_unknown_indicator_without_create(tmp_path: Path) -> None:
    data = write_json(tmp_path / "d.json", LAMONGAN)
    result = run("import", "bps", str(PINRANG), "--into", str(data), "-i", "population")
    assert result.exit_code == 1
    assert "  - indicator 'population'" in result.stderr
    assert "  - region '7315' (Pinrang)" in result.stderr


def test_semiannual_urban_rural_total(tmp_path: Path) -> None:
    data = tmp_path / "jatim.json"
    result = run(
        "import",
        "bps",
        str(SEMIANNUAL),
        "--into",
        str(data),
        "-i",
        "p0",
        "--dimension",
        "area",
        "--total",
        "Perkotaan+Perdesaan",
        "--create",
        "--direction",
        "lower",
        "--name-id",
        "Persentase penduduk miskin",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout, parse_float=Decimal)
    assert (out["added"], out["created_indicators"], out["created_regions"]) == (9, ["p0"], ["35"])
    doc = data_of(data)
    assert doc["indicators"][0] == {
        "id": "p0",
        "name": "Persentase Penduduk Miskin",
        "unit": "percent",
        "decimals": 2,
        "direction": "lower",
        "name_id": "Persentase penduduk miskin",
    }
    assert doc["regions"] == [{"code": "35", "name": "Jawa Timur"}]  # <b>…</b> removed
    got = {
        (r["year"], r["month"], (r.get("breakdown") or {}).get("area", "total")): str(r["value"])
        for r in doc["records"]
    }
    assert got == {
        (2022, 3, "Perkotaan"): "7.50",  # 7.5 in the response, "decimal": 2
        (2022, 3, "Perdesaan"): "13.53",
        (2022, 3, "total"): "10.38",
        (2022, 9, "Perkotaan"): "7.62",
        (2022, 9, "Perdesaan"): "13.70",
        (2022, 9, "total"): "10.49",
        (2023, 3, "Perkotaan"): "7.36",
        (2023, 3, "Perdesaan"): "13.51",
        (2023, 3, "total"): "10.35",
    }
    # Then report computes the changes exactly, per month and area.
    report = run("report", "--data", str(data), "--format", "json")
    rows = json.loads(report.stdout, parse_float=Decimal)["rows"]
    urban = [r for r in rows if r["breakdown"] == {"area": "Perkotaan"} and r["month"] == 3]
    assert [(r["year"], r["change"], r["change_pct"]) for r in urban] == [
        (2022, None, None),
        (2023, Decimal("-0.14"), Decimal("-1.87")),
    ]


def test_without_total_label_the_total_is_a_category(tmp_path: Path) -> None:
    data = tmp_path / "jatim.json"
    result = run(
        "import",
        "bps",
        str(SEMIANNUAL),
        "--into",
        str(data),
        "-i",
        "p0",
        "--create",
        "--direction",
        "lower",
    )
    assert result.exit_code == 0, result.stderr
    categories = {r["breakdown"]["category"] for r in data_of(data)["records"]}
    assert categories == {"Perkotaan", "Perdesaan", "Perkotaan+Perdesaan"}


def test_same_response_twice_is_a_no_op(tmp_path: Path) -> None:
    data = tmp_path / "pinrang.json"
    args = (
        "import",
        "bps",
        str(PINRANG),
        "--into",
        str(data),
        "-i",
        "population",
        "--create",
        "--direction",
        "none",
        "--decimals",
        "0",
    )
    assert run(*args).exit_code == 0
    first = data.read_bytes()
    again = run(*args)
    assert again.exit_code == 0
    assert "0 added, 3 unchanged, 0 replaced" in again.stderr
    assert data.read_bytes() == first


def test_ambiguous_key_names_both_combinations(tmp_path: Path) -> None:
    data = write_json(tmp_path / "d.json", LAMONGAN)
    before = data.read_bytes()
    result = run("import", "bps", str(AMBIGUOUS), "--into", str(data), "-i", "p0")
    assert result.exit_code == 1
    assert data.read_bytes() == before
    assert f"{AMBIGUOUS}: error [ambiguous-key] datacontent.3524111230:" in result.stderr
    assert (
        "vervar 3524 (Lamongan), var 1 (Persentase Penduduk Miskin), turvar 1 (Kategori A), "
        "tahun 123 (2023), turtahun 0 (Tahun)" in result.stderr
    )
    assert (
        "vervar 3524 (Lamongan), var 1 (Persentase Penduduk Miskin), turvar 11 (Kategori B), "
        "tahun 23 (1923), turtahun 0 (Tahun)" in result.stderr
    )
    assert "without guessing" in result.stderr


def response(tmp_path: Path, doc: Any) -> Path:
    return write_json(tmp_path / "response.json", doc)


def test_error_response_shows_the_message(tmp_path: Path) -> None:
    data = write_json(tmp_path / "d.json", LAMONGAN)
    src = response(tmp_path, {"status": "Error", "message": "Invalid key"})
    result = run("import", "bps", str(src), "--into", str(data), "-i", "p0")
    assert result.exit_code == 1
    assert "the WebAPI answered with an error: Invalid key" in result.stderr


def test_not_available(tmp_path: Path) -> None:
    data = write_json(tmp_path / "d.json", LAMONGAN)
    src = response(tmp_path, {"status": "OK", "data-availability": "not-available", "data": ""})
    result = run("import", "bps", str(src), "--into", str(data), "-i", "p0")
    assert result.exit_code == 1
    assert "the response has no data (data-availability: not-available)" in result.stderr


def test_not_json_and_not_a_response(tmp_path: Path) -> None:
    data = write_json(tmp_path / "d.json", LAMONGAN)
    broken = tmp_path / "broken.json"
    broken.write_text('{"status": "OK",\n  "var": [}', encoding="utf-8")
    result = run("import", "bps", str(broken), "--into", str(data), "-i", "p0")
    assert result.exit_code == 1
    assert "is not valid JSON" in result.stderr
    assert "line 2" in result.stderr
    other = response(tmp_path, pinrang_with(var=[]))
    result = run("import", "bps", str(other), "--into", str(data), "-i", "p0")
    assert result.exit_code == 1
    assert (
        "is not a BPS WebAPI dynamic-table response: its 'var' list is missing or empty"
        in result.stderr
    )


def pinrang_with(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(PINRANG.read_text(encoding="utf-8"))
    doc.update(changes)
    return doc


def test_several_variables_need_var(tmp_path: Path) -> None:
    data = tmp_path / "d.json"
    var = [{"val": 31, "label": "Jumlah Penduduk"}, {"val": 32, "label": "Kepadatan"}]
    src = response(tmp_path, pinrang_with(var=var))
    args = (
        "import",
        "bps",
        str(src),
        "--into",
        str(data),
        "-i",
        "population",
        "--create",
        "--direction",
        "none",
        "--decimals",
        "0",
        "--unit",
        "count",
    )
    result = run(*args)
    assert result.exit_code == 2
    assert "choose one with --var VAL: var 31 (Jumlah Penduduk), var 32 (Kepadatan)" in (
        result.stderr
    )
    assert run(*args, "--var", "33").exit_code == 2
    chosen = run(*args, "--var", "31")
    assert chosen.exit_code == 0, chosen.stderr
    assert len(data_of(data)["records"]) == 3


def test_unknown_period(tmp_path: Path) -> None:
    data = tmp_path / "d.json"
    src = response(
        tmp_path,
        pinrang_with(
            turtahun=[{"val": 0, "label": "Tahun"}, {"val": 63, "label": "Triwulan"}],
            datacontent={"73153109963": 1},
        ),
    )
    result = run(
        "import",
        "bps",
        str(src),
        "--into",
        str(data),
        "-i",
        "population",
        "--create",
        "--direction",
        "none",
        "--decimals",
        "0",
    )
    assert result.exit_code == 1
    assert "turtahun 63 ('Triwulan') is not a period povtrack knows" in result.stderr


def test_region_renames_a_table_local_id(tmp_path: Path) -> None:
    data = write_json(
        tmp_path / "d.json",
        {
            **LAMONGAN,
            "indicators": [
                *LAMONGAN["indicators"],
                {
                    "id": "population",
                    "name": "Population",
                    "unit": "count",
                    "decimals": 0,
                    "direction": "none",
                },
            ],
        },
    )
    result = run(
        "import", "bps", str(PINRANG), "--into", str(data), "-i", "population", "--region", "3524"
    )
    assert result.exit_code == 0, result.stderr
    assert {r["region"] for r in data_of(data)["records"] if r["indicator"] == "population"} == {
        "3524"
    }


def test_null_and_unmatched_values(tmp_path: Path) -> None:
    data = tmp_path / "d.json"
    src = response(
        tmp_path,
        pinrang_with(
            datacontent={"7315310990": 308669, "73153101000": None, "999": 1},
        ),
    )
    result = run(
        "import",
        "bps",
        str(src),
        "--into",
        str(data),
        "-i",
        "population",
        "--create",
        "--direction",
        "none",
        "--decimals",
        "0",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["added"], out["skipped"]) == (1, 1)
    assert "1 value(s) in datacontent match no combination" in result.stderr


@pytest.mark.parametrize(
    ("label", "clean"),
    [("<b>Jawa Timur</b>", "Jawa Timur"), ("  Kab.&nbsp;Lamongan ", "Kab. Lamongan"), ("", "")],
)
def test_clean_label(label: str, clean: str) -> None:
    assert bps.clean_label(label) == clean


def test_large_mostly_empty_response_is_read_from_its_data(tmp_path: Path) -> None:
    """4000 regions x 400 categories x 13 years, three figures: the work follows datacontent,
    not the 20.8 million combinations of the lists (79 s and 3.4 GB before, issue 18)."""
    response = {
        "status": "OK",
        "data-availability": "available",
        "var": [{"val": 1, "label": "Persentase Penduduk Miskin", "unit": "Persen", "decimal": 2}],
        "turvar": [{"val": 0, "label": "Tidak Ada"}]
        + [{"val": 1000 + i, "label": f"K{i}"} for i in range(399)],
        "labelvervar": "Kabupaten/Kota",
        "vervar": [{"val": 350000 + i, "label": f"R{i}"} for i in range(4000)],
        "tahun": [{"val": 110 + i, "label": str(2010 + i)} for i in range(13)],
        "turtahun": [{"val": 0, "label": "Tahun"}],
        "datacontent": {
            "350001" + "1" + "0" + "120" + "0": 10.25,
            "353999" + "1" + "0" + "122" + "0": 9.5,
            "350002" + "1" + "1398" + "115" + "0": 4.75,
            "999999999": 1,
        },
    }
    src = write_json(tmp_path / "large.json", response)
    into = tmp_path / "d.json"
    result = run("import", "bps", str(src), "--into", str(into), "-i", "p0", "--create",
                 "--name", "P0", "--unit", "percent", "--decimals", "2", "--direction",
                 "lower", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 3
    records = data_of(into)["records"]
    assert [(r["region"], r["year"], r.get("breakdown"), r["value"]) for r in records] == [
        ("350001", 2020, None, Decimal("10.25")),
        ("350002", 2015, {"category": "K398"}, Decimal("4.75")),
        ("353999", 2022, None, Decimal("9.50")),
    ]
    assert "1 value(s) in datacontent match no combination" in result.stderr
