"""`povtrack coverage`: the matrix of regions × years per indicator and month, in every format
(JSON, CSV and Markdown parsed, the terminal table read back), with its counts; recorded gaps
with their reasons; filters; Indonesian; the empty selection; exit codes; the bundled data
(expected figures computed from the file itself)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Final

import pytest

from povtrack.model.records import GAP_REASONS
from povtrack.render import cell_width
from povtrack.render.coverage import SYMBOLS

from .conftest import run, write_json

BUNDLED: Final = Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json"

DOC: Final[dict[str, Any]] = {
    "indicators": [
        {"id": "p0", "name": "Poverty rate (P0)", "unit": "percent", "decimals": 2,
         "direction": "lower", "name_id": "Persentase penduduk miskin (P0)"},
        {"id": "poverty_line", "name": "Poverty line", "unit": "rupiah", "decimals": 0,
         "direction": "none"},
    ],
    "regions": [
        {"code": "0000", "name": "Indonesia"},
        {"code": "35", "name": "East Java", "parent": "0000", "name_id": "Jawa Timur"},
        {"code": "3501", "name": "Kabupaten Pacitan", "parent": "35"},
        {"code": "3502", "name": "Kabupaten Ponorogo", "parent": "35"},
        {"code": "3503", "name": "Kabupaten Trenggalek", "parent": "35"},
    ],
    "records": [
        {"indicator": "p0", "region": "3501", "year": 2019, "value": 15.1, "source": "s"},
        {"indicator": "p0", "region": "3501", "year": 2020, "value": 15.0, "source": "s"},
        {"indicator": "p0", "region": "3501", "year": 2022, "value": 14.5, "target": 14.0,
         "source": "s"},
        {"indicator": "p0", "region": "3501", "year": 2023, "target": 13.5, "source": "plan"},
        {"indicator": "p0", "region": "3501", "year": 2021, "breakdown": {"area": "urban"},
         "value": 9.5, "source": "s"},
        {"indicator": "p0", "region": "3502", "year": 2022, "value": 10.1, "source": "s"},
        {"indicator": "p0", "region": "3502", "year": 2023, "value": 9.9, "source": "s"},
        {"indicator": "p0", "region": "35", "year": 2020, "month": 3, "value": 11.09,
         "source": "s"},
        {"indicator": "p0", "region": "35", "year": 2021, "month": 3, "value": 11.4,
         "source": "s"},
        {"indicator": "p0", "region": "35", "year": 2020, "month": 9, "value": 11.46,
         "source": "s"},
        {"indicator": "poverty_line", "region": "3501", "year": 2020, "value": 400000,
         "source": "s"},
    ],
    "gaps": [
        {"indicator": "p0", "region": "3502", "years": [2020, 2021], "reason": "not_found",
         "note": "no table found"},
        {"indicator": "p0", "region": "3501", "years": [2021], "reason": "methodology_break"},
        {"indicator": "p0", "region": "35", "years": [2019], "month": 3,
         "reason": "not_published"},
    ],
}  # fmt: skip

#: The p0 annual matrix of DOC, a symbol per year 2019–2023 (● figure, ○ target only, gaps by
#: reason, · missing).
P0_ANNUAL: Final = {"3501": "●●≠●○", "3502": "·??●●"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_json(tmp_path / "d.json", DOC)


def coverage_json(path: Path, *args: str) -> dict[str, Any]:
    result = run("coverage", "--data", str(path), "--format", "json", "-q", *args)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def symbols(matrix: dict[str, Any]) -> dict[str, str]:
    """Region -> its cells as symbols, from the JSON."""
    return {
        row["region"]: "".join(
            SYMBOLS[cell["reason"] if cell["status"] == "gap" else cell["status"]]
            for cell in row["cells"]
        )
        for row in matrix["rows"]
    }


def matrix_of(doc: dict[str, Any], indicator: str, month: int | None) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        m for m in doc["matrices"] if (m["indicator"], m["month"]) == (indicator, month)
    ]
    assert len(found) == 1
    return found[0]


# -- the result ---------------------------------------------------------------------------------


def test_json_matrices_cells_and_counts(data: Path) -> None:
    doc = coverage_json(data)
    assert [(m["indicator"], m["month"]) for m in doc["matrices"]] == [
        ("p0", None), ("p0", 3), ("p0", 9), ("poverty_line", None)
    ]  # fmt: skip
    p0 = matrix_of(doc, "p0", None)
    assert p0["years"] == [2019, 2020, 2021, 2022, 2023]
    assert symbols(p0) == P0_ANNUAL
    pacitan, ponorogo = p0["rows"]
    assert pacitan["counts"] == {
        "cells": 5, "values": 3, "target_only": 1, "gaps": 1, "missing": 0
    }  # fmt: skip
    assert ponorogo["counts"] == {
        "cells": 5, "values": 2, "target_only": 0, "gaps": 2, "missing": 1
    }  # fmt: skip
    assert [c["counts"]["values"] for c in p0["columns"]] == [1, 1, 0, 2, 1]
    assert [c["counts"]["gaps"] for c in p0["columns"]] == [0, 1, 2, 0, 0]
    assert p0["counts"] == {"cells": 10, "values": 5, "target_only": 1, "gaps": 3, "missing": 1}
    gap = ponorogo["cells"][1]
    assert gap == {"year": 2020, "status": "gap", "reason": "not_found"}
    assert pacitan["cells"][2]["reason"] == "methodology_break"
    march = matrix_of(doc, "p0", 3)
    assert (march["years"], symbols(march)) == ([2019, 2020, 2021], {"35": "×●●"})
    assert symbols(matrix_of(doc, "p0", 9)) == {"35": "●"}
    assert symbols(matrix_of(doc, "poverty_line", None)) == {"3501": "●"}
    # every matrix adds up, and the totals are their sum
    for matrix in doc["matrices"]:
        for key in ("cells", "values", "target_only", "gaps", "missing"):
            assert matrix["counts"][key] == sum(r["counts"][key] for r in matrix["rows"])
            assert matrix["counts"][key] == sum(c["counts"][key] for c in matrix["columns"])
        assert matrix["counts"]["cells"] == len(matrix["rows"]) * len(matrix["years"])
    assert doc["counts"] == {"cells": 15, "values": 9, "target_only": 1, "gaps": 4, "missing": 1}
    assert doc["breakdown_records"] == 1
    assert doc["region_names"] == {
        "35": "East Java", "3501": "Kabupaten Pacitan", "3502": "Kabupaten Ponorogo"
    }  # fmt: skip
    assert doc["indicator_names"]["p0"] == "Poverty rate (P0)"


def test_csv_is_the_long_form_of_the_json(data: Path) -> None:
    doc = coverage_json(data)
    result = run("coverage", "--data", str(data), "--format", "csv", "-q")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == [
        "indicator", "month", "region", "region_name", "year", "status", "reason"
    ]  # fmt: skip
    expected = [
        {
            "indicator": m["indicator"],
            "month": "" if m["month"] is None else str(m["month"]),
            "region": row["region"],
            "region_name": doc["region_names"][row["region"]],
            "year": str(cell["year"]),
            "status": cell["status"],
            "reason": cell["reason"] or "",
        }
        for m in doc["matrices"]
        for row in m["rows"]
        for cell in row["cells"]
    ]
    assert rows == expected
    assert len(rows) == doc["counts"]["cells"]
    gaps = Counter(r["reason"] for r in rows if r["status"] == "gap")
    assert gaps == {"not_found": 2, "methodology_break": 1, "not_published": 1}


def markdown_tables(text: str) -> list[list[list[str]]]:
    """The tables of a Markdown text, each a list of rows of cells (the rule row left out)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if current is None:
                current = []
                tables.append(current)
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        else:
            current = None
    return tables


