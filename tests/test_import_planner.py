"""`povtrack import` for a planner (issue 14): figures compared as numbers, not text; new
records written in the file's order; a planner's CSV (Indonesian or English headers, `;` and
decimal commas) read with no extra option."""

from __future__ import annotations

import difflib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from povtrack.io.importing import writer
from povtrack.io.loader import load

from .conftest import run

BUNDLED = Path(__file__).parents[1] / "src" / "povtrack" / "data" / "indicators.json"

DOC: dict[str, Any] = {
    "indicators": [
        {"id": "p0", "name": "Poverty rate (P0)", "unit": "percent", "decimals": 2,
         "direction": "lower"},
        {"id": "gini", "name": "Gini ratio", "unit": "ratio", "decimals": 3,
         "direction": "lower"},
    ],
    "regions": [
        {"code": "35", "name": "East Java"},
        {"code": "3524", "name": "Kabupaten Lamongan", "parent": "35"},
    ],
    "records": [
        {"indicator": "p0", "region": "3524", "year": 2022, "value": Decimal("15.50"),
         "target": Decimal("15.00"), "source": "BPS 2022"},
        {"indicator": "p0", "region": "3524", "year": 2023, "value": Decimal("14.20"),
         "source": "BPS 2023"},
        {"indicator": "p0", "region": "3524", "year": 2026, "target": Decimal("13"),
         "source": "RPJMD 2021-2026"},
    ],
}  # fmt: skip


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data file as povtrack writes it (one record a line, numbers with their exact text)."""
    path = tmp_path / "data.json"
    path.write_text(writer.dumps(DOC), encoding="utf-8")
    return path


def records(path: Path) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return list(doc["records"])


def texts(path: Path, field: str) -> dict[int, str]:
    """year -> the exact text of `field` of each p0 / 3524 record."""
    return {
        r["year"]: str(r[field])
        for r in records(path)
        if r["indicator"] == "p0" and r["region"] == "3524" and field in r
    }


def write(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def import_csv(*args: str) -> tuple[int, dict[str, Any], str]:
    result = run("import", "csv", *args, "--format", "json")
    doc = json.loads(result.stdout, parse_float=Decimal) if result.stdout else {}
    return result.exit_code, doc, result.stderr


# -- 1. numbers, not text -----------------------------------------------------------------------


def test_decimal_comma_from_excel_equals_the_stored_figure(data: Path, tmp_path: Path) -> None:
    before = data.read_bytes()
    src = write(tmp_path / "excel.csv", "Tahun;Nilai;Target;Sumber\r\n2022;15,5;15;BPS 2022\r\n")
    code, doc, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    assert (doc["unchanged"], doc["kept_as_stored"], doc["conflicts"]) == (1, 2, 0)
    assert (doc["added"], doc["filled"], doc["replaced"], doc["written"]) == (0, 0, 0, False)
    assert doc["changes"] == []
    assert data.read_bytes() == before  # 15.50 and 15.00 keep their decimals
    assert texts(data, "value")[2022] == "15.50"


def test_the_text_summary_says_figures_were_kept_as_stored(data: Path, tmp_path: Path) -> None:
    src = write(
        tmp_path / "excel.csv", "Tahun;Nilai;Sumber\n2022;15,5;BPS 2022\n2023;14,2;BPS 2023\n"
    )
    result = run("import", "csv", str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert result.exit_code == 0, result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"{data}: 0 added, 2 unchanged, 2 figure(s) equal to the stored")
    assert "kept as stored" in summary


@pytest.mark.parametrize("cell", ["15.5", "15.500", "15.50", "+15.5"])
def test_equal_numbers_with_fewer_or_more_decimals_are_unchanged(
    data: Path, tmp_path: Path, cell: str
) -> None:
    # 15.500 has more decimals than p0 allows (2): equal to the stored 15.50, so nothing is
    # written and nothing is refused; the stored text stays.
    before = data.read_bytes()
    src = write(tmp_path / "p0.csv", f"year,value,source\n2022,{cell},BPS 2022\n")
    code, doc, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    assert (doc["unchanged"], doc["kept_as_stored"]) == (1, 0 if cell == "15.50" else 1)
    assert data.read_bytes() == before


def test_a_target_written_as_a_whole_number_equals_its_decimals(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "t.csv", "year,target,source\n2026,13.00,RPJMD 2021-2026\n")
    code, doc, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    assert (doc["unchanged"], doc["kept_as_stored"]) == (1, 1)
    assert texts(data, "target")[2026] == "13"


def test_a_different_number_is_still_a_conflict(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "p0.csv", "Tahun;Nilai;Sumber\n2022;15,51;BPS 2022\n")
    args = (str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    code, doc, _ = import_csv(*args)
    assert code == 1
    assert doc["conflicts"] == 1
    assert doc["changes"][0]["fields"] == [
        {"field": "value", "old": Decimal("15.50"), "new": Decimal("15.51")}
    ]
    code, doc, err = import_csv(*args, "--replace")
    assert code == 0, err
    assert doc["replaced"] == 1
    assert texts(data, "value")[2022] == "15.51"


def test_an_equal_number_from_another_source_is_a_conflict(data: Path, tmp_path: Path) -> None:
    # sources are compared as text, as before: only the numbers' writing is forgiven
    src = write(tmp_path / "p0.csv", "year,value\n2022,15.5\n")
    code, doc, _ = import_csv(
        str(src), "--into", str(data), "-i", "p0", "-r", "3524", "--source", "other"
    )
    assert code == 1
    assert doc["changes"][0]["fields"] == [{"field": "source", "old": "BPS 2022", "new": "other"}]


def test_too_many_decimals_in_a_new_figure_is_still_refused(data: Path, tmp_path: Path) -> None:
    before = data.read_bytes()
    src = write(tmp_path / "p0.csv", "year,value,source\n2024,13.905,s\n")
    result = run("import", "csv", str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert data.read_bytes() == before


def test_the_same_number_written_twice_in_one_input_is_one_figure(
    data: Path, tmp_path: Path
) -> None:
    src = write(tmp_path / "p0.csv", "year,value,source\n2024,13.9,s\n2024,13.90,s\n")
    code, doc, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    assert (doc["added"], doc["unchanged"]) == (1, 1)
    assert texts(data, "value")[2024] == "13.9"  # the first row's text


# -- 2. the file's order ------------------------------------------------------------------------


def only_insertions(old: list[str], new: list[str]) -> list[str]:
    """The lines `new` adds to `old`; fails if a line of `old` changed or moved. A comma at
    the end of a line is left out: JSON's last record line gains one when a record follows."""
    diff = list(difflib.ndiff([x.rstrip(",") for x in old], [x.rstrip(",") for x in new]))
    assert not [line for line in diff if line.startswith("- ")], "a line changed or moved"
    return [line[2:] for line in diff if line.startswith("+ ")]


