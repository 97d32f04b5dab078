"""Excel workbooks (`--format xlsx`) of report, progress and rank, read back with openpyxl (an
implementation independent of the writer, XlsxWriter): typed cells equal to the JSON's figures,
number formats of the indicator's decimals, header, frozen panes, filters, widths, the Sources
and Notes sheets, Indonesian with --lang id, and the exit codes of every refusal."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from povtrack import __version__, i18n

from .conftest import LAMONGAN, run, write_json

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_lang("en")


def workbook(path: Path) -> Any:
    return openpyxl.load_workbook(path)


def table(ws: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """The header and the rows of a sheet, each row as {header: cell}."""
    rows = list(ws.iter_rows())
    header = [cell.value for cell in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def json_of(*args: str) -> Any:
    result = run(*args, "-q", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout, parse_float=Decimal, parse_int=Decimal)


def xlsx(tmp_path: Path, name: str, *args: str) -> Any:
    out = tmp_path / name
    result = run(*args, "-q", "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return workbook(out)


def same_figure(cell: Any, published: Decimal | None) -> bool:
    """The cell is a number equal to the double nearest to the exact figure (or empty)."""
    if published is None:
        return cell.value is None
    return (
        isinstance(cell.value, int | float)
        and not isinstance(cell.value, bool)
        and float(cell.value) == float(published)
    )


def csv_header_of(*args: str) -> list[str]:
    result = run(*args, "-q", "--format", "csv", "--csv-dialect", "excel-id")
    assert result.exit_code == 0, result.stderr
    return next(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))


# --- report ----------------------------------------------------------------------------------


def test_report_figures_are_numbers_equal_to_the_json(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "report.xlsx", "report")
    assert book.sheetnames == ["Report", "Sources", "Notes"]
    header, rows = table(book["Report"])
    assert header[:4] == ["Region", "Year", "Month", "Indicator"]  # the bundled data has months
    assert header[4:10] == [
        "Unit",
        "Target",
        "Realisation",
        "Achievement %",
        "Category",
        "Status",
    ]
    data = json_of("report")
    decimals = {ind["id"]: int(ind["decimals"]) for ind in data["indicators"]}
    units = {ind["id"]: ind["unit"] for ind in data["indicators"]}
    assert len(rows) == len(data["rows"]) > 50
    for row, want in zip(rows, data["rows"], strict=True):
        assert row["Year"].value == want["year"]
        assert isinstance(row["Year"].value, int)
        for column, key in (
            ("Target", "target"),
            ("Realisation", "value"),
            ("Achievement %", "achievement_pct"),
            ("Change", "change"),
            ("Margin", "margin"),
        ):
            assert same_figure(row[column], want[key]), (column, want)
        places = decimals[want["indicator"]]
        grouped = "#,##0" if units[want["indicator"]] in ("count", "rupiah") else "0"
        expected = grouped + ("." + "0" * places if places else "")
        for column in ("Target", "Realisation", "Change", "Margin"):
            if row[column].value is not None:
                assert row[column].number_format == expected
        if row["Achievement %"].value is not None:
            assert row["Achievement %"].number_format == "0.00"
        assert row["Source"].value == want["source"]
    formats = {row["Realisation"].number_format for row in rows}
    assert {"0.00", "0.000", "#,##0"} <= formats  # p0, gini, poverty line


def test_report_layout_header_panes_filter_widths(tmp_path: Path) -> None:
    ws = xlsx(tmp_path, "report.xlsx", "report", "-r", "3524")["Report"]
    header = list(next(ws.iter_rows(max_row=1)))
    assert all(cell.font.b for cell in header)
    # Region, Year, Indicator stay in view (no month in Lamongan's rows), and the header
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == ws.dimensions
    # every column is at least as wide as its longest cell (up to 60 characters)
    for column in ws.iter_cols():
        letter = column[0].column_letter
        longest = max(len(str(cell.value)) for cell in column if cell.value is not None)
        assert ws.column_dimensions[letter].width >= min(longest, 60)


def test_report_category_and_status_words(tmp_path: Path) -> None:
    _, rows = table(xlsx(tmp_path, "r.xlsx", "report", "-r", "3524", "-i", "p0")["Report"])
    by_year = {row["Year"].value: row for row in rows}
    # 2023: 12.42 against 13.17, lower is better: (2 x 13.17 - 12.42) / 13.17 = 105.69 %
    assert by_year[2023]["Achievement %"].value == 105.69
    assert by_year[2023]["Category"].value == "Exceeds target"
    assert by_year[2023]["Status"].value == "met"
    assert by_year[2022]["Status"].value == "no target"
    assert by_year[2022]["Category"].value is None


def test_report_ratio_formula_is_in_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # the clock (conftest pins it)
    book = xlsx(tmp_path, "r.xlsx", "report", "--achievement", "ratio", "-i", "p0")
    notes = {row[0].value: row[1].value for row in book["Notes"].iter_rows(min_row=2)}
    assert notes["Achievement formula"].startswith("ratio: ")
    assert notes["povtrack version"] == __version__
    assert notes["Command"] == "povtrack report"
    # the bundled data by povtrack's version, not by the folder povtrack is installed in
    assert (
        notes["Data file"] == f"povtrack/data/indicators.json (bundled with povtrack {__version__})"
    )
    generated = datetime.strptime(notes["Generated (UTC)"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(generated.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds() < 3600
    _, rows = table(book["Report"])
    data = json_of("report", "--achievement", "ratio", "-i", "p0")
    for row, want in zip(rows, data["rows"], strict=True):
        assert same_figure(row["Achievement %"], want["achievement_pct"])


def test_the_generation_time_follows_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    book = xlsx(tmp_path, "r.xlsx", "report", "-i", "p0")
    notes = {row[0].value: row[1].value for row in book["Notes"].iter_rows(min_row=2)}
    assert notes["Generated (UTC)"] == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize("command", ["report", "progress", "rank"])
@pytest.mark.parametrize("value", ["soon", "-1", "1.5"])
def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path: Path, command: str, value: str) -> None:
    # as for the HTML page: a malformed value is refused, not quietly replaced by the clock
    out = tmp_path / "r.xlsx"
    args = ["-i", "p0"] if command != "rank" else ["-i", "p0", "--parent", "35", "--year", "2024"]
    result = run(command, *args, "-f", "xlsx", "-o", str(out), env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2, result.stderr
    assert "SOURCE_DATE_EPOCH=" in result.stderr
    assert "unset it" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_notes_name_a_given_data_file_as_given_and_the_bundled_one_by_version(
    tmp_path: Path,
) -> None:
    data = write_json(tmp_path / "lamongan.json", LAMONGAN)
    for command, args in (
        ("progress", ["-i", "p0"]),
        ("rank", ["-i", "p0", "--year", "2023"]),
    ):
        given = xlsx(tmp_path, f"{command}.xlsx", command, "--data", "lamongan.json", *args)
        notes = {row[0].value: row[1].value for row in given["Notes"].iter_rows(min_row=2)}
        assert notes["Data file"] == "lamongan.json"
        bundled = xlsx(tmp_path, f"b-{command}.xlsx", command, *args)
        notes = {row[0].value: row[1].value for row in bundled["Notes"].iter_rows(min_row=2)}
        assert notes["Data file"] == (
            f"povtrack/data/indicators.json (bundled with povtrack {__version__})"
        )
    assert data.exists()


def test_the_sources_sheet_lists_every_source_with_its_records(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "r.xlsx", "report")
    _, rows = table(book["Report"])
    header, sources = table(book["Sources"])
    assert header[:5] == ["No.", "Source", "Kind", "URLs", "Records"]
    assert [s["No."].value for s in sources] == list(range(1, len(sources) + 1))
    listed = {s["Source"].value: s["Records"].value for s in sources}
    used: dict[str, int] = {}
    for row in rows:
        used[row["Source"].value] = used.get(row["Source"].value, 0) + 1
    assert listed == used  # each report row is one record
    # a source that is one address links to it
    one = [s for s in sources if s["Kind"].value == "URL"]
    assert one
    assert all(s["URLs"].hyperlink.target == s["URLs"].value for s in one)
    # the same as `povtrack sources`
    result = run("sources", "-q", "--format", "json")
    assert [s["source"] for s in json.loads(result.stdout)["sources"]] == list(listed)


def test_a_formula_in_the_data_stays_text(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    doc["regions"][0]["name"] = "=HYPERLINK(1)"
    doc["records"][4]["source"] = "+cmd|' /C calc'!A0"
    data = write_json(tmp_path / "evil.json", doc)
    ws = xlsx(tmp_path, "r.xlsx", "report", "--data", str(data))["Report"]
    cells = [cell for row in ws.iter_rows(min_row=2) for cell in row]
    assert "=HYPERLINK(1)" in [cell.value for cell in cells]
    assert "+cmd|' /C calc'!A0" in [cell.value for cell in cells]
    assert all(cell.data_type != "f" for cell in cells)


def test_an_address_too_long_for_a_link_is_text(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    long = "https://example.org/" + "a" * 3000
    doc["records"][4]["source"] = long
    data = write_json(tmp_path / "long.json", doc)
    out = tmp_path / "r.xlsx"
    result = run("report", "-q", "--data", str(data), "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    _, sources = table(workbook(out)["Sources"])
    [entry] = [s for s in sources if s["Source"].value == long]
    assert entry["URLs"].value == long
    assert entry["URLs"].hyperlink is None


def test_months_and_breakdowns_get_their_columns(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(LAMONGAN))
    for year, value in ((2022, 10.5), (2023, 10.25)):
        doc["records"].append(
            {
                "indicator": "p0",
                "region": "3524",
                "year": year,
                "month": 9,
                "breakdown": {"area": "urban"},
                "value": value,
                "target": 11,
                "source": "s",
            }
        )
    data = write_json(tmp_path / "b.json", doc)
    ws = xlsx(tmp_path, "r.xlsx", "report", "--data", str(data), "-i", "p0")["Report"]
    header, rows = table(ws)
    assert header[:5] == ["Region", "Year", "Month", "Breakdown", "Indicator"]
    assert ws.freeze_panes == "F2"
    split = [row for row in rows if row["Breakdown"].value is not None]
    assert [(r["Year"].value, r["Month"].value, r["Breakdown"].value) for r in split] == [
        (2022, "September", "area=urban"),
        (2023, "September", "area=urban"),
    ]
    assert split[1]["Change"].value == -0.25
    assert split[1]["Achievement %"].value == 106.82  # (2 x 11 - 10.25) / 11


def test_report_in_indonesian(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "laporan.xlsx", "report", "-r", "3524", "--lang", "id")
    assert book.sheetnames == ["Laporan", "Sumber", "Catatan"]
    header, rows = table(book["Laporan"])
    assert header[:9] == [
        "Wilayah",
        "Tahun",
        "Indikator",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian %",
        "Kategori",
        "Status",
    ]
    p0 = [row for row in rows if row["Indikator"].value == "Persentase penduduk miskin (P0)"]
    assert p0
    assert {row["Satuan"].value for row in p0} == {"persen"}
    words = {row["Status"].value for row in rows}
    assert "tercapai" in words or "tidak tercapai" in words
    assert {row["Kategori"].value for row in rows} - {None} <= {
        "Melampaui target",
        "Sangat Baik",
        "Baik",
        "Cukup",
        "Kurang",
        "Sangat Kurang",
    }
    assert table(book["Sumber"])[0][:2] == ["No.", "Sumber"]
    notes = {row[0].value for row in book["Catatan"].iter_rows(min_row=2)}
    assert "Rumus capaian" in notes
    # numbers stay numbers (Excel shows them with the reader's decimal comma)
    values = [row["Realisasi"].value for row in p0 if row["Realisasi"].value is not None]
    assert values
    assert all(isinstance(value, int | float) for value in values)


# --- progress and rank ---------------------------------------------------------------------


def test_progress_mirrors_its_csv_columns_and_json_figures(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "p.xlsx", "progress")
    assert book.sheetnames == ["Progress", "Sources", "Notes"]
    header, rows = table(book["Progress"])
    assert header == csv_header_of("progress")
    data = json_of("progress")
    assert len(rows) == len(data["rows"]) >= 3
    for row, want in zip(rows, data["rows"], strict=True):
        cells = list(row.values())
        fields = [
            "indicator", "indicator_name", "region", "region_name", "month", "breakdown",
            "unit", "direction", "base_year", "base_value", "latest_year", "latest_value",
            "target_year", "target", "target_used", "target_replaced", "cagr_actual",
            "cagr_required", "ratio", "status", "reason_code", "reason", "projected_value",
            "projected_year", "projection_note", "change_per_year", "base_year_source", "plan",
        ]  # fmt: skip
        cell = dict(zip(fields, cells, strict=True))
        assert cell["indicator"].value == want["indicator"]
        assert cell["region"].value == want["region"]
        for key in (
            "base_value",
            "latest_value",
            "target",
            "target_used",
            "cagr_actual",
            "cagr_required",
            "ratio",
            "projected_value",
            "change_per_year",
        ):
            assert same_figure(cell[key], want.get(key)), (key, want)
        assert cell["base_year_source"].value == want["base_year_source"]
        for key in ("base_year", "latest_year", "target_year", "projected_year"):
            assert cell[key].value == want.get(key)
        assert cell["target_replaced"].value is want["target_replaced"]
        assert cell["reason_code"].value == want.get("reason_code")
        for key in ("cagr_actual", "cagr_required", "ratio"):
            if cell[key].value is not None:
                assert cell[key].number_format == "0.00"
    assert book["Progress"].freeze_panes == "E2"


def test_progress_sources_are_those_of_the_figures_used(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "p.xlsx", "progress", "-r", "3524", "-i", "p0")
    [row] = table(book["Progress"])[1]
    used = {row["Base year"].value, row["Latest year"].value, row["Target year"].value}
    _, sources = table(book["Sources"])
    years = {int(y) for s in sources for y in s["Years"].value.split(", ")}
    assert years == used
    assert sum(s["Records"].value for s in sources) == 3


def test_progress_explain_has_a_steps_sheet(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "p.xlsx", "progress", "-r", "3524", "-i", "p0", "--explain")
    assert book.sheetnames == ["Progress", "Steps", "Sources", "Notes"]
    header, steps = table(book["Steps"])
    assert header[:4] == ["Indicator", "Region", "Step", "Formula"]
    assert any(isinstance(step["Value"].value, float) for step in steps)


def test_progress_in_indonesian_keeps_the_codes(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "p.xlsx", "progress", "--lang", "id")
    assert book.sheetnames == ["Kemajuan", "Sumber", "Catatan"]
    header, rows = table(book["Kemajuan"])
    assert header == csv_header_of("progress", "--lang", "id")
    i18n.set_lang("en")
    data = json_of("progress")
    for row, want in zip(rows, data["rows"], strict=True):
        cells = list(row.values())
        assert cells[0].value == want["indicator"]  # an id
        assert cells[20].value == want.get("reason_code")  # a code
    statuses = {list(row.values())[19].value for row in rows}
    assert statuses & {"sesuai jalur", "tercapai", "perlu percepatan", "tidak dapat dinilai"}


def test_rank_mirrors_its_csv_columns_and_json_figures(tmp_path: Path) -> None:
    args = ("rank", "-i", "p0", "-y", "2022", "--highlight", "3524")
    book = xlsx(tmp_path, "k.xlsx", *args)
    assert book.sheetnames == ["Ranking", "Sources", "Notes"]
    header, rows = table(book["Ranking"])
    assert header == csv_header_of(*args)
    data = json_of(*args)
    ranked = rows[: len(data["rows"])]
    assert len(ranked) == len(data["rows"]) > 1
    for row, want in zip(ranked, data["rows"], strict=True):
        assert row["Rank"].value == want["rank"]
        assert row["Region"].value == want["region"]
        assert same_figure(row["Value"], want["value"])
        assert row["Value"].number_format == "0.00"
        assert row["Tied"].value is want["tied"]
        assert row["Highlighted"].value is (want["region"] == "3524")
    assert len(rows) == len(data["rows"]) + len(data["absent"])
    assert book["Ranking"].freeze_panes == "A2"
    sources = {row["Source"].value for row in table(book["Sources"])[1]}
    assert sources == {row["Source"].value for row in ranked}


def test_rank_in_indonesian(tmp_path: Path) -> None:
    book = xlsx(tmp_path, "k.xlsx", "rank", "-i", "p0", "-y", "2022", "--lang", "id")
    assert book.sheetnames == ["Peringkat", "Sumber", "Catatan"]
    header, _ = table(book["Peringkat"])
    assert header == csv_header_of("rank", "-i", "p0", "-y", "2022", "--lang", "id")


# --- where the workbook goes, and refusals -----------------------------------------------------


def test_a_workbook_to_a_pipe(tmp_path: Path) -> None:
    result = run("report", "-q", "-i", "p0", "--format", "xlsx")
    assert result.exit_code == 0, result.stderr
    (tmp_path / "piped.xlsx").write_bytes(result.stdout_bytes)
    assert workbook(tmp_path / "piped.xlsx").sheetnames == ["Report", "Sources", "Notes"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("output", [[], ["--output", "-"]])
def test_a_workbook_is_not_written_to_a_terminal(tmp_path: Path, output: list[str]) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "povtrack", "report", "-q", "-f", "xlsx", *output],
            stdout=follower,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": SRC},
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert "--output FILE.xlsx" in proc.stderr.decode()


def test_without_the_library_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # import xlsxwriter -> ImportError
    out = tmp_path / "r.xlsx"
    for command in (["report"], ["progress"], ["rank", "-i", "p0", "-y", "2022"]):
        result = run(*command, "-f", "xlsx", "-o", str(out))
        assert result.exit_code == 2, command
        assert "pip install 'povtrack[xlsx]'" in result.stderr
        assert "Traceback" not in result.stderr
        assert not out.exists()
    result = run("report", "-f", "xlsx", "-o", str(out), "--lang", "id")
    assert "pip install 'povtrack[xlsx]'" in result.stderr
    assert "memerlukan XlsxWriter" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "xlsx", "-o", "report.csv"], "must end in .xlsx"),
        (["-f", "csv", "-o", "report.xlsx"], "needs --format xlsx"),
        (["-o", "report.xlsx"], "needs --format xlsx"),
        (["-f", "xlsx", "-o", "no/such/folder/r.xlsx"], "does not exist"),
    ],
)
def test_refused_outputs(tmp_path: Path, args: list[str], message: str) -> None:
    for command in (["report"], ["progress"], ["rank", "-i", "p0", "-y", "2022"]):
        result = run(*command, *args)
        assert result.exit_code == 2, (command, result.stderr)
        assert message in result.stderr
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="needs POSIX permissions that bind the user",
)
def test_an_unwritable_folder_and_an_old_file_kept(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    old = folder / "r.xlsx"
    old.write_bytes(b"old")
    folder.chmod(0o555)
    try:
        result = run("report", "-f", "xlsx", "-o", str(old))
        assert result.exit_code == 2
        assert "not writable" in result.stderr
        assert old.read_bytes() == b"old"
        assert sorted(p.name for p in folder.iterdir()) == ["r.xlsx"]
    finally:
        folder.chmod(0o755)


def test_a_folder_or_a_full_device_as_output(tmp_path: Path) -> None:
    (tmp_path / "book.xlsx").mkdir()
    result = run("report", "-f", "xlsx", "-o", "book.xlsx")
    assert result.exit_code == 2
    assert "is a folder" in result.stderr
    if Path("/dev/full").exists():
        result = run("rank", "-i", "p0", "-y", "2022", "-f", "xlsx", "-o", "/dev/full")
        assert result.exit_code == 2, result.stderr
        assert "cannot be written" in result.stderr


def test_an_existing_workbook_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"not a workbook")
    xlsx(tmp_path, "r.xlsx", "report", "-i", "gini")
    assert workbook(out).sheetnames == ["Report", "Sources", "Notes"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]  # no temporary file left


def test_too_many_rows_for_a_worksheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from povtrack.render import xlsx as xlsx_module

    monkeypatch.setattr(xlsx_module, "MAX_ROWS", 10)
    out = tmp_path / "r.xlsx"
    result = run("report", "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 2
    assert "do not fit in a worksheet" in result.stderr
    assert "--format csv" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_thousands_of_rows(tmp_path: Path) -> None:
    regions = [{"code": f"{35 * 100 + i:04d}", "name": f"Region {i}"} for i in range(200)]
    records = [
        {
            "indicator": "poverty_line",
            "region": reg["code"],
            "year": 2010 + y,
            "value": 400000 + 17 * i + y,
            "source": f"BPS {2010 + y}",
        }
        for i, reg in enumerate(regions)
        for y in range(10)
    ]
    doc = {"indicators": [LAMONGAN["indicators"][1]], "regions": regions, "records": records}
    data = write_json(tmp_path / "many.json", doc)
    ws = xlsx(tmp_path, "r.xlsx", "report", "--data", str(data))["Report"]
    _, rows = table(ws)
    assert len(rows) == 2000
    assert rows[-1]["Realisation"].value == 400000 + 17 * 199 + 9
    assert rows[-1]["Realisation"].number_format == "#,##0"


@pytest.mark.parametrize("command", ["report", "progress", "rank"])
def test_the_format_help_names_the_workbook(command: str) -> None:
    """--help says what --format xlsx is, as it does every other format."""
    import typer

    from povtrack.cli.app import app

    group: Any = typer.main.get_command(app)
    [option] = [p for p in group.commands[command].params if "--format" in p.opts]
    assert "xlsx" in option.help
    assert "FILE.xlsx" in option.help  # where it goes


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_workbook_to_a_reader_that_goes_away_is_exit_2(tmp_path: Path, unbuffered: str) -> None:
    """A workbook larger than a pipe holds, to a reader that stops after 10 bytes (`| head`):
    exit 2 and the message, as for text, also with PYTHONUNBUFFERED (many CI images set it),
    where a raw write to a pipe can be taken only in part with no error."""
    regions = [{"code": f"{35 * 100 + i:04d}", "name": f"Region {i}"} for i in range(300)]
    records = [
        {"indicator": "poverty_line", "region": reg["code"], "year": 2010 + y,
         "value": 400000 + 17 * i + y, "source": f"BPS {2010 + y}"}
        for i, reg in enumerate(regions)
        for y in range(10)
    ]  # fmt: skip
    doc = {"indicators": [LAMONGAN["indicators"][1]], "regions": regions, "records": records}
    data = write_json(tmp_path / "many.json", doc)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    proc = subprocess.Popen(
        [sys.executable, "-m", "povtrack", "report", "-q", "--data", str(data), "-f", "xlsx"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 2, stderr
    assert "standard output was closed before everything was written" in stderr
    assert "Traceback" not in stderr