def test_markdown_one_table_per_matrix_with_counts_and_legend(data: Path) -> None:
    doc = coverage_json(data)
    result = run("coverage", "--data", str(data), "--format", "markdown", "-q")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    tables = markdown_tables(text)
    assert len(tables) == len(doc["matrices"])
    for table, matrix in zip(tables, doc["matrices"], strict=True):
        header, *body, totals = table
        assert header[:2] == ["Code", "Region"] and header[-1] == "Figures"
        assert header[2:-1] == [str(y) for y in matrix["years"]]
        assert [r[0] for r in body] == [r["region"] for r in matrix["rows"]]
        assert {r[0]: "".join(r[2:-1]).replace("\\", "") for r in body} == symbols(matrix)
        for cells, row in zip(body, matrix["rows"], strict=True):
            assert cells[-1] == f"{row['counts']['values']}/{row['counts']['cells']}"
        assert totals[2:-1] == [str(c["counts"]["values"]) for c in matrix["columns"]]
        assert totals[-1] == f"{matrix['counts']['values']}/{matrix['counts']['cells']}"
    assert "### p0 · Poverty rate (P0) · March · 2019–2021" in text
    assert "× gap recorded: not published" in text and "· missing (no gap recorded)" in text
    assert "1 records of breakdowns" in text or "Totals only: 1" in text