def file_order(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    regions = [r["code"] for r in doc["regions"]]
    indicators = [i["id"] for i in doc["indicators"]]
    return [
        (
            regions.index(r["region"]),
            indicators.index(r["indicator"]),
            r["year"],
            r.get("month") or 0,
            len(r.get("breakdown") or {}),
            sorted((r.get("breakdown") or {}).items()),
        )
        for r in doc["records"]
    ]


def test_new_records_are_inserted_in_the_bundled_files_order(tmp_path: Path) -> None:
    data = tmp_path / "indicators.json"
    data.write_bytes(BUNDLED.read_bytes())
    old = BUNDLED.read_text(encoding="utf-8").splitlines()
    assert file_order(json.loads(BUNDLED.read_text("utf-8"))) == sorted(
        file_order(json.loads(BUNDLED.read_text("utf-8")))
    ), "the bundled file is in the file's order"
    src = write(
        tmp_path / "new.csv",
        "indicator,region,year,month,value,source\n"
        "gini,3524,2024,,0.301,g\n"  # between Lamongan's gini 2023 and its 2025 target
        "p0,0000,2024,9,8.57,n\n"  # between March 2024 and March 2025
        "poverty_line,35,2024,3,540000,j\n"  # East Java: after its poor_count records
        "p0,3501,2030,,9.00,x\n"  # after Pacitan's last p0 record
        "p0,0000,1990,3,15.00,y\n",  # before the first record of the file
    )
    code, doc, err = import_csv(str(src), "--into", str(data))
    assert code == 0, err
    assert doc["added"] == 5
    new = data.read_text(encoding="utf-8").splitlines()
    added = only_insertions(old, new)
    assert len(added) == 5
    merged = json.loads(data.read_text("utf-8"))
    assert file_order(merged) == sorted(file_order(merged))
    index = new.index(next(line for line in new if '"year": 1990' in line))
    assert new[index - 1] == '  "records": ['


def test_existing_records_never_move_in_a_file_out_of_order(data: Path, tmp_path: Path) -> None:
    doc = dict(DOC)
    doc["records"] = [
        {"indicator": "p0", "region": "3524", "year": 2023, "value": Decimal("14.20"),
         "source": "a"},
        {"indicator": "p0", "region": "35", "year": 2022, "value": Decimal("10.38"),
         "source": "b"},
        {"indicator": "p0", "region": "3524", "year": 2021, "value": Decimal("13.86"),
         "source": "c"},
    ]  # fmt: skip
    data.write_text(writer.dumps(doc), encoding="utf-8")
    old = data.read_text(encoding="utf-8").splitlines()
    src = write(tmp_path / "p0.csv", "year,value,source\n2024,13.90,d\n2022,13.10,e\n")
    code, _, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    new = data.read_text(encoding="utf-8").splitlines()
    assert len(only_insertions(old, new)) == 2
    # each goes right after the record of its series that comes just before it
    assert [(r["region"], r["year"]) for r in records(data)] == [
        ("3524", 2023),
        ("3524", 2024),
        ("35", 2022),
        ("3524", 2021),
        ("3524", 2022),
    ]


def test_a_new_file_is_written_in_order(tmp_path: Path) -> None:
    data = tmp_path / "new.json"
    data.write_text(writer.dumps({**DOC, "records": []}), encoding="utf-8")
    src = write(
        tmp_path / "p0.csv",
        "wilayah;indikator;tahun;nilai;sumber\n"
        "3524;p0;2023;14,20;s\n35;gini;2022;0,365;s\n3524;gini;2021;0,301;s\n35;p0;2022;10,38;s\n",
    )
    code, _, err = import_csv(str(src), "--into", str(data))
    assert code == 0, err
    assert [(r["region"], r["indicator"]) for r in records(data)] == [
        ("35", "p0"),
        ("35", "gini"),
        ("3524", "p0"),
        ("3524", "gini"),
    ]


# -- 3. a planner's CSV with no extra option ----------------------------------------------------

TEMPLATES = {
    "id": "Indikator;Wilayah;Tahun;Nilai;Target;Sumber\n"
    "p0;3524;2024;13,90;;BPS Lamongan 2024\n"
    "p0;3524;2025;;12,50;RPJMD 2021-2026\n"
    "p0;Kabupaten Lamongan;2023;14,2;;BPS 2023\n",
    "en": "indicator,region,year,value,target,source\n"
    "p0,3524,2024,13.90,,BPS Lamongan 2024\n"
    "p0,3524,2025,,12.50,RPJMD 2021-2026\n"
    "p0,Kabupaten Lamongan,2023,14.2,,BPS 2023\n",
}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("bom_crlf", [False, True])
def test_the_init_template_imports_with_no_option(
    data: Path, tmp_path: Path, lang: str, bom_crlf: bool
) -> None:
    text = TEMPLATES[lang]
    if bom_crlf:  # Excel's "CSV UTF-8"
        text = "\ufeff" + text.replace("\n", "\r\n")
    src = write(tmp_path / "template.csv", text)
    result = run("import", "csv", str(src), "--into", str(data))
    assert result.exit_code == 0, result.stderr
    assert texts(data, "value") == {2022: "15.50", 2023: "14.20", 2024: "13.90"}
    assert texts(data, "target") == {2022: "15.00", 2025: "12.50", 2026: "13"}
    [added] = [r for r in records(data) if r["year"] == 2024]
    assert added["source"] == "BPS Lamongan 2024"
    load(str(data))
    notes = [line for line in result.stderr.splitlines() if "povtrack: note:" in line]
    if lang == "id":  # what was found in the file is said
        assert notes and "';' between cells and a decimal comma" in notes[0]
    else:
        assert notes == []


def test_headers_any_case_and_spaces(data: Path, tmp_path: Path) -> None:
    src = write(
        tmp_path / "p0.csv", " INDIKATOR ; wilayah ;TAHUN; Nilai ; SUMBER \np0;3524;2024;13,9;s\n"
    )
    code, doc, err = import_csv(str(src), "--into", str(data))
    assert code == 0, err
    assert doc["added"] == 1


def test_month_column_by_default(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "p0.csv", "Tahun;Bulan;Nilai;Sumber\n2024;3;13,9;s\n2024;;13,8;s\n")
    code, _, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    got = [(r.get("month"), str(r["value"])) for r in records(data) if r["year"] == 2024]
    assert got == [(None, "13.8"), (3, "13.9")]


def test_an_option_wins_over_the_default_column(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "p0.csv", "year,value,persen,source\n2024,99,13.90,s\n")
    code, _, err = import_csv(
        str(src), "--into", str(data), "-i", "p0", "-r", "3524", "--value-column", "persen"
    )
    assert code == 0, err
    assert texts(data, "value")[2024] == "13.90"


@pytest.mark.parametrize(
    ("header", "option"),
    [
        ("Kode;Wilayah;Tahun;Nilai;Sumber", "--region-column"),
        ("value;Nilai;Tahun;Sumber;region", "--value-column"),
        ("year;Tahun;Nilai;Sumber;region", "--year-column"),
        ("Tahun;Nilai;Sumber;Source;region", "--source-column"),
    ],
)
def test_two_candidate_columns_ask_for_the_option(
    data: Path, tmp_path: Path, header: str, option: str
) -> None:
    before = data.read_bytes()
    width = header.count(";") + 1
    src = write(tmp_path / "p0.csv", f"{header}\n" + ";".join(["1"] * width) + "\n")
    result = run("import", "csv", str(src), "--into", str(data), "-i", "p0")
    assert result.exit_code == 2
    assert f"say which with {option} COL" in result.stderr
    assert "Traceback" not in result.stderr
    assert data.read_bytes() == before


def test_a_column_named_by_an_option_is_no_candidate(data: Path, tmp_path: Path) -> None:
    # 'Wilayah' holds names here, used as a breakdown: 'Kode' is then the only region column
    src = write(tmp_path / "p0.csv", "Kode;Wilayah;Tahun;Nilai;Sumber\n3524;Kota;2024;13,9;s\n")
    code, _, err = import_csv(
        str(src), "--into", str(data), "-i", "p0", "--breakdown-column", "Wilayah"
    )
    assert code == 0, err
    [rec] = [r for r in records(data) if r["year"] == 2024]
    assert (rec["region"], rec["breakdown"]) == ("3524", {"Wilayah": "Kota"})


def test_a_tab_separated_file_with_decimal_commas(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "p0.tsv", "Tahun\tNilai\tSumber\n2024\t13,9\ts\n")
    code, _, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    assert texts(data, "value")[2024] == "13.9"
    assert "tab between cells and a decimal comma" in err


def test_the_delimiter_that_fits_every_row(data: Path, tmp_path: Path) -> None:
    # the header holds a comma and semicolons; only ';' reads every row as wide as the header
    src = write(
        tmp_path / "p0.csv",
        "Tahun;Nilai;Sumber;Catatan, lain\n2024;13,9;BPS;Susenas, Maret\n2025;13,8;BPS;-\n",
    )
    code, _, err = import_csv(str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert code == 0, err
    assert texts(data, "value")[2025] == "13.8"


def test_an_ambiguous_delimiter_asks_for_it(data: Path, tmp_path: Path) -> None:
    # read with ',' or with ';', every row is two cells wide
    src = write(tmp_path / "p0.csv", "Tahun;Nilai,Sumber\n2024;13,9\n")
    result = run("import", "csv", str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert result.exit_code == 2
    assert "--delimiter" in result.stderr
    ok = run(
        "import", "csv", str(src), "--into", str(data), "-i", "p0", "-r", "3524",
        "--delimiter", ";", "--value-column", "Nilai,Sumber", "--source", "s",
    )  # fmt: skip
    assert ok.exit_code == 0, ok.stderr


@pytest.mark.parametrize(
    "cells",
    [
        ["13,9", "1.234"],  # a comma, and a point that may be a thousands separator
        ["1.234", "2.345"],  # only points that may be thousands separators
        ["13,9", "13.90"],  # both marks
    ],
)
def test_an_ambiguous_decimal_mark_asks_for_the_option(
    data: Path, tmp_path: Path, cells: list[str]
) -> None:
    rows = "".join(f"{2024 + i};{c};s\n" for i, c in enumerate(cells))
    src = write(tmp_path / "p0.csv", "Tahun;Nilai;Sumber\n" + rows)
    before = data.read_bytes()
    result = run("import", "csv", str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert result.exit_code == 2
    assert "give --decimal-comma" in result.stderr
    assert "--no-decimal-comma" in result.stderr
    assert f"{src}:" in result.stderr  # the cells are named
    assert data.read_bytes() == before


def test_the_decimal_mark_options_decide(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "g.csv", "Tahun;Nilai;Sumber\n2024;0.301;s\n2025;0.298;s\n")
    args = (str(src), "--into", str(data), "-i", "gini", "-r", "3524")
    assert run("import", "csv", *args).exit_code == 2
    code, _, err = import_csv(*args, "--no-decimal-comma")
    assert code == 0, err
    gini = {r["year"]: str(r["value"]) for r in records(data) if r["indicator"] == "gini"}
    assert gini == {2024: "0.301", 2025: "0.298"}
    comma = write(tmp_path / "c.csv", "Tahun;Nilai;Sumber\n2026;1.234;s\n")
    code, _, err = import_csv(
        str(comma), "--into", str(data), "-i", "p0", "-r", "35", "--decimal-comma"
    )
    assert code == 1  # 1234 %: read as thousands, then refused by the rules
    assert "nothing was written" in err


def test_points_and_thousands_like_points_read_as_decimal_points(
    data: Path, tmp_path: Path
) -> None:
    src = write(tmp_path / "g.csv", "Tahun;Nilai;Sumber\n2024;0.301;s\n2025;0.29;s\n")
    code, _, err = import_csv(str(src), "--into", str(data), "-i", "gini", "-r", "3524")
    assert code == 0, err
    gini = {r["year"]: str(r["value"]) for r in records(data) if r["indicator"] == "gini"}
    assert gini == {2024: "0.301", 2025: "0.29"}


def test_a_comma_separated_file_keeps_the_decimal_point(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "p0.csv", 'year,value,source\n2024,"13,9",s\n')
    result = run("import", "csv", str(src), "--into", str(data), "-i", "p0", "-r", "3524")
    assert result.exit_code == 1
    assert "add --decimal-comma" in result.stderr
    code, _, err = import_csv(
        str(src), "--into", str(data), "-i", "p0", "-r", "3524", "--decimal-comma"
    )
    assert code == 0, err


def test_wide_csv_finds_the_region_column(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "w.csv", "Kode;Wilayah_nama;2024;2025\n3524;Lamongan;13,9;13,8\n")
    code, doc, err = import_csv(
        str(src), "--wide", "--into", str(data), "-i", "p0", "--source", "s"
    )
    assert code == 0, err
    assert doc["added"] == 2


@pytest.mark.parametrize(
    "text", ["", "\ufeff", "\r\n", "Indikator;Wilayah;Tahun;Nilai;Target;Sumber\r\n"]
)
def test_empty_and_header_only_files(data: Path, tmp_path: Path, text: str) -> None:
    before = data.read_bytes()
    src = write(tmp_path / "empty.csv", text)
    result = run("import", "csv", str(src), "--into", str(data))
    assert result.exit_code == 1
    assert "is empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert data.read_bytes() == before


def test_no_indicator_column_asks_for_the_option(data: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "p0.csv", "Wilayah;Tahun;Nilai;Sumber\n3524;2024;13,9;s\n")
    result = run("import", "csv", str(src), "--into", str(data))
    assert result.exit_code == 2
    assert "give --indicator ID or --indicator-column COL" in result.stderr
    assert "'indicator' or 'indikator'" in result.stderr