def table_rows(text: str, codes: list[str]) -> dict[str, list[str]]:
    """Region -> the tokens after its name in the terminal table (symbols, then `n/m`)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        tokens = line.split()
        if tokens and tokens[0] in codes and tokens[0] not in found:
            found[tokens[0]] = tokens
    return found


def test_table_symbols_counts_and_legend(data: Path) -> None:
    doc = coverage_json(data)
    result = run("coverage", "--data", str(data), "-q")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    p0 = matrix_of(doc, "p0", None)
    n = len(p0["years"])
    first = text.split("\n\n")[0]
    assert first.splitlines()[0] == "p0 · Poverty rate (P0) · annual figures (no month) · 2019–2023"
    assert first.splitlines()[1].split()[2:] == ["19", "20", "21", "22", "23", "Figures"]
    rows = table_rows(first, ["3501", "3502"])
    for code, tokens in rows.items():
        assert "".join(tokens[-n - 1 : -1]) == P0_ANNUAL[code]
    assert rows["3502"][-1] == "2/5"
    per_year = next(line for line in first.splitlines() if "Figures per year" in line)
    assert per_year.split()[-n - 1 :] == ["1", "1", "0", "2", "1", "5/10"]
    assert "figures: 5 · targets only: 1 · gaps recorded: 3 · missing: 1 · cells: 10" in first
    assert "All matrices: figures: 9 · targets only: 1 · gaps recorded: 4 · missing: 1" in text
    legend = " ".join(text[text.index("Legend:") :].split())
    for name, sym in SYMBOLS.items():
        assert sym in legend, name
    assert "≠ gap recorded: methodology break" in legend


def test_every_gap_reason_has_a_symbol() -> None:
    assert set(GAP_REASONS) | {"value", "target_only", "missing"} == set(SYMBOLS)
    assert len(set(SYMBOLS.values())) == len(SYMBOLS)
    assert all(cell_width(s) == 1 for s in SYMBOLS.values())


# -- filters ------------------------------------------------------------------------------------


def test_parent_gives_every_child_a_row(data: Path) -> None:
    doc = coverage_json(data, "--parent", "35", "-i", "p0")
    (matrix,) = doc["matrices"]  # the regencies have annual figures only
    assert [r["region"] for r in matrix["rows"]] == ["3501", "3502", "3503"]
    assert symbols(matrix)["3503"] == "·····"
    assert matrix["counts"]["missing"] == 6
    both = coverage_json(data, "--parent", "35", "--region", "35", "-i", "p0")
    # the rows asked for are the rows of every matrix, in the file's order
    assert [(m["month"], [r["region"] for r in m["rows"]]) for m in both["matrices"]] == [
        (month, ["35", "3501", "3502", "3503"]) for month in (None, 3, 9)
    ]
    assert symbols(matrix_of(both, "p0", 9)) == {"35": "●", "3501": "·", "3502": "·", "3503": "·"}


def test_region_indicator_years_and_month(data: Path) -> None:
    doc = coverage_json(data, "-r", "3502")
    assert [m["indicator"] for m in doc["matrices"]] == ["p0"]
    assert symbols(doc["matrices"][0]) == {"3502": "??●●"}  # 2020–2023: its own span
    doc = coverage_json(data, "-i", "p0", "--month", "3", "--from", "2018", "--to", "2020")
    (march,) = doc["matrices"]
    assert (march["month"], march["years"], symbols(march)) == (3, [2018, 2019, 2020],
                                                               {"35": "·×●"})  # fmt: skip
    doc = coverage_json(data, "-i", "poverty_line", "--to", "2021")
    assert doc["matrices"][0]["years"] == [2020, 2021]


def test_empty_selection_says_so_and_exits_0(data: Path) -> None:
    result = run("coverage", "--data", str(data), "--from", "2030", "-q")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No records or recorded gaps match the filters."
    doc = coverage_json(data, "--from", "2030")
    assert doc["matrices"] == [] and doc["counts"]["cells"] == 0
    md = run("coverage", "--data", str(data), "--from", "2030", "-f", "markdown", "-q")
    assert "No records or recorded gaps match the filters." in md.stdout
    out = run("coverage", "--data", str(data), "--from", "2030", "-f", "csv", "-q").stdout
    assert len(list(csv.reader(io.StringIO(out)))) == 1  # the header alone


# -- exit codes ---------------------------------------------------------------------------------


def test_usage_errors_exit_2(data: Path) -> None:
    for args, words in (
        (("--indicator", "nope"), "--indicator 'nope'"),
        (("--region", "9999"), "--region '9999'"),
        (("--parent", "3501"), "--parent '3501'"),
        (("--month", "13"), "--month"),
        (("--from", "2023", "--to", "2020"), "--from 2023"),
    ):
        result = run("coverage", "--data", str(data), *args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert words in result.stderr, (args, result.stderr)


def test_invalid_data_exits_1(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(DOC))
    bad["records"][0]["region"] = "9999"
    result = run("coverage", "--data", str(write_json(tmp_path / "bad.json", bad)))
    assert result.exit_code == 1
    assert result.stdout == ""


def test_fail_on_missing(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    result = run("coverage", "--data", str(data), "--fail-on-missing", "-q", "-f", "json",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 1
    assert "1 cell is missing with no gap recorded" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["counts"]["missing"] == 1  # written
    # gaps recorded are not missing: Pacitan's matrix is complete
    ok = run("coverage", "--data", str(data), "--fail-on-missing", "-q", "-r", "3501")
    assert ok.exit_code == 0, ok.stderr


# -- languages ----------------------------------------------------------------------------------


def test_indonesian_words_and_names(data: Path) -> None:
    table = run("coverage", "--data", str(data), "--lang", "id", "-q").stdout
    assert "Jawa Timur" in table and "Persentase penduduk miskin (P0)" in table
    header = next(line for line in table.splitlines() if line.split()[:2] == ["Kode", "Wilayah"])
    assert header.split()[-1] == "Angka"
    assert "Maret" in table and "March" not in table
    legend = " ".join(table[table.index("Keterangan:") :].split())
    assert "· tidak ada (tanpa celah tercatat)" in legend
    md = run("coverage", "--data", str(data), "--lang", "id", "-f", "markdown", "-q").stdout
    assert "## Cakupan" in md and "gap recorded" not in md
    # machine formats do not change with the language
    for fmt in ("json", "csv"):
        en = run("coverage", "--data", str(data), "-f", fmt, "-q", "--lang", "en").stdout
        id_ = run("coverage", "--data", str(data), "-f", fmt, "-q", "--lang", "id").stdout
        assert en == id_


# -- the terminal -------------------------------------------------------------------------------

EAST_JAVA: Final = [
    "Pacitan",
    "Ponorogo",
    "Trenggalek",
    "Tulungagung",
    "Blitar",
    "Kediri",
    "Malang",
    "Lumajang",
    "Jember",
    "Banyuwangi",
    "Bondowoso",
    "Situbondo",
    "Probolinggo",
    "Pasuruan",
    "Sidoarjo",
    "Mojokerto",
    "Jombang",
    "Nganjuk",
    "Madiun",
    "Magetan",
    "Ngawi",
    "Bojonegoro",
    "Tuban",
    "Lamongan",
    "Gresik",
    "Bangkalan",
    "Sampang",
    "Pamekasan",
    "Sumenep",
]
CITIES: Final = [
    "Kediri",
    "Blitar",
    "Malang",
    "Probolinggo",
    "Pasuruan",
    "Mojokerto",
    "Madiun",
    "Surabaya",
    "Batu",
]


def east_java(tmp_path: Path) -> Path:
    """38 regencies and cities, 2015–2025, some figures missing."""
    regions = [{"code": "35", "name": "East Java"}]
    regions += [
        {"code": str(3501 + i), "name": f"Kabupaten {name}", "parent": "35"}
        for i, name in enumerate(EAST_JAVA)
    ]
    regions += [
        {"code": str(3571 + i), "name": f"Kota {name}", "parent": "35"}
        for i, name in enumerate(CITIES)
    ]
    records = [
        {"indicator": "p0", "region": reg["code"], "year": year, "value": 10, "source": "s"}
        for n, reg in enumerate(regions[1:])
        for year in range(2015, 2026)
        if (n + year) % 7
    ]
    doc = {"indicators": DOC["indicators"][:1], "regions": regions, "records": records}
    return write_json(tmp_path / "east-java.json", doc)


@pytest.mark.parametrize("columns", [80, 100])
def test_38_regions_by_11_years_fit_the_terminal(tmp_path: Path, columns: int) -> None:
    path = east_java(tmp_path)
    result = run("coverage", "--data", str(path), "--parent", "35", "-q",
                 env={"COLUMNS": str(columns)})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_width(line) for line in lines) <= columns
    doc = coverage_json(path, "--parent", "35")
    (matrix,) = doc["matrices"]
    rows = table_rows(result.stdout, [r["region"] for r in matrix["rows"]])
    assert len(rows) == 38
    for row in matrix["rows"]:
        tokens = rows[row["region"]]
        assert "".join(tokens[-12:-1]) == symbols(matrix)[row["region"]]
    # names are cut only when they must be
    assert "Kabupaten Tulungagung" in result.stdout


# -- the bundled data ---------------------------------------------------------------------------


def test_bundled_data_counts_come_from_the_file() -> None:
    raw = json.loads(BUNDLED.read_text(encoding="utf-8"))
    doc = coverage_json(BUNDLED)
    figures: dict[tuple[str, int | None], set[tuple[str, int]]] = {}
    targets: dict[tuple[str, int | None], set[tuple[str, int]]] = {}
    gaps: dict[tuple[str, int | None], set[tuple[str, int]]] = {}
    regions: dict[tuple[str, int | None], set[str]] = {}
    for rec in raw["records"]:
        if rec.get("breakdown"):
            continue
        key = (rec["indicator"], rec.get("month"))
        regions.setdefault(key, set()).add(rec["region"])
        if rec.get("value") is not None:
            figures.setdefault(key, set()).add((rec["region"], rec["year"]))
        else:
            targets.setdefault(key, set()).add((rec["region"], rec["year"]))
    for gap in raw.get("gaps", []):
        if gap.get("breakdown"):
            continue
        key = (gap["indicator"], gap.get("month"))
        regions.setdefault(key, set()).add(gap["region"])
        gaps.setdefault(key, set()).update((gap["region"], y) for y in gap["years"])
    assert {(m["indicator"], m["month"]) for m in doc["matrices"]} == set(regions)
    for matrix in doc["matrices"]:
        key = (matrix["indicator"], matrix["month"])
        assert {r["region"] for r in matrix["rows"]} == regions[key]
        held = figures.get(key, set()) | gaps.get(key, set())
        years = [y for _, y in held] or [y for _, y in targets[key]]
        assert matrix["years"] == list(range(min(years), max(years) + 1))
        shown = set(matrix["years"])
        assert matrix["counts"]["values"] == len(figures.get(key, set()))
        recorded = {cell for cell in gaps.get(key, set()) if cell not in figures.get(key, set())}
        assert matrix["counts"]["gaps"] == len(recorded)
        only = targets.get(key, set()) - figures.get(key, set()) - recorded
        assert matrix["counts"]["target_only"] == sum(1 for _, y in only if y in shown)
        for column in matrix["columns"]:
            assert column["counts"]["values"] == sum(
                1 for _, y in figures.get(key, set()) if y == column["year"]
            )
    missing = doc["counts"]["missing"]
    result = run("coverage", "--data", str(BUNDLED), "--fail-on-missing", "-q", "-f", "csv")
    assert result.exit_code == (1 if missing else 0)
    statuses = Counter(row["status"] for row in csv.DictReader(io.StringIO(result.stdout)))
    assert statuses["missing"] == missing and statuses["value"] == doc["counts"]["values"]


def test_names_never_break_the_markdown_or_run_in_a_spreadsheet(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(DOC))
    doc["regions"][2]["name"] = "=HYPERLINK(1) | *Pacitan* <b>"
    path = write_json(tmp_path / "names.json", doc)
    md = run("coverage", "--data", str(path), "-f", "markdown", "-q").stdout
    (header, *body, _), *_ = markdown_tables(md)
    assert all(len(row) == len(header) for row in body)
    assert "<b>" not in md
    rows = list(csv.DictReader(io.StringIO(run("coverage", "--data", str(path), "-f", "csv",
                                               "-q").stdout)))  # fmt: skip
    assert {r["region_name"] for r in rows if r["region"] == "3501"} == {
        "'=HYPERLINK(1) | *Pacitan* <b>"
    }
